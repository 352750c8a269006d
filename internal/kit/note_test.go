package kit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
)

// TestChangeNote: change_note is one line of text; absent, empty and
// null are no note; anything else is an error at the note's line that
// says what to write.
func TestChangeNote(t *testing.T) {
	long := strings.Repeat("x", MaxNote+1)
	tests := []struct {
		name, yaml string
		note       string
		finding    string // "line:col text" of the one finding, "" for none
	}{
		{"absent", "", "", ""},
		{"plain", "change_note: hypoglycemia threshold changed from < 50 to < 54 mg/dL\n", "hypoglycemia threshold changed from < 50 to < 54 mg/dL", ""},
		{"quoted", "change_note: \"on-call number: call 911 first\"\n", "on-call number: call 911 first", ""},
		{"single quoted", "change_note: 'it''s the new fax'\n", "it's the new fax", ""},
		{"trailing comment", "change_note: new fax number # for the Loop office\n", "new fax number", ""},
		{"surrounding spaces", "change_note: \"  new fax  \"\n", "new fax", ""},
		{"longest", "change_note: " + strings.Repeat("x", MaxNote) + "\n", strings.Repeat("x", MaxNote), ""},
		{"empty", "change_note:\n", "", ""},
		{"empty string", "change_note: \"\"\n", "", ""},
		{"null", "change_note: null\n", "", ""},
		{"false is not text", "change_note: false\n", "", `4:14 change_note must be text, not the boolean false; quote it ("false") if you mean the word`},
		{"quoted false is text", "change_note: \"false\"\n", "false", ""},
		{"number is text", "change_note: 2026\n", "2026", ""},
		{"too long", "change_note: " + long + "\n", "", "4:14 161 characters"},
		{"block scalar", "change_note: |\n  first line\n  second line\n", "", "4:14 must be one line"},
		{"folded", "change_note: >\n  one\n  two\n", "", "4:14 must be one line"},
		{"continued plain", "change_note: threshold changed\n  from 50 to 54\n", "", "4:14 must be one line"},
		{"continued quoted", "change_note: \"threshold changed\n  from 50 to 54\"\n", "", "4:14 must be one line"},
		{"escaped newline", "change_note: \"one\\ntwo\"\n", "", "4:14 must be one line"},
		{"tab", "change_note: \"one\\ttwo\"\n", "", "4:14 control character"},
		{"list", "change_note: [a, b]\n", "", "4:14 not a list"},
		{"mapping", "change_note: {why: a}\n", "", "4:14 not a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(def, "blocks:\n", tt.yaml+"blocks:\n", 1)
			var l diag.List
			d := ParseDef("kits/x.yaml", []byte(src), &l)
			got := findings(&l)
			if tt.finding == "" {
				if got != "" || d == nil {
					t.Fatalf("findings: %s", got)
				}
				if d.Note != tt.note {
					t.Errorf("note %q, want %q", d.Note, tt.note)
				}
				if tt.note != "" && d.NoteLine != 4 {
					t.Errorf("note at line %d, want 4", d.NoteLine)
				}
				return
			}
			pos, text, _ := strings.Cut(tt.finding, " ")
			if d != nil || strings.Count(got, "\n") != 0 || !strings.HasPrefix(got, "kits/x.yaml:"+pos+": error:") || !strings.Contains(got, text) || !strings.Contains(got, "change_note") {
				t.Errorf("finding %q, want one error at %s saying %q", got, pos, text)
			}
		})
	}
	// A kit written as one flow mapping has no line for the note.
	var l diag.List
	if d := ParseDef("kits/x.yaml", []byte("{title: K, audience: A, page: p, change_note: n, blocks: [{page: p}]}\n"), &l); d != nil || !strings.Contains(findings(&l), "on a line of their own") {
		t.Errorf("flow mapping: %s", findings(&l))
	}
}

// TestNoteNotFingerprinted: writing, changing or deleting a change note
// leaves the kit's fingerprint and inputs as they were, so the note never
// makes a version by itself; the note is recorded with the next version.
func TestNoteNotFingerprinted(t *testing.T) {
	s := site(t, "")
	base := resolveEnv(t, s, def, env1)
	withNote := func(note string) *Resolved {
		return resolveEnv(t, s, strings.Replace(def, "blocks:\n", "change_note: "+note+"\nblocks:\n", 1), env1)
	}
	for _, r := range []*Resolved{withNote("first"), withNote("second"), withNote(""), resolveEnv(t, s, "change_note: at the top\n"+def, env1)} {
		if r.Fingerprint != base.Fingerprint || r.Inputs["kits/x.yaml"] != base.Inputs["kits/x.yaml"] {
			t.Errorf("note %q changed the fingerprint", r.Def.Note)
		}
	}
	l := &Ledger{Kits: map[string][]Entry{}}
	e, _ := l.Next(withNote("first"), day1)
	if e.Note != "first" {
		t.Fatalf("version 1 note %q", e.Note)
	}
	l.Record("x", e)
	if _, changed := l.Next(withNote("second"), day2); changed {
		t.Error("a new note alone made a version")
	}
}

