package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

func load(t *testing.T, files fstest.MapFS, langs ...string) (*Set, []diag.Diagnostic) {
	t.Helper()
	var l diag.List
	s := Load(files, langs, &l)
	return s, l.Sorted()
}

func TestShippedTablesHaveTheSameKeys(t *testing.T) {
	s, ds := load(t, fstest.MapFS{}, "en-US", "es-US")
	if len(ds) > 0 {
		t.Fatalf("shipped tables have findings: %v", ds)
	}
	en, es := s.For("en-US"), s.For("es-US")
	for _, k := range en.keys() {
		if !es.Has(k) {
			t.Errorf("es.yaml lacks %s", k)
		}
	}
	for _, k := range es.keys() {
		if !en.Has(k) {
			t.Errorf("en.yaml lacks %s (es.yaml has it)", k)
		}
	}
}

// TestEnglishWordsUnchanged: the English table gives, word for word, what
// the fax cover sheet, a facts: block, the kit page's contact block, the
// changelog, the feed and the e-mail drafts printed before they were
// translated (as pdf.TestWordsMatchEnglishTable does for the kit PDF), so
// an English site's output is unchanged; and the Spanish table has each
// in Spanish of its own, but for the words that are the same (NPI).
func TestEnglishWordsUnchanged(t *testing.T) {
	s, ds := load(t, fstest.MapFS{}, "en-US", "es-US")
	if len(ds) > 0 {
		t.Fatalf("shipped tables have findings: %v", ds)
	}
	en, es := s.For("en-US"), s.For("es-US")
	for key, english := range map[string]string{
		// kit.FaxCover
		"fax_cover": "Fax cover sheet", "fax_cover_title": "Fax cover sheet: {0}",
		"fax_cover_audience": "Send this page first, with the referral and what the kit asks for (version {0})",
		"fax_to":             "Fax to", "fax_fill_in": "Fill in before faxing", "fax_field_to": "To", "fax_field_from": "From",
		"fax_field_date": "Date", "fax_field_pages": "Pages, including this one", "fax_field_patient": "Patient name",
		"fax_included": "Included with this fax",
		// A facts: block (kit.facts) and the kit page's contact block (html.KitRendition).
		"who_we_see": "Who we see", "wait_first_visit": "Wait for a first visit", "video_visits": "Video visits",
		"insurance_accepted": "Insurance accepted", "checking_coverage": "Checking coverage", "forms": "Forms",
		"patients_label": "Patients", "languages_spoken": "Languages", "clinic_days": "Clinic days", "npi": "NPI",
		"visits": "Visits", "by_video": "By video", "after_hours_prefix": "After hours, ", "ereferral": "E-referral",
		"closed": "Closed", "location": "Location", "phone": "Phone", "fax": "Fax", "email": "Email", "hours": "Hours",
		"address": "Address", "focus": "Focus",
		// kit.Describe and html.Change.Details.
		"change_practice_contact": "practice contact details", "change_kit_versions": "kit versions",
		"change_kit_layout": "the kit's layout", "setting_paper": "paper size", "setting_min_font_size": "smallest type size",
		"setting_fonts": "typefaces", "setting_layout": "page layout (kitgen update)",
		"setting_base_url": "website address printed on the kit", "change_why": "Why:",
		"change_new_section": "New in this version.", "change_removed_section": "No longer in the kit.",
		"change_removed": "removed: ", "change_added": "added: ",
		// html.Writer.Feed
		"feed_entry_title": "{0}: version {1}", "feed_summary": "Version {0} effective {1}.",
		"feed_changed": " Changed: {0}.", "feed_why": " Why: {0}",
		// The drafts of kitgen mail.
		"mail_subject_kit": "{0}: {1}, version {2}, effective {3}", "mail_role": "email",
	} {
		if got, ok := en.strings[key]; !ok || got != english {
			t.Errorf("en.yaml %s = %q (present %v), printed before: %q", key, got, ok, english)
		}
		if got, ok := es.strings[key]; !ok || (got == english && key != "npi" && key != "fax") {
			t.Errorf("es.yaml %s = %q (present %v): not in Spanish", key, got, ok)
		}
	}
}

