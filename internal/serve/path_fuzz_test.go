package serve

import (
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		for _, part := range strings.Split(rel, "/") {
			if strings.HasPrefix(part, ".") {
				t.Fatalf("%q maps to the hidden %q", target, rel)
			}
		}
	})
}
