package browsertest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAccessFacts reads, as a referring office would, the facts asked
// first: who a service sees, how long the wait is and as of when, the
// forms to send, a provider's NPI and languages, the lines of an office
// with their hours, and a video-visit location, which has no address.
// They come from the example site's front matter.
func TestAccessFacts(t *testing.T) {
	s := setup(t)
	for _, vp := range []viewport{desktop, phone} {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			tab := s.open(t, vp)
			fact := func(label string) string {
				quoted, _ := json.Marshal(label)
				return eval[string](t, tab, `(() => {
  for (const dt of document.querySelectorAll('main dt'))
    if (dt.innerText.trim() === `+string(quoted)+`) return dt.nextElementSibling.innerText.trim();
  return '';
})()`)
			}
			want := func(page, label, text string) {
				t.Helper()
				if got := fact(label); !strings.Contains(got, text) {
					t.Errorf("%s shows %s: %q, want it to contain %q", page, label, got, text)
				}
			}

			tab.load(t, "/services/cardiology/", 200)
			want("/services/cardiology/", "Who we see", "Ages 18 and over")
			want("/services/cardiology/", "Wait for a first visit", "Routine: 3–4 weeks (as of November 2, 2026)")
			want("/services/cardiology/", "Video visits", "Offered")
			want("/services/cardiology/", "Forms", "Cardiology referral form")
			if href := eval[string](t, tab, `(document.querySelector('main a[href$=".pdf"][href*="/assets/forms/"]') || {}).href || ''`); !strings.HasSuffix(href, "/assets/forms/cardiology-referral-form.pdf") {
				t.Errorf("the service's form links to %q", href)
			}
			if code := eval[int](t, tab, `fetch('/assets/forms/cardiology-referral-form.pdf').then(r => r.status)`, chromedp.EvalAwaitPromise); code != 200 {
				t.Errorf("the referral form answers %d", code)
			}

			tab.load(t, "/providers/jose-nunez/", 200)
			want("/providers/jose-nunez/", "NPI", "1555015001")
			want("/providers/jose-nunez/", "Languages", "English, Spanish")
			want("/providers/jose-nunez/", "Clinic days", "Mon, Wed, Thu")

			tab.load(t, "/locations/loop/", 200)
			want("/locations/loop/", "Scheduling", "(312) 555-0152 (Mon–Fri 8:00 a.m.–5:00 p.m.)")
			want("/locations/loop/", "After hours: On-call physician (answering service)", "(312) 555-0159")
			want("/locations/loop/", "Closed", "Thu, November 25 – Fri, November 26, 2027 (Thanksgiving)")
			if href := eval[string](t, tab, `(() => { for (const dt of document.querySelectorAll('main dt')) if (dt.innerText.trim() === 'E-referral') { const a = dt.nextElementSibling.querySelector('a'); return a ? a.href : ''; } return ''; })()`); href != "https://portal.lakeshore-specialty.example/referrals" {
				t.Errorf("the e-referral portal links to %q", href)
			}

			tab.load(t, "/locations/video-visits/", 200)
			want("/locations/video-visits/", "Visits", "By video")
			if got := fact("Address"); got != "" || eval[bool](t, tab, `[...document.querySelectorAll('main dt')].some(dt => dt.innerText.trim() === 'Address')`) {
				t.Errorf("the video-visit location shows an Address label: %q", got)
			}
			if ld := eval[string](t, tab, `document.querySelector('script[type="application/ld+json"]').textContent`); strings.Contains(ld, "address") {
				t.Errorf("the video-visit location gives search engines an address: %s", ld)
			}

			if nav := eval[string](t, tab, `document.querySelector('nav[aria-label="Main"]').innerText`); !strings.Contains(nav, "Insurance and coverage") {
				t.Errorf("the menu page is not in the navigation: %q", nav)
			}
		})
	}
}
