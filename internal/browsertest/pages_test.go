package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pageTypes has one page of every layout of the built-in theme.
var pageTypes = []struct {
	name, path string
	status     int64
}{
	{"home", "/", 200},
	{"service", "/services/cardiology/", 200},
	{"guide", "/guides/cardiology-referral/", 200},
	{"provider", "/providers/jose-nunez/", 200},
	{"program", "/programs/asthma-education/", 200},
	{"location", "/locations/loop/", 200},
	{"virtual location", "/locations/video-visits/", 200}, // no address; lines with hours
	{"menu page", "/insurance/", 200},                     // a free page in the navigation
	{"directory", "/providers/", 200},
	{"section", "/services/", 200},
	{"kits", "/kits/", 200},
	{"kit", "/kits/cardiology/", 200},
	{"page", "/referral-intake/", 200},                   // a free page, with a Markdown table
	{"spanish service", "/es/services/cardiology/", 200}, // a translation, with the language switch
	{"spanish guide", "/es/guides/cardiology-referral/", 200},
	{"partner landing page", "/r/DZGY-5/", 200},  // private: noindex, no script
	{"spanish kit", "/es/kits/cardiology/", 200}, // a kit's translation, beside the English kit page
	{"404", "/no-such-page/", 404},
}

type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var (
	desktop = viewport{"desktop", 1280, 800, false}
	phone   = viewport{"phone", 390, 844, true}
)

// pageTimeout bounds everything one tab does, so a hung page fails its
// own subtest instead of the whole run.
const pageTimeout = 60 * time.Second

// TestPages visits every page type at desktop and phone widths and checks
// what a referring clinician's browser would see.
func TestPages(t *testing.T) {
	s := setup(t)
	for _, pt := range pageTypes {
		for _, vp := range []viewport{desktop, phone} {
			t.Run(pt.name+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				tab := s.open(t, vp)
				tab.load(t, pt.path, pt.status)
				tab.screenshot(t, pt.name+"-"+vp.name+".png")
				tab.checkNoOverflow(t)
				tab.checkSkipLink(t)
				if vp == desktop {
					tab.checkPrintStyles(t)
				}
				tab.checkKitSizes(t)
				tab.checkLog(t, pt.status)
				t.Run("axe", tab.checkAxe)
				if vp == desktop {
					tab.checkFocusVisible(t)
				}
			})
		}
	}
}

// TestPrint prints a guide, the page a coordinator is most likely to put
// on paper, and keeps the PDF as an artefact.
func TestPrint(t *testing.T) {
	s := setup(t)
	tab := s.open(t, desktop)
	tab.load(t, "/guides/cardiology-referral/", 200)
	tab.checkPrintStyles(t)
	pdf, err := chromedp.Run(tab.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperLetter)))
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
		t.Fatalf("printed %d bytes that are not a PDF", len(pdf))
	}
	tab.save(t, "print-guide.pdf", pdf)
}

// tab is one browser tab and what it has seen since it opened.
type tab struct {
	site   *site
	ctx    context.Context
	vp     viewport
	url    string
	events *pageEvents
}

// open makes a new tab with the viewport's size, recording its events
// from the start.
func (s *site) open(t *testing.T, vp viewport) *tab {
	t.Helper()
	tctx, cancelTimeout := context.WithTimeout(s.browser, pageTimeout)
	ev := &pageEvents{}
	ctx, cancel := chromedp.NewContext(tctx, chromedp.WithListener(ev.listen))
	t.Cleanup(func() { cancel(); cancelTimeout() })
	opts := []chromedp.EmulateViewportOption{}
	if vp.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(vp.width, vp.height, opts...),
		// Tabs run side by side; each must behave as the focused window
		// for keyboard focus and :focus-visible to work.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}),
		// A second witness for CSP: the page's own securitypolicyviolation
		// events, recorded by a script DevTools adds (which CSP does not
		// govern) before any of the page's code runs.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `window.__kitgenCSP = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__kitgenCSP.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`,
			})
			return err
		}),
	)
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return &tab{site: s, ctx: ctx, vp: vp, events: ev}
}

// load navigates to a site path, waits for the load event and checks the
// document's status and Content-Security-Policy header.
func (tb *tab) load(t *testing.T, p string, status int64) {
	t.Helper()
	tb.url = tb.site.origin + p
	tb.events.setDocument(tb.url)
	res, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.url))
	if err != nil {
		t.Fatalf("loading %s: %v", p, err)
	}
	if res.Status != status {
		t.Errorf("%s answered %d, want %d", p, res.Status, status)
	}
	var csp string
	for k, v := range res.Headers {
		if strings.EqualFold(k, "Content-Security-Policy") {
			csp = fmt.Sprint(v)
		}
	}
	if csp != tb.site.csp {
		t.Errorf("%s: Content-Security-Policy header is %q, want the one from _headers: %q", p, csp, tb.site.csp)
	}
}

