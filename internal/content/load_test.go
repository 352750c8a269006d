package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/diag"
)

// TestLoadSkipsPrivateNames checks that only _index.md among the names
// starting with "_" or "." becomes a page.
func TestLoadSkipsPrivateNames(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("---\ntitle: T\n---\n\nText.\n")}
	fsys := fstest.MapFS{
		"content/_index.md":                page,
		"content/services/_index.md":       page,
		"content/services/cardiology.md":   page,
		"content/services/_notes.md":       page,
		"content/_drafts/idea.md":          page,
		"content/.hidden/secret.md":        page,
		"content/services/cardiology.md~":  page,
		"content/__kitgen/events/index.md": page,
	}
	diags := &diag.List{}
	site := Load(fsys, config.Default(), Options{}, diags)
	var got []string
	for _, p := range site.Pages {
		got = append(got, p.URL)
	}
	want := []string{"/", "/services/", "/services/cardiology/"}
	if len(got) != len(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages %v, want %v", got, want)
		}
	}
	if e, w := diags.Count(); e+w != 0 {
		t.Errorf("unexpected findings: %v", diags.Sorted())
	}
}

// TestLoadFileSize checks that LoadFile, which reads a page with one open,
// still refuses a page over MaxPageSize by its size, keeping its address,
// reads one of exactly MaxPageSize, and names a missing file.
func TestLoadFileSize(t *testing.T) {
	head := "---\ntitle: T\n---\n\n"
	at := []byte(head + strings.Repeat("a", MaxPageSize-len(head)))
	over := append(append([]byte{}, at...), 'a')
	fsys := fstest.MapFS{"content/at.md": {Data: at}, "content/over.md": {Data: over}}

	diags := &diag.List{}
	p, ok := LoadFile(fsys, "content/at.md", nil, diags)
	if n := strings.Count(string(p.Body), "a"); !ok || p.Title != "T" || n != MaxPageSize-len(head) {
		t.Errorf("a page of MaxPageSize: ok %v, title %q, %d of its letters read; findings %v", ok, p.Title, n, diags.Sorted())
	}

	diags = &diag.List{}
	p, ok = LoadFile(fsys, "content/over.md", nil, diags)
	if ok || p.URL != "/over/" || p.Body != nil {
		t.Errorf("a page over MaxPageSize: ok %v, URL %q, body %d bytes", ok, p.URL, len(p.Body))
	}
	if got := fmt.Sprint(diags.Sorted()); !strings.Contains(got, "content/over.md:1:1") || !strings.Contains(got, "split it into several pages") {
		t.Errorf("findings %s, want content/over.md:1:1 … split it into several pages", got)
	}

	diags = &diag.List{}
	if _, ok := LoadFile(fsys, "content/gone.md", nil, diags); ok {
		t.Error("a missing file loaded")
	}
	if got := fmt.Sprint(diags.Sorted()); !strings.Contains(got, "content/gone.md") {
		t.Errorf("findings %s, want one naming content/gone.md", got)
	}
}
