package pipeline

import (
	"bytes"
	"errors"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/partner"
	"github.com/kitgen/kitgen/internal/route"
)

// partnerDay is a day the example site builds on without new versions
// or stale pages.
var partnerDay = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func partnerResult(t *testing.T, res *Result, id string) *PartnerResult {
	t.Helper()
	for _, p := range res.Partners {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no partner %s in the result", id)
	return nil
}

// qrOf renders the page of a PDF and returns what zbarimg decodes.
func qrOf(t *testing.T, pdfFile string) string {
	t.Helper()
	zbar := requireTool(t, "zbarimg", "zbar-tools")
	png := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command(requireTool(t, "pdftoppm", "poppler-utils"), "-r", "150", "-png", "-singlefile", pdfFile, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command(zbar, "-q", "--raw", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no code in %s: %v", pdfFile, err)
	}
	return strings.TrimSpace(string(out))
}

// TestPartnerKitsOfTheExample builds the example site and reads every
// partner's copies and landing page back: the code and name in the PDF
// text, the QR code leading to the landing page, the public kit's
// version in the PDF, on the landing page and on the kit page, and a
// landing page that is private (noindex, no script, not in the sitemap,
// no staff note).
func TestPartnerKitsOfTheExample(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	res := buildAt(t, site, partnerDay, Options{Dest: dest, Locked: true})
	if len(res.Partners) < 3 {
		t.Fatalf("the example has %d partners, want at least 3", len(res.Partners))
	}
	segments := map[string]bool{}
	for _, p := range res.Partners {
		segments[p.Segment] = true
	}
	if len(segments) < 2 {
		t.Errorf("the example's partners are in %d segments, want at least 2", len(segments))
	}
	sitemap := string(read(t, filepath.Join(dest, "sitemap.xml")))
	headers := string(read(t, filepath.Join(dest, "_headers")))
	if !strings.Contains(headers, "\n/r/*\n  X-Robots-Tag: noindex, nofollow\n") {
		t.Errorf("_headers has no noindex rule for the landing pages:\n%s", headers)
	}
	base := "https://partners.lakeshore-specialty.example"
	for _, p := range res.Partners {
		landing := base + route.PartnerPage(p.Code)
		if p.Landing != landing {
			t.Errorf("%s: landing %s, want %s", p.ID, p.Landing, landing)
		}
		page := string(read(t, filepath.Join(dest, "r", p.Code, "index.html")))
		for _, want := range []string{`<meta name=robots content="noindex, nofollow">`, "<h1>Referral kits for " + p.Name + "</h1>", p.Code} {
			if !strings.Contains(html.UnescapeString(page), want) {
				t.Errorf("%s: the landing page lacks %q", p.ID, want)
			}
		}
		if strings.Contains(page, "<script") {
			t.Errorf("%s: the landing page loads a script", p.ID)
		}
		if strings.Contains(sitemap, "/r/") {
			t.Errorf("the sitemap lists a landing page:\n%s", sitemap)
		}
		if r, ok := res.Routes.Lookup(route.PartnerPage(p.Code)); !ok || r.Kind != route.KindPartner || r.Source != p.File {
			t.Errorf("%s: the route table has no landing page (%v)", p.ID, r)
		}
		if len(p.Kits) == 0 {
			t.Errorf("%s: no kits", p.ID)
		}
		for _, k := range p.Kits {
			pub := kitResult(t, res, k.ID)
			if k.Version != pub.Version || k.File != route.PartnerPDF(p.Code, k.ID, pub.Version) {
				t.Errorf("%s/%s: copy %+v, public kit version %d", p.ID, k.ID, k, pub.Version)
			}
			if _, ok := res.Routes.Lookup(k.File); !ok {
				t.Errorf("%s: no route for %s", p.ID, k.File)
			}
			file := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(k.File, "/")))
			text := strings.Join(strings.Fields(pdfText(t, file)), " ")
			version := "Version " + itoa(pub.Version) + " · Effective " + kit.EffectiveText(pub.Effective)
			for _, want := range []string{"Prepared for " + p.Name, "Quote code " + p.Code + " when you refer", version, landing} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: %s lacks %q:\n%s", p.ID, k.File, want, text)
				}
			}
			// The footer's link is the landing page's; the body (which may
			// link the kit's fax cover sheet) is the public kit's.
			if strings.Contains(text, "Current version: "+base+route.KitPage(k.ID)) {
				t.Errorf("%s: %s links the public kit page, not the landing page", p.ID, k.File)
			}
			// The landing page and the kit page show the same version.
			if !strings.Contains(page, `href=`+k.File+` download>`) || !strings.Contains(page, ", version "+itoa(pub.Version)+" (PDF") {
				t.Errorf("%s: the landing page does not offer %s as version %d", p.ID, k.File, pub.Version)
			}
			kitPage := string(read(t, filepath.Join(dest, "kits", k.ID, "index.html")))
			if !strings.Contains(kitPage, "Current version: "+itoa(pub.Version)) {
				t.Errorf("kit page of %s does not show version %d", k.ID, pub.Version)
			}
		}
	}
	// One copy of each partner is read by zbarimg and qpdf: the QR code
	// leads to the landing page, and the file is valid.
	qpdf := requireTool(t, "qpdf", "qpdf")
	for _, p := range res.Partners {
		k := p.Kits[0]
		file := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(k.File, "/")))
		if got := qrOf(t, file); got != p.Landing {
			t.Errorf("%s: QR code reads %q, want %q", p.ID, got, p.Landing)
		}
		if out, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("%s: qpdf --check: %v\n%s", k.File, err, out)
		}
	}
	// The note and the e-mail address are for staff; no output says them.
	for _, private := range []string{"outreach visits are on the orthopedics team's calendar", "referrals@northside-family.example", "frontdesk@lincolnparkrehab.example"} {
		for f, data := range tree(t, dest) {
			if bytes.Contains(data, []byte(private)) {
				t.Errorf("%s publishes %q from a partner file", f, private)
			}
		}
	}
	// The partner with a channel that takes the code gets it filled in.
	lp := partnerResult(t, res, "lincoln-park-orthopedic-sports-rehab")
	page := string(read(t, filepath.Join(dest, "r", lp.Code, "index.html")))
	if !strings.Contains(page, `href="https://portal.lakeshore-specialty.example/referrals/orthopedics?referral_code=`+lp.Code+`"`) {
		t.Errorf("the landing page's e-referral link has no code:\n%s", page)
	}
}

