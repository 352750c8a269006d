package kit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

func findings(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Sorted() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

const guide = `---
title: When to refer
audience: Clinicians
escalation: urgent
reviewed: 2026-01-01
---

Use this guide for adults.

## Red flags

- Chest pain at rest.

### In older adults

- Syncope.

## Routine referral

- Palpitations.
`

const location = `---
title: Main office
address:
  street: 1 Main St
  city: Springfield
  region: IL
phone: "(555) 555-0150"
fax: "(555) 555-0151"
hours:
  - {days: Mo-Fr, opens: "08:00", closes: "17:00"}
---

Parking.
`

const provider = `---
title: José Núñez
credentials: MD
role: Cardiologist
focus_areas: [Valves]
accepting_referrals: false
---

Bio.
`

const def = `title: X kit
audience: Clinicians
page: services/cardiology
blocks:
  - section: guides/x#red-flags
    style: urgent
  - columns:
      - section: guides/x#routine-referral
      - page: services/cardiology
  - providers: [jose-nunez]
  - contact: loc
`

// site loads a small site from files, with the guide's text replaced by
// guideSrc when it is not empty.
func site(t *testing.T, guideSrc string) *content.Site {
	t.Helper()
	if guideSrc == "" {
		guideSrc = guide
	}
	cfg := config.Default()
	cfg.BaseURL = "https://partners.test.example/"
	cfg.Lines = []config.Line{{Key: "urgent", Label: "On call", Phone: "(555) 555-0110"}}
	fsys := fstest.MapFS{
		"content/services/cardiology.md":  {Data: []byte("---\ntitle: Cardiology\n---\n\nAdults with [heart](/guides/x/) disease.\n")},
		"content/guides/x.md":             {Data: []byte(guideSrc)},
		"content/locations/loc.md":        {Data: []byte(location)},
		"content/providers/jose-nunez.md": {Data: []byte(provider)},
	}
	var l diag.List
	s := content.Load(fsys, cfg, content.Options{}, &l)
	if f := findings(&l); f != "" {
		t.Fatalf("site: %s", f)
	}
	return s
}

func resolve(t *testing.T, s *content.Site, defSrc string) (*Resolved, string) {
	t.Helper()
	var l diag.List
	d := ParseDef("kits/x.yaml", []byte(defSrc), &l)
	if d == nil {
		t.Fatalf("ParseDef: %s", findings(&l))
	}
	r := Resolve(d, s, Env{}, &l)
	return r, findings(&l)
}

func TestResolve(t *testing.T) {
	r, f := resolve(t, site(t, ""), def)
	if f != "" {
		t.Fatal(f)
	}
	bs := r.Doc.Blocks
	if len(bs) != 4 {
		t.Fatalf("%d blocks, want 4", len(bs))
	}
	urgent := bs[0]
	if urgent.Kind != Urgent || urgent.Title != "Red flags" || urgent.Source != (Source{File: "content/guides/x.md", Line: 10}) {
		t.Errorf("urgent block = %+v", urgent)
	}
	// The section starts with the escalation line from the settings, the
	// first thing to read in an emergency, then runs to the next heading
	// of its level and keeps its subheadings one level down.
	var kinds []string
	for _, n := range urgent.Body {
		kinds = append(kinds, []string{"p", "h", "list", "table"}[n.Kind])
	}
	if got := strings.Join(kinds, " "); got != "p list h list" {
		t.Errorf("urgent body = %s", got)
	}
	if h := urgent.Body[2]; h.Level != 1 || h.Inlines[0].Text != "In older adults" {
		t.Errorf("subheading = %+v", h)
	}
	first := urgent.Body[0].Inlines
	if len(first) != 2 || first[0].Text != "On call: " || first[1].Text != "(555) 555-0110" || first[1].Link != "tel:+15555550110" {
		t.Errorf("escalation line = %+v", first)
	}

	cols := bs[1]
	if cols.Kind != Columns || len(cols.Children) != 2 || cols.Children[1].Title != "Cardiology" {
		t.Errorf("columns = %+v", cols)
	}
	link := cols.Children[1].Body[0].Inlines[1]
	if link.Text != "heart" || link.Link != "https://partners.test.example/guides/x/" {
		t.Errorf("a site link in a kit must be absolute: %+v", link)
	}

	pr := bs[2].Providers
	if len(pr) != 1 || pr[0].Name != "José Núñez" || pr[0].Role != "Cardiologist (not accepting new referrals)" || pr[0].URL != "https://partners.test.example/providers/jose-nunez/" {
		t.Errorf("providers = %+v", pr)
	}

	c := bs[3].Contact
	if c == nil || c.Phone != "(555) 555-0150" || c.Fax != "(555) 555-0151" || strings.Join(c.Address, " / ") != "1 Main St / Springfield, IL" || strings.Join(c.Hours, ";") != "Mon–Fri 8:00 a.m.–5:00 p.m." {
		t.Errorf("contact = %+v", c)
	}

	want := []string{"content/guides/x.md", "content/locations/loc.md", "content/providers/jose-nunez.md", "content/services/cardiology.md", "kitgen.yaml", "kits/x.yaml"}
	if got := strings.Join(r.Files(), " "); got != strings.Join(want, " ") {
		t.Errorf("inputs = %s", got)
	}
	if r.Doc.URL != "https://partners.test.example/kits/x/" || r.Doc.Paper != "letter" {
		t.Errorf("doc url %q paper %q", r.Doc.URL, r.Doc.Paper)
	}
}

// TestFingerprint checks what changes a kit's fingerprint: what it quotes,
// and nothing else.
func TestFingerprint(t *testing.T) {
	base, _ := resolve(t, site(t, ""), def)
	again, _ := resolve(t, site(t, ""), def)
	if base.Fingerprint != again.Fingerprint {
		t.Fatal("the same content gives two fingerprints")
	}
	same := map[string]string{
		"an unquoted section":         strings.Replace(guide, "- Palpitations.", "- Palpitations.\n- Murmurs.", 1),
		"text above the quoted parts": strings.Replace(guide, "Use this guide for adults.", "Use this guide for adults.\n\nIt was revised in March.", 1),
		"front matter":                strings.Replace(guide, "reviewed: 2026-01-01", "reviewed: 2026-03-01\ndate: 2026-03-01", 1),
	}
	for name, src := range same {
		r, _ := resolve(t, site(t, src), strings.Replace(def, "  - columns:\n      - section: guides/x#routine-referral\n      - page: services/cardiology\n", "", 1))
		b, _ := resolve(t, site(t, ""), strings.Replace(def, "  - columns:\n      - section: guides/x#routine-referral\n      - page: services/cardiology\n", "", 1))
		if r.Fingerprint != b.Fingerprint {
			t.Errorf("editing %s changed the fingerprint of a kit that does not quote it", name)
		}
	}
	changed := map[string]string{
		"a quoted list item":  strings.Replace(guide, "Chest pain at rest.", "Chest pain at rest for 20 minutes.", 1),
		"a quoted heading":    strings.Replace(guide, "### In older adults", "### In adults over 75", 1),
		"the escalation line": strings.Replace(guide, "escalation: urgent", "escalation: other", 1),
	}
	for name, src := range changed {
		r, _ := resolve(t, site(t, src), def)
		if r.Fingerprint == base.Fingerprint {
			t.Errorf("editing %s left the fingerprint as it was", name)
		}
	}
}

// TestResolveMissing: each finding points at the value that names nothing
// (the path, slug or heading), not at its block.
func TestResolveMissing(t *testing.T) {
	_, f := resolve(t, site(t, ""), `title: X
audience: A
page: services/nope
blocks:
  - section: guides/nope#red-flags
  - section: guides/x#nope
  - page: /guides/x/
  - providers: [jose-nunez, nobody]
  - contact: nowhere
`)
	want := `kits/x.yaml:3:7: error: kit-missing: kit "x" belongs to page "services/nope", which does not exist; use a content path such as services/cardiology
kits/x.yaml:5:14: error: kit-missing: kit "x" quotes page "guides/nope", which does not exist; check the path (content/guides/nope.md)
kits/x.yaml:6:14: error: kit-missing: kit "x" quotes heading #nope of content/guides/x.md, which has no such heading; its headings are: red-flags, in-older-adults, routine-referral
kits/x.yaml:8:29: error: kit-missing: kit "x" lists provider "nobody", but content/providers/nobody.md does not exist
kits/x.yaml:9:14: error: kit-missing: kit "x" quotes the contact block of location "nowhere", but content/locations/nowhere.md does not exist (use contact: site for the practice-wide line)`
	if f != want {
		t.Errorf("findings:\n%s\nwant:\n%s", f, want)
	}
}

func TestParseDefFindings(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", `kits/x.yaml:1:1: error: kit: kit definition is empty; add title, audience, page and blocks`},
		{"not yaml", "title: [\n", `kits/x.yaml:1: error: kit: invalid YAML: did not find expected node content; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"missing fields", "title: X\n", "kits/x.yaml:1:1: error: kit: kit definition is missing required field \"audience\"; say who receives the kit, e.g. \"audience: Referring primary care clinicians\"\n" +
			"kits/x.yaml:1:1: error: kit: kit definition is missing required field \"blocks\"; list what the kit quotes under blocks:\n" +
			"kits/x.yaml:1:1: error: kit: kit definition is missing required field \"page\"; name the content page the kit belongs to, e.g. \"page: services/cardiology\""},
		{"bad paper", "title: X\naudience: A\npage: p\npaper: legal\nblocks: []\n", `kits/x.yaml:4:8: error: kit: paper "legal" is not a size kitgen knows; use letter or a4`},
		{"section without heading", "title: X\naudience: A\npage: p\nblocks:\n  - section: guides/x\n",
			`kits/x.yaml:5:5: error: kit: section "guides/x" must name a heading: write page#heading-id, e.g. guides/cardiology-referral#red-flags (or use page: to quote the whole page)`},
		{"two kinds", "title: X\naudience: A\npage: p\nblocks:\n  - section: guides/x#a\n    contact: loc\n",
			`kits/x.yaml:5:5: error: kit: a kit block needs exactly one of section, page, contact, providers, facts or columns`},
		{"nested columns", "title: X\naudience: A\npage: p\nblocks:\n  - columns:\n      - columns: []\n",
			`kits/x.yaml:6:18: error: kit: columns cannot be nested inside columns`},
		{"unknown style", "title: X\naudience: A\npage: p\nblocks:\n  - page: p\n    style: loud\n",
			`kits/x.yaml:6:12: error: kit: style "loud" is unknown; the only style is urgent`},
		{"urgent page", "title: X\naudience: A\npage: p\nblocks:\n  - page: p\n    style: urgent\n",
			`kits/x.yaml:5:5: error: kit: style: urgent draws a quoted section as the red-flag box, so it goes on a section: block, not on page:`},
		{"urgent columns", "title: X\naudience: A\npage: p\nblocks:\n  - columns: [{section: g#a}]\n    style: urgent\n",
			`kits/x.yaml:5:5: error: kit: style: urgent draws a quoted section as the red-flag box, so it goes on a section: block, not on columns:`},
		{"typo", "title: X\naudience: A\npage: p\nblocks:\n  - sectoin: guides/x#a\n",
			"kits/x.yaml:5:5: error: kit: a kit block needs exactly one of section, page, contact, providers, facts or columns\n" +
				`kits/x.yaml:5:5: error: kit: unknown key "sectoin" in a kit block; did you mean "section"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l diag.List
			d := ParseDef("kits/x.yaml", []byte(tt.src), &l)
			if d != nil {
				t.Errorf("ParseDef returned a definition")
			}
			if f := findings(&l); f != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", f, tt.want)
			}
		})
	}
}

func TestLoadDefs(t *testing.T) {
	ok := "title: X\naudience: A\npage: p\nblocks:\n  - page: p\n"
	fsys := fstest.MapFS{
		"kits/b.yaml":       {Data: []byte(ok)},
		"kits/a.yaml":       {Data: []byte(ok)},
		"kits/ledger.yaml":  {Data: []byte("kits: {}\n")},
		"kits/_draft.yaml":  {Data: []byte("nonsense: [")},
		"kits/.hidden.yaml": {Data: []byte("nonsense: [")},
		"kits/notes.txt":    {Data: []byte("not a kit")},
	}
	var l diag.List
	defs := LoadDefs(fsys, &l)
	if f := findings(&l); f != "" {
		t.Error(f)
	}
	if len(defs) != 2 || defs[0].ID != "a" || defs[1].ID != "b" {
		t.Errorf("defs = %v", defs)
	}
}

var (
	day1 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	day2 = time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
)

func resolved(fp string, inputs map[string]string) *Resolved {
	return &Resolved{Def: &Definition{ID: "x", File: "kits/x.yaml"}, Fingerprint: fp, Inputs: inputs}
}

func TestLedgerNext(t *testing.T) {
	l := &Ledger{Kits: map[string][]Entry{}}
	first := resolved("sha256:1", map[string]string{"kits/x.yaml": "k1", "content/guides/x.md": "g1", "content/locations/loc.md": "l1"})
	e, changed := l.Next(first, day1)
	if !changed || e.Version != 1 || e.Effective != "2026-01-01" || strings.Join(e.Changed, " ") != "content/guides/x.md content/locations/loc.md kits/x.yaml" {
		t.Fatalf("first version = %+v, %v", e, changed)
	}
	l.Record("x", e)
	if !l.Changed() {
		t.Error("Record does not mark the ledger changed")
	}

	// The same content, on a later day, keeps its version and date.
	again := resolved("sha256:1", map[string]string{"kits/x.yaml": "k1", "content/guides/x.md": "g1", "content/locations/loc.md": "l1"})
	if e, changed := l.Next(again, day2); changed || e.Version != 1 || e.Effective != "2026-01-01" {
		t.Errorf("unchanged content: %+v, changed %v", e, changed)
	}

	// One quoted file changed: the next version names only that file.
	edited := resolved("sha256:2", map[string]string{"kits/x.yaml": "k1", "content/guides/x.md": "g2", "content/locations/loc.md": "l1"})
	e, changed = l.Next(edited, day2)
	if !changed || e.Version != 2 || e.Effective != "2026-01-02" || strings.Join(e.Changed, " ") != "content/guides/x.md" {
		t.Errorf("edited: %+v, %v", e, changed)
	}
	l.Record("x", e)

	// A file the kit no longer quotes is a change too, and named.
	dropped := resolved("sha256:3", map[string]string{"kits/x.yaml": "k2", "content/guides/x.md": "g2"})
	e, _ = l.Next(dropped, day2)
	if e.Version != 3 || strings.Join(e.Changed, " ") != "content/locations/loc.md kits/x.yaml" {
		t.Errorf("dropped: %+v", e)
	}
	if l.Latest("x").Version != 2 || l.Latest("nope") != nil {
		t.Errorf("Latest = %+v", l.Latest("x"))
	}
}

func TestLedgerRoundTrip(t *testing.T) {
	l := &Ledger{Kits: map[string][]Entry{}}
	for i, id := range []string{"b", "a", "b"} {
		e, _ := l.Next(&Resolved{Def: &Definition{ID: id}, Fingerprint: "sha256:" + string(rune('0'+i)), Inputs: map[string]string{"z.md": "1", "a.md": string(rune('0' + i))}}, day1)
		l.Record(id, e)
	}
	b1, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := l.Marshal()
	if string(b1) != string(b2) {
		t.Error("Marshal is not deterministic")
	}
	if !strings.HasPrefix(string(b1), "# Referral kit versions") || strings.Index(string(b1), "\n  a:") > strings.Index(string(b1), "\n  b:") {
		t.Errorf("ledger file:\n%s", b1)
	}

	dir := t.TempDir()
	if err := l.Save(dir); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, Dir))
	if len(entries) != 1 || entries[0].Name() != LedgerName {
		t.Errorf("kits/ holds %v after Save, want only %s", entries, LedgerName)
	}
	var ds diag.List
	back := LoadLedger(os.DirFS(dir), &ds)
	if f := findings(&ds); f != "" {
		t.Fatal(f)
	}
	b3, _ := back.Marshal()
	if string(b3) != string(b1) {
		t.Errorf("the ledger does not survive a save and load:\n%s\nwant:\n%s", b3, b1)
	}
	if back.Changed() {
		t.Error("a loaded ledger says it changed")
	}
	if e := back.Latest("b"); e.Version != 2 || !e.EffectiveDate().Equal(day1) {
		t.Errorf("latest b = %+v", e)
	}
}

func TestLoadLedgerFindings(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"missing", "", ""},
		{"syntax", "kits:\n  x: [\n", `kits/ledger.yaml:2: error: ledger: invalid YAML: did not find expected node content; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"out of order", "kits:\n  x:\n    - {version: 1, effective: \"2026-01-01\", fingerprint: a}\n    - {version: 3, effective: \"2026-01-01\", fingerprint: b}\n", `kits/ledger.yaml: error: ledger: kit "x": versions must run 1, 2, 3… in order, found 3 at position 2; ` + restore},
		{"wrong shape", "kits: [1, 2]\n", "kits/ledger.yaml: error: ledger: yaml: unmarshal errors: line 1: cannot unmarshal !!seq into map[string][]kit.Entry; " + restore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tt.src != "" {
				fsys[LedgerFile] = &fstest.MapFile{Data: []byte(tt.src)}
			}
			var l diag.List
			led := LoadLedger(fsys, &l)
			if f := findings(&l); f != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", f, tt.want)
			}
			if led == nil || led.Kits == nil {
				t.Error("LoadLedger must return a usable ledger")
			}
		})
	}
}

// TestKitIDLikeTranslation: a kit file named as a kit's translation is
// published (cardiology.es) is an error naming the file and a new name;
// other dots stay allowed.
func TestKitIDLikeTranslation(t *testing.T) {
	fsys := fstest.MapFS{
		"kits/cardiology.es.yaml": {Data: []byte("title: x\n")},
		"kits/heart.v2.yaml":      {Data: []byte("title: Heart\naudience: Clinicians\npage: services/heart\nblocks:\n  - contact: site\n")},
	}
	var diags diag.List
	defs := LoadDefs(fsys, &diags)
	got := diags.Sorted()
	if len(got) != 1 || got[0].File != "kits/cardiology.es.yaml" || !strings.Contains(got[0].Message, "cardiology-es.yaml") {
		t.Errorf("findings %v, want one at kits/cardiology.es.yaml naming cardiology-es.yaml", got)
	}
	if len(defs) != 1 || defs[0].ID != "heart.v2" {
		t.Errorf("defs %v, want heart.v2 only", defs)
	}
}