func (tb *tab) save(t *testing.T, name string, data []byte) {
	t.Helper()
	file := filepath.Join(tb.site.artefacts, name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Errorf("saving %s: %v", name, err)
		return
	}
	t.Logf("artefact: %s", file)
}

// screenshot saves a PNG of the whole page as loaded, before any focus.
func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	tb.save(t, name, png)
}

// eval runs a JavaScript expression in the page and decodes its result.
func eval[T any](t *testing.T, tb *tab, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", expr, err)
	}
	return v
}

// checkNoOverflow fails when the page is wider than the viewport, which on
// a phone means sideways scrolling to read it; it names the widest
// elements.
func (tb *tab) checkNoOverflow(t *testing.T) {
	t.Helper()
	wide := eval[[]string](t, tb, `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  // An element is contained when a clipping or scrolling ancestor holds
  // it; an absolutely positioned one escapes every such ancestor below
  // its containing block.
  const contained = el => {
    const pos = getComputedStyle(el).position;
    if (pos === 'fixed') return true;
    let abs = pos === 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (abs && cs.position === 'static') continue;
      abs = false;
      if (cs.overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && !contained(el)) {
      out.push('<' + el.tagName.toLowerCase() + (el.className ? ' class="' + el.className + '"' : '') + '> "' +
        (el.textContent || '').trim().slice(0, 40) + '" reaches ' + Math.round(r.right) + 'px');
    }
  }
  return out.slice(0, 8);
})()`)
	if len(wide) > 0 {
		t.Errorf("page is wider than the %dpx viewport; it scrolls sideways because of:\n  %s", tb.vp.width, strings.Join(wide, "\n  "))
	}
}

// activeElement describes document.activeElement.
const activeElement = `(() => {
  const a = document.activeElement;
  return {tag: a ? a.tagName.toLowerCase() : '', id: (a && a.id) || '', text: a ? (a.textContent || '').trim().slice(0, 60) : '',
          inMain: !!(a && a.closest('main#main'))};
})()`

type focused struct {
	Tag    string `json:"tag"`
	ID     string `json:"id"`
	Text   string `json:"text"`
	InMain bool   `json:"inMain"`
}