var itoa = strconv.Itoa

// TestPartnerChecks gives partner files each problem a stranger may
// write and requires a finding at its file:line:col that says what to do,
// and a failed build that leaves the last output as it was.
func TestPartnerChecks(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildAt(t, site, partnerDay, Options{Dest: dest})
	before := tree(t, dest)
	write := func(rel, data string) {
		if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	taken := []string{"B2H9-3", "QEH6-4", "DZGY-5"}
	code := func(name string) string {
		c, err := partner.Generate(name, taken)
		if err != nil {
			t.Fatal(err)
		}
		taken = append(taken, c)
		return c
	}
	write("partners/unknown-kit.yaml", "name: Unknown Kit Clinic\nsegment: primary-care\ncode: "+code("u")+"\nkits: [cardiology, dermatology]\n")
	write("partners/reused.yaml", "name: Reused Code Clinic\nsegment: primary-care\ncode: B2H9-3\n")
	write("partners/patient.yaml", "name: Patient Data Clinic\nsegment: primary-care\ncode: "+code("p")+"\nnote: Called about Jane Doe, MRN 12345678.\n")
	write("partners/claims.yaml", "name: Claims Clinic\nsegment: primary-care\ncode: "+code("c")+"\nnote: Tell them our results are guaranteed.\n")
	write("partners/mistyped.yaml", "name: Mistyped Clinic\nsegment: primary-care\ncode: B2H9-4\n")
	write("partners/bad-email.yaml", "name: Bad Email Clinic\nsegment: primary-care\ncode: "+code("e")+"\nemail: intake at clinic\n")
	write("partners/patient-email.yaml", "name: Patient Email Clinic\nsegment: primary-care\ncode: "+code("m")+"\nemail: \"Jane Doe MRN 12345678 <jd@clinic.example>\"\n")
	res, err := Build(Options{Source: site, Dest: dest, Today: partnerDay})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("build with bad partner files: %v", err)
	}
	want := []struct {
		file string
		line int
		rule diag.Rule
		says string
	}{
		{"partners/unknown-kit.yaml", 4, diag.RulePartner, `names kit "dermatology", which kits/ does not define`},
		{"partners/reused.yaml", 3, diag.RulePartner, "code B2H9-3 is also Northside Family Medicine's"},
		{"partners/patient.yaml", 4, diag.RulePatientData, "medical record number"},
		{"partners/claims.yaml", 4, diag.RuleClaims, `"guaranteed" overstates`},
		{"partners/mistyped.yaml", 3, diag.RulePartner, "check character does not match"},
		{"partners/bad-email.yaml", 4, diag.RulePartner, `email "intake at clinic" is not an e-mail address`},
		{"partners/patient-email.yaml", 4, diag.RulePatientData, "medical record number"},
	}
	for _, w := range want {
		found := false
		for _, d := range res.Diags {
			if d.File == w.file && d.Line == w.line && d.Col > 0 && d.Rule == w.rule && strings.Contains(d.Message, w.says) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s finding at %s:%d saying %q; findings:\n%v", w.rule, w.file, w.line, w.says, res.Diags)
		}
	}
	if after := tree(t, dest); len(after) != len(before) {
		t.Errorf("a failed build changed the output: %d files, was %d", len(after), len(before))
	}
}

