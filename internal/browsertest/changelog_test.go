package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// change is what a reader gets from one version in a kit page's
// changelog: its text as shown, the change note, and each word change
// with how it is drawn.
type change struct {
	Text    string `json:"text"`
	Note    string `json:"note"`
	Section string `json:"section"`
	Removed []mark `json:"removed"`
	Added   []mark `json:"added"`
}

// mark is one <del> or <ins>: the words a screen reader reads, the words
// on screen, and its text decoration, which must tell removed from added
// without colour.
type mark struct {
	Spoken     string `json:"spoken"`
	Shown      string `json:"shown"`
	Decoration string `json:"decoration"`
}

// TestKitChangelog reads the example cardiology kit's changelog as intake
// staff would: version 7 says why it changed (its change note) and, for
// the red flags it quotes, which words went and which came, struck through
// and underlined so the change reads without colour, and announced as
// removed and added to a screen reader. The kit page and the guide link
// the kit's fax cover sheet, which downloads as a PDF.
func TestKitChangelog(t *testing.T) {
	s := setup(t)
	for _, vp := range []viewport{desktop, phone} {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			tab := s.open(t, vp)
			tab.load(t, "/kits/cardiology/", 200)
			c := eval[change](t, tab, `(() => {
  const li = [...document.querySelectorAll('.changelog > li')].find(li => li.querySelector('strong').innerText === 'Version 7');
  if (!li) return {};
  const marks = sel => [...li.querySelectorAll(sel)].map(m => {
    const shown = m.cloneNode(true);
    shown.querySelectorAll('.visually-hidden').forEach(h => h.remove());
    return {spoken: m.textContent, shown: shown.textContent, decoration: getComputedStyle(m).textDecorationLine};
  });
  const note = li.querySelector('.change-note');
  const dt = li.querySelector('.word-changes dt');
  return {text: li.innerText, note: note ? note.innerText : '', section: dt ? dt.innerText : '', removed: marks('del'), added: marks('ins')};
})()`)
			if c.Note != "Why: the fast heart-rate red flag is now > 130 bpm (was > 150 bpm)" {
				t.Errorf("version 7's note reads %q", c.Note)
			}
			if c.Section != "Red flags" {
				t.Errorf("the word changes are under %q, want Red flags", c.Section)
			}
			if len(c.Removed) != 1 || c.Removed[0].Shown != "150" || c.Removed[0].Spoken != "removed: 150" || !strings.Contains(c.Removed[0].Decoration, "line-through") {
				t.Errorf("removed words: %+v", c.Removed)
			}
			if len(c.Added) != 1 || c.Added[0].Shown != "130" || c.Added[0].Spoken != "added: 130" || !strings.Contains(c.Added[0].Decoration, "underline") {
				t.Errorf("added words: %+v", c.Added)
			}
			if !strings.Contains(c.Text, "bpm with dizziness") {
				t.Errorf("the change is shown without the words around it:\n%s", c.Text)
			}

			href := eval[string](t, tab, `(() => { const a = [...document.querySelectorAll('main a[download]')].find(a => a.innerText.startsWith('Fax cover sheet')); return a ? a.getAttribute('href') : ''; })()`)
			if href != "/kits/cardiology/cardiology-fax-cover.pdf" {
				t.Fatalf("the kit page links the fax cover sheet as %q", href)
			}
			got := eval[string](t, tab, `fetch('`+href+`').then(async r => r.status + ' ' + r.headers.get('content-type') + ' ' + (await r.text()).slice(0, 5))`, chromedp.EvalAwaitPromise)
			if got != "200 application/pdf %PDF-" {
				t.Errorf("the fax cover sheet answers %q", got)
			}
			tab.load(t, "/guides/cardiology-referral/", 200)
			if n := eval[int](t, tab, `document.querySelectorAll('main a[href="`+href+`"]').length`); n != 1 {
				t.Errorf("the guide links the fax cover sheet %d times, want once", n)
			}
		})
	}
}
