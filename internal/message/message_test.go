package message

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

func TestScan(t *testing.T) {
	text := "Dear {{ referring_office }},\nfax {{location.loop.fax}} or {{site.phone}}.\n{{section guides/x#red-flags}}\n"
	ps, probs := Scan(text, 7, 1)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := []Placeholder{
		{Raw: "{{ referring_office }}", Kind: Blank, Name: "referring_office", Line: 7, Col: 6},
		{Raw: "{{location.loop.fax}}", Kind: Fact, Name: "location.loop.fax", Line: 8, Col: 5},
		{Raw: "{{site.phone}}", Kind: Fact, Name: "site.phone", Line: 8, Col: 30},
		{Raw: "{{section guides/x#red-flags}}", Kind: Section, Name: "guides/x#red-flags", Line: 9, Col: 1},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d placeholders, want %d: %+v", len(ps), len(want), ps)
	}
	for i, w := range want {
		g := ps[i]
		if g.Raw != w.Raw || g.Kind != w.Kind || g.Name != w.Name || g.Line != w.Line || g.Col != w.Col {
			t.Errorf("placeholder %d = %+v, want %+v", i, g, w)
		}
		if text[g.Off:g.Off+len(g.Raw)] != g.Raw {
			t.Errorf("placeholder %d: Off %d does not point at %q", i, g.Off, g.Raw)
		}
	}
}

// TestScanProblems checks that what cannot be read as a placeholder is
// reported at its line and column, with what to write, and that text
// without braces has no placeholders (the empty and absent cases).
func TestScanProblems(t *testing.T) {
	for _, c := range []struct {
		text      string
		line, col int
		msg       string
	}{
		{"a\nb {{referring_office\n", 2, 3, "is not closed on its line"},
		{"{{}}", 1, 1, "empty placeholder"},
		{"x {{  }} y", 1, 3, "empty placeholder"},
		{"{{referring office}}", 1, 1, "is not a placeholder"},
		{"{{site..phone}}", 1, 1, "empty part between dots"},
		{"{{.phone}}", 1, 1, "empty part between dots"},
		{"{{section guides/x}}", 1, 1, "must name a page and a heading"},
		{"{{section #red-flags}}", 1, 1, "must name a page and a heading"},
		{"See {{section guides/x#a}} here", 1, 5, "on a line of its own"},
		{"{{{x}}}", 1, 1, "is not a placeholder"},
	} {
		ps, probs := Scan(c.text, 1, 1)
		if len(probs) != 1 {
			t.Errorf("%q: got problems %v and placeholders %v, want one problem", c.text, probs, ps)
			continue
		}
		p := probs[0]
		if p.Line != c.line || p.Col != c.col || !strings.Contains(p.Message, c.msg) {
			t.Errorf("%q: got %d:%d %q, want %d:%d …%s…", c.text, p.Line, p.Col, p.Message, c.line, c.col, c.msg)
		}
	}
	for _, text := range []string{"", "no braces here", "a { b } c", "}} {"} {
		if ps, probs := Scan(text, 1, 1); len(ps)+len(probs) != 0 {
			t.Errorf("%q: got %v %v, want nothing", text, ps, probs)
		}
	}
}

// site is a small model: settings with a practice-wide contact, a
// location, and a guide with two sections.
func site(t *testing.T) *content.Site {
	t.Helper()
	fsys := fstest.MapFS{
		"kitgen.yaml":               {Data: []byte("title: Test Clinic\nbase_url: https://partners.test.example/\ncontact:\n  name: Test Clinic Intake\n  phone: \"(555) 555-0100\"\n  fax: \"(555) 555-0101\"\n  email: intake@test.example\n  hours: Mon–Fri 8–5\n  ereferral: {name: Test Portal, url: \"https://portal.test.example/refer\"}\n")},
		"content/locations/loop.md": {Data: []byte("---\ntitle: Loop office\naddress: {street: 1 Main St, city: Chicago, region: IL, postal_code: \"60601\"}\nphone: \"(555) 555-0150\"\n---\n\nDowntown.\n")},
		"content/guides/x.md":       {Data: []byte("---\ntitle: When to refer\naudience: Clinicians\nreviewed: 2026-01-01\n---\n\n## Red flags\n\n- Chest pain at rest.\n\n## Documents to send\n\nThe last ECG.\n\n## Información\n\nPara familias.\n")},
	}
	diags := &diag.List{}
	cfg := config.Load(fsys, diags)
	s := content.Load(fsys, cfg, content.Options{}, diags)
	if e, _ := diags.Count(); e > 0 {
		t.Fatalf("site: %v", diags.Sorted())
	}
	return s
}

