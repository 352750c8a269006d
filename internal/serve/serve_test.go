package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// repoRoot is the kitgen repository, which is also the example site.
const repoRoot = "../.."

// copyTree copies the named entries of from into to.
func copyTree(t testing.TB, from, to string, names ...string) {
	t.Helper()
	for _, name := range names {
		src := filepath.Join(from, name)
		err := filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(from, p)
			target := filepath.Join(to, rel)
			if e.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// exampleSite copies the example practice's sources into a temporary
// folder, with one of its kits to keep builds quick; layouts and assets
// come from the built-in theme.
func exampleSite(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	copyTree(t, repoRoot, dir, "content", "kits", "kitgen.yaml")
	kits, _ := filepath.Glob(filepath.Join(dir, "kits", "*.yaml"))
	for _, k := range kits {
		if b := filepath.Base(k); b != "cardiology.yaml" && b != "ledger.yaml" {
			os.Remove(k)
		}
	}
	return dir
}

// syncBuffer is a terminal the test can read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// waitFor returns the buffer once it contains want, or after timeout. The
// server tells open pages first and the terminal after, so a test that has
// seen the page's event may still have to wait for the terminal line.
func (b *syncBuffer) waitFor(want string, timeout time.Duration) string {
	deadline := time.Now().Add(timeout)
	for {
		out := b.String()
		if strings.Contains(out, want) || time.Now().After(deadline) {
			return out
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testServer struct {
	*Server
	site   string
	stdout *syncBuffer
	stderr *syncBuffer
}

// start serves site on a free loopback port until the test ends.
func start(t testing.TB, site string) *testServer {
	t.Helper()
	ts := &testServer{site: site, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	s, err := Start(Options{Source: site, Port: 0, Stdout: ts.stdout, Stderr: ts.stderr})
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = s
	t.Cleanup(func() {
		begin := time.Now()
		if err := s.Close(); err != nil {
			t.Errorf("shutting down: %v", err)
		}
		if d := time.Since(begin); d > 3*time.Second {
			t.Errorf("shutting down took %s", d)
		}
	})
	return ts
}

var client = &http.Client{
	Timeout: 10 * time.Second,
	// The tests look at redirects themselves.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t testing.TB, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

// stream is a Server-Sent Events client, as the reload script is.
type stream struct {
	events chan sse
	cancel context.CancelFunc
}

type sse struct {
	name string
	data map[string]any
}

func connect(t testing.TB, ts *testServer) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL()+"__kitgen/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		cancel()
		t.Fatalf("events: Content-Type %q", ct)
	}
	s := &stream{events: make(chan sse, 64), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.data)
			case line == "" && ev.name != "":
				s.events <- ev
				ev = sse{}
			}
		}
	}()
	t.Cleanup(cancel)
	s.next(t, "hello", 5*time.Second)
	return s
}

// next waits for the next event called name, skipping others.
func (s *stream) next(t testing.TB, name string, timeout time.Duration) sse {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("event stream closed while waiting for %q", name)
			}
			if ev.name == name {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %q event within %s", name, timeout)
		}
	}
}

// waitReload waits for a reload event that names the URL path.
func (s *stream) waitReload(t testing.TB, path string, timeout time.Duration) sse {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ev := s.next(t, "reload", time.Until(deadline))
		if ev.data["all"] == true || contains(ev.data["paths"], path) {
			return ev
		}
	}
}

