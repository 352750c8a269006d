package message

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/content"
)

// FuzzScan checks that the placeholder scanner never panics, and that
// every placeholder it returns is where it says, inside the text.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"", "{{", "}}", "{{}}", "{{ a }}", "{{a.b.c}}", "{{section p#h}}", "x {{section p#h}} y",
		"{{{{x}}}}", "{{x}}}}", "{{\n}}", "é {{référant}} {{kit.version}}\n{{site.fax}}",
		"{{section  p#h }}\n{{ section p # h}}", "{{" + strings.Repeat("a", 200) + "}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ps, probs := Scan(text, 3, 5)
		for _, p := range ps {
			if p.Off < 0 || p.Off+len(p.Raw) > len(text) || text[p.Off:p.Off+len(p.Raw)] != p.Raw {
				t.Fatalf("placeholder %+v is not at its offset in %q", p, text)
			}
			if !strings.HasPrefix(p.Raw, "{{") || !strings.HasSuffix(p.Raw, "}}") || strings.Contains(p.Raw, "\n") {
				t.Fatalf("placeholder %q is not one {{…}} on one line", p.Raw)
			}
			if p.Line < 3 || p.Col < 1 {
				t.Fatalf("placeholder %+v is before the text", p)
			}
		}
		for _, p := range probs {
			if p.Line < 3 || p.Col < 1 || p.Message == "" {
				t.Fatalf("problem %+v has no position or message", p)
			}
		}
	})
}

// FuzzParse checks that a message file of any bytes is read or refused
// with findings, never a panic, and that a template it returns has the
// schema's required fields.
func FuzzParse(f *testing.F) {
	f.Add("---\nsubject: s {{kit.title}}\npurpose: p\naudience: a\nkit_cover: true\n---\n\nDear {{referring_office}},\n\n{{section guides/x#a}}\n")
	f.Add("+++\nsubject = \"s\"\npurpose = \"p\"\naudience = \"a\"\n+++\nbody {{\n")
	f.Add("---\nsubject: [1, 2]\n---\n")
	f.Add("---\nsubject: \"{{x\"\npurpose: p\naudience: a\n---\n")
	f.Add("---\nsubject: \"\"\npurpose: \" \"\naudience: a\n---\n")
	f.Add("---\nsubject: true\npurpose: ~\naudience:\nkit_cover: null\n---\n")
	f.Add("---\nsubject: Nuestro kit\n---\n\nEstimado equipo de {{referring_office}}:\n")
	f.Add("---\nsubject: S\nkit_cover: true\npurpose: p\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		// The same bytes as a translation, which takes only a subject.
		if tr := parseIn("messages/m.es.md", []byte(src), "es-US", newList()); tr != nil {
			if strings.TrimSpace(tr.Subject) == "" || tr.Purpose != "" || tr.Audience != "" || tr.KitCover || tr.PartnerCover || tr.ID != "m" || tr.Lang != "es-US" {
				t.Fatalf("translation accepted as %+v: %q", tr, src)
			}
		}
		diags := newList()
		tm := Parse("messages/m.md", []byte(src), diags)
		if tm == nil {
			return
		}
		if strings.TrimSpace(tm.Subject) == "" || strings.TrimSpace(tm.Purpose) == "" || strings.TrimSpace(tm.Audience) == "" {
			t.Fatalf("a template without subject, purpose or audience was accepted: %q", src)
		}
		if strings.ContainsAny(tm.Subject, "\r\n") {
			t.Fatalf("a subject of more than one line was accepted: %q", tm.Subject)
		}
		Dates(tm)
	})
}

// FuzzTranslationFreshness reads arbitrary bytes as a message's
// translation, checks it against its source and marks it: nothing panics,
// every finding at the translation has a line, and a file Mark accepts
// reads back with the fingerprints it was given.
func FuzzTranslationFreshness(f *testing.F) {
	f.Add("---\nsubject: Nuestro kit\ntranslates: {\"(top)\": \"0a0b0c0d\", documents: \"12345678\"}\n---\n\nHola.\n\n## Documentos\n\nFax.\n")
	f.Add("---\nsubject: S\ntranslates: false\n---\n")
	f.Add("---\nsubject: S\ntranslates:\n  (top): {a: b}\n---\n# A\n## B\n")
	f.Add("---\nsubject: S\ntranslates: {}\n---\n")
	f.Add("+++\nsubject = 'S'\n+++\n")
	f.Add("---\n- subject: S\n---\n")
	const src = "---\nsubject: Our kit\npurpose: p\naudience: a\n---\n\nHello.\n\n## Documents\n\nFax {{site.fax}}.\n"
	sums := []content.SectionSum{{ID: "(top)", Sum: "0a0b0c0d"}, {ID: "documents", Sum: "12345678"}}
	f.Fuzz(func(t *testing.T, data string) {
		fsys := fstest.MapFS{"messages/cover.md": {Data: []byte(src)}, "messages/cover.es.md": {Data: []byte(data)}}
		l := newList()
		for _, tm := range Load(fsys, []string{"en-US", "es-US"}, l) {
			if tr := tm.Translations["es-US"]; tr != nil {
				content.CheckTranslation(fsys, tr.Page, tm.Page, l)
			}
		}
		for _, d := range l.Sorted() {
			if d.File == "messages/cover.es.md" && d.Line < 1 {
				t.Fatalf("finding without a line: %v", d)
			}
		}
		out, err := content.Mark("messages/cover.es.md", []byte(data), sums)
		if err != nil {
			return
		}
		tr := parseIn("messages/cover.es.md", out, "es-US", newList())
		if tr == nil {
			return // the front matter had other problems
		}
		if got := tr.Page.Translates; len(got) != 2 || got["(top)"] != "0a0b0c0d" || got["documents"] != "12345678" {
			t.Fatalf("marked file reads translates as %v:\n%q", got, out)
		}
	})
}
