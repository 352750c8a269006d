package serve

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns the path of a Chromium-based browser, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowserReloadsAndShowsErrors opens a page in headless Chromium,
// edits its Markdown and waits for the page to show the edit by itself;
// then breaks the front matter and waits for the accessible error
// overlay, and fixes it and waits for the overlay to go; then does the
// same with a phone written as true, whose fix the overlay must show.
func TestBrowserReloadsAndShowsErrors(t *testing.T) {
	exe := findChromium()
	if exe == "" {
		msg := "no Chromium on PATH; apt-get install chromium to run the browser test"
		if os.Getenv("KITGEN_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + " (KITGEN_REQUIRE_BROWSER=1 makes that a failure)")
		}
		t.Skip(msg)
	}
	site := exampleSite(t)
	copyTree(t, repoRoot, site, "assets/css")
	ts := start(t, site)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	// A marker set before the edit disappears when the page reloads.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL()+"about/"),
		func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`window.kitgenTestMarker = true`)(ctx, tg)
			return chromedp.Void{}, err
		},
	); err != nil {
		t.Fatalf("opening the page: %v", err)
	}
	waitFor(t, "the page's event stream to connect", func() bool { return ts.broker.clientCount() > 0 })

	const text = "Saturday clinics start in June."
	replace(t, ts.site, "content/about.md", "\n---\n", "\n---\n\n"+text+"\n")
	poll(t, ctx, "the page to reload with the edit",
		`document.body.innerText.includes(`+jsString(text)+`) && !window.kitgenTestMarker`)

	good := read(t, ts.site, "content/about.md")
	save(t, ts.site, "content/about.md", strings.Replace(good, "title: ", "title: [unclosed\n", 1))
	poll(t, ctx, "the error overlay",
		`(() => { const o = document.querySelector('#kitgen-build-errors[role="alert"]');
		  return !!o && o.innerText.includes("content/about.md:") && document.body.innerText.includes(`+jsString(text)+`) })()`)

	save(t, ts.site, "content/about.md", good)
	poll(t, ctx, "the overlay to go once the error is fixed",
		`!document.querySelector('#kitgen-build-errors')`)

	// A slip in a fact — a location's phone written as true — is shown
	// with where it is and how to fix it, on the page being previewed.
	loop := read(t, ts.site, "content/locations/loop.md")
	save(t, ts.site, "content/locations/loop.md", strings.Replace(loop, `phone: "(312) 555-0150"`, "phone: true", 1))
	poll(t, ctx, "the overlay naming the boolean phone and its fix",
		`(() => { const o = document.querySelector('#kitgen-build-errors[role="alert"]');
		  return !!o && o.innerText.includes("content/locations/loop.md:13:8") && o.innerText.includes('phone must be text, not the boolean true; quote it ("true")') })()`)
	save(t, ts.site, "content/locations/loop.md", loop)
	poll(t, ctx, "the overlay to go once the phone is fixed",
		`!document.querySelector('#kitgen-build-errors')`)

	// A stylesheet edit swaps the stylesheet in place: no reload.
	poll(t, ctx, "the page to settle", `document.readyState === "complete"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.kitgenTestMarker = true`)); err != nil {
		t.Fatal(err)
	}
	css := read(t, ts.site, "assets/css/main.css")
	save(t, ts.site, "assets/css/main.css", css+"\nmain h1{letter-spacing:3px}\n")
	poll(t, ctx, "the new stylesheet to apply without a reload",
		`window.kitgenTestMarker === true && getComputedStyle(document.querySelector("main h1")).letterSpacing === "3px" &&
		 document.querySelectorAll('link[rel="stylesheet"]').length === 1`)
}

// poll waits until expression is true in the page. A reload in between
// makes an evaluation fail; that only means "not yet".
func poll(t *testing.T, ctx context.Context, what, expression string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) && ctx.Err() == nil {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expression))
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(25 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("timed out waiting for %s (last error: %v)\npage text:\n%s", what, lastErr, body)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
