package pipeline_test

import (
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestDeterministic builds the example site at the repository root twice,
// with different numbers of parallel workers, and requires every byte of
// every file to be the same: pages, assets, sitemap, feed and kit PDFs.
// Preview keeps the build from recording versions in the repository's
// ledger; the destination is a temporary folder.
func TestDeterministic(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	trees := map[int]map[string]string{}
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		dest := filepath.Join(out, "public-"+strconv.Itoa(procs))
		res, err := pipeline.Build(pipeline.Options{Source: root, Dest: dest, Preview: true, Today: today})
		runtime.GOMAXPROCS(prev)
		if err != nil {
			for _, d := range res.Diags {
				t.Log(d)
			}
			t.Fatalf("GOMAXPROCS=%d: %v", procs, err)
		}
		if len(res.Kits) == 0 {
			t.Fatal("the example site has no kits")
		}
		trees[procs] = readTree(t, dest)
	}
	a := trees[1]
	pdfs := 0
	for p := range a {
		if filepath.Ext(p) == ".pdf" {
			pdfs++
		}
	}
	for _, want := range []string{"sitemap.xml", "kits/feed.xml", "robots.txt", "_headers", "404.html", "index.html"} {
		if _, ok := a[want]; !ok {
			t.Errorf("the example site's output has no %s", want)
		}
	}
	if pdfs == 0 {
		t.Error("the example site's output has no PDFs")
	}
	diffTrees(t, "second build", trees[4], a)
	onlyEntries(t, out, "public-1", "public-4", ".kitgen-public-1.manifest", ".kitgen-public-4.manifest")
	checkPages(t, a)
}

var (
	langRE      = regexp.MustCompile(`<html lang="?(en-US|es-US)"?>`)
	skipRE      = regexp.MustCompile(`<a class="?skip-link"? href="?#main"?>`)
	canonicalRE = regexp.MustCompile(`<link rel="?canonical"? href="?https://`)
)

// checkPages requires of every page of a minified build what the golden
// pages are checked for unminified: the language, a skip link, one h1 and
// a canonical URL.
func checkPages(t *testing.T, tree map[string]string) {
	t.Helper()
	for p, page := range tree {
		if filepath.Ext(p) != ".html" {
			continue
		}
		// Translations are under /es/, every other page in English.
		if m := langRE.FindStringSubmatch(page); m == nil || (m[1] == "es-US") != strings.HasPrefix(p, "es/") {
			t.Errorf("%s: no lang attribute, or the wrong one (%v)", p, m)
		}
		if !skipRE.MatchString(page) {
			t.Errorf("%s: no skip link", p)
		}
		if !canonicalRE.MatchString(page) {
			t.Errorf("%s: no canonical URL", p)
		}
		if n := strings.Count(page, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 elements, want 1", p, n)
		}
	}
}

func onlyEntries(t *testing.T, dir string, names ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for p := range readTree(t, dir) {
		if d, _ := filepath.Split(p); d == "" && !want[p] && !want[p[:len(p)-1]] {
			t.Errorf("%s left in %s", p, dir)
		}
	}
}
