package kit

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// tables are kitgen's shipped English and Spanish tables.
func tables(t *testing.T) (en, es *i18n.Table) {
	t.Helper()
	var l diag.List
	set := i18n.Load(nil, []string{"en-US", "es-US"}, &l)
	if len(l.Sorted()) > 0 {
		t.Fatalf("shipped tables: %v", l.Sorted())
	}
	return set.For("en-US"), set.For("es-US")
}

// TestFaxCover: a kit whose contact block has a fax gets a cover sheet
// addressed to that fax and phone, with blank boxes and the checklist
// section's items as tick boxes; the kit names the sheet's URL beside the
// fax number. A kit without a fax has neither.
func TestFaxCover(t *testing.T) {
	withChecklist := strings.Replace(def, "  - section: guides/x#red-flags\n    style: urgent\n", "  - section: guides/x#red-flags\n    style: urgent\n    checklist: true\n", 1)
	r := resolveEnv(t, site(t, ""), withChecklist, env1)
	r.Doc.Version = 3
	contact := r.Doc.contacts()[0]
	if contact.FaxCover != "https://partners.test.example/kits/x/x-fax-cover.pdf" {
		t.Errorf("the kit names the cover sheet as %q", contact.FaxCover)
	}
	en, _ := tables(t)
	cover := FaxCover(r.Doc, en)
	if cover == nil {
		t.Fatal("no cover sheet for a kit with a fax number")
	}
	if cover.Label != "FAX COVER SHEET" || cover.Version != 3 || cover.URL != r.Doc.URL || cover.Practice != r.Doc.Practice || !strings.Contains(cover.Title, r.Doc.Title) {
		t.Errorf("cover: %+v", cover)
	}
	if len(cover.Blocks) != 3 {
		t.Fatalf("cover blocks: %+v", cover.Blocks)
	}
	to := cover.Blocks[0].Contact
	if to.Fax != "(555) 555-0151" || to.Phone != "(555) 555-0150" || to.Name != "Main office" || to.FaxCover != "" || len(to.Hours)+len(to.Address) > 0 || to.Email != "" {
		t.Errorf("cover addressed to %+v", to)
	}
	var labels []string
	for _, f := range cover.Blocks[1].Fields {
		labels = append(labels, f.Label)
	}
	if cover.Blocks[1].Kind != FormFields || strings.Join(labels, "|") != "To|From|Date|Pages, including this one|Patient name" {
		t.Errorf("fields: %v", labels)
	}
	check := cover.Blocks[2]
	if got := kitText(check.Body); got != "☐ Chest pain at rest.\n☐ Syncope." {
		t.Errorf("checklist %q", got)
	}
	if r.Doc.Label != "" || r.Doc.Blocks[0].Body[0].Inlines[0].Text == "☐ " {
		t.Error("making the cover sheet changed the kit")
	}

	// Without a checklist the sheet has no checklist block.
	if c := FaxCover(resolveEnv(t, site(t, ""), def, env1).Doc, en); c == nil || len(c.Blocks) != 2 {
		t.Errorf("cover without a checklist: %+v", c)
	}
	// The practice-wide contact without a fax: no sheet, no URL.
	noFax := resolveEnv(t, site(t, ""), strings.Replace(def, "contact: loc", "contact: site", 1), env1)
	if FaxCover(noFax.Doc, en) != nil || noFax.Doc.contacts()[0].FaxCover != "" {
		t.Error("a kit without a fax number got a cover sheet")
	}
	// A deploy elsewhere moves the URL with the kit's others.
	staged := resolveEnv(t, site(t, ""), def, Env{BaseURL: env1.BaseURL, Deploy: "https://staging.test.example/"})
	if got := staged.Doc.contacts()[0].FaxCover; got != "https://staging.test.example/kits/x/x-fax-cover.pdf" {
		t.Errorf("staged cover URL %q", got)
	}
}

