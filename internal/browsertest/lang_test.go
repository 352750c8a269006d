package browsertest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLanguages reads a Spanish page as a browser and a screen reader
// see it: its language, its hreflang links to itself and to the English
// page, the language switch that leads to the same page in English and
// back, and the theme's labels in Spanish.
func TestLanguages(t *testing.T) {
	s := setup(t)
	tab := s.open(t, desktop)
	type page struct {
		Lang     string
		Hreflang []string
		Switch   []string
		Labels   []string
	}
	read := func() page {
		return eval[page](t, tab, `(() => ({
  Lang: document.documentElement.lang,
  Hreflang: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => l.hreflang + ' ' + new URL(l.href).pathname),
  Switch: [...document.querySelectorAll('nav.lang-switch li')].map(li => {
    const a = li.querySelector('a');
    return a ? a.lang + ' ' + a.innerText.trim() + ' ' + a.getAttribute('href') : li.innerText.trim() + ' (current)';
  }),
  Labels: [...document.querySelectorAll('main dt')].map(dt => dt.innerText.trim()),
}))()`)
	}
	hreflang := "en-US /services/cardiology/|es-US /es/services/cardiology/|x-default /services/cardiology/"

	tab.load(t, "/es/services/cardiology/", 200)
	es := read()
	if es.Lang != "es-US" || strings.Join(es.Hreflang, "|") != hreflang {
		t.Errorf("Spanish page: lang %q, hreflang %q", es.Lang, es.Hreflang)
	}
	if want := "en-US English /services/cardiology/|Español (current)"; strings.Join(es.Switch, "|") != want {
		t.Errorf("Spanish page's switch %q, want %q", es.Switch, want)
	}
	if label := eval[string](t, tab, `document.querySelector('nav.lang-switch').getAttribute('aria-label')`); label != "Idioma" {
		t.Errorf("the switch is labelled %q", label)
	}
	if !contains(es.Labels, "Especialidad") || contains(es.Labels, "Specialty") {
		t.Errorf("Spanish page's labels: %q", es.Labels)
	}
	// The navigation leads to the Spanish version of a menu page, by its
	// Spanish title, and the footer gives the practice's hours in Spanish.
	menu := eval[string](t, tab, `(() => { const a = [...document.querySelectorAll('nav[aria-label="Principal"] a')].find(a => a.pathname.endsWith('/insurance/')); return a ? a.innerText.trim() + ' ' + a.pathname : ''; })()`)
	if menu != "Seguros y cobertura /es/insurance/" {
		t.Errorf("the Spanish navigation's menu page: %q", menu)
	}
	if hours := eval[string](t, tab, `(() => { const dt = [...document.querySelectorAll('footer dt')].find(d => d.innerText.trim() === 'Horario'); return dt ? dt.nextElementSibling.innerText.trim() : ''; })()`); hours != "lun–vie 7:00–18:00" {
		t.Errorf("the Spanish footer's hours: %q", hours)
	}

	// The switch keeps the reader on the same page.
	res, err := chromedp.RunResponse(tab.ctx, chromedp.Click(chromedp.CSS(`nav.lang-switch a[hreflang="en-US"]`)))
	if err != nil || res.Status != 200 {
		t.Fatalf("following the switch: %v %v", res, err)
	}
	if u := eval[string](t, tab, `location.pathname`); u != "/services/cardiology/" {
		t.Fatalf("the switch led to %s", u)
	}
	en := read()
	if en.Lang != "en-US" || strings.Join(en.Hreflang, "|") != hreflang {
		t.Errorf("English page: lang %q, hreflang %q", en.Lang, en.Hreflang)
	}
	if want := "English (current)|es-US Español /es/services/cardiology/"; strings.Join(en.Switch, "|") != want {
		t.Errorf("English page's switch %q, want %q", en.Switch, want)
	}
	if !contains(en.Labels, "Specialty") {
		t.Errorf("English page's labels: %q", en.Labels)
	}
}

