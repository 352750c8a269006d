package browsertest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// headerRule is one block of a _headers file: a path pattern and the
// headers of every response whose path matches it.
type headerRule struct {
	pattern string
	headers [][2]string // name, value, in file order
}

// parseHeaders reads the _headers format that Netlify and Cloudflare Pages
// share: a line that starts at column one is a path pattern, and the
// indented "Name: value" lines under it are its headers. Lines starting
// with # are comments.
func parseHeaders(data []byte) ([]headerRule, error) {
	var rules []headerRule
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			if !strings.HasPrefix(trimmed, "/") {
				return nil, fmt.Errorf("_headers:%d: path pattern %q does not start with /", n, trimmed)
			}
			rules = append(rules, headerRule{pattern: trimmed})
			continue
		}
		if len(rules) == 0 {
			return nil, fmt.Errorf("_headers:%d: header line before any path pattern", n)
		}
		name, value, ok := strings.Cut(trimmed, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("_headers:%d: want \"Name: value\", got %q", n, trimmed)
		}
		r := &rules[len(rules)-1]
		r.headers = append(r.headers, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	return rules, sc.Err()
}

// matchPattern reports whether a request path matches a _headers pattern,
// in which * stands for any run of characters, slashes included.
func matchPattern(pattern, p string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(p, parts[0]) {
		return false
	}
	p = p[len(parts[0]):]
	if len(parts) == 1 {
		return p == ""
	}
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last {
			return strings.HasSuffix(p, part)
		}
		j := strings.Index(p, part)
		if j < 0 {
			return false
		}
		p = p[j+len(part):]
	}
	return true
}

// siteServer serves a built site as a static host would: pretty URLs map
// to index.html, unknown paths get 404.html with status 404, and every
// response carries the headers _headers gives its path. A later rule
// replaces a header an earlier one set, so the specific Cache-Control of a
// hashed asset wins over the site-wide one.
type siteServer struct {
	root  string
	rules []headerRule
}

func newSiteServer(root string) (*siteServer, error) {
	data, err := os.ReadFile(filepath.Join(root, "_headers"))
	if err != nil {
		return nil, err
	}
	rules, err := parseHeaders(data)
	if err != nil {
		return nil, err
	}
	return &siteServer{root: root, rules: rules}, nil
}

func (s *siteServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	upath := path.Clean("/" + r.URL.Path)
	for _, rule := range s.rules {
		if matchPattern(rule.pattern, r.URL.Path) {
			for _, h := range rule.headers {
				w.Header().Set(h[0], h[1])
			}
		}
	}
	// _headers and dotfiles are instructions for the host, not content.
	base := path.Base(upath)
	if strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".") {
		s.notFound(w, r)
		return
	}
	full := filepath.Join(s.root, filepath.FromSlash(upath))
	info, err := os.Stat(full)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, upath+"/", http.StatusMovedPermanently)
			return
		}
		full = filepath.Join(full, "index.html")
		info, err = os.Stat(full)
	}
	if err != nil || info.IsDir() {
		s.notFound(w, r)
		return
	}
	f, err := os.Open(full)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}

func (s *siteServer) notFound(w http.ResponseWriter, r *http.Request) {
	page, err := os.ReadFile(filepath.Join(s.root, "404.html"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(page)
	}
}

func TestParseHeaders(t *testing.T) {
	rules, err := parseHeaders([]byte("# security\n/*\n  Content-Security-Policy: default-src 'none'; img-src 'self' data:\n  X-Frame-Options: DENY\n\n/assets/css/main.abc.css\n  Cache-Control: immutable\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[0].pattern != "/*" || rules[1].pattern != "/assets/css/main.abc.css" {
		t.Fatalf("rules = %+v", rules)
	}
	if got := rules[0].headers[0]; got != [2]string{"Content-Security-Policy", "default-src 'none'; img-src 'self' data:"} {
		t.Errorf("first header = %q", got)
	}
	for _, bad := range []string{"  X-A: b\n", "/*\n  no colon here\n", "assets/*\n  X-A: b\n"} {
		if _, err := parseHeaders([]byte(bad)); err == nil {
			t.Errorf("parseHeaders(%q) succeeded, want an error", bad)
		}
	}
}

func TestMatchPattern(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/services/cardiology/", true},
		{"/kits/cardiology/cardiology-v*", "/kits/cardiology/cardiology-v3.pdf", true},
		{"/kits/cardiology/cardiology-v*", "/kits/cardiology/cardiology-latest.pdf", false},
		{"/assets/css/main.abc.css", "/assets/css/main.abc.css", true},
		{"/assets/css/main.abc.css", "/assets/css/main.abc.css.map", false},
		{"/a/*/c", "/a/b/x/c", true},
		{"/a/*/c", "/a/b/x/d", false},
	} {
		if got := matchPattern(c.pattern, c.path); got != c.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

func TestSiteServer(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"_headers":                       "/*\n  X-Frame-Options: DENY\n  Cache-Control: no-cache\n\n/assets/*\n  Cache-Control: immutable\n",
		"index.html":                     "home",
		"404.html":                       "missing",
		"services/cardiology/index.html": "cardiology",
		"assets/css/main.abc.css":        "body{}",
	}
	for name, body := range files {
		full := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := newSiteServer(root)
	if err != nil {
		t.Fatal(err)
	}
	get := func(p string) *http.Response {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		return rec.Result()
	}
	for _, c := range []struct {
		path, body, cache string
		status            int
	}{
		{"/", "home", "no-cache", 200},
		{"/services/cardiology/", "cardiology", "no-cache", 200},
		{"/assets/css/main.abc.css", "body{}", "immutable", 200},
		{"/no-such-page/", "missing", "no-cache", 404},
		{"/_headers", "missing", "no-cache", 404},
		{"/../../etc/passwd", "missing", "no-cache", 404},
	} {
		res := get(c.path)
		var body bytes.Buffer
		_, _ = body.ReadFrom(res.Body)
		if res.StatusCode != c.status || body.String() != c.body {
			t.Errorf("GET %s = %d %q, want %d %q", c.path, res.StatusCode, body.String(), c.status, c.body)
		}
		if got := res.Header.Get("Cache-Control"); got != c.cache {
			t.Errorf("GET %s: Cache-Control %q, want %q", c.path, got, c.cache)
		}
		if got := res.Header.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("GET %s: X-Frame-Options %q, want DENY", c.path, got)
		}
	}
	if res := get("/services/cardiology"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/services/cardiology/" {
		t.Errorf("GET /services/cardiology = %d to %q, want a redirect to the slash URL", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := newSiteServer(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("newSiteServer without _headers: err = %v, want not exist", err)
	}
}