func contains(list any, s string) bool {
	l, _ := list.([]any)
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// save writes a file the way editors do: a temporary file renamed over the
// original.
func save(t testing.TB, site, file, text string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

func read(t testing.TB, site, file string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func replace(t testing.TB, site, file, old, new string) {
	t.Helper()
	text := read(t, site, file)
	if !strings.Contains(text, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	save(t, site, file, strings.Replace(text, old, new, 1))
}

const wait = 45 * time.Second

func TestEditReloadsPage(t *testing.T) {
	ts := start(t, exampleSite(t))
	code, h, body := get(t, ts.URL()+"about/")
	if code != 200 {
		t.Fatalf("GET /about/: %d", code)
	}
	if !strings.Contains(body, string(inject)+`</body>`) {
		t.Errorf("the reload script is not injected before </body>")
	}
	if h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("headers: %v", h)
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("pages are served without the site's CSP: %q", h.Get("Content-Security-Policy"))
	}
	es := connect(t, ts)
	replace(t, ts.site, "content/about.md", "\n---\n", "\n---\n\nWe now see patients on Saturdays.\n")
	ev := es.waitReload(t, "/about/", wait)
	if ev.data["all"] == true {
		t.Errorf("editing one page rebuilt the whole site: %v", ev.data)
	}
	if _, _, body := get(t, ts.URL()+"about/"); !strings.Contains(body, "We now see patients on Saturdays.") {
		t.Errorf("the page does not show the edit")
	}
	if out := ts.stdout.waitFor("rebuilt content/about.md", 5*time.Second); !strings.Contains(out, "rebuilt content/about.md") {
		t.Errorf("terminal does not report the rebuild:\n%s", out)
	}
}

func TestBrokenFrontMatterShowsErrorsAndKeepsLastGoodBuild(t *testing.T) {
	ts := start(t, exampleSite(t))
	const file = "content/services/cardiology.md"
	_, _, before := get(t, ts.URL()+"services/cardiology/")
	es := connect(t, ts)

	good := read(t, ts.site, file)
	save(t, ts.site, file, strings.Replace(good, "title: ", "title: [unclosed\n", 1))
	ev := es.next(t, "build-error", wait)
	errs, _ := ev.data["errors"].([]any)
	pos := regexp.MustCompile(`^content/services/cardiology\.md:\d+(:\d+)?: error: `)
	found := false
	for _, e := range errs {
		found = found || pos.MatchString(fmt.Sprint(e))
	}
	if !found {
		t.Fatalf("the error event has no %s:line message: %v", file, errs)
	}
	if code, _, body := get(t, ts.URL()+"services/cardiology/"); code != 200 || body != before {
		t.Errorf("the last good page is not served while the build fails (status %d)", code)
	}
	if !strings.Contains(ts.stderr.waitFor(fmt.Sprint(errs[0]), 5*time.Second), fmt.Sprint(errs[0])) {
		t.Errorf("terminal does not show the finding %q:\n%s", errs[0], ts.stderr.String())
	}
	// A page opened now learns of the failure at once.
	late := connect(t, ts)
	_ = late

	save(t, ts.site, file, good)
	es.next(t, "reload", wait)
	if _, errs := ts.broker.current(); errs != nil {
		t.Errorf("the server still reports errors after the fix: %v", errs)
	}
	if code, _, body := get(t, ts.URL()+"services/cardiology/"); code != 200 || body != before {
		t.Errorf("after the fix the page differs from before the break (status %d)", code)
	}
}

func TestNewPageAndSection(t *testing.T) {
	ts := start(t, exampleSite(t))
	es := connect(t, ts)
	save(t, ts.site, "content/services/sleep-medicine.md", read(t, ts.site, "content/services/pulmonology.md"))
	es.waitReload(t, "/services/sleep-medicine/", wait)
	if code, _, _ := get(t, ts.URL()+"services/sleep-medicine/"); code != 200 {
		t.Errorf("new page: %d", code)
	}

	save(t, ts.site, "content/news/open-house.md", "---\ntitle: Open house\ndescription: Meet the intake team.\n---\n\nCome and see the new clinic.\n")
	es.waitReload(t, "/news/open-house/", wait)
	if code, _, body := get(t, ts.URL()+"news/open-house/"); code != 200 || !strings.Contains(body, "Come and see the new clinic.") {
		t.Errorf("page in a new section: %d", code)
	}
	if code, _, body := get(t, ts.URL()+"news/"); code != 200 || !strings.Contains(body, "Open house") {
		t.Errorf("new section's list page: %d", code)
	}

	// A folder that arrives with its pages already in it.
	moved := filepath.Join(t.TempDir(), "events")
	if err := os.MkdirAll(moved, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(moved, "grand-rounds.md"), []byte("---\ntitle: Grand rounds\n---\n\nMonthly.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(moved, filepath.Join(ts.site, "content", "events")); err != nil {
		t.Fatal(err)
	}
	es.waitReload(t, "/events/grand-rounds/", wait)
	if code, _, _ := get(t, ts.URL()+"events/grand-rounds/"); code != 200 {
		t.Errorf("page of a moved-in folder: %d", code)
	}
	// And a page deleted again.
	if err := os.Remove(filepath.Join(ts.site, "content", "news", "open-house.md")); err != nil {
		t.Fatal(err)
	}
	es.next(t, "reload", wait)
	if code, _, _ := get(t, ts.URL()+"news/open-house/"); code != 404 {
		t.Errorf("deleted page: %d, want 404", code)
	}
}

// pdfText extracts the text of a PDF with pdftotext, skipping the test
// when poppler-utils are missing unless KITGEN_REQUIRE_TOOLS=1.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
			t.Fatal("pdftotext is missing (apt-get install poppler-utils); KITGEN_REQUIRE_TOOLS=1 makes that a failure")
		}
		t.Skip("pdftotext is missing; apt-get install poppler-utils to check kit PDFs")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestEditQuotedGuideRebuildsKitPDF(t *testing.T) {
	ts := start(t, exampleSite(t))
	ledger := read(t, ts.site, "kits/ledger.yaml")
	es := connect(t, ts)
	const text = "Call the on-call cardiologist for exertional syncope."
	replace(t, ts.site, "content/guides/cardiology-referral.md", "## Red flags\n", "## Red flags\n\n"+text+"\n")
	ev := es.waitReload(t, "/kits/cardiology/cardiology-latest.pdf", wait)
	if ev.data["all"] == true {
		t.Errorf("editing a guide rebuilt the whole site")
	}
	code, h, pdf := get(t, ts.URL()+"kits/cardiology/cardiology-latest.pdf")
	if code != 200 || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("kit PDF: %d %s", code, h.Get("Content-Type"))
	}
	if got := pdfText(t, []byte(pdf)); !strings.Contains(got, text) {
		t.Errorf("the kit PDF does not quote the edit; its text:\n%s", got)
	}
	if _, _, page := get(t, ts.URL()+"kits/cardiology/"); !strings.Contains(page, "draft preview") {
		t.Errorf("the kit page does not mark the previewed version as a draft")
	}
	if read(t, ts.site, "kits/ledger.yaml") != ledger {
		t.Errorf("serve changed kits/ledger.yaml")
	}
}

func TestStylesheetChangeSwapsCSS(t *testing.T) {
	site := exampleSite(t)
	copyTree(t, repoRoot, site, "assets/css")
	ts := start(t, site)
	es := connect(t, ts)
	save(t, site, "assets/css/main.css", read(t, site, "assets/css/main.css")+"\n.kitgen-test-rule{color:rebeccapurple}\n")
	ev := es.next(t, "css", wait)
	sheets, _ := ev.data["stylesheets"].([]any)
	if len(sheets) == 0 {
		t.Fatalf("css event without stylesheets: %v", ev.data)
	}
	sheet, _ := sheets[0].(map[string]any)
	href, _ := sheet["href"].(string)
	if !strings.HasPrefix(href, "/assets/css/main.") || !strings.HasPrefix(fmt.Sprint(sheet["integrity"]), "sha384-") {
		t.Errorf("stylesheet: %v", sheet)
	}
	code, h, css := get(t, ts.URL()+strings.TrimPrefix(href, "/"))
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/css") || !strings.Contains(css, ".kitgen-test-rule") {
		t.Errorf("new stylesheet: %d %s", code, h.Get("Content-Type"))
	}
}

// rawGet sends path exactly as written, which net/http's client would
// not, and returns the status and body.
func rawGet(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestPathsOutsideTheSiteAreNotFound(t *testing.T) {
	site := exampleSite(t)
	ts := start(t, site)
	addr := ts.ln.Addr().String()
	// A file next to the served folder, which a traversal would reach.
	secret := filepath.Join(ts.tmp, "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := read(t, site, "kitgen.yaml")
	for _, p := range []string{
		"/../secret.txt",
		"/../../../../etc/passwd",
		"/services/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2e%2e/etc/passwd",
		"/..%2fsecret.txt",
		"/services/..%2f..%2fsecret.txt",
		"/.%2e/secret.txt",
		"/..%5csecret.txt",
		"/services/..%5C..%5Csecret.txt",
		"/..\\secret.txt",
		"/%252e%252e/secret.txt",
		"/%00/secret.txt",
		"/_headers",
		"/.kitgen-site-previous/index.html",
	} {
		code, body := rawGet(t, addr, p)
		if code != 404 {
			t.Errorf("GET %s: status %d, want 404", p, code)
		}
		if strings.Contains(body, "TOP-SECRET") || strings.Contains(body, "root:") || strings.Contains(body, yaml[:40]) {
			t.Errorf("GET %s leaked a file outside the site", p)
		}
	}
}

func TestStatusAndContentTypes(t *testing.T) {
	ts := start(t, exampleSite(t))
	for _, c := range []struct {
		path, ctype string
		code        int
	}{
		{"", "text/html; charset=utf-8", 200},
		{"kits/cardiology/cardiology-latest.pdf", "application/pdf", 200},
		{"sitemap.xml", "application/xml; charset=utf-8", 200},
		{"kits/feed.xml", "application/xml; charset=utf-8", 200},
		{"robots.txt", "text/plain; charset=utf-8", 200},
		{"__kitgen/reload.js", "text/javascript; charset=utf-8", 200},
		{"no-such-page/", "text/html; charset=utf-8", 404},
	} {
		code, h, body := get(t, ts.URL()+c.path)
		if code != c.code || h.Get("Content-Type") != c.ctype || h.Get("Cache-Control") != "no-store" {
			t.Errorf("GET /%s: %d %q %q, want %d %q no-store", c.path, code, h.Get("Content-Type"), h.Get("Cache-Control"), c.code, c.ctype)
		}
		if c.code == 404 && !strings.Contains(body, "Page not found") {
			t.Errorf("GET /%s: not the site's 404 page", c.path)
		}
	}
	code, h, _ := get(t, ts.URL()+"services")
	if code != http.StatusFound || h.Get("Location") != "/services/" {
		t.Errorf("GET /services: %d to %q, want a redirect to /services/", code, h.Get("Location"))
	}
	for ext, want := range map[string]string{".svg": "image/svg+xml", ".woff2": "font/woff2", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"} {
		rec := &headerRecorder{h: http.Header{}}
		ts.typeHeaders(rec, "assets/x"+ext)
		if got := rec.h.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", ext, got, want)
		}
	}
}

type headerRecorder struct{ h http.Header }

func (r *headerRecorder) Header() http.Header         { return r.h }
func (r *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *headerRecorder) WriteHeader(int)             {}

func TestFirstBuildFailureIsServedAsErrorPage(t *testing.T) {
	site := exampleSite(t)
	const file = "content/about.md"
	good := read(t, site, file)
	save(t, site, file, strings.Replace(good, "title: ", "title: [unclosed\n", 1))
	ts := start(t, site)
	code, _, body := get(t, ts.URL())
	if code != http.StatusServiceUnavailable || !strings.Contains(body, file+":") || !strings.Contains(body, "/__kitgen/reload.js") {
		t.Fatalf("GET / before any build succeeded: %d\n%s", code, body)
	}
	es := connect(t, ts)
	save(t, site, file, good)
	es.waitReload(t, "/", wait)
	if code, _, _ := get(t, ts.URL()); code != 200 {
		t.Errorf("GET / after the fix: %d", code)
	}
}

// TestRunStopsOnCancel is Ctrl-C: Run serves until its context ends, then
// closes open event streams and removes its private output folder.
func TestRunStopsOnCancel(t *testing.T) {
	site := exampleSite(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where Run makes its private output folder
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Options{Source: site, Port: 0, Stdout: out, Stderr: io.Discard}, false) }()
	var url string
	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	waitFor(t, "the server to start", func() bool {
		m := addr.FindStringSubmatch(out.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	if code, _, _ := get(t, url); code != 200 {
		t.Fatalf("GET /: %d", code)
	}
	req, _ := http.NewRequest(http.MethodGet, url+"__kitgen/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if made, _ := filepath.Glob(filepath.Join(tmp, "kitgen-serve-*")); len(made) != 1 {
		t.Fatalf("private output folders: %v", made)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Errorf("the event stream did not end cleanly: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("Run left %v behind in the temporary folder", left)
	}
}

// TestWatcherCoalescesBursts saves a file the way editors do, several
// times in quick succession, and expects one batch naming it, plus the
// pages of a folder created afterwards.
func TestWatcherCoalescesBursts(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	batches := make(chan []string, 16)
	w, err := newWatcher(root, 150*time.Millisecond, func(p []string) { batches <- p }, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() { w.run(done); close(stopped) }()
	defer func() { close(done); <-stopped }()

	for i := 0; i < 5; i++ {
		save(t, root, "content/a.md", fmt.Sprintf("---\ntitle: A%d\n---\n", i))
	}
	if err := os.WriteFile(filepath.Join(root, "public.txt"), nil, 0o644); err != nil { // not site input
		t.Fatal(err)
	}
	select {
	case b := <-batches:
		if !contains(toAny(b), "content/a.md") {
			t.Errorf("batch %v does not name content/a.md", b)
		}
		for _, p := range b {
			if p == "public.txt" {
				t.Errorf("batch names %s, which no build reads", p)
			}
		}
	case <-time.After(wait):
		t.Fatal("no batch")
	}
	select {
	case b := <-batches:
		t.Errorf("a burst of saves gave a second batch: %v", b)
	case <-time.After(400 * time.Millisecond):
	}

	dir := filepath.Join(root, "content", "news")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.md"), []byte("---\ntitle: B\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(wait)
	for {
		select {
		case b := <-batches:
			if contains(toAny(b), "content/news/b.md") {
				return
			}
		case <-deadline:
			t.Fatal("the page of a new folder was not reported")
		}
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// TestWarningsPrintedOnce: the terminal shows a warning when it first
// appears, not again on every save, and shows a new one when it appears.
func TestWarningsPrintedOnce(t *testing.T) {
	site := exampleSite(t)
	const (
		first    = "content/guides/cardiology-referral.md"
		second   = "content/guides/pulmonology-referral.md"
		audience = "\naudience: Primary care clinicians and care coordinators\n"
	)
	replace(t, site, first, audience, "\n")
	ts := start(t, site)
	warning := func(file string) string {
		return file + ":2:1: warning: front-matter: front matter has no \"audience\""
	}
	rebuilds := func(n int) {
		t.Helper()
		deadline := time.Now().Add(wait)
		for strings.Count(ts.stdout.String(), "rebuilt ") < n {
			if time.Now().After(deadline) {
				t.Fatalf("no rebuild %d:\n%s", n, ts.stdout.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	if out := ts.stderr.String(); strings.Count(out, warning(first)) != 1 {
		t.Fatalf("the first build does not print the warning once:\n%s", out)
	}
	replace(t, site, "content/about.md", "\n---\n", "\n---\n\nWe now see patients on Saturdays.\n")
	rebuilds(1)
	if out := ts.stderr.String(); strings.Count(out, warning(first)) != 1 {
		t.Errorf("a save that changes no finding prints the warning again:\n%s", out)
	}
	replace(t, site, second, audience, "\n")
	rebuilds(2)
	out := ts.stderr.String()
	if strings.Count(out, warning(first)) != 1 || strings.Count(out, warning(second)) != 1 {
		t.Errorf("a new warning is not printed once, or an old one is printed again:\n%s", out)
	}
}