// TestFaxCoverWords: the cover sheet's words are the table's of the kit's
// language; the English table gives exactly the words the sheet printed
// before it was translated, so an English sheet is unchanged.
func TestFaxCoverWords(t *testing.T) {
	withChecklist := strings.Replace(def, "  - section: guides/x#red-flags\n    style: urgent\n", "  - section: guides/x#red-flags\n    style: urgent\n    checklist: true\n", 1)
	r := resolveEnv(t, site(t, ""), withChecklist, env1)
	r.Doc.Version = 3
	en, es := tables(t)
	words := func(c *Doc) []string {
		out := []string{c.Label, c.Title, c.Audience}
		for _, b := range c.Blocks {
			out = append(out, b.Title)
			for _, f := range b.Fields {
				out = append(out, f.Label)
			}
		}
		return out
	}
	english := []string{"FAX COVER SHEET", "Fax cover sheet: " + r.Doc.Title, "Send this page first, with the referral and what the kit asks for (version 3)",
		"Fax to", "Fill in before faxing", "To", "From", "Date", "Pages, including this one", "Patient name", "Included with this fax"}
	if got := words(FaxCover(r.Doc, en)); strings.Join(got, "|") != strings.Join(english, "|") {
		t.Errorf("English cover words\n got %q\nwant %q", got, english)
	}
	spanish := []string{"PORTADA DE FAX", "Portada de fax: " + r.Doc.Title, "Envíe esta página primero, con la derivación y lo que pide el kit (versión 3)",
		"Enviar por fax a", "Rellene antes de enviar el fax", "Para", "De", "Fecha", "Páginas, incluida esta", "Nombre del paciente", "Se incluye con este fax"}
	if got := words(FaxCover(r.Doc, es)); strings.Join(got, "|") != strings.Join(spanish, "|") {
		t.Errorf("Spanish cover words\n got %q\nwant %q", got, spanish)
	}
	// Every key the sheet prints is in both shipped tables, in words of
	// their own.
	for _, k := range CoverKeys {
		if !en.Has(k) || !es.Has(k) || en.T(k) == es.T(k) {
			t.Errorf("cover key %s: en %q (%v), es %q (%v)", k, en.T(k), en.Has(k), es.T(k), es.Has(k))
		}
	}
}

// TestChecklistFindings: checklist is true, false, empty or absent on a
// section or page block; anywhere else, or on a section with no list, it
// is an error at the block that says what to do.
func TestChecklistFindings(t *testing.T) {
	block := "  - section: guides/x#red-flags\n    style: urgent\n"
	for _, tt := range []struct {
		name, with string
		checklist  bool
		finding    string
	}{
		{"true", block + "    checklist: true\n", true, ""},
		{"false", block + "    checklist: false\n", false, ""},
		{"empty", block + "    checklist:\n", false, ""},
		{"absent", block, false, ""},
		{"not a bool", block + "    checklist: yes please\n", false, "kits/x.yaml:7:16: error: kit: checklist must be true or false"},
		{"on contact", block + "  - contact: loc\n    checklist: true\n", false, "kits/x.yaml:7:5: error: kit: checklist: true marks a quoted section"},
		{"no list", "  - page: services/cardiology\n    checklist: true\n", false, `kits/x.yaml:5:5: error: kit: kit "x": checklist: true marks the list of what to send with a referral, but services/cardiology has no list`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(def, block, tt.with, 1)
			var l diag.List
			d := ParseDef("kits/x.yaml", []byte(src), &l)
			var r *Resolved
			if d != nil {
				r = Resolve(d, site(t, ""), env1, &l)
			}
			got := findings(&l)
			if tt.finding == "" {
				if got != "" {
					t.Fatalf("findings: %s", got)
				}
				if r.Doc.Blocks[0].Checklist != tt.checklist {
					t.Errorf("checklist %v, want %v", r.Doc.Blocks[0].Checklist, tt.checklist)
				}
				return
			}
			if !strings.HasPrefix(got, tt.finding) || strings.Count(got, "\n") != 0 {
				t.Errorf("findings %q, want %q", got, tt.finding)
			}
		})
	}
}
