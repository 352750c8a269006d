package content_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

func bilingual() *config.Config {
	cfg := config.Default()
	cfg.Languages = []string{"en-US", "es-US"}
	return cfg
}

const guideSrc = "---\ntitle: Chest pain\ndescription: When.\naudience: PCPs\nreviewed: 2026-10-01\nescalation: cardio\n---\n\nIntro.\n\n## Red flags\n\n- Call 911.\n\nSetext heading\n--------------\n\nText.\n"

func TestTranslationModel(t *testing.T) {
	fsys := fstest.MapFS{
		"content/guides/chest.md":     {Data: []byte(guideSrc)},
		"content/guides/chest.es.md":  {Data: []byte("---\ntitle: Dolor\n---\n\nIntro es.\n")},
		"content/_index.es.md":        {Data: []byte("---\ntitle: Inicio\n---\n")},
		"content/guides/_index.es.md": {Data: []byte("---\ntitle: Guías\n---\n")},
		"content/other.fr.md":         {Data: []byte("---\ntitle: Other\n---\n")}, // fr is not a language of the site
	}
	var l diag.List
	s := content.Load(fsys, bilingual(), content.Options{}, &l)
	if ds := l.Sorted(); len(ds) > 0 {
		t.Fatal(ds)
	}
	src, es := s.Page("guides/chest"), s.Page("es/guides/chest")
	if src == nil || es == nil {
		t.Fatalf("pages: %v %v", src, es)
	}
	if es.URL != "/es/guides/chest/" || es.Lang != "es-US" || es.Section != "guides" || es.Type != "guides" || es.Source() != src {
		t.Errorf("translation: url %s lang %s section %s type %s source %v", es.URL, es.Lang, es.Section, es.Type, es.Source())
	}
	if es.Guide() == nil || es.Guide().Audience != "PCPs" {
		t.Errorf("the translation does not read its source's facts: %+v", es.Guide())
	}
	if got := s.Translations(src); len(got) != 1 || got[0] != es {
		t.Errorf("Translations(src) = %v", got)
	}
	if src.Source() != nil || len(s.Translations(es)) != 0 {
		t.Error("a source has a source, or a translation has translations")
	}
	if h := s.PageByURL("/es/"); h == nil || h.Kind != content.KindHome || h.Source() != s.Home() {
		t.Errorf("Spanish home: %+v", h)
	}
	if g := s.PageByURL("/es/guides/"); g == nil || g.Kind != content.KindSection || g.Source() != s.Page("guides") {
		t.Errorf("Spanish section list: %+v", g)
	}
	// Lists hold pages of the default language only.
	for _, p := range s.Of("guides") {
		if p.Lang != "" {
			t.Errorf("Of(guides) has %s", p.File)
		}
	}
	for _, p := range s.Sections() {
		if p.Lang != "" {
			t.Errorf("Sections() has %s", p.File)
		}
	}
	if o := s.Page("other.fr"); o == nil || o.Lang != "" {
		t.Errorf("other.fr.md is not an ordinary page: %+v", o)
	}
}

func TestFreshness(t *testing.T) {
	fsys := fstest.MapFS{
		"content/guides/chest.md":    {Data: []byte(guideSrc)},
		"content/guides/chest.es.md": {Data: []byte("---\ntitle: Dolor\n---\n\nIntro.\n\n## Señales\n\nx\n\nOtro\n----\n\ny\n")},
	}
	load := func() (*content.Site, []content.TranslationStatus, []diag.Diagnostic) {
		var l diag.List
		s := content.Load(fsys, bilingual(), content.Options{}, &l)
		st := content.CheckTranslations(fsys, s, &l)
		return s, st, l.Sorted()
	}
	_, st, ds := load()
	if len(st) != 1 || st[0].Freshness.Marked || st[0].Freshness.String() != "never marked" || len(ds) != 1 {
		t.Fatalf("unmarked: %+v %v", st, ds)
	}
	var ids []string
	for _, s := range st[0].Sums {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, " ") != "(top) red-flags setext-heading" {
		t.Errorf("sections %q", ids)
	}
	marked, err := content.Mark("content/guides/chest.es.md", fsys["content/guides/chest.es.md"].Data, st[0].Sums)
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/guides/chest.es.md"] = &fstest.MapFile{Data: marked}
	if _, st, ds = load(); !st[0].Freshness.Current() || len(ds) != 0 {
		t.Fatalf("marked: %v %v", st[0].Freshness, ds)
	}
	for _, c := range []struct{ old, new, want string }{
		{"- Call 911.", "- Call 911 now.", "behind (changed: red-flags)"},
		{"title: Chest pain", "title: Chest pain in adults", "behind (changed: (top))"},
		{"Intro.", "Intro, longer.", "behind (changed: (top))"},
		{"Text.\n", "Text.\n\n## Documents\n\nECG.\n", "behind (new: documents)"},
		{"## Red flags\n\n- Call 911.\n\n", "", "behind (removed: red-flags)"},
		{"audience: PCPs", "audience: Everyone", "current"}, // a fact, not translated
		{"- Call 911.", "- Call 911.   ", "current"},        // trailing blanks
	} {
		fsys["content/guides/chest.md"] = &fstest.MapFile{Data: []byte(strings.Replace(guideSrc, c.old, c.new, 1))}
		_, st, ds := load()
		if got := st[0].Freshness.String(); got != c.want {
			t.Errorf("%q → %q: %s, want %s", c.old, c.new, got, c.want)
		}
		if (c.want == "current") != (len(ds) == 0) {
			t.Errorf("%q → %q: findings %v", c.old, c.new, ds)
		}
		// A section added or removed also leaves the translation with
		// other headings than its source: a second finding.
		n := 1
		if strings.Contains(c.want, "new:") || strings.Contains(c.want, "removed:") {
			n = 2
		}
		if c.want != "current" && (len(ds) != n || !strings.HasPrefix(ds[0].String(), "content/guides/chest.es.md:3:1: warning: translation: this translation is behind content/guides/chest.md, "+c.want[len("behind ("):len(c.want)-1]+";")) {
			t.Errorf("finding %v", ds)
		}
	}
}

