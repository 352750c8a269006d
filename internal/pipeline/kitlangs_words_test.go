package pipeline

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/mail/mailtest"
	"github.com/kitgen/kitgen/internal/partner"
	"github.com/kitgen/kitgen/internal/pdf"
)

// siteTables returns the example site's English and Spanish tables, its
// own i18n/ overrides included.
func siteTables(t *testing.T, site string) (en, es *i18n.Table) {
	t.Helper()
	var l diag.List
	set := i18n.Load(os.DirFS(site), []string{"en-US", "es-US"}, &l)
	if len(l.Sorted()) > 0 {
		t.Fatalf("tables: %v", l.Sorted())
	}
	return set.For("en-US"), set.For("es-US")
}

// TestTranslatedKitWords builds the example site and reads the Spanish
// cardiology kit's fax cover sheet and PDF back with pdftotext, its kit
// page's contact labels and changelog, and the feed with encoding/xml:
// every fixed string is the Spanish table's, none the English table's;
// the English kit's cover sheet and feed entries keep their English words.
// The facts block reads the same in each kit's PDF, its kit page and the
// service page of its language.
func TestTranslatedKitWords(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	res := buildAt(t, site, exampleDay.AddDate(0, 0, 10), Options{Dest: dest, Locked: true, Strict: true})
	version := strconv.Itoa(kitResult(t, res, "cardiology.es").Version)
	en, es := siteTables(t, site)
	differs := func(k string) bool { return en.T(k) != es.T(k) }

	// The fax cover sheet.
	cover := kitWordsOf(t, filepath.Join(dest, "kits/cardiology/cardiology.es-fax-cover.pdf"))
	for _, want := range []string{strings.ToUpper(es.T("fax_cover")), es.T("fax_cover_title", "Kit de derivación: Cardiología"),
		es.T("fax_cover_audience", version), es.T("fax_to"), es.T("fax_fill_in"), es.T("fax_field_to"), es.T("fax_field_from"),
		es.T("fax_field_date"), es.T("fax_field_pages"), es.T("fax_field_patient"), es.T("fax_included"),
		strings.ToUpper(es.T("phone")), es.T("version_n", version), es.T("scan_the_code")} {
		if !strings.Contains(cover, want) {
			t.Errorf("the Spanish cover sheet lacks %q:\n%s", want, cover)
		}
	}
	for _, k := range append(append([]string{}, kit.CoverKeys...), "phone", "version_n", "effective", "scan_the_code", "current_version") {
		english := strings.TrimSpace(strings.SplitN(en.T(k, "1"), "{", 2)[0])
		if differs(k) && english != "" && (hasPhrase(cover, english) || hasPhrase(cover, strings.ToUpper(english))) {
			t.Errorf("the Spanish cover sheet prints the English %s %q", k, english)
		}
	}
	enCover := kitWordsOf(t, filepath.Join(dest, "kits/cardiology/cardiology-fax-cover.pdf"))
	for _, want := range []string{"FAX COVER SHEET", "Fax to", "Fill in before faxing", "To From", "Date Pages, including this one", "Patient name", "Included with this fax"} {
		if !strings.Contains(enCover, want) {
			t.Errorf("the English cover sheet lacks %q", want)
		}
	}

	// The kit PDF: no string of the English table it prints.
	kitText := kitWordsOf(t, filepath.Join(dest, "kits/cardiology/cardiology.es-latest.pdf"))
	for k := range pdf.Words {
		english := strings.TrimSpace(strings.SplitN(en.T(k), "{", 2)[0])
		if !differs(k) || english == "" || strings.HasPrefix(k, "partner_") {
			continue
		}
		if hasPhrase(kitText, english) || hasPhrase(kitText, strings.ToUpper(english)) {
			t.Errorf("the Spanish kit prints the English %s %q", k, english)
		}
	}

	// The kit page: its contact block and changelog.
	page := readOut(t, dest, "es/kits/cardiology/index.html")
	var labels []string
	for _, m := range regexp.MustCompile(`<dt>([^<]+)</dt>`).FindAllStringSubmatch(page, -1) {
		labels = append(labels, m[1])
	}
	want := []string{es.T("location"), es.T("phone"), es.T("fax"), es.T("fax_cover"), es.T("ereferral"), es.T("email"), es.T("hours"), es.T("address")}
	if !strings.Contains(strings.Join(labels, "|"), strings.Join(want, "|")) {
		t.Errorf("the Spanish kit page's contact labels are %q, want %q", labels, want)
	}
	for _, english := range []string{"Focus:", "Fax cover sheet", "practice contact details", "the kit's layout", "the kit&#39;s layout"} {
		if strings.Contains(page, english) {
			t.Errorf("the Spanish kit page says %q", english)
		}
	}
	if !strings.Contains(page, es.T("change_practice_contact")) || !strings.Contains(page, es.T("focus")+": ") {
		t.Error("the Spanish kit page's changelog or provider list is not in Spanish")
	}

	// What kitgen.yaml writes as text, in the words i18n/es-US.yaml gives
	// it: the escalation line's label (line_cardiology-urgent) on the
	// Spanish guide and kit, the practice's hours (contact_hours) in the
	// Spanish footer; the English pages keep kitgen.yaml's words.
	for _, c := range []struct{ file, want, not string }{
		{"es/guides/cardiology-referral/index.html", "<p>Cardiólogo de guardia (24/7): <a href=tel:+13125550110>", "Cardiology on-call"},
		{"guides/cardiology-referral/index.html", "<p>Cardiology on-call physician (24/7): <a href=tel:+13125550110>", "Cardiólogo"},
		{"es/services/cardiology/index.html", "<dt>Horario</dt><dd>lun–vie 7:00–18:00</dd>", "6:00 p.m."},
		{"services/cardiology/index.html", "<dt>Hours</dt><dd>Mon–Fri 7:00 a.m.–6:00 p.m.</dd>", "7:00–18:00"},
	} {
		page := readOut(t, dest, c.file)
		if !strings.Contains(page, c.want) || strings.Contains(page, c.not) {
			t.Errorf("%s: has %q: %v, has %q: %v", c.file, c.want, strings.Contains(page, c.want), c.not, strings.Contains(page, c.not))
		}
	}
	if !strings.Contains(kitText, "Cardiólogo de guardia (24/7): (312) 555-0110") || strings.Contains(kitText, "Cardiology on-call") {
		t.Error("the Spanish kit does not name the on-call line in Spanish")
	}

	// The facts block of the cardiology kit (ages, wait times and video
	// visits of the cardiology page): in the PDF and on the kit page of
	// each language, labelled from that language's table, each value as
	// the service page in that language states it.
	for _, c := range []struct {
		lang                 string
		tr                   *i18n.Table
		pdf, kitPage, page   string
		heading, wait, video string
		ages                 string
		waits                []string
	}{
		{"en-US", en, "kits/cardiology/cardiology-latest.pdf", "kits/cardiology/index.html", "services/cardiology/index.html",
			"Cardiology", "Wait for a first visit", "Offered", "Ages 18 and over",
			[]string{"Urgent: 2–3 days (as of November 2, 2026)", "Routine: 3–4 weeks (as of November 2, 2026)"}},
		{"es-US", es, "kits/cardiology/cardiology.es-latest.pdf", "es/kits/cardiology/index.html", "es/services/cardiology/index.html",
			"Cardiología", "Espera para una primera consulta", "Sí", "Desde los 18 años",
			[]string{"Urgente: 2–3 días (al 2 de noviembre de 2026)", "Ordinaria: 3–4 semanas (al 2 de noviembre de 2026)"}},
	} {
		if c.tr.T("wait_first_visit") != c.wait {
			t.Errorf("%s: the table's wait_first_visit is %q", c.lang, c.tr.T("wait_first_visit"))
		}
		items := []string{c.tr.T("who_we_see") + ": " + c.ages, c.wait + ": " + strings.Join(c.waits, "; "), c.tr.T("video_visits") + ": " + c.video}
		text := kitWordsOf(t, filepath.Join(dest, c.pdf))
		if want := "• " + strings.Join(items, " • "); !strings.Contains(text, want) {
			t.Errorf("the %s kit PDF lacks the facts %q:\n%s", c.lang, want, text)
		}
		var html []string
		for _, it := range items {
			label, value, _ := strings.Cut(it, ": ")
			html = append(html, "<li><strong>"+label+": </strong>"+value+"</li>")
		}
		if want := "<h3>" + c.heading + "</h3><ul>" + strings.Join(html, "") + "</ul>"; !strings.Contains(readOut(t, dest, c.kitPage), want) {
			t.Errorf("the %s kit page lacks the facts block %q", c.lang, want)
		}
		page := readOut(t, dest, c.page)
		for _, want := range []string{"<dt>" + c.tr.T("who_we_see") + "</dt><dd>" + c.ages + "</dd>", "<li>" + c.waits[0] + "</li><li>" + c.waits[1] + "</li>", "<dt>" + c.tr.T("video_visits") + "</dt><dd>" + c.video + "</dd>"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s does not state %q as the kit does", c.page, want)
			}
		}
	}

	// The feed, read as XML.
	var feed struct {
		Entries []struct {
			Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(readOut(t, dest, "kits/feed.xml")), &feed); err != nil {
		t.Fatal(err)
	}
	var spanish, english int
	for _, e := range feed.Entries {
		v := regexp.MustCompile(`#?v?(\d+)$`).FindStringSubmatch(e.Title)
		if v == nil {
			t.Errorf("entry %q names no version", e.Title)
			continue
		}
		n, _ := strconv.Atoi(v[1])
		if strings.Contains(e.Link.Href, "/es/kits/") {
			spanish++
			if e.Lang != "es-US" || e.Title != es.T("feed_entry_title", "Kit de derivación: Cardiología", n) ||
				!strings.HasPrefix(e.Summary, es.T("feed_summary", n, "2026-12-01")) || !strings.Contains(e.Summary, " Cambios: ") ||
				strings.Contains(e.Summary, "Changed") || strings.Contains(e.Summary, "Version") {
				t.Errorf("Spanish feed entry: lang %q, title %q, summary %q", e.Lang, e.Title, e.Summary)
			}
			continue
		}
		english++
		if e.Lang != "" || !strings.HasSuffix(e.Title, ": version "+v[1]) || !strings.HasPrefix(e.Summary, "Version "+v[1]+" effective ") {
			t.Errorf("English feed entry: lang %q, title %q, summary %q", e.Lang, e.Title, e.Summary)
		}
	}
	if spanish == 0 || english == 0 {
		t.Errorf("%d Spanish and %d English feed entries", spanish, english)
	}
}

