package kit

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/worddiff"
)

// TestSections: the quoted sections of a kit, in columns too, by source
// and title, with one line per paragraph or list item; contact blocks
// and provider lists are not among them.
func TestSections(t *testing.T) {
	r := resolveEnv(t, site(t, ""), def, env1)
	qs := Sections(r.Doc)
	var keys []string
	for _, q := range qs {
		keys = append(keys, q.Key)
	}
	if got := strings.Join(keys, " | "); got != "content/guides/x.md#Red flags | content/guides/x.md#Routine referral | content/services/cardiology.md#Cardiology" {
		t.Fatalf("sections: %s", got)
	}
	if qs[0].Text != "On call: (555) 555-0110\nChest pain at rest.\nIn older adults\nSyncope." {
		t.Errorf("red flags text %q", qs[0].Text)
	}
}

// TestCompare: a changed section lists its words removed and added; an
// unchanged one is left out; a section that came or went says so.
func TestCompare(t *testing.T) {
	old := Sections(resolveEnv(t, site(t, ""), def, env1).Doc)
	edited := strings.Replace(strings.Replace(guide, "Chest pain at rest.", "Chest pain at rest for 20 minutes.", 1), "## Routine referral", "## Routine referrals", 1)
	now := Sections(resolveEnv(t, site(t, edited), strings.Replace(def, "routine-referral", "routine-referrals", 1), env1).Doc)
	cs := Compare(old, now)
	if len(cs) != 3 {
		t.Fatalf("changes: %+v", cs)
	}
	red := cs[0]
	if red.Title != "Red flags" || red.Added || red.Removed {
		t.Fatalf("first change: %+v", red)
	}
	var added, removed []string
	for _, o := range red.Ops {
		switch o.Kind {
		case worddiff.Added:
			added = append(added, o.Text())
		case worddiff.Removed:
			removed = append(removed, o.Text())
		}
	}
	if strings.Join(removed, "|") != "rest." || strings.Join(added, "|") != "rest for 20 minutes." {
		t.Errorf("removed %q added %q", removed, added)
	}
	if !cs[1].Added || cs[1].Title != "Routine referrals" || !cs[2].Removed || cs[2].Title != "Routine referral" {
		t.Errorf("renamed section: %+v %+v", cs[1], cs[2])
	}
	if got := Compare(old, old); len(got) != 0 {
		t.Errorf("unchanged kit: %+v", got)
	}
	if got := Compare(nil, nil); len(got) != 0 {
		t.Errorf("no sections: %+v", got)
	}
}

// TestQuotedFile: the quoted text written for a version reads back the
// same; a missing file is no text without a finding; a damaged one, or
// one of another version, is a warning naming the file.
func TestQuotedFile(t *testing.T) {
	qs := Sections(resolveEnv(t, site(t, ""), def, env1).Doc)
	data := MarshalQuoted("x", 3, qs)
	if string(data) != string(MarshalQuoted("x", 3, qs)) || !strings.Contains(string(data), "\n  \"sections\": [") || strings.Contains(string(data), `\u003c`) {
		t.Errorf("quoted file is not stable, indented JSON:\n%s", data)
	}
	fsys := fstest.MapFS{
		QuotedFile("x", 3): {Data: data},
		QuotedFile("x", 2): {Data: []byte(`{"kit": "x", "version": 2, "sections": [`)},
		QuotedFile("x", 1): {Data: MarshalQuoted("x", 5, qs)},
		QuotedFile("y", 1): {Data: MarshalQuoted("y", 1, nil)},
	}
	var l diag.List
	if back, ok := LoadQuoted(fsys, "x", 3, &l); !ok || len(back) != len(qs) || back[0] != qs[0] {
		t.Errorf("round trip: %v %+v", ok, back)
	}
	if back, ok := LoadQuoted(fsys, "y", 1, &l); !ok || len(back) != 0 {
		t.Errorf("no sections: %v %+v", ok, back)
	}
	if _, ok := LoadQuoted(fsys, "x", 4, &l); ok {
		t.Error("a missing file read as text")
	}
	if f := findings(&l); f != "" {
		t.Errorf("findings for sound or missing files: %s", f)
	}
	for _, v := range []int{1, 2} {
		var l diag.List
		if _, ok := LoadQuoted(fsys, "x", v, &l); ok {
			t.Errorf("version %d: damaged file read", v)
		}
		if f := findings(&l); !strings.HasPrefix(f, QuotedFile("x", v)+": warning: kit-archive:") || strings.Count(f, "\n") != 0 || !strings.Contains(f, "git checkout") {
			t.Errorf("version %d: finding %q", v, f)
		}
	}
	if QuotedFile("x", 3) != "kits/archive/x-v3.json" {
		t.Errorf("QuotedFile: %s", QuotedFile("x", 3))
	}
}

// FuzzLoadQuoted reads arbitrary bytes as a version's quoted text: it
// must never panic; what it accepts writes back to a file that reads the
// same; what it refuses is one warning at the file.
func FuzzLoadQuoted(f *testing.F) {
	f.Add(MarshalQuoted("x", 1, []Quoted{{Key: "content/guides/x.md#Red flags", Title: "Red flags", Text: "Chest pain ≥ 20 minutes.\nSyncope."}}))
	f.Add([]byte(`{"kit": "x", "version": 1, "sections": null}`))
	f.Add([]byte(`{"kit": "x", "version": 2}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var l diag.List
		qs, ok := LoadQuoted(fstest.MapFS{QuotedFile("x", 1): {Data: data}}, "x", 1, &l)
		fs := l.Sorted()
		if !ok {
			if len(fs) != 1 || fs[0].File != QuotedFile("x", 1) || strings.Contains(fs[0].Message, "\n") {
				t.Fatalf("refused with findings %v", fs)
			}
			return
		}
		if len(fs) != 0 {
			t.Fatalf("accepted with findings %v", fs)
		}
		again, ok := LoadQuoted(fstest.MapFS{QuotedFile("x", 1): {Data: MarshalQuoted("x", 1, qs)}}, "x", 1, &l)
		if !ok || len(again) != len(qs) {
			t.Fatalf("written back, %d sections read as %d (%v)", len(qs), len(again), ok)
		}
		for i := range qs {
			if again[i] != qs[i] {
				t.Fatalf("section %d: %+v read back as %+v", i, qs[i], again[i])
			}
		}
		Compare(qs, again) // must not panic on what a file can hold
	})
}