func TestTranslationHeadings(t *testing.T) {
	fsys := fstest.MapFS{
		"content/guides/chest.md":    {Data: []byte(guideSrc)},
		"content/guides/chest.es.md": {Data: []byte("---\ntitle: Dolor\n---\n\nIntro.\n\n## Señales\n\nx\n")},
	}
	var l diag.List
	s := content.Load(fsys, bilingual(), content.Options{}, &l)
	content.CheckTranslations(fsys, s, &l)
	want := "content/guides/chest.es.md:4:1: warning: translation: this translation has 1 headings and its source content/guides/chest.md has 2 (red-flags, setext-heading); translate each of the source's sections under a heading of its own, in the same order"
	if got := findings(l.Sorted()); !strings.Contains(got, want) {
		t.Errorf("findings:\n%s\nwant\n%s", got, want)
	}
}

func findings(ds []diag.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return strings.Join(out, "\n")
}

func TestMark(t *testing.T) {
	sums := []content.SectionSum{{ID: "(top)", Sum: "0a0b0c0d"}, {ID: "red-flags", Sum: "12345678"}}
	for _, c := range []struct{ in, want, err string }{
		{"---\ntitle: T\n---\nBody\n", "---\ntitle: T\ntranslates: {\"(top)\": \"0a0b0c0d\", \"red-flags\": \"12345678\"}\n---\nBody\n", ""},
		{"---\ntitle: T\ntranslates:\n  (top): x\n  old: y\ndescription: D\n---\n", "---\ntitle: T\ndescription: D\ntranslates: {\"(top)\": \"0a0b0c0d\", \"red-flags\": \"12345678\"}\n---\n", ""},
		{"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n", "---\r\ntitle: T\r\ntranslates: {\"(top)\": \"0a0b0c0d\", \"red-flags\": \"12345678\"}\n---\r\n", ""},
		{"+++\ntitle = 'T'\n+++\n", "", "x.es.md: only YAML front matter (between --- lines) can be marked; add translates: by hand"},
		{"---\ntitle: T\n", "", "x.es.md: its front matter is never closed; add a line --- after the last key"},
		{"no front matter", "", "x.es.md: only YAML front matter"},
	} {
		got, err := content.Mark("x.es.md", []byte(c.in), sums)
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%q:\ngot  %q (%v)\nwant %q", c.in, got, err, c.want)
		}
	}
}

// FuzzTranslation decodes arbitrary files as translations and marks them:
// nothing panics, findings have positions, and a file Mark accepts
// decodes back to the sums it was given.
func FuzzTranslation(f *testing.F) {
	f.Add([]byte("---\ntitle: T\ntranslates: {\"(top)\": 0a0b0c0d}\n---\nBody\n"))
	f.Add([]byte("---\ntitle: T\ntranslates: [1]\nphone: 1\n---\n"))
	f.Add([]byte("---\ntranslates:\n  a: {b: c}\n---\n"))
	f.Add([]byte("+++\ntitle = 'T'\n+++\n"))
	sums := []content.SectionSum{{ID: "(top)", Sum: "0a0b0c0d"}, {ID: "señales-de-alarma", Sum: "12345678"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"content/guides/x.md":    {Data: []byte(guideSrc)},
			"content/guides/x.es.md": {Data: data},
		}
		var l diag.List
		s := content.Load(fsys, bilingual(), content.Options{}, &l)
		content.CheckTranslations(fsys, s, &l)
		for _, d := range l.Sorted() {
			if d.File == "content/guides/x.es.md" && d.Line < 1 {
				t.Fatalf("finding without a line: %v", d)
			}
		}
		out, err := content.Mark("content/guides/x.es.md", data, sums)
		if err != nil {
			return
		}
		var l2 diag.List
		p, ok := content.LoadFile(fstest.MapFS{"content/guides/x.es.md": {Data: out}}, "content/guides/x.es.md", []string{"en-US", "es-US"}, &l2)
		if !ok {
			return // the front matter had other problems
		}
		if len(p.Translates) != 2 || p.Translates["(top)"] != "0a0b0c0d" || p.Translates["señales-de-alarma"] != "12345678" {
			t.Fatalf("marked file decodes translates as %v:\n%q", p.Translates, out)
		}
	})
}
