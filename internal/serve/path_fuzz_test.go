package serve

import (
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/source"
)

// FuzzSitePath feeds arbitrary request targets to the mapping from a
// request to a file of the built site. Whatever a browser or a stranger
// sends, the file it names must be inside the site, visible (no hidden
// part) and not the CDN's _headers; and mapping one path may take at most
// two seconds, which is thousands of times what it costs, so only work
// that grows faster than the path can reach it.
func FuzzSitePath(f *testing.F) {
	for _, s := range []string{
		"/", "/services/cardiology/", "/assets/css/main.3f2a9c1b7d.css", "/kits/x/x-v2.pdf",
		"/../etc/passwd", "/%2e%2e/secret", "/a/%2F/b", "/.git/config", "/_headers", "/a\\b", "/a%00b",
		"/services/cardiolog%C3%ADa/", "//double//slash", "/x/./y", "/.well-known/security.txt",
		"/" + strings.Repeat("a/", 20000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		start := time.Now()
		rel, ok := sitePath(&http.Request{Method: http.MethodGet, URL: u})
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("mapping took %v", d.Round(time.Millisecond))
		}
		if !ok {
			return
		}
		if !fs.ValidPath(rel) || !filepath.IsLocal(filepath.FromSlash(rel)) || rel == "_headers" || strings.ContainsAny(rel, "\\\x00") {
			t.Fatalf("%q maps to %q, which is not a published file of the site", target, rel)
		}
		for i, part := range strings.Split(rel, "/") {
			if strings.HasPrefix(part, ".") && !(i == 0 && part == source.WellKnown) {
				t.Fatalf("%q maps to the hidden %q", target, rel)
			}
		}
	})
}

// TestSitePathWellKnown: the preview serves /.well-known/ as the build
// publishes it, and no other hidden path.
func TestSitePathWellKnown(t *testing.T) {
	for target, want := range map[string]string{
		"/.well-known/security.txt": ".well-known/security.txt",
		"/.git/config":              "",
		"/assets/.well-known/x":     "",
		"/a/.well-known/x":          "",
		"/.well-known/.x":           "",
	} {
		u, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		rel, ok := sitePath(&http.Request{Method: http.MethodGet, URL: u})
		if !ok {
			rel = ""
		}
		if rel != want {
			t.Errorf("%s maps to %q, want %q", target, rel, want)
		}
	}
}