// TestPartnerRevisions: a changed partner file is a new revision of its
// copies in the ledger; --locked refuses it until a build records it; the
// copies keep the public kit's version throughout.
func TestPartnerRevisions(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	res := buildAt(t, site, partnerDay, Options{Dest: dest, Locked: true})
	before := partnerResult(t, res, "northside-family-medicine")
	edit(t, site, "partners/northside-family-medicine.yaml", "name: Northside Family Medicine", "name: Northside Family & Sports Medicine")
	res, err := Build(Options{Source: site, Dest: dest, Today: partnerDay, Locked: true})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("a locked build with an unrecorded partner change: %v", err)
	}
	found := false
	for _, d := range res.Diags {
		found = found || (d.File == "partners/northside-family-medicine.yaml" && d.Rule == diag.RulePartner &&
			strings.Contains(d.Message, `partner "northside-family-medicine" changed (name) but revision 2 is not recorded`) && strings.Contains(d.Message, `run "kitgen build"`))
	}
	if !found {
		t.Errorf("no finding says the revision is unrecorded:\n%v", res.Diags)
	}
	res = buildAt(t, site, partnerDay.AddDate(0, 0, 1), Options{Dest: dest})
	after := partnerResult(t, res, "northside-family-medicine")
	if !res.Ledger || after.Revision != before.Revision+1 {
		t.Fatalf("revision %d → %d, ledger written %v", before.Revision, after.Revision, res.Ledger)
	}
	ledger := string(read(t, filepath.Join(site, kit.LedgerFile)))
	if !strings.Contains(ledger, "- revision: 2\n      effective: \"2026-12-02\"\n      name: Northside Family & Sports Medicine\n") || !strings.Contains(ledger, "changed: [name]") {
		t.Errorf("the ledger does not record revision 2:\n%s", ledger[strings.Index(ledger, "partners:"):])
	}
	for i, k := range after.Kits {
		if k.Version != before.Kits[i].Version || kitResult(t, res, k.ID).New {
			t.Errorf("%s: a partner change changed the kit's version %d → %d", k.ID, before.Kits[i].Version, k.Version)
		}
	}
	if text := pdfText(t, filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(after.Kits[0].File, "/")))); !strings.Contains(text, "Northside Family & Sports Medicine") {
		t.Errorf("the copy does not carry the new name:\n%s", text)
	}
	buildAt(t, site, partnerDay.AddDate(0, 0, 1), Options{Dest: dest, Locked: true})
}