// TestKitLanguages: the English kit page's language switch leads to the
// Spanish kit page, which is in Spanish, links back with hreflang, and
// offers the Spanish PDF, which the server serves. The kit's facts block
// is in each page's language.
func TestKitLanguages(t *testing.T) {
	s := setup(t)
	tab := s.open(t, desktop)
	tab.load(t, "/kits/cardiology/", 200)
	// The kit's facts block (the cardiology page's ages, wait times and
	// video visits) as a reader sees it under its heading: English here,
	// Spanish on the Spanish kit page below.
	facts := func(heading string) []string {
		t.Helper()
		return eval[[]string](t, tab, `(() => {
  const h = [...document.querySelectorAll('main h3')].find(h => h.innerText.trim() === `+strconv.Quote(heading)+`);
  const list = h && h.nextElementSibling;
  return list && list.tagName === 'UL' ? [...list.children].map(li => li.innerText.trim() + (li.querySelector('strong') ? ' [label: ' + li.querySelector('strong').innerText.trim() + ']' : '')) : [];
})()`)
	}
	if got, want := facts("Cardiology"), []string{
		"Who we see: Ages 18 and over [label: Who we see:]",
		"Wait for a first visit: Urgent: 2–3 days (as of November 2, 2026); Routine: 3–4 weeks (as of November 2, 2026) [label: Wait for a first visit:]",
		"Video visits: Offered [label: Video visits:]",
	}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the English kit page's facts:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	res, err := chromedp.RunResponse(tab.ctx, chromedp.Click(chromedp.CSS(`nav.lang-switch a[hreflang="es-US"]`)))
	if err != nil || res.Status != 200 {
		t.Fatalf("following the switch: %v %v", res, err)
	}
	type page struct {
		Path, Lang, H1, PDF string
		Hreflang            []string
	}
	p := eval[page](t, tab, `(() => ({
  Path: location.pathname,
  Lang: document.documentElement.lang,
  H1: document.querySelector('main h1').innerText.trim(),
  PDF: [...document.querySelectorAll('main a[href$=".pdf"]')].map(a => a.getAttribute('href')).find(h => /-v\d+\.pdf$/.test(h)) || '',
  Hreflang: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => l.hreflang + ' ' + new URL(l.href).pathname),
}))()`)
	if p.Path != "/es/kits/cardiology/" || p.Lang != "es-US" || p.H1 != "Kit de derivación: Cardiología" {
		t.Errorf("Spanish kit page: %+v", p)
	}
	if want := "en-US /kits/cardiology/|es-US /es/kits/cardiology/|x-default /kits/cardiology/"; strings.Join(p.Hreflang, "|") != want {
		t.Errorf("Spanish kit page's hreflang %q, want %q", p.Hreflang, want)
	}
	if !strings.HasPrefix(p.PDF, "/kits/cardiology/cardiology.es-v") {
		t.Fatalf("the Spanish kit page offers %q", p.PDF)
	}
	if status := eval[int](t, tab, `fetch('`+p.PDF+`').then(r => r.headers.get('content-type') === 'application/pdf' ? r.status : -r.status)`, chromedp.EvalAwaitPromise); status != 200 {
		t.Errorf("%s: status %d (negative: not a PDF)", p.PDF, status)
	}
	// The kit as a web page labels its contact block in Spanish, and its
	// fax cover sheet, which the server serves, is the Spanish one.
	labels := eval[[]string](t, tab, `[...document.querySelectorAll('main dl.contact dt')].map(d => d.innerText.trim())`)
	if want := "Centro|Teléfono|Fax|Portada de fax|Derivación electrónica|Correo electrónico|Horario|Dirección"; strings.Join(labels, "|") != want {
		t.Errorf("the Spanish kit page's contact labels %q, want %q", labels, want)
	}
	if got, want := facts("Cardiología"), []string{
		"A quién atendemos: Desde los 18 años [label: A quién atendemos:]",
		"Espera para una primera consulta: Urgente: 2–3 días (al 2 de noviembre de 2026); Ordinaria: 3–4 semanas (al 2 de noviembre de 2026) [label: Espera para una primera consulta:]",
		"Consultas por video: Sí [label: Consultas por video:]",
	}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the Spanish kit page's facts:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	cover := eval[string](t, tab, `(document.querySelector('main dl.contact a[href$="-fax-cover.pdf"]') || {}).innerText || ''`)
	if cover != "Portada de fax (PDF)" {
		t.Errorf("the Spanish kit page's cover sheet link reads %q", cover)
	}
	if status := eval[int](t, tab, `fetch('/kits/cardiology/cardiology.es-fax-cover.pdf').then(r => r.headers.get('content-type') === 'application/pdf' ? r.status : -r.status)`, chromedp.EvalAwaitPromise); status != 200 {
		t.Errorf("the Spanish cover sheet: status %d (negative: not a PDF)", status)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestProviderLanguages reads the example's provider page in Spanish and
// in English as a reader sees them: the languages the provider speaks and
// the clinic days, the same facts in each page's words.
func TestProviderLanguages(t *testing.T) {
	s := setup(t)
	tab := s.open(t, desktop)
	fact := func(label string) string {
		return eval[string](t, tab, `(() => { const dt = [...document.querySelectorAll('main dt')].find(d => d.innerText.trim() === `+strconv.Quote(label)+`); return dt ? dt.nextElementSibling.innerText.trim() : '(none)'; })()`)
	}
	for _, c := range []struct{ path, lang, languagesLabel, languages, daysLabel, days string }{
		{"/es/providers/jose-nunez/", "es-US", "Idiomas", "inglés, español", "Días de consulta", "lun, mié, jue"},
		{"/providers/jose-nunez/", "en-US", "Languages", "English, Spanish", "Clinic days", "Mon, Wed, Thu"},
	} {
		tab.load(t, c.path, 200)
		if lang := eval[string](t, tab, `document.documentElement.lang`); lang != c.lang {
			t.Errorf("%s: lang %q, want %q", c.path, lang, c.lang)
		}
		if got := fact(c.languagesLabel); got != c.languages {
			t.Errorf("%s: %s %q, want %q", c.path, c.languagesLabel, got, c.languages)
		}
		if got := fact(c.daysLabel); got != c.days {
			t.Errorf("%s: %s %q, want %q", c.path, c.daysLabel, got, c.days)
		}
	}
}
