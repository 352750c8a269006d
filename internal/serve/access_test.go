package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tinySite is a site with one page, enough for tests of the server itself.
func tinySite(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	save(t, dir, "content/_index.md", "---\ntitle: Tiny practice\n---\n\nWelcome.\n")
	return dir
}

// startWith serves site with opts until the test ends.
func startWith(t testing.TB, site string, opts Options) *Server {
	t.Helper()
	opts.Source = site
	opts.Stdout, opts.Stderr = io.Discard, io.Discard
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// request sends one request over a new connection, with the Host header
// exactly as given (none when host is empty, as HTTP/1.0 allows).
func request(t *testing.T, addr, method, path, host string) (int, http.Header, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if host == "" {
		fmt.Fprintf(conn, "%s %s HTTP/1.0\r\n\r\n", method, path)
	} else {
		fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", method, path, host)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s (Host %q): %v", method, path, host, err)
	}
	// The body is not closed, which would read an event stream to its
	// end; closing the connection is enough.
	var r io.Reader = resp.Body
	if resp.StatusCode == http.StatusOK && path == eventsPath {
		r = io.LimitReader(r, 16) // the stream never ends; its first bytes are enough
	}
	body, _ := io.ReadAll(r)
	return resp.StatusCode, resp.Header, string(body)
}

// TestHostHeaderOnLoopback is DNS rebinding: a page on another site whose
// name now resolves to 127.0.0.1 must not be able to read the preview.
func TestHostHeaderOnLoopback(t *testing.T) {
	s := startWith(t, tinySite(t), Options{})
	addr := s.ln.Addr().String()
	for _, host := range []string{
		addr, "localhost", "localhost:1313", "LocalHost:1313", "localhost.", "preview.localhost",
		"a.b.localhost:8080", "127.0.0.1", "127.1.2.3:80", "[::1]", "[::1]:1313",
	} {
		for _, path := range []string{"/", "/__kitgen/reload.js", "/__kitgen/events"} {
			if code, _, _ := request(t, addr, "GET", path, host); code != http.StatusOK {
				t.Errorf("GET %s with Host %q: status %d, want 200", path, host, code)
			}
		}
	}
	for _, host := range []string{
		"", "evil.example", "evil.example:" + strings.Split(addr, ":")[1], "localhost.evil.example",
		"127.0.0.1.nip.io", "evillocalhost", "10.0.0.1", "192.168.1.20:1313", "[::2]", "[fe80::1]:1313", "0.0.0.0",
	} {
		for _, path := range []string{"/", "/__kitgen/reload.js", "/__kitgen/events", "/no-such-page/"} {
			code, h, body := request(t, addr, "GET", path, host)
			if code != http.StatusForbidden {
				t.Errorf("GET %s with Host %q: status %d, want 403", path, host, code)
				continue
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "text/plain") || !strings.Contains(body, "kitgen serve answers only requests for localhost") {
				t.Errorf("GET %s with Host %q: the refusal does not explain itself: %q", path, host, body)
			}
			if strings.Contains(body, "Welcome") || strings.Contains(body, "retry:") {
				t.Errorf("GET %s with Host %q: answered with the preview", path, host)
			}
		}
	}
}

// TestHostHeaderWhenExposed: a user who binds to every interface chose to
// show the preview to other computers, which use their own name for it.
func TestHostHeaderWhenExposed(t *testing.T) {
	s := startWith(t, tinySite(t), Options{Bind: "0.0.0.0"})
	port := s.ln.Addr().(*net.TCPAddr).Port
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for _, host := range []string{"kitgen-preview.lan", "192.168.1.20:1313", "localhost"} {
		if code, _, body := request(t, addr, "GET", "/", host); code != http.StatusOK || !strings.Contains(body, "Welcome") {
			t.Errorf("GET / with Host %q when bound to 0.0.0.0: status %d, want the page", host, code)
		}
	}
}

// TestOnlyGetAndHead: nothing in the preview can be changed over HTTP,
// its own endpoints included.
func TestOnlyGetAndHead(t *testing.T) {
	s := startWith(t, tinySite(t), Options{})
	addr := s.ln.Addr().String()
	for _, path := range []string{"/", "/no-such-page/", "/__kitgen/events", "/__kitgen/reload.js", "/__kitgen/other"} {
		for _, method := range []string{"POST", "DELETE", "PUT", "PATCH", "OPTIONS"} {
			code, h, _ := request(t, addr, method, path, "localhost")
			if code != http.StatusMethodNotAllowed || h.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: status %d, Allow %q; want 405 and \"GET, HEAD\"", method, path, code, h.Get("Allow"))
			}
		}
	}
	for _, path := range []string{"/", "/__kitgen/reload.js"} {
		if code, _, body := request(t, addr, "HEAD", path, "localhost"); code != http.StatusOK || body != "" {
			t.Errorf("HEAD %s: status %d, body %q; want 200 and no body", path, code, body)
		}
	}
}