func parse(t *testing.T, src string) (*Template, *diag.List) {
	t.Helper()
	diags := &diag.List{}
	tm := Parse("messages/m.md", []byte(src), diags)
	if tm == nil {
		t.Fatalf("template did not parse: %v", diags.Sorted())
	}
	return tm, diags
}

var kits = map[string]*KitFacts{
	"cardiology": {ID: "cardiology", Title: "Cardiology referral kit", Version: 3, Effective: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
		URL: "https://partners.test.example/kits/cardiology/", PDF: "https://partners.test.example/kits/cardiology/cardiology-v3.pdf", File: "cardiology-v3.pdf"},
}

// TestResolveErrors checks that misspelt blanks and facts, and quotes of
// things that do not exist, are errors at the placeholder's line and
// column, with the name probably meant.
func TestResolveErrors(t *testing.T) {
	s := site(t)
	src := "---\nsubject: About {{kits.cardiolgy.version}}\npurpose: p\naudience: a\n---\n\n" + // line 6 is the first body line
		"Dear {{refering_office}},\n" + // 7
		"call {{location.lop.phone}} or {{location.loop.phon}}.\n" + // 8
		"{{site.fax}} {{location.loop.fax}} {{kit.versoin}} {{patient.name}}\n" + // 9
		"\n{{section guides/x#red-flag}}\n" + // 11
		"\n{{section guides/y#red-flags}}\n" + // 13
		"{{partner.cod}} {{partner}}\n" // 14
	tm, diags := parse(t, src)
	Resolve(tm, s, kits, nil, diags)
	want := []struct {
		line, col int
		msg       string
	}{
		{2, 16, `quotes kit "cardiolgy", which does not exist (kits/cardiolgy.yaml) (did you mean cardiology?)`},
		{7, 6, "{{refering_office}} is not a blank kitgen knows (did you mean referring_office?)"},
		{8, 6, `quotes location "lop", but content/locations/lop.md does not exist (did you mean loop?)`},
		{8, 32, "is not a contact fact (did you mean phone?)"},
		{9, 14, "has nothing to say: content/locations/loop.md gives no fax"},
		{9, 36, "is not a fact of a kit (did you mean version?)"},
		{9, 52, "{{patient.name}} is not a fact kitgen knows"},
		{11, 1, "quotes heading #red-flag of content/guides/x.md, which has no such heading (did you mean red-flags?)"},
		{13, 1, `quotes page "guides/y", which does not exist (content/guides/y.md) (did you mean guides/x?)`},
		{14, 1, "{{partner.cod}} is not a fact of a partner (did you mean code?); the partner a partner kit's draft goes to has {{partner.name}}, {{partner.code}}, {{partner.landing}}"},
		{14, 17, "{{partner}} is not a blank kitgen knows"},
	}
	got := diags.Sorted()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%v", len(got), len(want), got)
	}
	for i, w := range want {
		d := got[i]
		if d.File != "messages/m.md" || d.Line != w.line || d.Col != w.col || d.Rule != diag.RuleMessage || d.Severity != diag.Error || !strings.Contains(d.Message, w.msg) {
			t.Errorf("finding %d = %s:%d:%d %s %q, want messages/m.md:%d:%d message error …%s…", i, d.File, d.Line, d.Col, d.Rule, d.Message, w.line, w.col, w.msg)
		}
	}
}

