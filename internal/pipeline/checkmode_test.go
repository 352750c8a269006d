package pipeline_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestCheckRendersEachLayout: kitgen check renders one page per layout
// rather than every page, so it still finds a template that fails when it
// runs, and writes nothing.
func TestCheckRendersEachLayout(t *testing.T) {
	site := t.TempDir()
	writeFile(t, site, "content/_index.md", "---\ntitle: Home\n---\n")
	writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\nA.\n")
	writeFile(t, site, "content/services/b.md", "---\ntitle: B\n---\n\nB.\n")
	writeFile(t, site, "layouts/service.html", `{{define "main"}}{{.Page.NoSuchField}}{{end}}`)
	res, err := pipeline.Build(pipeline.Options{Source: site, CheckOnly: true, Preview: true})
	if !errors.Is(err, pipeline.ErrFailed) {
		t.Fatalf("check passed a layout that cannot run: %v", err)
	}
	var found int
	for _, d := range res.Diags {
		if d.Rule == "layout" && d.File == "layouts/service.html" && strings.Contains(d.Message, "NoSuchField") {
			found++
		}
	}
	if found != 1 {
		t.Errorf("want one layout finding at layouts/service.html, got %v", res.Diags)
	}
	entries, err := os.ReadDir(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "content" && e.Name() != "layouts" {
			t.Errorf("check wrote %s", e.Name())
		}
	}
}
