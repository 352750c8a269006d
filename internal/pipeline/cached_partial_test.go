package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSessionRefreshesCachedPartials edits a page that a cached partial
// shows (a footer listing the services, in a site's own layouts): after
// the incremental rebuild every page must show the new title, exactly as a
// full build would.
func TestSessionRefreshesCachedPartials(t *testing.T) {
	site := copySite(t)
	footer := `<footer>{{range pages "services"}}<a href="{{.URL}}">{{.Title}}</a>{{end}}</footer>`
	if err := os.MkdirAll(filepath.Join(site, "layouts", "partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "layouts", "partials", "footer.html"), []byte(footer), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "out")
	// Not before 2026-11-02, when the example's wait times were measured: a wait measured after the build's day is an error.
	opts := Options{Source: site, Dest: dest, Preview: true, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, err := s.Build(); err != nil {
		t.Fatalf("first build: %v\n%v", err, u.Diags)
	}
	edit(t, site, "content/services/cardiology.md", "title: Cardiology", "title: Heart and vascular care")
	if u, err := s.Rebuild([]string{"content/services/cardiology.md"}); err != nil {
		t.Fatalf("rebuild: %v\n%v", err, u.Diags)
	}
	sameAsFullBuild(t, site, dest, opts)
}
