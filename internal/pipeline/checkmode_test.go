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

// TestCheckRendersCheapestPage: of each layout, kitgen check renders the
// page that lists the fewest pages, the same one every time, so a
// failing layout is reported at the same page by every check and the
// list of a large section is not rendered only to find template errors.
func TestCheckRendersCheapestPage(t *testing.T) {
	site := t.TempDir()
	writeFile(t, site, "content/_index.md", "---\ntitle: Home\n---\n")
	for _, f := range []string{"guides/a", "guides/b", "guides/c", "news/a"} {
		writeFile(t, site, "content/"+f+".md", "---\ntitle: T\n---\n\nText.\n")
	}
	writeFile(t, site, "layouts/list.html", `{{define "main"}}{{range pages .Page.Section}}{{.Title}}{{end}}{{.Page.NoSuchField}}{{end}}`)
	for range 5 {
		res, err := pipeline.Build(pipeline.Options{Source: site, CheckOnly: true, Preview: true})
		if !errors.Is(err, pipeline.ErrFailed) {
			t.Fatalf("check passed a layout that cannot run: %v", err)
		}
		var at []string
		for _, d := range res.Diags {
			if d.Rule == "layout" && d.File == "layouts/list.html" {
				at = append(at, d.Message)
			}
		}
		if len(at) != 1 || !strings.Contains(at[0], "(while rendering /news/)") {
			t.Fatalf("want one finding at the list of news, the smaller section; got %q", at)
		}
	}
}