// checkSkipLink presses Tab on the freshly loaded page, expects the skip
// link, then presses Enter and expects focus in the main landmark.
func (tb *tab) checkSkipLink(t *testing.T) {
	t.Helper()
	if f := eval[focused](t, tb, activeElement); f.Tag != "body" {
		t.Errorf("before any key press focus is on <%s> %q, want the body", f.Tag, f.Text)
		return
	}
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatalf("pressing Tab: %v", err)
	}
	want := map[string]string{"en-US": "Skip to main content", "es-US": "Ir al contenido principal"}[eval[string](t, tb, `document.documentElement.lang`)]
	if f := eval[focused](t, tb, activeElement); f.Tag != "a" || f.Text != want {
		t.Errorf("the first Tab focuses <%s> %q, want the %q link", f.Tag, f.Text, want)
		return
	}
	if f := eval[focusStyle](t, tb, focusStyleJS); !f.InView || !f.Outlined {
		t.Errorf("the focused skip link is not visible: in view %v, outlined %v (%s)", f.InView, f.Outlined, f.Desc)
	}
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("pressing Enter: %v", err)
	}
	// Following the link is a same-document navigation; wait for it.
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](
		`(() => { const a = document.activeElement; return !!a && !!a.closest('main#main'); })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		f := eval[focused](t, tb, activeElement)
		t.Errorf("Enter on the skip link leaves focus on <%s id=%q> %q, want <main id=\"main\"> or inside it", f.Tag, f.ID, f.Text)
	}
}

// focusStyle says whether the focused element can be seen.
type focusStyle struct {
	Desc     string `json:"desc"`
	Body     bool   `json:"body"`     // nothing is focused
	Seen     bool   `json:"seen"`     // focused before in this walk
	InView   bool   `json:"inView"`   // inside the viewport
	Outlined bool   `json:"outlined"` // has a focus outline or ring
}

const focusStyleJS = `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return {body: true};
  window.__kitgenSeen = window.__kitgenSeen || new WeakSet();
  const seen = window.__kitgenSeen.has(a);
  window.__kitgenSeen.add(a);
  const cs = getComputedStyle(a), r = a.getBoundingClientRect();
  return {
    desc: '<' + a.tagName.toLowerCase() + (a.getAttribute('href') ? ' href="' + a.getAttribute('href') + '"' : '') + '> "' + (a.textContent || '').trim().slice(0, 40) + '"',
    seen: seen,
    inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.width > 0 && r.height > 0,
    outlined: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none',
  };
})()`

// checkFocusVisible tabs through the whole page, as a keyboard user
// would, and fails for every stop where focus cannot be seen.
func (tb *tab) checkFocusVisible(t *testing.T) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(tb.url)); err != nil {
		t.Fatalf("reloading %s: %v", tb.url, err)
	}
	stops := 0
	for ; stops < 400; stops++ {
		if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatalf("pressing Tab: %v", err)
		}
		f := eval[focusStyle](t, tb, focusStyleJS)
		if f.Body || f.Seen {
			break
		}
		if !f.InView || !f.Outlined {
			t.Errorf("focus is not visible on %s (in view %v, outlined %v)", f.Desc, f.InView, f.Outlined)
		}
	}
	if stops < 2 {
		t.Errorf("Tab reached only %d elements", stops)
	}
	t.Logf("tabbed through %d focus stops", stops)
}

// checkKitSizes checks that every PDF download link states the file's
// size, and states it right: intake staff look at it to know whether the
// kit fits in an email.
func (tb *tab) checkKitSizes(t *testing.T) {
	t.Helper()
	links := eval[[]struct {
		Href    string `json:"href"`
		Context string `json:"context"`
	}](t, tb, `[...document.querySelectorAll('main a[download][href$=".pdf"]')].map(a =>
  ({href: a.href, context: (a.closest('li, td, p') || a).textContent.replace(/\s+/g, ' ').trim()}))`)
	client := &http.Client{Timeout: 10 * time.Second}
	for _, l := range links {
		res, err := client.Head(l.Href)
		if err != nil {
			t.Errorf("HEAD %s: %v", l.Href, err)
			continue
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %s", l.Href, res.Status)
			continue
		}
		want := fmt.Sprintf("%d KB", (res.ContentLength+1023)/1024)
		if !strings.Contains(l.Context, want) {
			t.Errorf("the download link to %s does not say the file is %s: %q", strings.TrimPrefix(l.Href, tb.site.origin), want, l.Context)
		}
	}
}

// printState is what the print stylesheet does to a page.
type printState struct {
	NavDisplay  string `json:"navDisplay"`  // computed display of the main navigation
	PrintedFrom string `json:"printedFrom"` // the "Printed from" line, when shown
	Link        string `json:"link"`        // href of the first site link in main
	After       string `json:"after"`       // computed ::after content of that link
}

// checkPrintStyles emulates print media and checks the print stylesheet:
// no navigation, and links in the main content followed by their URL.
func (tb *tab) checkPrintStyles(t *testing.T) {
	t.Helper()
	media := func(m string) {
		err := chromedp.Do(tb.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		}))
		if err != nil {
			t.Fatalf("emulating %q media: %v", m, err)
		}
	}
	media("print")
	defer media("")
	ps := eval[printState](t, tb, `(() => {
  const nav = document.querySelector('nav');
  const a = document.querySelector('main a[href^="/"]');
  const from = document.querySelector('.print-only');
  return {navDisplay: nav ? getComputedStyle(nav).display : 'no nav',
          printedFrom: from && getComputedStyle(from).display !== 'none' ? from.textContent : '',
          link: a ? a.getAttribute('href') : '',
          after: a ? getComputedStyle(a, '::after').content : ''};
})()`)
	if ps.NavDisplay != "none" {
		t.Errorf("printed, the navigation has display %q, want none", ps.NavDisplay)
	}
	// Printed links show site paths; the page's own URL says which site.
	if !strings.HasPrefix(ps.PrintedFrom, "Printed from http") && !strings.HasPrefix(ps.PrintedFrom, "Impreso desde http") {
		t.Errorf("printed, the page does not say where it was printed from (got %q)", ps.PrintedFrom)
	}
	if ps.Link == "" {
		t.Errorf("no site link in main to check the printed URL of")
	} else if !strings.Contains(ps.After, ps.Link) && !strings.Contains(ps.After, "attr(href)") {
		t.Errorf("printed, the link to %s is followed by %s, want its URL", ps.Link, ps.After)
	}
}

// checkLog fails on what the tab recorded: console errors, failed
// requests, requests to other origins and CSP violations.
func (tb *tab) checkLog(t *testing.T, status int64) {
	t.Helper()
	violations := eval[[]string](t, tb, `window.__kitgenCSP || []`)
	ev := tb.events
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, v := range violations {
		t.Errorf("Content-Security-Policy violation: %s", v)
	}
	for _, m := range ev.security {
		t.Errorf("security message (CSP?): %s", m)
	}
	for _, m := range ev.errors {
		if status == 404 && strings.Contains(m, tb.url) && strings.Contains(m, "404") {
			continue // the 404 page's own status
		}
		t.Errorf("console: %s", m)
	}
	for _, m := range ev.failed {
		t.Errorf("failed request: %s", m)
	}
	for _, u := range ev.requests {
		if strings.HasPrefix(u, "data:") {
			continue
		}
		if pu, err := url.Parse(u); err != nil || pu.Scheme+"://"+pu.Host != tb.site.origin {
			t.Errorf("request to another origin: %s", u)
		}
	}
}

// axeResult is the part of axe.run's result the test reports.
type axeResult struct {
	Violations []struct {
		ID      string `json:"id"`
		Impact  string `json:"impact"`
		Help    string `json:"help"`
		HelpURL string `json:"helpUrl"`
		Nodes   []struct {
			Target         []any  `json:"target"`
			FailureSummary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// axeWCAG and axeBestPractice are the axe-core rule tags the tests run.
const (
	axeWCAG         = `'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'`
	axeBestPractice = `'best-practice'`
)

// checkAxe runs axe-core's WCAG 2.1 A and AA rules on the page, and its
// best practices.
func (tb *tab) checkAxe(t *testing.T) { tb.checkAxeTags(t, axeWCAG, axeBestPractice) }

// checkAxeTags runs the axe-core rules of each set of tags on the page.
func (tb *tab) checkAxeTags(t *testing.T, tagSets ...string) {
	file := os.Getenv("KITGEN_AXE")
	if file == "" {
		skipOrFail(t, "KITGEN_AXE is not set; point it at axe.min.js (npm install axe-core@4) to run the accessibility checks")
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("reading KITGEN_AXE: %v", err)
	}
	eval[chromedp.Void](t, tb, string(src))
	// WCAG 2.1 A and AA is the legal bar. axe files landmark, heading
	// order and similar rules under best-practice; the theme meets those
	// too, so they guard against regressions.
	for _, tags := range tagSets {
		res := eval[axeResult](t, tb, `axe.run(document, {runOnly: {type: 'tag', values: [`+tags+`]}})
  .then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})), passes: r.passes.length}))`,
			chromedp.EvalAwaitPromise)
		if res.Passes == 0 {
			t.Errorf("axe [%s] passed no rules at all; did it run?", tags)
		}
		for _, v := range res.Violations {
			var b strings.Builder
			fmt.Fprintf(&b, "%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
			for _, n := range v.Nodes {
				target, _ := json.Marshal(n.Target)
				fmt.Fprintf(&b, "\n    at %s: %s", target, strings.ReplaceAll(n.FailureSummary, "\n", " "))
			}
			t.Errorf("axe [%s]: %s", tags, b.String())
		}
	}
}

// pageEvents records what a tab's page did. Its listen method runs on
// the tab's event loop, so it only files events away.
type pageEvents struct {
	mu       sync.Mutex
	document string                       // URL of the page under test
	urls     map[network.RequestID]string // for naming failed requests
	requests []string                     // every URL requested
	errors   []string                     // console errors and exceptions
	security []string                     // messages from the security source (CSP)
	failed   []string                     // requests that failed or got an error status
}

func (e *pageEvents) setDocument(u string) {
	e.mu.Lock()
	e.document = u
	e.mu.Unlock()
}

func (e *pageEvents) listen(ev any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if e.urls == nil {
			e.urls = map[network.RequestID]string{}
		}
		e.urls[ev.RequestID] = ev.Request.URL
		e.requests = append(e.requests, ev.Request.URL)
	case *network.EventResponseReceived:
		r := ev.Response
		if r.Status >= 400 && !(ev.Type == network.ResourceTypeDocument && r.URL == e.document) {
			e.failed = append(e.failed, fmt.Sprintf("%s answered %d", r.URL, r.Status))
		}
	case *network.EventLoadingFailed:
		e.failed = append(e.failed, fmt.Sprintf("%s (%s): %s %s", e.urls[ev.RequestID], ev.Type, ev.ErrorText, ev.BlockedReason))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			e.errors = append(e.errors, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		e.errors = append(e.errors, fmt.Sprintf("uncaught %s at %s:%d", msg, d.URL, d.LineNumber+1))
	case *log.EventEntryAdded:
		en := ev.Entry
		switch {
		case en.Source == log.EntrySourceSecurity:
			e.security = append(e.security, fmt.Sprintf("%s %s", en.Text, en.URL))
		case en.Level == log.EntryLevelError:
			e.errors = append(e.errors, fmt.Sprintf("%s: %s %s", en.Source, en.Text, en.URL))
		}
	}
}
