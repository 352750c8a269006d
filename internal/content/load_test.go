package content

import (
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
