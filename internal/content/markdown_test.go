package content

import (
	"bytes"
	"strings"
	"testing"
)

// TestBareURLStaysText: GFM's linkify is off, so only written links are
// links; an <https://…> autolink still is one.
func TestBareURLStaysText(t *testing.T) {
	p := &Page{File: "content/a.md", Body: []byte("See https://example.org/a and <https://example.org/b>.\n"), BodyLine: 4}
	d := Parse(p)
	if len(d.Links) != 1 || d.Links[0].Dest != "https://example.org/b" {
		t.Errorf("links %+v, want only the <…> autolink", d.Links)
	}
}

func TestHeadingID(t *testing.T) {
	for text, want := range map[string]string{
		"Documents to send":             "documents-to-send",
		"Red flags (urgent)":            "red-flags-urgent",
		"  What to send?  ":             "what-to-send",
		"Información para familias":     "información-para-familias",
		"Направление к кардиологу":      "направление-к-кардиологу",
		"8–12 weeks":                    "8-12-weeks",
		"8—12 weeks":                    "8-12-weeks",
		"8-12 weeks":                    "8-12-weeks",
		"Cardiology — adults":           "cardiology---adults",
		"ÄRZTE & Praxen":                "ärzte--praxen",
		"紹介の流れ":                         "紹介の流れ",
		"Café (decomposed: Cafe\u0301)": "café-decomposed-cafe\u0301",
		"Ages ٣–٥":                      "ages-٣-٥",
		"snake_case field":              "snake_case-field",
		"":                              "heading",
		"???":                           "heading",
	} {
		if got := HeadingID(text); got != want {
			t.Errorf("HeadingID(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestHeadingIDsOfASCIIUnchanged: for ASCII headings (other than "_",
// now kept as GitHub keeps it) the ids are those kitgen always gave, so
// existing links and kits keep working.
func TestHeadingIDsOfASCIIUnchanged(t *testing.T) {
	texts := []string{"Documents to send", "Red flags", "Step 2: refer", "A  B", "x--y", "Q&A", "\tTabbed\t", "What's new?"}
	for c := 0; c < 128; c++ {
		if c != '_' {
			texts = append(texts, "a"+string(rune(c))+"b")
		}
	}
	for _, text := range texts {
		if got, old := HeadingID(text), legacyHeadingID(text); got != old {
			t.Errorf("HeadingID(%q) = %q, but kitgen gave it %q", text, got, old)
		}
	}
}

func TestDocumentHeadings(t *testing.T) {
	src := "## Red flags\n\n## Información para familias\n\n## Red flags\n\n## Red flags 1\n\n## Red flags\n\n## 8–12 weeks\n\n## Направление\n\nDocuments to send\n-----------------\n"
	d := Parse(&Page{File: "content/a.md", Body: []byte(src), BodyLine: 4})
	type h struct{ id, legacy string }
	var got []h
	for _, x := range d.Headings {
		got = append(got, h{x.ID, x.LegacyID})
	}
	want := []h{
		{"red-flags", "red-flags"},
		{"información-para-familias", "informacin-para-familias"},
		{"red-flags-1", "red-flags-1"},
		{"red-flags-1-1", "red-flags-1-1"},
		{"red-flags-2", "red-flags-2"},
		{"8-12-weeks", "812-weeks"},
		{"направление", "heading"},
		{"documents-to-send", "documents-to-send"},
	}
	if len(got) != len(want) {
		t.Fatalf("headings %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("heading %d: id %q legacy %q, want %q and %q", i, got[i].id, got[i].legacy, want[i].id, want[i].legacy)
		}
	}
	if h := d.Heading("información-para-familias"); h == nil || h.Text != "Información para familias" {
		t.Errorf("Heading(new id) = %+v", h)
	}
	if h := d.LegacyHeading("informacin-para-familias"); h == nil || h.ID != "información-para-familias" {
		t.Errorf("LegacyHeading(old id) = %+v", h)
	}
	for _, id := range []string{"red-flags", "informacin", "", "información-para-familias"} {
		if h := d.LegacyHeading(id); h != nil {
			t.Errorf("LegacyHeading(%q) = %+v, want nil: the id did not change or never existed", id, h)
		}
	}
	var html bytes.Buffer
	if err := Markdown.Renderer().Render(&html, d.Source, d.AST); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 id="información-para-familias">`, `<h2 id="8-12-weeks">8–12 weeks</h2>`, `<h2 id="red-flags-2">`, `<h2 id="направление">`} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("rendered page lacks %s:\n%s", want, html.String())
		}
	}
}