// closedWithin reports whether the server closes conn within d.
func closedWithin(conn net.Conn, d time.Duration) bool {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// TestIdleConnectionsAreClosed: a browser tab left open keeps its
// connection alive; a slow or stuck client never finishes its headers.
// Neither may hold a connection forever.
func TestIdleConnectionsAreClosed(t *testing.T) {
	s := startWith(t, tinySite(t), Options{IdleTimeout: 300 * time.Millisecond, HeaderTimeout: 300 * time.Millisecond})
	addr := s.ln.Addr().String()

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Close {
		t.Fatalf("first request: status %d, close %v; want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	if !closedWithin(conn, 5*time.Second) {
		t.Error("an idle kept-alive connection was still open 5s after its last request")
	}

	half, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer half.Close()
	fmt.Fprintf(half, "GET / HTTP/1.1\r\nHost: localhost\r\n")
	if !closedWithin(half, 5*time.Second) {
		t.Error("a connection that never finished its headers was still open after 5s")
	}

	// An event stream is a request in progress, not an idle connection:
	// it outlives both timeouts.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"__kitgen/events", nil)
	events, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	time.Sleep(time.Second)
	got := make(chan error, 1)
	go func() { _, err := events.Body.Read(make([]byte, 1)); got <- err }()
	s.broker.failed([]string{"content/x.md:1:1: error: test"})
	select {
	case err := <-got:
		if err != nil {
			t.Errorf("the event stream was closed by the timeouts: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the event stream delivered nothing")
	}
}

// serveRun runs Run as kitgen serve does and returns the address it
// printed and what it wrote to the terminal, then stops it.
func serveRun(t *testing.T, opts Options) (url, stderr string) {
	t.Helper()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	opts.Stdout, opts.Stderr = out, errOut
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts, false) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	at := regexp.MustCompile(`at (http://\S+/) `)
	deadline := time.Now().Add(wait)
	for {
		if m := at.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("Run: %v\n%s", err, errOut)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s%s", out, errOut)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, _, body := get(t, url); code != 200 || !strings.Contains(body, "Welcome") {
		t.Errorf("GET %s: status %d, want the home page", url, code)
	}
	return url, errOut.String()
}

// TestBindAddresses: --bind takes a loopback name or address in any of
// the ways users write them, and warns only when the preview is exposed.
func TestBindAddresses(t *testing.T) {
	site := tinySite(t)
	for _, c := range []struct {
		bind, url string
		exposed   bool
	}{
		{"", `^http://127\.0\.0\.1:\d+/$`, false},
		{"127.0.0.1", `^http://127\.0\.0\.1:\d+/$`, false},
		{"localhost", `^http://(127\.0\.0\.1|\[::1\]):\d+/$`, false},
		{"::1", `^http://\[::1\]:\d+/$`, false},
		{"[::1]", `^http://\[::1\]:\d+/$`, false},
		{"0.0.0.0", `^http://(0\.0\.0\.0|\[::\]):\d+/$`, true},
	} {
		url, stderr := serveRun(t, Options{Source: site, Bind: c.bind, Port: 0})
		if !regexp.MustCompile(c.url).MatchString(url) {
			t.Errorf("--bind %q: serving at %s, want %s", c.bind, url, c.url)
		}
		if warned := strings.Contains(stderr, "other computers can see this preview"); warned != c.exposed {
			t.Errorf("--bind %q: warned about exposure %v, want %v; stderr:\n%s", c.bind, warned, c.exposed, stderr)
		}
	}
	if _, err := Start(Options{Source: site, Bind: "[::1", Stdout: io.Discard, Stderr: io.Discard}); err == nil || !strings.Contains(err.Error(), "--bind") {
		t.Errorf("--bind [::1 (unclosed): error %v, want one naming --bind", err)
	}
	if entries, _ := os.ReadDir(site); len(entries) != 1 {
		t.Errorf("the site folder changed: %v", entries)
	}
}