// hasPhrase reports whether text has phrase as words of their own, so
// that "To" is not found in "Tomografía" nor "Contact" in "Contacto".
func hasPhrase(text, phrase string) bool {
	return regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(phrase) + `($|[^\pL\pN])`).MatchString(text)
}

// TestSessionCoverWording: in the dev server, a new wording of a fax
// cover string in the site's Spanish table re-renders the Spanish kit's
// cover sheet, which no kit version records, and leaves the kits and
// the English sheet as they were, as a full build does.
func TestSessionCoverWording(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: exampleDay.AddDate(0, 0, 10)}
	s := startSession(t, opts)
	kitBefore := readOut(t, dest, "kits/cardiology/cardiology.es-latest.pdf")
	enCover := readOut(t, dest, "kits/cardiology/cardiology-fax-cover.pdf")
	f := filepath.Join(site, "i18n/es-US.yaml")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, append(b, "fax_to: Envíelo por fax a\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild([]string{"i18n/es-US.yaml"}); err != nil {
		t.Fatal(err)
	}
	if text := kitWordsOf(t, filepath.Join(dest, "kits/cardiology/cardiology.es-fax-cover.pdf")); !strings.Contains(text, "Envíelo por fax a") {
		t.Errorf("the Spanish cover sheet after the edit:\n%s", text)
	}
	if readOut(t, dest, "kits/cardiology/cardiology.es-latest.pdf") != kitBefore || readOut(t, dest, "kits/cardiology/cardiology-fax-cover.pdf") != enCover {
		t.Error("a cover sheet's wording changed a kit or the English cover sheet")
	}
	sameAsFullBuild(t, site, dest, opts)
}