func TestTranslateAndFallback(t *testing.T) {
	s, ds := load(t, fstest.MapFS{
		"i18n/es.yaml":    {Data: []byte("red_flags: Alarmas\nonly_site: Solo del sitio\n")},
		"i18n/es-US.yaml": {Data: []byte("red_flags: Señales de alerta\n")},
	}, "en-US", "es-US")
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	es, en := s.For("es-US"), s.For("en-US")
	for _, c := range []struct {
		tab       *Table
		key, want string
		args      []any
	}{
		{es, "red_flags", "Señales de alerta", nil}, // the tag's file wins over the subtag's
		{es, "only_site", "Solo del sitio", nil},
		{en, "red_flags", "Red flags", nil},
		{en, "only_site", "only_site", nil}, // no table has it: the key shows
		{es, "kit_summary", "versión 3, vigente desde el 2 de marzo de 2026", []any{3, "2 de marzo de 2026"}},
		{en, "kit_summary", "version 3, effective {1}", []any{3}}, // a missing argument stays visible
		{s.For("fr-FR"), "red_flags", "Red flags", nil},           // an unknown language: the default's
	} {
		if got := c.tab.T(c.key, c.args...); got != c.want {
			t.Errorf("%s T(%q) = %q, want %q", c.tab.Lang, c.key, got, c.want)
		}
	}
	// A language without a shipped table falls back to English key by key.
	s, _ = load(t, fstest.MapFS{"i18n/fr.yaml": {Data: []byte("red_flags: Signaux d'alerte\n")}}, "en-US", "fr-FR")
	fr := s.For("fr-FR")
	if fr.T("red_flags") != "Signaux d'alerte" || fr.T("home") != "Home" || fr.Has("home") {
		t.Errorf("fr: red_flags %q, home %q (own: %v)", fr.T("red_flags"), fr.T("home"), fr.Has("home"))
	}
}

func TestDate(t *testing.T) {
	s, _ := load(t, fstest.MapFS{}, "en-US", "es-US")
	d := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	if got := s.For("en-US").Date(d); got != d.Format("January 2, 2006") {
		t.Errorf("en: %q", got)
	}
	if got := s.For("es-US").Date(d); got != "2 de marzo de 2026" {
		t.Errorf("es: %q", got)
	}
	if got := s.For("es-US").Date(time.Time{}); got != "" {
		t.Errorf("zero date: %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"- a\n- b\n", "i18n/es.yaml:1:1: error: i18n: a translation table is a mapping"},
		{"a: x\na: y\n", "i18n/es.yaml:2:1: error: i18n: a is defined twice"},
		{"a:\n  b: c\n", "i18n/es.yaml:2:3: error: i18n: the text of a must be a string"},
		{"a: [x]\n", "i18n/es.yaml:1:4: error: i18n: the text of a must be a string"},
		{"a:\n", "i18n/es.yaml:1:1: error: i18n: a is empty; write its text, or remove the line to use kitgen's own"},
		{"a: ~\n", "i18n/es.yaml:1:1: error: i18n: a is empty"},
		{"a: true\n", `i18n/es.yaml:1:4: error: i18n: a must be text, not the boolean true; quote it ("true") if you mean the word`},
		{"a: [x]\n", "i18n/es.yaml:1:4: error: i18n: the text of a must be a string"},
		{"a: 'x\n", "i18n/es.yaml:1: error: i18n: invalid YAML"},
	} {
		_, ds := load(t, fstest.MapFS{"i18n/es.yaml": {Data: []byte(c.src)}}, "en-US", "es-US")
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), c.want) {
			t.Errorf("%q: got %v, want one finding starting %q", c.src, ds, c.want)
		}
	}
	// An empty file and a file of comments are empty tables.
	for _, src := range []string{"", "# nothing yet\n"} {
		if _, ds := load(t, fstest.MapFS{"i18n/es.yaml": {Data: []byte(src)}}, "en-US", "es-US"); len(ds) > 0 {
			t.Errorf("%q: %v", src, ds)
		}
	}
}

