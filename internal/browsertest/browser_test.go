package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// site is what every browser test shares: the example site built once,
// served once, and one headless browser whose tabs visit it.
type site struct {
	origin    string          // http://127.0.0.1:port
	csp       string          // the Content-Security-Policy _headers gives every page
	browser   context.Context // chromedp context that owns the browser
	artefacts string          // folder for screenshots and PDFs
}

var shared struct {
	once    sync.Once
	site    *site
	skip    string // why the browser tests cannot run here
	err     error
	cleanup []func()
}

// browserRequired reports whether a missing browser or axe-core must fail
// the tests rather than skip them (CI sets KITGEN_REQUIRE_BROWSER=1).
func browserRequired() bool { return os.Getenv("KITGEN_REQUIRE_BROWSER") == "1" }

// skipOrFail skips with why, or fails when the browser is required.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if browserRequired() {
		t.Fatalf("%s (KITGEN_REQUIRE_BROWSER=1, so this is a failure)", why)
	}
	t.Skip(why)
}

// setup returns the shared site, starting it on first use.
func setup(t *testing.T) *site {
	t.Helper()
	shared.once.Do(func() { shared.site, shared.skip, shared.err = start() })
	if shared.skip != "" {
		skipOrFail(t, shared.skip)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.site
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(shared.cleanup) - 1; i >= 0; i-- {
		shared.cleanup[i]()
	}
	os.Exit(code)
}

// findBrowser returns the path of a Chromium-based browser, or "".
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// repoRoot is the kitgen repository, which is also the example site.
func repoRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("cannot locate the test source file")
	}
	return filepath.Abs(filepath.Join(filepath.Dir(file), "..", ".."))
}

// artefactDir is where screenshots and PDFs go: KITGEN_ARTIFACTS, or a
// fixed folder under the temporary directory so they outlive the run.
func artefactDir() (string, error) {
	dir := os.Getenv("KITGEN_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "kitgen-browser-artifacts")
	}
	return dir, os.MkdirAll(dir, 0o755)
}

func start() (s *site, skip string, err error) {
	exe := findBrowser()
	if exe == "" {
		return nil, "no Chromium or Chrome on PATH; install one (apt-get install -y chromium) to run the browser tests", nil
	}
	root, err := repoRoot()
	if err != nil {
		return nil, "", err
	}
	tmp, err := os.MkdirTemp("", "kitgen-browsertest-")
	if err != nil {
		return nil, "", err
	}
	shared.cleanup = append(shared.cleanup, func() { os.RemoveAll(tmp) })

	dest := filepath.Join(tmp, "public")
	if err := buildSite(root, dest); err != nil {
		return nil, "", err
	}

	origin, csp, stop, err := serve(dest)
	if err != nil {
		return nil, "", err
	}
	shared.cleanup = append(shared.cleanup, stop)

	artefacts, err := artefactDir()
	if err != nil {
		return nil, "", err
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // container /dev/shm is often 64 MB
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
	)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	shared.cleanup = append(shared.cleanup, cancelAlloc, cancelBrowser)

	// The first Do starts the browser and ties it to browser, so it cannot
	// take a timeout context of its own; bound it from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser) }()
	select {
	case err := <-started:
		if err != nil {
			return nil, "", fmt.Errorf("starting %s: %w", exe, err)
		}
	case <-time.After(45 * time.Second):
		cancelBrowser()
		return nil, "", fmt.Errorf("starting %s: no answer after 45s", exe)
	}
	return &site{origin: origin, csp: csp, browser: browser, artefacts: artefacts}, "", nil
}

// buildSite builds the site at root into dest. Preview never writes the
// ledger, so a test leaves the site's kits/ as it was.
func buildSite(root, dest string) error {
	res, err := pipeline.Build(pipeline.Options{Source: root, Dest: dest, Preview: true})
	if err != nil {
		var msgs []string
		if res != nil {
			for _, d := range res.Diags {
				msgs = append(msgs, fmt.Sprint(d))
			}
		}
		return fmt.Errorf("building %s: %w\n%s", root, err, strings.Join(msgs, "\n"))
	}
	return nil
}

// serve serves a built site on 127.0.0.1 and returns its origin and the
// Content-Security-Policy its _headers gives every page.
// buildAndServe builds the site in dir into a new folder and serves it
// until the test ends, returning the server's origin and the site's
// Content-Security-Policy.
func buildAndServe(t *testing.T, dir string) (origin, csp string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildSite(dir, dest); err != nil {
		t.Fatal(err)
	}
	origin, csp, stop, err := serve(dest)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return origin, csp
}

func serve(dest string) (origin, csp string, stop func(), err error) {
	srv, err := newSiteServer(dest)
	if err != nil {
		return "", "", nil, fmt.Errorf("serving the built site: %w", err)
	}
	for _, r := range srv.rules {
		if matchPattern(r.pattern, "/") {
			for _, h := range r.headers {
				if strings.EqualFold(h[0], "Content-Security-Policy") {
					csp = h[1]
				}
			}
		}
	}
	if csp == "" {
		return "", "", nil, errors.New("the generated _headers gives / no Content-Security-Policy")
	}
	hs := httptest.NewServer(srv) // listens on 127.0.0.1:0
	return hs.URL, csp, hs.Close, nil
}