// navLinks returns the main navigation of a built page as "title url".
func navLinks(t *testing.T, page string) []string {
	t.Helper()
	nav := regexp.MustCompile(`(?s)<nav aria-label=(?:Main|Principal)>(.*?)</nav>`).FindStringSubmatch(page)
	if nav == nil {
		t.Fatal("no main navigation")
	}
	var out []string
	for _, m := range regexp.MustCompile(`<a href=([^ >]+)[^>]*>([^<]*)</a>`).FindAllStringSubmatch(nav[1], -1) {
		out = append(out, m[2]+" "+m[1])
	}
	return out
}

// TestMenuPageTranslation: a page in the navigation (menu: true) with a
// Spanish translation is linked by it, with its Spanish title, from the
// Spanish pages, and marked current on it; the English pages link the
// English page. Without the translation, the Spanish pages link the
// English page by its English title. In the dev server, a new Spanish
// title shows in the Spanish navigation, as in a full build.
func TestMenuPageTranslation(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: exampleDay.AddDate(0, 0, 10)}
	s := startSession(t, opts)
	has := func(links []string, want string) bool { return slices.Contains(links, want) }
	if es := navLinks(t, readOut(t, dest, "es/services/cardiology/index.html")); !has(es, "Seguros y cobertura /es/insurance/") || has(es, "Insurance and coverage /insurance/") {
		t.Errorf("the Spanish navigation: %q", es)
	}
	if en := navLinks(t, readOut(t, dest, "services/cardiology/index.html")); !has(en, "Insurance and coverage /insurance/") {
		t.Errorf("the English navigation: %q", en)
	}
	if page := readOut(t, dest, "es/insurance/index.html"); !strings.Contains(page, `<a href=/es/insurance/ aria-current=page>Seguros y cobertura</a>`) {
		t.Error("the Spanish menu page is not marked current in its navigation")
	}

	edit(t, site, "content/insurance.es.md", "title: Seguros y cobertura", "title: Seguros médicos")
	if _, err := s.Rebuild([]string{"content/insurance.es.md"}); err != nil {
		t.Fatal(err)
	}
	if es := navLinks(t, readOut(t, dest, "es/services/cardiology/index.html")); !has(es, "Seguros médicos /es/insurance/") {
		t.Errorf("the Spanish navigation after the edit: %q", es)
	}
	sameAsFullBuild(t, site, dest, opts)

	if err := os.Remove(filepath.Join(site, "content/insurance.es.md")); err != nil {
		t.Fatal(err)
	}
	res := buildAt(t, site, exampleDay.AddDate(0, 0, 10), Options{Dest: filepath.Join(t.TempDir(), "without")})
	if es := navLinks(t, readOut(t, res.Dest, "es/services/cardiology/index.html")); !has(es, "Insurance and coverage /insurance/") {
		t.Errorf("the Spanish navigation without the translation: %q", es)
	}
}

