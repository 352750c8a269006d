package browsertest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kitgen/kitgen/internal/cli"
)

// TestPartnerLandingPage opens a partner's landing page as the partner
// would after scanning the code on its kit: it names the partner and the
// code to quote, offers the partner's copies, opens the e-referral form
// with the code filled in, and is private — noindex in the page and in the
// response, no script, no cookie, no request to another origin.
func TestPartnerLandingPage(t *testing.T) {
	s := setup(t)
	for _, vp := range []viewport{desktop, phone} {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			tab := s.open(t, vp)
			p := "/r/DZGY-5/"
			tab.url = s.origin + p
			tab.events.setDocument(tab.url)
			res, err := chromedp.Run(tab.ctx, chromedp.NavigateResponse(tab.url))
			if err != nil {
				t.Fatalf("loading %s: %v", p, err)
			}
			if res.Status != 200 {
				t.Fatalf("%s answered %d", p, res.Status)
			}
			robots := ""
			for k, v := range res.Headers {
				if strings.EqualFold(k, "X-Robots-Tag") {
					robots = fmt.Sprint(v)
				}
			}
			if robots != "noindex, nofollow" {
				t.Errorf("X-Robots-Tag header is %q, want noindex, nofollow", robots)
			}
			if got := eval[string](t, tab, `(document.querySelector('meta[name="robots"]') || {}).content || ''`); got != "noindex, nofollow" {
				t.Errorf("robots meta is %q", got)
			}
			if n := eval[int](t, tab, `document.scripts.length`); n != 0 {
				t.Errorf("the landing page has %d scripts", n)
			}
			if c := eval[string](t, tab, `document.cookie`); c != "" {
				t.Errorf("the landing page set a cookie: %q", c)
			}
			main := eval[string](t, tab, `document.querySelector('main').innerText`)
			for _, want := range []string{"Referral kits for Lincoln Park Orthopedic & Sports Rehab", "Quote your referral code DZGY-5", "Orthopedics referral kit, version"} {
				if !strings.Contains(main, want) {
					t.Errorf("the landing page does not say %q:\n%s", want, main)
				}
			}
			if strings.Contains(main, "outreach visits") {
				t.Error("the landing page shows the partner's staff note")
			}
			pdf := eval[string](t, tab, `document.querySelector('main a[download]').getAttribute('href')`)
			if !regexp.MustCompile(`^/r/DZGY-5/orthopedics-v\d+\.pdf$`).MatchString(pdf) {
				t.Errorf("the download link is %q", pdf)
			}
			if typ := eval[string](t, tab, `fetch('`+pdf+`').then(r => r.status + ' ' + r.headers.get('content-type'))`, chromedp.EvalAwaitPromise); typ != "200 application/pdf" {
				t.Errorf("the partner's copy answers %q", typ)
			}
			href := eval[string](t, tab, `[...document.querySelectorAll('main a')].find(a => a.textContent.includes('referral form')).href`)
			if href != "https://portal.lakeshore-specialty.example/referrals/orthopedics?referral_code=DZGY-5" {
				t.Errorf("the e-referral link is %q, want the code filled in", href)
			}
			tab.checkLog(t, 200)
		})
	}
}

// TestPartnerLandingPageSiteChannel opens the landing page of a partner
// without a referral destination of its own, which refers through the
// site's e-referral portal: kitgen.yaml's code_param fills the partner's
// code in. In the example the link is the portal with ?referral_code=; a
// site whose portal address has a query of its own keeps it, and the
// code is one more parameter. The site's footer, on the landing page as
// on every public page, links to the portal as written, with no code.
func TestPartnerLandingPageSiteChannel(t *testing.T) {
	s := setup(t)
	const portal = "https://portal.lakeshore-specialty.example/referrals"
	withQuery := *s
	{
		dir := filepath.Join(t.TempDir(), "site")
		var stdout, stderr bytes.Buffer
		if code := cli.Main([]string{"init", dir, "--example"}, &stdout, &stderr); code != 0 {
			t.Fatalf("kitgen init --example exited %d: %s", code, stderr.String())
		}
		cfgFile := filepath.Join(dir, "kitgen.yaml")
		cfg, err := os.ReadFile(cfgFile)
		if err != nil {
			t.Fatal(err)
		}
		from := `url: "` + portal + `", code_param: referral_code}`
		if !bytes.Contains(cfg, []byte(from)) {
			t.Fatalf("the example's kitgen.yaml has no %s", from)
		}
		cfg = bytes.Replace(cfg, []byte(from), []byte(`url: "`+portal+`?form=new%20patient&lang=en#start", code_param: referral_code}`), 1)
		if err := os.WriteFile(cfgFile, cfg, 0o644); err != nil {
			t.Fatal(err)
		}
		withQuery.origin, withQuery.csp = buildAndServe(t, dir)
	}
	type params struct {
		Code, Form, Lang, Hash string
		Codes                  int
	}
	for _, tc := range []struct {
		name   string
		site   *site
		link   string // the landing page's e-referral link
		params params
		footer string // the site's e-referral link in the footer
	}{
		{"example", s, portal + "?referral_code=B2H9-3", params{Code: "B2H9-3", Codes: 1}, portal},
		{"portal with a query", &withQuery, portal + "?form=new%20patient&lang=en&referral_code=B2H9-3#start",
			params{Code: "B2H9-3", Form: "new patient", Lang: "en", Hash: "#start", Codes: 1}, portal + "?form=new%20patient&lang=en#start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := tc.site.open(t, desktop)
			tab.load(t, "/r/B2H9-3/", 200)
			main := eval[string](t, tab, `document.querySelector('main').innerText`)
			if !strings.Contains(main, "Lakeshore Partner Portal, which this link opens with your code filled in") {
				t.Errorf("the landing page does not say the link fills the code in:\n%s", main)
			}
			href := eval[string](t, tab, `[...document.querySelectorAll('main a')].find(a => a.textContent == 'Lakeshore Partner Portal').href`)
			if href != tc.link {
				t.Errorf("the e-referral link is %q, want %q", href, tc.link)
			}
			got := eval[params](t, tab, `(() => { const u = new URL([...document.querySelectorAll('main a')].find(a => a.textContent == 'Lakeshore Partner Portal').href);
				return {Code: u.searchParams.get('referral_code') || '', Form: u.searchParams.get('form') || '', Lang: u.searchParams.get('lang') || '',
					Hash: u.hash, Codes: u.searchParams.getAll('referral_code').length} })()`)
			if got != tc.params {
				t.Errorf("the e-referral link's parameters are %+v, want %+v", got, tc.params)
			}
			for _, p := range []string{"/r/B2H9-3/", "/services/cardiology/", "/locations/loop/"} {
				tab.load(t, p, 200)
				footer := eval[[]string](t, tab, `[...document.querySelectorAll('footer a')].filter(a => a.textContent == 'Lakeshore Partner Portal').map(a => a.href)`)
				if len(footer) != 1 || footer[0] != tc.footer {
					t.Errorf("%s: the footer's e-referral links are %q, want %q", p, footer, tc.footer)
				}
				if p != "/r/B2H9-3/" {
					if n := eval[int](t, tab, `[...document.querySelectorAll('a')].filter(a => a.href.includes('B2H9-3') || a.href.includes('referral_code')).length`); n != 0 {
						t.Errorf("%s: %d links carry a referral code", p, n)
					}
				}
			}
			tab.checkLog(t, 200)
		})
	}
}
