package pipeline

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/content"
)

var exampleDay = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func readOut(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(rel, ".html") {
		return FullyMinified(t, string(b))
	}
	return string(b)
}

var (
	htmlLangRE  = regexp.MustCompile(`<html lang=([^ >]+)>`)
	hreflangRE  = regexp.MustCompile(`<link rel=alternate hreflang=([^ ]+) href=([^ >]+)>`)
	langSwitchE = regexp.MustCompile(`<nav class=lang-switch aria-label=([^>]+)>(.*?)</nav>`)
)

// TestTranslatedPages builds the example site, which has Spanish
// translations of its cardiology service and guide, and reads back what a
// reader and a search engine rely on: each page's language, the hreflang
// links both ways, the language switch that stays on the same page, the
// strings in the page's language, the facts taken from the source, and
// the sitemap's alternates.
func TestTranslatedPages(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if res, err := Build(Options{Source: site, Dest: dest, Today: exampleDay}); err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	base := "https://partners.lakeshore-specialty.example"
	for _, c := range []struct {
		file, lang, self, other, otherLang, label string
	}{
		{"services/cardiology/index.html", "en-US", "/services/cardiology/", "/es/services/cardiology/", "es-US", "Language"},
		{"es/services/cardiology/index.html", "es-US", "/es/services/cardiology/", "/services/cardiology/", "en-US", "Idioma"},
		{"guides/cardiology-referral/index.html", "en-US", "/guides/cardiology-referral/", "/es/guides/cardiology-referral/", "es-US", "Language"},
		{"es/guides/cardiology-referral/index.html", "es-US", "/es/guides/cardiology-referral/", "/guides/cardiology-referral/", "en-US", "Idioma"},
	} {
		page := readOut(t, dest, c.file)
		if m := htmlLangRE.FindStringSubmatch(page); m == nil || m[1] != c.lang {
			t.Errorf("%s: html lang %v, want %s", c.file, m, c.lang)
		}
		var links []string
		for _, m := range hreflangRE.FindAllStringSubmatch(page, -1) {
			links = append(links, m[1]+" "+strings.TrimPrefix(m[2], base))
		}
		en, es := c.self, c.other
		if c.lang == "es-US" {
			en, es = c.other, c.self
		}
		if want := []string{"en-US " + en, "es-US " + es, "x-default " + en}; !slices.Equal(links, want) {
			t.Errorf("%s: hreflang %q, want %q", c.file, links, want)
		}
		m := langSwitchE.FindStringSubmatch(page)
		if m == nil || m[1] != c.label {
			t.Fatalf("%s: no language switch labelled %s", c.file, c.label)
		}
		if !strings.Contains(m[2], `<a href=`+c.other+` hreflang=`+c.otherLang) || !strings.Contains(m[2], `aria-current=page lang=`+c.lang) {
			t.Errorf("%s: switch %s", c.file, m[2])
		}
	}
	es := readOut(t, dest, "es/services/cardiology/index.html")
	for _, want := range []string{
		"<h1>Cardiología</h1>",
		"<dt>Especialidad</dt>", "<dt>Seguros aceptados</dt>", // strings from the Spanish table
		"Ir al contenido principal",
		`<nav aria-label=Principal><ul><li><a href=/services/>Servicios</a>`,       // the navigation's titles
		`<li><a href=/providers/>Médicos</a>`, `<h2 id=svc-providers>Médicos</h2>`, // the site's i18n/es-US.yaml over the shipped table
		"Medicare", "(312) 555-0100", // facts from the source and kitgen.yaml, written once
		"<dt>Horario</dt><dd>lun–vie 7:30–17:30<br>sáb 8:00–12:00", // the Loop office's hours, as Spanish writes them
		"<dd>Desde los 18 años</dd>", "<li>Urgente: 2–3 días (al 2 de noviembre de 2026)</li>", "<dt>Consultas por video</dt><dd>Sí</dd>",
		`href=/providers/jose-nunez/`, // an untranslated page links to the default language
	} {
		if !strings.Contains(es, want) {
			t.Errorf("Spanish service page lacks %q", want)
		}
	}
	if en := readOut(t, dest, "services/cardiology/index.html"); !strings.Contains(en, "<dt>Hours</dt><dd>Mon–Fri 7:30 a.m.–5:30 p.m.<br>Sat 8:00 a.m.–12:00 p.m.") {
		t.Error("the English page does not show the Loop office's hours in English")
	}
	// The footer's hours are contact.hours of kitgen.yaml, free text
	// kitgen does not format; the page's own are formatted.
	main := es[strings.Index(es, "<main"):strings.Index(es, "</main>")]
	for _, not := range []string{"<dt>Specialty</dt>", "Skip to main content", "a.m."} {
		if strings.Contains(es, not) && (not != "a.m." || strings.Contains(main, not)) {
			t.Errorf("Spanish service page has the English %q", not)
		}
	}
	// The Spanish guide describes itself to search engines in Spanish.
	guide := readOut(t, dest, "es/guides/cardiology-referral/index.html")
	for _, want := range []string{`"@type":"MedicalWebPage"`, `"inLanguage":"es-US"`, `"name":"Guía de derivación de cardiología"`, `"url":"https://partners.lakeshore-specialty.example/es/guides/cardiology-referral/"`} {
		if !strings.Contains(guide, want) {
			t.Errorf("the Spanish guide's JSON-LD lacks %s", want)
		}
	}
	// A page without a translation has neither links nor a switch.
	if p := readOut(t, dest, "services/orthopedics/index.html"); strings.Contains(p, "hreflang") || strings.Contains(p, "lang-switch") {
		t.Error("a page without a translation has hreflang links or a language switch")
	}

	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Lang string `xml:"hreflang,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(readOut(t, dest, "sitemap.xml")), &sm); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range sm.URLs {
		var ls []string
		for _, l := range u.Links {
			ls = append(ls, l.Lang+" "+strings.TrimPrefix(l.Href, base))
		}
		got[strings.TrimPrefix(u.Loc, base)] = strings.Join(ls, ", ")
	}
	for _, u := range []string{"/services/cardiology/", "/es/services/cardiology/"} {
		if want := "en-US /services/cardiology/, es-US /es/services/cardiology/"; got[u] != want {
			t.Errorf("sitemap alternates of %s: %q, want %q", u, got[u], want)
		}
	}
	if l, ok := got["/services/orthopedics/"]; !ok || l != "" {
		t.Errorf("sitemap: orthopedics listed %v with alternates %q", ok, l)
	}
}

// TestTranslationWithoutLanguages: in a site without languages: a file
// named like a translation is an ordinary page, as it was before kitgen
// had languages.
func TestTranslationWithoutLanguages(t *testing.T) {
	site := t.TempDir()
	put(t, site, "kitgen.yaml", "title: T\nbase_url: https://x.example/\n")
	put(t, site, "content/about.md", "---\ntitle: About\n---\nHello.\n")
	put(t, site, "content/about.es.md", "---\ntitle: Acerca\nphone: x\n---\nHola.\n")
	dest := filepath.Join(t.TempDir(), "out")
	res, err := Build(Options{Source: site, Dest: dest, Today: exampleDay})
	if err == nil {
		t.Fatal("phone: on a free page built")
	}
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].String(), `content/about.es.md:3:1: error: front-matter: unknown key "phone"`) {
		t.Fatalf("findings %v", res.Diags)
	}
	put(t, site, "content/about.es.md", "---\ntitle: Acerca\n---\nHola.\n")
	if _, err := Build(Options{Source: site, Dest: dest, Today: exampleDay}); err != nil {
		t.Fatal(err)
	}
	if p := readOut(t, dest, "about.es/index.html"); !strings.Contains(p, "<html lang=en-US>") || strings.Contains(p, "hreflang") {
		t.Errorf("about.es: %s", p)
	}
}

// TestTranslationFindings: what a translator can get wrong is reported at
// the file and line, with what to do.
func TestTranslationFindings(t *testing.T) {
	site := t.TempDir()
	put(t, site, "kitgen.yaml", "title: T\nbase_url: https://x.example/\nlanguages: [en-US, es-US]\n")
	put(t, site, "content/services/a.md", "---\ntitle: A\nslug: alpha\nspecialty: Cardiology\n---\nA.\n")
	put(t, site, "content/services/a.es.md", "---\ntitle: A es\nspecialty: Cardiología\n---\nA.\n")
	put(t, site, "content/services/b.es.md", "---\ntitle: B es\n---\nB.\n")
	put(t, site, "content/es/c.md", "---\ntitle: C\n---\nC.\n")
	put(t, site, "content/about.es.md", "---\ndescription: sin título\n---\n")
	res, err := Build(Options{Source: site, Dest: filepath.Join(t.TempDir(), "out"), Today: exampleDay})
	if err == nil {
		t.Fatal("built")
	}
	want := []string{
		`content/about.es.md:2:1: error: front-matter: front matter is missing required field "title"; add the translated title, e.g. "title: Cardiología"`,
		`content/es/c.md:1:1: error: duplicate-url: the folder content/es/ is where translations into "es" are published; rename the folder`,
		`content/services/a.es.md:3:1: error: front-matter: specialty is not translated: a translation takes its facts from content/services/a.md; remove it here (a translation has title, description and translates)`,
		`content/services/b.es.md:1:1: error: translation: this translation has no source page: content/services/b.md does not exist (or is a draft); rename the file after the page it translates, or add the page`,
	}
	got := findingLines(res.Diags)
	if !slices.Equal(got, want) {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Fixed, the slug differs from the source's.
	put(t, site, "content/services/a.es.md", "---\ntitle: A es\n---\nA.\n")
	for _, f := range []string{"content/services/b.es.md", "content/es/c.md", "content/about.es.md"} {
		os.Remove(filepath.Join(site, filepath.FromSlash(f)))
	}
	res, _ = Build(Options{Source: site, Dest: filepath.Join(t.TempDir(), "out"), Today: exampleDay})
	want = []string{`content/services/a.es.md:1:1: error: translation: this translation is published at /es/services/a/, but its source content/services/a.md is at /services/alpha/; give it the same slug as its source`}
	if got := findingLines(res.Diags); !slices.Equal(got, want) {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	put(t, site, "content/services/a.es.md", "---\ntitle: A es\nslug: alpha\n---\nA.\n")
	dest := filepath.Join(t.TempDir(), "out")
	if res, err := Build(Options{Source: site, Dest: dest, Today: exampleDay}); err != nil {
		t.Fatalf("%v %v", err, res.Diags)
	}
	if p := readOut(t, dest, "es/services/alpha/index.html"); !strings.Contains(p, "<dd>Cardiology</dd>") {
		t.Errorf("the translation does not show its source's specialty")
	}
}

// TestSessionTranslation: the dev server renders a translation again when
// its source's facts change, and its source when a translation comes or
// goes, as a full build would.
func TestSessionTranslation(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: exampleDay}
	s := startSession(t, opts)
	edit(t, site, "content/services/cardiology.md", "specialty: Cardiology", "specialty: Adult cardiology")
	if u, err := s.Rebuild([]string{"content/services/cardiology.md"}); err != nil || u.Full {
		t.Fatalf("%v %v", err, u)
	}
	if !strings.Contains(readOut(t, dest, "es/services/cardiology/index.html"), "<dd>Adult cardiology</dd>") {
		t.Error("the translation still shows the old specialty")
	}
	sameAsFullBuild(t, site, dest, opts)

	f := "content/services/orthopedics.es.md"
	put(t, site, f, "---\ntitle: Ortopedia\n---\nTexto.\n")
	if _, err := s.Rebuild([]string{f}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readOut(t, dest, "services/orthopedics/index.html"), "hreflang=es-US href=https://partners.lakeshore-specialty.example/es/services/orthopedics/") {
		t.Error("the source has no hreflang link to its new translation")
	}
	sameAsFullBuild(t, site, dest, opts)
	os.Remove(filepath.Join(site, f))
	if _, err := s.Rebuild([]string{f}); err != nil {
		t.Fatal(err)
	}
	sameAsFullBuild(t, site, dest, opts)

	// A site's own string changes every Spanish page, and no English one.
	edit(t, site, "i18n/es-US.yaml", "nav_providers: Médicos", "nav_providers: Doctores")
	before := readOut(t, dest, "services/cardiology/index.html")
	if _, err := s.Rebuild([]string{"i18n/es-US.yaml"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readOut(t, dest, "es/guides/cardiology-referral/index.html"), ">Doctores</a>") || readOut(t, dest, "services/cardiology/index.html") != before {
		t.Error("the string edit did not reach the Spanish pages, or changed an English one")
	}
	sameAsFullBuild(t, site, dest, opts)

	edit(t, site, "kitgen.yaml", "languages: [en-US, es-US]", "languages: [en-US]")
	u, err := s.Rebuild([]string{"kitgen.yaml"})
	if err == nil {
		t.Fatal("built with links to Spanish pages that are no longer published")
	}
	// Without Spanish, cardiology.es.md is an English page at
	// /services/cardiology.es/, which has no business with translates:.
	if got := strings.Join(findingLines(u.Diags), "\n"); !strings.Contains(got, "content/services/cardiology.es.md:4:13: error: front-matter: translates: belongs to a translation, and this page is not one") {
		t.Errorf("findings without Spanish:\n%s", got)
	}
}

// put writes one file of a site, creating its folder.
func put(t *testing.T, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// markTranslations records every translation of the site as up to date
// with its source, as kitgen translations mark does.
func markTranslations(t *testing.T, site string, day time.Time) {
	t.Helper()
	res, err := Build(Options{Source: site, Dest: filepath.Join(t.TempDir(), "check"), Today: day, CheckOnly: true, Preview: true})
	if err != nil {
		t.Fatalf("%v %v", err, res.Diags)
	}
	for _, tr := range res.Translations {
		p := filepath.Join(site, filepath.FromSlash(tr.File))
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out, err := content.Mark(tr.File, src, tr.Sums)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTranslatedProviderLabels: the labels of a translated provider page
// and of the Spanish providers list are Spanish, while the facts they
// label come from the English source.
func TestTranslatedProviderLabels(t *testing.T) {
	site := copySite(t)
	put(t, site, "content/providers/jose-nunez.es.md", "---\ntitle: José Núñez\n---\nCardiólogo.\n")
	put(t, site, "content/providers/_index.es.md", "---\ntitle: Profesionales\n---\n")
	dest := filepath.Join(t.TempDir(), "out")
	if res, err := Build(Options{Source: site, Dest: dest, Today: exampleDay}); err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	en := readOut(t, dest, "providers/jose-nunez/index.html")
	es := readOut(t, dest, "es/providers/jose-nunez/index.html")
	for _, c := range []struct{ en, es string }{
		{"<dt>New referrals</dt>", "<dt>Nuevas derivaciones</dt>"},
		{"<dt>Locations</dt>", "<dt>Centros</dt>"},
		{"<dt>Languages</dt>", "<dt>Idiomas</dt>"},
		{`title="National Provider Identifier"`, `title="Identificador Nacional de Proveedor"`},
	} {
		if !strings.Contains(en, c.en) {
			t.Errorf("the English page has no %s", c.en)
		}
		if !strings.Contains(es, c.es) || strings.Contains(es, c.en) {
			t.Errorf("the Spanish page has %s, or not %s", c.en, c.es)
		}
	}
	// The NPI is a fact of the source, the same on both pages.
	npi := regexp.MustCompile(`NPI</abbr></dt><dd>(\d+)</dd>`)
	if a, b := npi.FindStringSubmatch(en), npi.FindStringSubmatch(es); a == nil || b == nil || a[1] != b[1] {
		t.Errorf("NPI on the English page %v, on the Spanish page %v", a, b)
	}
	// The referral status, a fact of the source, in the page's words.
	if !strings.Contains(en, "<dt>New referrals</dt><dd>Accepting</dd>") || !strings.Contains(es, "<dt>Nuevas derivaciones</dt><dd>Acepta</dd>") {
		t.Errorf("referral status of an accepting provider: English page %v, Spanish page %v",
			strings.Contains(en, "<dd>Accepting</dd>"), strings.Contains(es, "<dd>Acepta</dd>"))
	}
	list := readOut(t, dest, "es/providers/index.html")
	if !strings.Contains(list, "<dt>Nuevas derivaciones</dt>") || strings.Contains(list, "<dt>New referrals</dt>") {
		t.Errorf("the Spanish providers list does not label referrals in Spanish")
	}
	// Ingrid Sørensen is not accepting referrals: the list must say so in
	// Spanish, and never in words that read as a yes.
	if !strings.Contains(list, "<dd>No acepta</dd>") || strings.Contains(list, "<dd>Not accepting</dd>") {
		t.Errorf("the Spanish providers list does not state a provider who is not accepting referrals in Spanish")
	}
}