// TestPartnerDraftOfTranslatedKit: a partner given the Spanish kit
// (kits: [cardiology.es]) gets its draft from the partner cover message's
// Spanish translation, with its code stated and the partner's name filled
// in, once the translation is marked as translating the message as it
// is; without that translation, or before it is marked, from the English
// message, in English, with a warning that names the file to add or mark.
func TestPartnerDraftOfTranslatedKit(t *testing.T) {
	site := copySite(t)
	put(t, site, "partners/clinica-del-sur.yaml", "name: Clínica del Sur\nsegment: primary-care\ncode: "+partnerCode(t, "clinica-del-sur")+"\nkits: [cardiology.es]\n")
	day := exampleDay.AddDate(0, 0, 10)
	buildAt(t, site, day, Options{Dest: filepath.Join(t.TempDir(), "out")}) // records the partner
	draft := func() (*mailtest.Parsed, []string) {
		t.Helper()
		res := buildAt(t, site, day, Options{CheckOnly: true, Locked: true, Mail: true})
		var warnings []string
		for _, d := range res.Diags {
			if d.Rule == diag.RuleMessage && strings.Contains(d.Message, "no translation") || d.Rule == diag.RuleTranslation && strings.Contains(d.Message, "draft") {
				warnings = append(warnings, d.String())
			}
		}
		for _, d := range res.Drafts {
			if d.Partner == "clinica-del-sur" {
				p, err := mailtest.Read(d.Data)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(d.File, "cardiology.es-v") {
					t.Errorf("the partner's draft is %s", d.File)
				}
				return p, warnings
			}
		}
		t.Fatal("no draft for the partner")
		return nil, nil
	}
	p, warnings := draft()
	if p.Header.Get("Content-Language") != "en-US" || !strings.Contains(p.Text, "Dear Clínica del Sur team,") || !strings.Contains(p.Subject, ", version ") {
		t.Errorf("without a translation: Content-Language %q, subject %q, text:\n%s", p.Header.Get("Content-Language"), p.Subject, p.Text)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "messages/partner-kit-cover.md:1:1: warning: message: kit \"cardiology.es\" is in es-US, but this message has no translation into it (messages/partner-kit-cover.es.md)") {
		t.Errorf("warnings %q", warnings)
	}

	put(t, site, "messages/partner-kit-cover.es.md", "---\nsubject: \"Su kit de derivación, código {{partner.code}}\"\n---\n\nEstimado equipo de {{referring_office}}:\n\nIndique el código {{partner.code}} en cada derivación.\n")
	// Not yet marked as translating the message as it is: the draft is
	// still the English message's.
	p, warnings = draft()
	if p.Header.Get("Content-Language") != "en-US" || !strings.Contains(p.Text, "Dear Clínica del Sur team,") || len(warnings) != 1 ||
		warnings[0] != `messages/partner-kit-cover.es.md:1:1: warning: translation: kit "cardiology.es" is in es-US, but this translation of messages/partner-kit-cover.md does not say which version of it translates, so the kit's draft is written from messages/partner-kit-cover.md, in en-US; bring the translation up to date, then run kitgen translations mark messages/partner-kit-cover.es.md` {
		t.Errorf("with a translation never marked: Content-Language %q, warnings %q, text:\n%s", p.Header.Get("Content-Language"), warnings, p.Text)
	}
	markTranslations(t, site, day)
	p, warnings = draft()
	code := partnerCode(t, "clinica-del-sur")
	if p.Header.Get("Content-Language") != "es-US" || !strings.HasPrefix(p.Subject, "Su kit de derivación, código "+code+": Kit de derivación: Cardiología, versión ") || !strings.Contains(p.Text, "Estimado equipo de Clínica del Sur:") || !strings.Contains(p.Text, "Indique el código "+code) || len(warnings) != 0 {
		t.Errorf("with a translation: Content-Language %q, subject %q, warnings %q, text:\n%s", p.Header.Get("Content-Language"), p.Subject, warnings, p.Text)
	}
}

// partnerCode is the referral code kitgen makes for a partner id.
func partnerCode(t *testing.T, id string) string {
	t.Helper()
	code, err := partner.Generate(id, nil)
	if err != nil {
		t.Fatal(err)
	}
	return code
}
