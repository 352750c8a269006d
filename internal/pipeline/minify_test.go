package pipeline_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestMinifiedLayoutsSamePages builds the golden site with minification
// on and off. Pages are minified by minifying the layouts, so every page
// must be the page as written, only shorter: minifying both fully, as
// kitgen once minified every page, gives the same bytes.
func TestMinifiedLayoutsSamePages(t *testing.T) {
	site := writeSite(t, "testdata/golden/site.txtar")
	cfg, err := os.ReadFile(filepath.Join(site, "kitgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	build := func(minified bool) map[string]string {
		t.Helper()
		on := strings.Replace(string(cfg), "minify: false", "minify: "+map[bool]string{true: "true", false: "false"}[minified], 1)
		writeFile(t, site, "kitgen.yaml", on)
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: dest, Today: today}); err != nil {
			t.Fatal(err)
		}
		return readTree(t, dest)
	}
	plain, small := build(false), build(true)
	full := func(page string) string {
		t.Helper()
		// The stylesheet is minified too, so its hashed name differs.
		return pipeline.FullyMinified(t, string(normalize([]byte(page))))
	}
	pages, plainSize, smallSize, fullSize := 0, 0, 0, 0
	for name, p := range plain {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		s, ok := small[name]
		if !ok {
			t.Errorf("%s is missing when minified", name)
			continue
		}
		pages++
		plainSize += len(p)
		smallSize += len(s)
		if len(s) >= len(p) {
			t.Errorf("%s: %d bytes minified, %d as written", name, len(s), len(p))
		}
		a, b := full(s), full(p)
		fullSize += len(b)
		if a != b {
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("%s is not the same page minified; from byte %d:\n%s\nas written:\n%s", name, from, a[from:min(len(a), i+200)], b[from:min(len(b), i+200)])
		}
	}
	if pages < 20 {
		t.Fatalf("compared %d pages; the golden site has more", pages)
	}
	// What pages insert (Markdown bodies, values) is not minified: about
	// half of what whole-page minification saved is kept.
	if saved, all := plainSize-smallSize, plainSize-fullSize; saved < all/3 {
		t.Errorf("minified layouts save %d bytes of the %d that minifying whole pages saves; want at least a third", saved, all)
	}
}

// TestLayoutErrorPositionMinified checks that a layout that fails is
// reported at its line and column as written, as it is without
// minification, though pages are rendered from the layouts minified,
// where both are different.
func TestLayoutErrorPositionMinified(t *testing.T) {
	for _, tc := range []struct {
		name, layout, want string
		line               int
	}{
		{"when run", "{{define \"main\"}}\n<article>\n    <h1>{{.Page.Title}}</h1>\n    <p>{{.Page.NoSuchField}}</p>\n</article>\n{{end}}\n", "NoSuchField", 4},
		{"when parsed", "{{define \"main\"}}\n<article>\n    <h1>{{.Page.Title}}</h1>\n    <p>{{if .Page.Title}}</p>\n</article>\n{{end}}\n", "unexpected EOF", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := map[bool][2]int{}
			for _, minified := range []bool{false, true} {
				site := t.TempDir()
				writeFile(t, site, "kitgen.yaml", fmt.Sprintf("title: T\nminify: %v\n", minified))
				writeFile(t, site, "content/_index.md", "---\ntitle: Home\n---\n")
				writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\nA.\n")
				writeFile(t, site, "layouts/service.html", tc.layout)
				res, err := pipeline.Build(pipeline.Options{Source: site, Dest: filepath.Join(t.TempDir(), "public"), Today: today})
				if !errors.Is(err, pipeline.ErrFailed) {
					t.Fatalf("minify %v: build returned %v, want ErrFailed", minified, err)
				}
				found := 0
				for _, d := range res.Diags {
					if d.Rule == "layout" && d.File == "layouts/service.html" && strings.Contains(d.Message, tc.want) {
						found++
						at[minified] = [2]int{d.Line, d.Col}
					}
				}
				if found != 1 {
					t.Fatalf("minify %v: want one layout finding about %s: %v", minified, tc.want, res.Diags)
				}
			}
			if at[true] != at[false] || at[true][0] != tc.line {
				t.Errorf("reported at %v minified and %v as written; want both on line %d", at[true], at[false], tc.line)
			}
		})
	}
}