// TestFill checks that a filled template states every fact from the model
// (phone numbers as the site formats them, with tel: links), quotes the
// section, fills the kit's facts and the blanks it is given, and leaves
// the other blanks as written.
func TestFill(t *testing.T) {
	s := site(t)
	tm, diags := parse(t, "---\nsubject: \"{{kit.title}} v{{kit.version}} for {{referring_office}}\"\npurpose: p\naudience: a\n---\n\n"+
		"Dear {{referring_office}}, see {{kit.url}}. Call **{{location.loop.phone}}**, fax {{site.fax}}, write {{site.email}}.\n\n"+
		"Signed {{staff_name}}, effective {{kit.effective}}, kits {{kits.cardiology.version}}, portal {{site.ereferral}}.\n\n"+
		"[Not a link](javascript:alert(1)) ![a pixel](https://tracker.example/p.gif)\n\n{{section guides/x#documents-to-send}}\n")
	r := Resolve(tm, s, kits, nil, diags)
	if e, w := diags.Count(); e+w > 0 {
		t.Fatalf("findings: %v", diags.Sorted())
	}
	if !r.UsesKit {
		t.Error("UsesKit is false for a template quoting {{kit.title}}")
	}
	fill := Fill{Kit: kits["cardiology"], Blanks: map[string]string{"referring_office": "North Shore Family Medicine", "patient_name": "ignored"}}
	if got, want := r.Subject(fill), "Cardiology referral kit v3 for North Shore Family Medicine"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	nodes := r.Body(fill)
	text := Text(nodes)
	for _, want := range []string{
		"Dear North Shore Family Medicine, see https://partners.test.example/kits/cardiology/. Call (555) 555-0150, fax (555) 555-0101, write intake@test.example.",
		"Signed {{staff_name}}, effective 2026-05-01, kits 3, portal Test Portal <https://portal.test.example/refer>.",
		"Documents to send\n=================\n\nThe last ECG.\n",
		"\nNot a link a pixel\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text body lacks %q:\n%s", want, text)
		}
	}
	html := HTML(r.Subject(fill), "en-US", "email", nodes)
	for _, want := range []string{
		`<a href="tel:+15555550150" style="` + styleTel + `"><strong>(555) 555-0150</strong></a>`,
		`<a href="mailto:intake@test.example"`,
		`<a href="https://portal.test.example/refer" style="` + styleLink + `">Test Portal</a>`,
		`<span style="` + styleBlank + `">{{staff_name}}</span>`,
		`<h1 style="` + styleH1 + `">Documents to send</h1>`,
		`<html lang="en-US">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML body lacks %s:\n%s", want, html)
		}
	}
	for _, bad := range []string{"<style", "<link", "<script", "<img", "src=", "class=", "javascript:"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML body has %s; an e-mail body uses inline styles only and loads nothing", bad)
		}
	}

	// Without a kit, the kit's facts stay as written (a message page, or
	// a template checked on its own), and so do blanks not given.
	bare := Text(r.Body(Fill{}))
	for _, want := range []string{"{{referring_office}}", "{{kit.url}}", "{{kit.effective}}", "(555) 555-0150"} {
		if !strings.Contains(bare, want) {
			t.Errorf("unfilled body lacks %q:\n%s", want, bare)
		}
	}
	// An empty blank value is not a value.
	if got := r.Subject(Fill{Kit: kits["cardiology"], Blanks: map[string]string{"referring_office": ""}}); !strings.Contains(got, "{{referring_office}}") {
		t.Errorf("an empty blank filled the subject: %q", got)
	}
}

// TestFillPartner checks the partner's facts: stated in a partner kit's
// draft (the landing page as a link), left as written for staff in any
// other draft, and listed so the pipeline can say which drafts leave them.
func TestFillPartner(t *testing.T) {
	s := site(t)
	tm, diags := parse(t, "---\nsubject: \"Kits for {{partner.name}} ({{partner.code}})\"\npurpose: p\naudience: a\n---\n\n"+
		"Quote {{partner.code}} on referrals; your page is {{partner.landing}}.\n")
	r := Resolve(tm, s, kits, nil, diags)
	if e, w := diags.Count(); e+w > 0 {
		t.Fatalf("findings: %v", diags.Sorted())
	}
	if len(r.PartnerFacts) != 4 || r.PartnerFacts[0].Name != "partner.name" || !r.PartnerFacts[0].InSubject || r.PartnerFacts[2].Line != 7 {
		t.Errorf("PartnerFacts = %+v", r.PartnerFacts)
	}
	pf := &PartnerFacts{Name: "Northside Family Medicine", Code: "K7QX-W", Landing: "https://partners.test.example/r/K7QX-W/"}
	fill := Fill{Kit: kits["cardiology"], Partner: pf}
	if got, want := r.Subject(fill), "Kits for Northside Family Medicine (K7QX-W)"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	nodes := r.Body(fill)
	if got, want := Text(nodes), "Quote K7QX-W on referrals; your page is https://partners.test.example/r/K7QX-W/."; !strings.Contains(got, want) {
		t.Errorf("text body %q lacks %q", got, want)
	}
	if html := HTML("s", "en", "email", nodes); !strings.Contains(html, `<a href="https://partners.test.example/r/K7QX-W/"`) {
		t.Errorf("the landing page is not a link:\n%s", html)
	}
	bare := Fill{Kit: kits["cardiology"]}
	if got := r.Subject(bare); got != "Kits for {{partner.name}} ({{partner.code}})" {
		t.Errorf("subject without a partner %q", got)
	}
	if got := Text(r.Body(bare)); !strings.Contains(got, "Quote {{partner.code}} on referrals; your page is {{partner.landing}}.") {
		t.Errorf("body without a partner %q", got)
	}
	// An empty code is stated as empty, not left as a placeholder: the
	// partner's facts come from a file the build accepted.
	if got := r.Subject(Fill{Partner: &PartnerFacts{Name: "N"}}); got != "Kits for N ()" {
		t.Errorf("subject with an empty code %q", got)
	}
}

// TestParseFrontMatter checks the message schema: required keys, unknown
// keys, kit_cover and partner_cover true, false and absent, and a subject
// on two lines.
func TestParseFrontMatter(t *testing.T) {
	for _, c := range []struct {
		src     string
		cover   bool
		err     string // "" for none
		partner bool
	}{
		{"---\nsubject: s\npurpose: p\naudience: a\npartner_cover: true\n---\nx\n", false, "", true},
		{"---\nsubject: s\npurpose: p\naudience: a\npartner_cover: false\nkit_cover: true\n---\nx\n", true, "", false},
		{"---\nsubject: s\npurpose: p\naudience: a\npartner_cover: \"\"\n---\nx\n", false, "partner_cover", false},
		{"---\nsubject: s\npurpose: p\naudience: a\nkit_cover: true\n---\nx\n", true, "", false},
		{"---\nsubject: s\npurpose: p\naudience: a\nkit_cover: false\n---\nx\n", false, "", false},
		{"---\nsubject: s\npurpose: p\naudience: a\n---\nx\n", false, "", false},
		{"---\nsubject: s\npurpose: p\naudience: a\nkit_cover: maybe\n---\nx\n", false, "kit_cover", false},
		{"---\npurpose: p\naudience: a\n---\nx\n", false, "subject", false},
		{"---\nsubject: s\naudience: a\n---\nx\n", false, "purpose", false},
		{"---\nsubject: s\npurpose: p\n---\nx\n", false, "audience", false},
		{"---\nsubject: s\npurpose: p\naudience: a\ntitle: t\n---\nx\n", false, "title", false},
		{"---\nsubject: \"a\\nb\"\npurpose: p\naudience: a\n---\nx\n", false, "more than one line", false},
		{"---\n---\nx\n", false, "empty", false},
		{"---\nsubject: \"\"\npurpose: p\naudience: a\n---\nx\n", false, "subject is empty", false},
		{"---\nsubject: s\npurpose: \"  \"\naudience: a\n---\nx\n", false, "purpose is empty", false},
		{"no front matter\n", false, "front matter", false},
	} {
		diags := &diag.List{}
		tm := Parse("messages/m.md", []byte(c.src), diags)
		e, _ := diags.Count()
		switch {
		case c.err == "" && (tm == nil || e > 0):
			t.Errorf("%q: %v", c.src, diags.Sorted())
		case c.err == "" && (tm.KitCover != c.cover || tm.PartnerCover != c.partner):
			t.Errorf("%q: KitCover %v, PartnerCover %v, want %v, %v", c.src, tm.KitCover, tm.PartnerCover, c.cover, c.partner)
		case c.err != "" && tm != nil:
			t.Errorf("%q: parsed, want an error about %s", c.src, c.err)
		case c.err != "" && !strings.Contains(diags.Sorted()[0].Message, c.err):
			t.Errorf("%q: %v, want an error about %s", c.src, diags.Sorted(), c.err)
		}
	}
	// An empty text is reported at its key's line.
	diags := &diag.List{}
	Parse("messages/m.md", []byte("---\nsubject: s\naudience: a\npurpose: \"  \"\n---\nx\n"), diags)
	if ds := diags.Sorted(); len(ds) != 1 || ds[0].Line != 4 {
		t.Errorf("an empty purpose: %v, want one finding at line 4", ds)
	}
}

// TestDates checks that a full date in a template is reported where it is
// written, and that numbers that are not dates are not.
func TestDates(t *testing.T) {
	tm, _ := parse(t, "---\nsubject: Seen on 3/4/2026\npurpose: p\naudience: a\n---\n\nBorn March 4, 1961 and seen 2026-03-04.\nCall (555) 555-0100 within 48 hours; 3 of 4 patients.\n"+
		"Nació el 4 de marzo de 1961, visto el 12 dic 2026; 3 de 4 pacientes, de 2 a 3 días.\n")
	got := Dates(tm)
	want := [][2]int{{2, 18}, {7, 6}, {7, 29}, {9, 11}, {9, 40}} // columns count bytes, as the placeholders' do
	if len(got) != len(want) {
		t.Fatalf("got %v, want findings at %v", got, want)
	}
	for i, w := range want {
		if got[i].Line != w[0] || got[i].Col != w[1] || !strings.Contains(got[i].Message, "{{appointment_date}}") {
			t.Errorf("finding %d = %+v, want at %d:%d naming {{appointment_date}}", i, got[i], w[0], w[1])
		}
	}
}

func newList() *diag.List { return &diag.List{} }

// TestLoad checks which files of messages/ are templates: Markdown files
// directly inside it, sorted by id; notes starting with "_" are left
// alone, other files are reported, and a site without messages/ has none.
func TestLoad(t *testing.T) {
	msg := []byte("---\nsubject: S {{kit.title}}\npurpose: p\naudience: a\n---\n\nHello.\n")
	fsys := fstest.MapFS{
		"messages/b.md":        {Data: msg},
		"messages/a.md":        {Data: []byte("---\nsubject: S\npurpose: p\naudience: a\n---\n\nHello.\n")},
		"messages/_notes.md":   {Data: []byte("not a template")},
		"messages/list.txt":    {Data: []byte("x")},
		"messages/old/c.md":    {Data: msg},
		"messages/bad name.md": {Data: msg},
	}
	diags := &diag.List{}
	ts := Load(fsys, nil, diags)
	if len(ts) != 2 || ts[0].ID != "a" || ts[1].ID != "b" {
		t.Fatalf("templates %v, want a and b", ts)
	}
	if ts[0].SubjectQuotesKit() || !ts[1].SubjectQuotesKit() {
		t.Errorf("SubjectQuotesKit: a %v, b %v; want false, true", ts[0].SubjectQuotesKit(), ts[1].SubjectQuotesKit())
	}
	got := map[string]diag.Severity{}
	for _, d := range diags.Sorted() {
		got[d.File] = d.Severity
	}
	want := map[string]diag.Severity{"messages/list.txt": diag.Warning, "messages/old/c.md": diag.Warning, "messages/bad name.md": diag.Error}
	if len(got) != len(want) {
		t.Errorf("findings %v, want at %v", diags.Sorted(), want)
	}
	for f, sev := range want {
		if g, ok := got[f]; !ok || g != sev {
			t.Errorf("%s: severity %v (reported %v), want %v", f, g, ok, sev)
		}
	}
	if ts := Load(fstest.MapFS{"content/x.md": {Data: msg}}, nil, diags); len(ts) != 0 {
		t.Errorf("a site without messages/ has templates %v", ts)
	}
}

// TestLoadTranslations: with languages: [en-US, es-US], messages/<id>.es.md
// is the Spanish translation of messages/<id>.md, found on its source and
// not among the templates; it has only subject:, and a key of its source
// in it (kit_cover: true or false, purpose, audience) is an error at its
// line that names the source. A translation of no message, and one with
// empty front matter, are errors; a code of no listed language (.fr), and
// any .es.md on a site with one language, are templates of their own.
func TestLoadTranslations(t *testing.T) {
	src := []byte("---\nsubject: Our kit\npurpose: p\naudience: a\nkit_cover: true\n---\n\nDear {{referring_office}},\n")
	fsys := fstest.MapFS{
		"messages/kit-cover.md":        {Data: src},
		"messages/kit-cover.es.md":     {Data: []byte("---\nsubject: Nuestro kit\n---\n\nEstimado equipo de {{referring_office}}:\n")},
		"messages/kit-cover.fr.md":     {Data: []byte("---\nsubject: Notre kit\npurpose: p\naudience: a\n---\n\nBonjour.\n")},
		"messages/other.md":            {Data: []byte("---\nsubject: S\npurpose: p\naudience: a\n---\n\nHello.\n")},
		"messages/other.es.md":         {Data: []byte("---\nsubject: S\npurpose: p\nkit_cover: false\n---\n\nHola.\n")},
		"messages/nope.es.md":          {Data: []byte("---\nsubject: S\n---\n\nHola.\n")},
		"messages/empty.md":            {Data: src},
		"messages/empty.es.md":         {Data: []byte("---\n---\n\nHola.\n")},
		"messages/partner-cover.es.md": {Data: []byte("---\nsubject: S\naudience: a\n---\n\nHola.\n")},
	}
	diags := &diag.List{}
	ts := Load(fsys, []string{"en-US", "es-US"}, diags)
	var ids []string
	for _, tm := range ts {
		ids = append(ids, tm.ID)
	}
	if strings.Join(ids, ",") != "empty,kit-cover,kit-cover.fr,other" {
		t.Fatalf("templates %v, want empty, kit-cover, kit-cover.fr and other", ids)
	}
	tr := ts[1].Translations["es-US"]
	if tr == nil || len(ts[1].Translations) != 1 || tr.ID != "kit-cover" || tr.Lang != "es-US" || tr.File != "messages/kit-cover.es.md" || tr.Subject != "Nuestro kit" || tr.KitCover || ts[1].Lang != "" {
		t.Fatalf("kit-cover's translations %+v", ts[1].Translations)
	}
	if len(tr.Placeholders) != 1 || tr.Placeholders[0].Name != "referring_office" || tr.Placeholders[0].Line != 5 {
		t.Errorf("the translation's placeholders %+v", tr.Placeholders)
	}
	for _, tm := range ts {
		if tm.ID != "kit-cover" && len(tm.Translations) > 0 {
			t.Errorf("%s has translations %v", tm.ID, tm.Translations)
		}
	}
	want := []string{
		"messages/empty.es.md:2:1: error: front-matter: front matter is empty; add subject: with the e-mail's subject in this language",
		"messages/nope.es.md:1:1: error: message: messages/nope.es.md translates messages/nope.md, which does not exist; name a translation after the message it translates, as messages/ID.es.md",
		"messages/other.es.md:3:10: error: front-matter: purpose is not translated: a translation takes it from messages/other.md; remove it here",
		"messages/other.es.md:4:12: error: front-matter: kit_cover is not translated: a translation takes it from messages/other.md; remove it here",
		"messages/partner-cover.es.md:3:11: error: front-matter: audience is not translated: a translation takes it from messages/partner-cover.md; remove it here",
	}
	var got []string
	for _, d := range diags.Sorted() {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// One language: every file is a template of its own.
	diags = &diag.List{}
	ts = Load(fstest.MapFS{"messages/kit-cover.md": {Data: src}, "messages/kit-cover.es.md": {Data: []byte("---\nsubject: S\npurpose: p\naudience: a\n---\n\nHola.\n")}}, []string{"en-US"}, diags)
	if len(ts) != 2 || ts[1].ID != "kit-cover.es" || ts[1].Lang != "" || len(ts[0].Translations) != 0 || len(diags.Sorted()) != 0 {
		t.Errorf("one language: templates %+v, findings %v", ts, diags.Sorted())
	}
}

// TestLegacyHeadingID checks that a section quoted by the id older
// versions gave a heading with non-ASCII letters is quoted, with a warning
// naming the id to write, as kits do.
func TestLegacyHeadingID(t *testing.T) {
	s := site(t)
	tm, diags := parse(t, "---\nsubject: S\npurpose: p\naudience: a\n---\n\n{{section guides/x#informacin}}\n")
	r := Resolve(tm, s, kits, nil, diags)
	ds := diags.Sorted()
	if len(ds) != 1 || ds[0].Severity != diag.Warning || ds[0].Line != 7 || ds[0].Col != 1 || !strings.Contains(ds[0].Message, "write {{section guides/x#información}}") {
		t.Fatalf("findings %v, want one warning at 7:1 naming #información", ds)
	}
	if text := Text(r.Body(Fill{})); !strings.Contains(text, "Información\n===========\n\nPara familias.") {
		t.Errorf("the section is not quoted:\n%s", text)
	}
}

// TestResolveTranslation: a Spanish translation of a message is resolved
// in Spanish: a section is quoted from the Spanish guide's section at the
// position of the English heading it names, and a location's hours are
// written as the Spanish pages write them; the English message, resolved
// with it, quotes the English section and hours.
func TestResolveTranslation(t *testing.T) {
	fsys := fstest.MapFS{
		"kitgen.yaml":               {Data: []byte("title: Test Clinic\nbase_url: https://partners.test.example/\nlanguages: [en-US, es-US]\n")},
		"content/locations/loop.md": {Data: []byte("---\ntitle: Loop office\naddress: {street: 1 Main St, city: Chicago}\nphone: \"(555) 555-0150\"\nhours: [{days: Mo-Fr, opens: \"07:30\", closes: \"17:30\"}]\n---\n\nDowntown.\n")},
		"content/guides/x.md":       {Data: []byte("---\ntitle: When to refer\naudience: Clinicians\nreviewed: 2026-01-01\n---\n\n## Red flags\n\n- Chest pain at rest.\n")},
		"content/guides/x.es.md":    {Data: []byte("---\ntitle: Cuándo derivar\n---\n\n## Señales de alarma\n\n- Dolor torácico en reposo.\n")},
		"messages/m.md":             {Data: []byte("---\nsubject: S\npurpose: p\naudience: a\n---\n\nHours: {{location.loop.hours}}\n\n{{section guides/x#red-flags}}\n")},
		"messages/m.es.md":          {Data: []byte("---\nsubject: S\n---\n\nHorario: {{location.loop.hours}}\n\n{{section guides/x#red-flags}}\n")},
	}
	diags := &diag.List{}
	cfg := config.Load(fsys, diags)
	s := content.Load(fsys, cfg, content.Options{}, diags)
	tables := i18n.Load(fsys, cfg.Languages, diags)
	ts := Load(fsys, cfg.Languages, diags)
	if e, _ := diags.Count(); e > 0 || len(ts) != 1 {
		t.Fatalf("site: %v, %d templates", diags.Sorted(), len(ts))
	}
	diags = &diag.List{}
	r := Resolve(ts[0], s, kits, tables, diags)
	if e, w := diags.Count(); e+w > 0 {
		t.Fatalf("findings: %v", diags.Sorted())
	}
	es := r.Translations["es-US"]
	if es == nil || len(r.Translations) != 1 {
		t.Fatalf("translations %v", r.Translations)
	}
	if got, want := Text(es.Body(Fill{})), "Horario: lun–vie 7:30–17:30\n\nSeñales de alarma\n=================\n\n- Dolor torácico en reposo.\n"; got != want {
		t.Errorf("Spanish body:\n%s\nwant:\n%s", got, want)
	}
	if got, want := Text(r.Body(Fill{})), "Hours: Mon–Fri 7:30 a.m.–5:30 p.m.\n\nRed flags\n=========\n\n- Chest pain at rest.\n"; got != want {
		t.Errorf("English body:\n%s\nwant:\n%s", got, want)
	}
}