func TestCheckMissingKeys(t *testing.T) {
	layouts := fstest.MapFS{
		"kit.html":              {Data: []byte("<h1>\n{{t \"red_flags\"}}</h1>\n{{t \"new_key\" .Version}}\n")},
		"partials/footer.html":  {Data: []byte("{{with .X}}{{ t \"home\" }}{{end}}{{printf \"%s\" (t \"red_flag\")}}")},
		"partials/comment.html": {Data: []byte("{{/* not a call: t */}}")},
	}
	s, _ := load(t, fstest.MapFS{"i18n/en.yaml": {Data: []byte("new_key: New\nred_flag: x\n")}}, "en-US", "es-US")
	var l diag.List
	s.Check(layouts, &l)
	var got []string
	for _, d := range l.Sorted() {
		got = append(got, d.String())
	}
	want := []string{
		`layouts/kit.html:3: error: i18n: the string "new_key" has no text in es-US; add new_key: … to i18n/es-US.yaml`,
		`layouts/partials/footer.html:1: error: i18n: the string "red_flag" has no text in es-US (did you mean red_flags?); add red_flag: … to i18n/es-US.yaml`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Without the site's en.yaml, English lacks the keys as well.
	s, _ = load(t, fstest.MapFS{}, "en-US")
	l = diag.List{}
	s.Check(layouts, &l)
	if e, _ := l.Count(); e != 2 {
		t.Errorf("English alone: %v", l.Sorted())
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("red_flags: Señales\n"))
	f.Add([]byte("a: [x]\nb:\n  c: d\n"))
	f.Add([]byte("- x\n"))
	f.Add([]byte("a: &x y\nb: *x\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Add([]byte("a: true\nb: ~\nc:\nd: 12\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab := &Table{Lang: "es", strings: map[string]string{}, from: map[string]string{}}
		var l diag.List
		Parse("i18n/es.yaml", data, tab, &l)
		for _, d := range l.Sorted() {
			if d.File != "i18n/es.yaml" || d.Line < 1 {
				t.Fatalf("finding without a position: %v", d)
			}
		}
		for k := range tab.strings {
			if k == "" {
				t.Fatal("empty key kept")
			}
			_ = tab.T(k, 1, "x")
		}
	})
}

func TestHours(t *testing.T) {
	s, _ := load(t, fstest.MapFS{}, "en-US", "es-US")
	en, es := s.For("en-US"), s.For("es-US")
	for _, c := range []struct{ days, opens, closes, es string }{
		{"Mo-Fr", "07:30", "17:30", "lun–vie 7:30–17:30"},
		{"Sa", "00:00", "12:05", "sáb 0:00–12:05"},
		{"Mo,We", "12:00", "23:59", "lun, mié 12:00–23:59"},
		{"Mo-Fr,Su", "08:00", "13:00", "lun–vie, dom 8:00–13:00"},
		{"Xx", "08:00", "13:00", " 8:00–13:00"}, // an unknown day: no days, as in English
		{"Mo-We-Fr", "08:00", "9", " 8:00–9"},   // not a range; not a time
		{"", "", "", " –"},
	} {
		// English is exactly what the content model prints.
		want := content.Hours{Days: c.days, Opens: c.opens, Closes: c.closes}.Text()
		if got := en.Hours(c.days, c.opens, c.closes); got != want {
			t.Errorf("en %v: %q, want %q", c, got, want)
		}
		if got := es.Hours(c.days, c.opens, c.closes); got != c.es {
			t.Errorf("es %v: %q, want %q", c, got, c.es)
		}
	}
}

// TestOwn: Own gives a language's own text of a key — the shipped table's
// or the site's, with the file that gives it — and nothing for a key only
// the English fallback has, or no table has.
func TestOwn(t *testing.T) {
	s, ds := load(t, fstest.MapFS{
		"i18n/es-US.yaml": {Data: []byte("contact_hours: lun–vie 8–17\n")},
		"i18n/en.yaml":    {Data: []byte("line_x: On call\n")},
	}, "en-US", "es-US")
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	es, en := s.For("es-US"), s.For("en-US")
	for _, c := range []struct {
		t               *Table
		key, text, file string
		ok              bool
	}{
		{es, "contact_hours", "lun–vie 8–17", "i18n/es-US.yaml", true},
		{es, "red_flags", "Señales de alarma", "internal/i18n/tables/es.yaml", true},
		{es, "line_x", "", "", false},
		{en, "line_x", "On call", "i18n/en.yaml", true},
		{en, "contact_hours", "", "", false},
		{es, "nothing", "", "", false},
	} {
		text, file, ok := c.t.Own(c.key)
		if text != c.text || file != c.file || ok != c.ok {
			t.Errorf("%s Own(%s) = %q, %q, %v; want %q, %q, %v", c.t.Lang, c.key, text, file, ok, c.text, c.file, c.ok)
		}
	}
}

// TestClinicDays: a provider's clinic days are the content model's text in
// English and the table's day names in Spanish; none set, or codes the
// decoder would have refused, print nothing in either.
func TestClinicDays(t *testing.T) {
	s, _ := load(t, fstest.MapFS{}, "en-US", "es-US")
	en, es := s.For("en-US"), s.For("es-US")
	for _, c := range []struct{ codes, en, es string }{
		{"Tu,Th", "Tue, Thu", "mar, jue"},
		{"Mo,We,Th", "Mon, Wed, Thu", "lun, mié, jue"},
		{"Mo-Fr", "Mon–Fri", "lun–vie"},
		{"Sa,Su", "Sat, Sun", "sáb, dom"},
		{"", "", ""},
		{"Xx", "", ""},
	} {
		pr := content.Provider{ClinicDays: c.codes}
		if got := pr.ClinicDaysText(); got != c.en {
			t.Fatalf("content %q: %q, want %q", c.codes, got, c.en)
		}
		if got := en.ClinicDays(c.codes); got != c.en {
			t.Errorf("en %q: %q, want %q", c.codes, got, c.en)
		}
		if got := es.ClinicDays(c.codes); got != c.es {
			t.Errorf("es %q: %q, want %q", c.codes, got, c.es)
		}
	}
}

// TestLanguages: the languages a provider speaks are printed as written in
// English (an alias such as Farsi too), by their Spanish names in Spanish,
// and as written where no table names them; a site's table may rename one
// or name one the shipped table does not (README's example); no languages
// print nothing.
func TestLanguages(t *testing.T) {
	s, ds := load(t, fstest.MapFS{"i18n/es-US.yaml": {Data: []byte("lang_Spanish: castellano\n\"lang_Brazilian Portuguese\": portugués de Brasil\n")}}, "en-US", "es-US", "fr-FR")
	if len(ds) > 0 {
		t.Fatalf("findings: %v", ds)
	}
	en, es, fr := s.For("en-US"), s.For("es-US"), s.For("fr-FR")
	ls := []content.Language{{Name: "English", Code: "en"}, {Name: "Farsi", Code: "fa"}, {Name: "Persian", Code: "fa"},
		{Name: "American Sign Language", Code: "ase"}, {Name: "Hmong", Code: "hmn"}, {Name: "Brazilian Portuguese", Code: "pt-BR"},
		{Name: "Mexican Spanish", Code: "es-MX"}, {Name: "Spanish", Code: "es"}}
	pr := content.Provider{Languages: ls}
	if got, want := strings.Join(en.Languages(ls), ", "), strings.Join(pr.LanguageNames(), ", "); got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got, want := strings.Join(es.Languages(ls), ", "), "inglés, persa, persa, lengua de señas americana, hmong, portugués de Brasil, Mexican Spanish, castellano"; got != want {
		t.Errorf("es: %q, want %q", got, want)
	}
	// A language kitgen has no table for takes the English names.
	if got, want := strings.Join(fr.Languages(ls), ", "), strings.Join(pr.LanguageNames(), ", "); got != want {
		t.Errorf("fr: %q, want %q", got, want)
	}
	for _, none := range [][]content.Language{nil, {}} {
		if got := es.Languages(none); len(got) != 0 {
			t.Errorf("es %v: %q, want nothing", none, got)
		}
	}
}
