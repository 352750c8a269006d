package browsertest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
