package html

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// depsSite is a site with a service that names a provider and a location,
// the provider, and the layouts given.
func depsSite(t *testing.T, layouts fstest.MapFS) *Writer {
	t.Helper()
	fsys := fstest.MapFS{
		"content/services/cardiology.md":  {Data: []byte("---\ntitle: Cardiology\nproviders: [jose-nunez]\nlocations: [loop]\n---\nText.\n")},
		"content/providers/jose-nunez.md": {Data: []byte("---\ntitle: José Núñez\n---\nBio.\n")},
		"content/about.md":                {Data: []byte("---\ntitle: About\n---\nAbout us.\n")},
	}
	var diags diag.List
	cfg := &config.Config{Title: "Practice", BaseURL: "https://partners.test.example/"}
	site := content.Load(fsys, cfg, content.Options{}, &diags)
	if layouts["baseof.html"] == nil {
		layouts["baseof.html"] = &fstest.MapFile{Data: []byte(`{{block "main" .}}{{end}}|{{partialCached "partials/footer.html" .}}`)}
	}
	if layouts["partials/footer.html"] == nil {
		layouts["partials/footer.html"] = &fstest.MapFile{Data: []byte(`footer`)}
	}
	return New(site, layouts, fstest.MapFS{}, &diags)
}

// render renders a page with a Renderer and returns what it recorded.
func render(t *testing.T, r *Renderer, p *content.Page, layout string) []Dep {
	t.Helper()
	content.Parse(p)
	d, err := r.PageData(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(layout, d); err != nil {
		t.Fatal(err)
	}
	return r.Deps()
}

// TestRendererRecordsDeps: every template function that returns pages
// records what it returned, and the layout data records a list page's
// section, the pages the front matter names and the page's kits.
func TestRendererRecordsDeps(t *testing.T) {
	for _, tt := range []struct {
		name, layout string
		page         string
		want         string
	}{
		{"nothing of other pages", `{{define "main"}}{{.Page.Title}}{{end}}`, "about",
			"[{3 about}]"},
		{"ref", `{{define "main"}}{{with ref "providers" "jose-nunez"}}{{.Title}}{{end}}{{end}}`, "about",
			"[{1 providers/jose-nunez} {3 about}]"},
		{"ref to nothing", `{{define "main"}}{{with ref "providers" "nobody"}}{{.Title}}{{end}}{{end}}`, "about",
			"[{1 providers/nobody} {3 about}]"},
		{"pages", `{{define "main"}}{{range pages "services"}}{{.Title}}{{end}}{{end}}`, "about",
			"[{2 services} {3 about}]"},
		{"providersOf and the front matter's names", `{{define "main"}}{{range providersOf .Page.Service.Providers}}{{.Title}}{{end}}{{end}}`, "services/cardiology",
			"[{1 locations/loop} {1 providers/jose-nunez} {3 services/cardiology}]"},
		{"guidesFor", `{{define "main"}}{{range guidesFor .Page}}{{.Title}}{{end}}{{end}}`, "about",
			"[{2 guides} {3 about}]"},
		{"providersAt", `{{define "main"}}{{range providersAt .Page}}{{.Title}}{{end}}{{end}}`, "about",
			"[{2 providers} {3 about}]"},
		{"firstLocation", `{{define "main"}}{{with firstLocation}}{{.Title}}{{end}}{{end}}`, "about",
			"[{2 locations} {3 about}]"},
		{"a section's list page", `{{define "main"}}{{range .Pages}}{{.Title}}{{end}}{{end}}`, "services",
			"[{2 services} {3 services}]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := depsSite(t, fstest.MapFS{"x.html": {Data: []byte(tt.layout)}})
			r := w.Renderer()
			p := w.site.Page(tt.page)
			if p == nil {
				t.Fatalf("no page %q", tt.page)
			}
			if got := fmt.Sprint(render(t, r, p, "x.html")); got != tt.want {
				t.Errorf("recorded %s, want %s", got, tt.want)
			}
			// The record starts over for the next page.
			if got := fmt.Sprint(r.Deps()); got != "[]" {
				t.Errorf("after Deps, still recorded %s", got)
			}
		})
	}
}

// TestCachedPartialDeps: a page that reuses a cached partial has read
// what rendering the partial read, whichever worker rendered it first.
func TestCachedPartialDeps(t *testing.T) {
	w := depsSite(t, fstest.MapFS{
		"x.html":               {Data: []byte(`{{define "main"}}{{.Page.Title}}{{end}}`)},
		"partials/footer.html": {Data: []byte(`{{range pages "services"}}{{.Title}}{{end}}`)},
	})
	first, second := w.Renderer(), w.Renderer()
	const want = "[{2 services} {3 about}]"
	if got := fmt.Sprint(render(t, first, w.site.Page("about"), "x.html")); got != want {
		t.Errorf("rendering the partial recorded %s, want %s", got, want)
	}
	if got := fmt.Sprint(render(t, second, w.site.Page("about"), "x.html")); got != want {
		t.Errorf("reusing the cached partial recorded %s, want %s", got, want)
	}
	if got := fmt.Sprint(render(t, first, w.site.Page("about"), "x.html")); got != want {
		t.Errorf("reusing it in the same renderer recorded %s, want %s", got, want)
	}
}