// TestNoteDecisions: a note is recorded with the version it came with; a
// note recorded before is stale for the next version, which is recorded
// without it, with a warning at the note; a note on an unchanged kit
// waits, with a warning; no note is no finding.
func TestNoteDecisions(t *testing.T) {
	s := site(t, "")
	kitWith := func(title, note string) *Resolved {
		src := strings.Replace(def, "title: X kit", "title: "+title, 1)
		if note != "" {
			src = strings.Replace(src, "blocks:\n", "change_note: "+note+"\nblocks:\n", 1)
		}
		return resolveEnv(t, s, src, env1)
	}
	ledger := func(note string) *Ledger {
		l := &Ledger{Kits: map[string][]Entry{}}
		e, _ := l.Next(kitWith("X kit", note), day1)
		l.Record("x", e)
		return l
	}
	tests := []struct {
		name         string
		recorded     string // the note of version 1
		r            *Resolved
		version      int
		wantNote     string
		recordedNow  bool
		finding, pos string
	}{
		{"new note, changed", "", kitWith("X kit 2", "title clarified"), 2, "title clarified", true, "", ""},
		{"other note, changed", "first", kitWith("X kit 2", "title clarified"), 2, "title clarified", true, "", ""},
		{"no note, changed", "first", kitWith("X kit 2", ""), 2, "", true, "", ""},
		{"stale note, changed", "first", kitWith("X kit 2", "first"), 2, "", true, "warning kit-version", "4:14"},
		{"same note, unchanged", "first", kitWith("X kit", "first"), 1, "first", false, "", ""},
		{"pending note, unchanged", "", kitWith("X kit", "title clarified"), 1, "", false, "warning kit-version", "4:14"},
		{"no note, unchanged", "", kitWith("X kit", ""), 1, "", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ledger(tt.recorded)
			var diags diag.List
			d := l.Decide(tt.r, Policy{}, day2, &diags)
			if d.Entry.Version != tt.version || d.Recorded != tt.recordedNow || d.Entry.Note != tt.wantNote {
				t.Errorf("decision v%d recorded %v note %q, want v%d recorded %v note %q", d.Entry.Version, d.Recorded, d.Entry.Note, tt.version, tt.recordedNow, tt.wantNote)
			}
			if tt.recordedNow && l.Latest("x").Note != tt.wantNote {
				t.Errorf("ledger note %q", l.Latest("x").Note)
			}
			fs := diags.Sorted()
			if tt.finding == "" {
				if len(fs) > 0 {
					t.Errorf("findings: %v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity.String()+" "+string(fs[0].Rule) != tt.finding || fmt.Sprintf("%d:%d", fs[0].Line, fs[0].Col) != tt.pos || !strings.Contains(fs[0].Message, "change_note") {
				t.Errorf("findings %v, want one %s at %s", fs, tt.finding, tt.pos)
			}
		})
	}
}

// TestNoteInLedger: a recorded note survives the ledger's round trip; an
// entry without one writes no note key.
func TestNoteInLedger(t *testing.T) {
	l := &Ledger{Kits: map[string][]Entry{}}
	l.Record("x", Entry{Version: 1, Effective: "2026-01-01", Scheme: Scheme, Fingerprint: "sha256:a", Inputs: map[string]string{}})
	l.Record("x", Entry{Version: 2, Effective: "2026-02-01", Scheme: Scheme, Fingerprint: "sha256:b", Inputs: map[string]string{}, Note: "fax number: new line, # and 'quotes'"})
	b, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), "note:") != 1 {
		t.Errorf("ledger:\n%s", b)
	}
	back, f := loadLedger(b)
	if f != "" || back.Kits["x"][0].Note != "" || back.Kits["x"][1].Note != "fax number: new line, # and 'quotes'" {
		t.Errorf("round trip: %s %+v", f, back.Kits["x"])
	}
}