// TestSessionRendersOnlyTheEditedPartner: in the dev server, an edit to
// one partner file draws that partner's copies and no other PDF; an edit
// to a quoted guide draws that kit and the copies of the partners who
// get it.
func TestSessionRendersOnlyTheEditedPartner(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: partnerDay}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.Build()
	if err != nil {
		t.Fatalf("first build: %v\n%v", err, u.Diags)
	}
	if u.Partners != 8 {
		t.Errorf("first build drew %d partner copies, want 8 (4 + 3 + 1)", u.Partners)
	}
	steps := []struct {
		name, file, old, new string
		kits, partners       int
	}{
		{"a partner's name", "partners/lakeview-community-health-center.yaml", "name: Lakeview", "name: Lakeview West", 0, 3},
		{"a partner's kits", "partners/lincoln-park-orthopedic-sports-rehab.yaml", "kits: [orthopedics]", "kits: [orthopedics, pulmonology]", 0, 1},
		{"a partner's note", "partners/lincoln-park-orthopedic-sports-rehab.yaml", "note: Refers", "note: Often refers", 0, 0},
		{"a guide the cardiology kit quotes", "content/guides/cardiology-referral.md", "## Red flags", "## Red flags\n\nCall at once for syncope with exertion.\n", 1, 2},
	}
	for _, st := range steps {
		edit(t, site, st.file, st.old, st.new)
		u, err := s.Rebuild([]string{st.file})
		if err != nil {
			t.Fatalf("%s: %v\n%v", st.name, err, u.Diags)
		}
		if u.Kits != st.kits || u.Partners != st.partners {
			t.Errorf("%s: drew %d kits and %d partner copies, want %d and %d", st.name, u.Kits, u.Partners, st.kits, st.partners)
		}
		sameAsFullBuild(t, site, dest, opts)
	}
	// A deleted partner's landing page and copies go.
	if err := os.Remove(filepath.Join(site, "partners", "northside-family-medicine.yaml")); err != nil {
		t.Fatal(err)
	}
	if u, err := s.Rebuild([]string{"partners/northside-family-medicine.yaml"}); err != nil {
		t.Fatalf("delete: %v\n%v", err, u.Diags)
	}
	if _, err := os.Stat(filepath.Join(dest, "r", "B2H9-3", "index.html")); err == nil {
		t.Error("the deleted partner's landing page is still served")
	}
	sameAsFullBuild(t, site, dest, opts)
}

