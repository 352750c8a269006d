package kit

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// TestSettingsI18n: a kit carrying words of its own records a hash of
// them (with its title and audience) as the setting i18n, so a new
// wording is named as what changed; a kit with the English strings (nil
// or empty words) records no such setting, as before kits had languages.
func TestSettingsI18n(t *testing.T) {
	env := Env{BaseURL: "https://x.example/", Fonts: "f", Layout: 1}
	for _, words := range []map[string]string{nil, {}} {
		if _, ok := settings(&Doc{Words: words}, env)["i18n"]; ok {
			t.Errorf("words %v: an i18n setting", words)
		}
	}
	es := &Doc{Title: "Kit de derivación: Cardiología", Words: map[string]string{"version_n": "Versión {0}"}}
	a := settings(es, env)["i18n"]
	es.Words["version_n"] = "Edición {0}"
	b := settings(es, env)["i18n"]
	es.Title = "Kit: Cardiología"
	c := settings(es, env)["i18n"]
	if a == "" || a == b || b == c {
		t.Errorf("i18n settings %q, %q, %q: want each wording to differ", a, b, c)
	}
	if got := changes(&Entry{Scheme: Scheme, Settings: map[string]string{"i18n": a}}, &Resolved{Def: &Definition{File: "kits/x.yaml"}, Settings: map[string]string{"i18n": b}}); strings.Join(got, ",") != "kit settings: i18n" {
		t.Errorf("changes %q, want kit settings: i18n", got)
	}
}

// TestWrittenInLanguage: a translated kit prints the label of the guide's
// escalation line and the practice-wide hours in the words the site's
// table gives (line_<id>, contact_hours), and the table's file is an
// input of the kit, so a new wording is named as what changed; without
// them, as kitgen.yaml writes them. The default language's kit prints
// kitgen.yaml's words whatever the table says.
func TestWrittenInLanguage(t *testing.T) {
	cfg := config.Default()
	cfg.BaseURL = "https://partners.test.example/"
	cfg.Languages = []string{"en-US", "es-US"}
	cfg.Lines = []config.Line{{Key: "urgent", Label: "On call", Phone: "(555) 555-0110"}}
	cfg.Contact = config.Contact{Name: "Intake", Phone: "(555) 555-0100", Hours: "Mon–Fri 8–5"}
	fsys := fstest.MapFS{
		"content/services/cardiology.md":    {Data: []byte("---\ntitle: Cardiology\n---\n\nAdults.\n")},
		"content/services/cardiology.es.md": {Data: []byte("---\ntitle: Cardiología\n---\n\nAdultos.\n")},
		"content/guides/x.md":               {Data: []byte(guide)},
		"content/guides/x.es.md":            {Data: []byte("---\ntitle: Cuándo derivar\n---\n\nAdultos.\n\n## Señales de alarma\n\n- Dolor.\n\n### En mayores\n\n- Síncope.\n\n## Derivación ordinaria\n\n- Palpitaciones.\n")},
	}
	var l diag.List
	s := content.Load(fsys, cfg, content.Options{}, &l)
	if f := findings(&l); f != "" {
		t.Fatalf("site: %s", f)
	}
	src := "title: X kit\naudience: Clinicians\npage: services/cardiology\nblocks:\n  - section: guides/x#red-flags\n    style: urgent\n  - contact: site\n"
	d := ParseDef("kits/x.yaml", []byte(src), &l)
	words := func(r *Resolved) (label, hours string) {
		return r.Doc.Blocks[0].Body[0].Inlines[0].Text, strings.Join(r.Doc.Blocks[1].Contact.Hours, "|")
	}
	for _, tt := range []struct {
		name, table, label, hours string
		input                     bool
	}{
		{"both", "contact_hours: lun–vie 8–17\nline_urgent: De guardia\n", "De guardia: ", "lun–vie 8–17", true},
		{"none", "", "On call: ", "Mon–Fri 8–5", false},
		{"another line", "line_other: Otra\n", "On call: ", "Mon–Fri 8–5", false},
		{"empty text", "line_urgent: \"\"\ncontact_hours: \" \"\n", "On call: ", "Mon–Fri 8–5", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var l diag.List
			set := i18n.Load(fstest.MapFS{"i18n/es-US.yaml": {Data: []byte(tt.table)}}, cfg.Languages, &l)
			r := ResolveTranslation(d, s, env1, set.For("es-US"), &l)
			if f := findings(&l); f != "" {
				t.Fatal(f)
			}
			if label, hours := words(r); label != tt.label || hours != tt.hours {
				t.Errorf("Spanish kit: label %q, hours %q; want %q, %q", label, hours, tt.label, tt.hours)
			}
			if _, ok := r.Inputs["i18n/es-US.yaml"]; ok != tt.input {
				t.Errorf("the site's table is an input: %v, want %v (%v)", ok, tt.input, r.Inputs)
			}
			en := Resolve(d, s, env1, &l)
			if label, hours := words(en); label != "On call: " || hours != "Mon–Fri 8–5" {
				t.Errorf("English kit: label %q, hours %q", label, hours)
			}
		})
	}
}