// TestSiteEReferralTakesTheCode sets code_param on kitgen.yaml's
// e-referral channel, which partners without a destination of their own
// refer through: their landing pages link to it with the code filled in,
// merged with a query the address has; a partner's own channel keeps its
// own; no public page or kit carries a code (the kits' versions stand,
// in a locked build). Left out, the link is the address as written; empty
// or false, the build fails at the line.
func TestSiteEReferralTakesTheCode(t *testing.T) {
	const (
		portal  = "https://portal.lakeshore-specialty.example/referrals"
		example = `  ereferral: {name: Lakeshore Partner Portal, url: "` + portal + `", code_param: referral_code}`
	)
	for _, tc := range []struct {
		name, ereferral string
		want            string // Northside's e-referral link; "" for a failed build
		finding         string
	}{
		{"the example", example, portal + "?referral_code=B2H9-3", ""},
		{"absent", `  ereferral: {name: Lakeshore Partner Portal, url: "` + portal + `"}`, portal, ""},
		{"with a query", `  ereferral: {name: Lakeshore Partner Portal, url: "` + portal + `?form=new%20patient&referral_code=old#start", code_param: referral_code}`,
			portal + "?form=new%20patient&referral_code=B2H9-3#start", ""},
		{"empty", `  ereferral: {name: Lakeshore Partner Portal, url: "` + portal + `", code_param: ""}`, "",
			`error: config: contact.ereferral.code_param "" must be a query parameter name, e.g. code_param: referral_code; remove it to leave the code out of the address`},
		{"false", `  ereferral: {name: Lakeshore Partner Portal, url: "` + portal + `", code_param: false}`, "",
			`error: config: contact.ereferral.code_param must be text, not the boolean false`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := copySite(t)
			cfgFile := filepath.Join(site, "kitgen.yaml")
			cfg := string(read(t, cfgFile))
			if !strings.Contains(cfg, "\n"+example+"\n") {
				t.Fatalf("kitgen.yaml of the example has no line %q", example)
			}
			if err := os.WriteFile(cfgFile, []byte(strings.Replace(cfg, example, tc.ereferral, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(t.TempDir(), "public")
			res, err := Build(Options{Source: site, Dest: dest, Today: partnerDay, Locked: true})
			if tc.want == "" {
				line := strings.Count(cfg[:strings.Index(cfg, example)], "\n") + 1
				at := "kitgen.yaml:" + itoa(line) + ":" + itoa(strings.Index(tc.ereferral, "code_param: ")+len("code_param: ")+1) + ": "
				if err == nil || len(res.Diags) != 1 || !strings.HasPrefix(res.Diags[0].String(), at+tc.finding) {
					t.Errorf("build error %v, findings %v\nwant one starting %q", err, res.Diags, at+tc.finding)
				}
				if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a failed build wrote %s (%v)", dest, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("build: %v %v", err, res.Diags)
			}
			// links returns the portal links of an element of a page.
			links := func(file, element string) []string {
				page := string(read(t, filepath.Join(dest, file)))
				in := page[strings.Index(page, "<"+element):strings.Index(page, "</"+element+">")]
				var out []string
				for _, m := range ereferralLink.FindAllStringSubmatch(in, -1) {
					out = append(out, html.UnescapeString(m[1]))
				}
				return out
			}
			northside := partnerResult(t, res, "northside-family-medicine")
			if got := links("r/"+northside.Code+"/index.html", "main"); len(got) != 1 || got[0] != tc.want {
				t.Errorf("Northside's landing page links to %q, want %q", got, tc.want)
			}
			page := string(read(t, filepath.Join(dest, "r", northside.Code, "index.html")))
			if filled := strings.Contains(page, "opens with your code filled in"); filled != strings.Contains(tc.want, northside.Code) {
				t.Errorf("the landing page says the code is filled in: %v, for the link %s", filled, tc.want)
			}
			lp := partnerResult(t, res, "lincoln-park-orthopedic-sports-rehab")
			if got := links("r/"+lp.Code+"/index.html", "main"); len(got) != 1 || got[0] != portal+"/orthopedics?referral_code="+lp.Code {
				t.Errorf("Lincoln Park's own channel became %q", got)
			}
			// The public pages link to the site's address as written, and a
			// location's as its page gives it; no text output outside the
			// landing pages has a partner's code.
			url := tc.ereferral[strings.Index(tc.ereferral, `url: "`)+len(`url: "`):]
			url = url[:strings.Index(url, `"`)]
			for _, f := range []string{"index.html", "services/cardiology/index.html", "r/" + northside.Code + "/index.html"} {
				if got := links(f, "footer"); len(got) != 1 || got[0] != url {
					t.Errorf("the footer of %s links to %q, want %q", f, got, url)
				}
			}
			if got := links("locations/loop/index.html", "main"); len(got) != 1 || got[0] != portal {
				t.Errorf("the Loop location page's e-referral links are %q, want %q", got, portal)
			}
			for f, data := range tree(t, dest) {
				if strings.HasPrefix(f, "r/") || strings.HasSuffix(f, ".pdf") {
					continue
				}
				for _, p := range res.Partners {
					if bytes.Contains(data, []byte(p.Code)) {
						t.Errorf("%s has %s's code %s", f, p.ID, p.Code)
					}
				}
			}
		})
	}
}

// ereferralLink finds the links to the example's e-referral portal.
var ereferralLink = regexp.MustCompile(`<a href="?(https://portal\.lakeshore-specialty\.example/[^" >]*)"?>`)

// TestWithQuery: a partner's code is added to an e-referral address as a
// query parameter, escaped, after the address's own query as written; a
// parameter of the same name is replaced, and the fragment kept.
func TestWithQuery(t *testing.T) {
	for _, tc := range []struct{ url, name, value, want string }{
		{"https://p.example/refer", "ref", "K7QX-W", "https://p.example/refer?ref=K7QX-W"},
		{"https://p.example/refer?", "ref", "K7QX-W", "https://p.example/refer?ref=K7QX-W"},
		{"https://p.example/refer?form=new%20patient&b=1", "ref", "K7QX-W", "https://p.example/refer?form=new%20patient&b=1&ref=K7QX-W"},
		{"https://p.example/refer?ref=old&b=1&ref=older", "ref", "K7QX-W", "https://p.example/refer?b=1&ref=K7QX-W"},
		{"https://p.example/refer?r%65f=old", "ref", "K7QX-W", "https://p.example/refer?ref=K7QX-W"},
		{"https://p.example/refer#start", "ref", "K7QX-W", "https://p.example/refer?ref=K7QX-W#start"},
		{"https://p.example/refer", "ref.code", "A&B=C D", "https://p.example/refer?ref.code=A%26B%3DC+D"},
	} {
		if got := withQuery(tc.url, tc.name, tc.value); got != tc.want {
			t.Errorf("withQuery(%q, %q, %q) = %q, want %q", tc.url, tc.name, tc.value, got, tc.want)
		}
	}
}
