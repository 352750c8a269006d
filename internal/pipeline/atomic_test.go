package pipeline_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pipeline"
)

var today = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// TestFailedBuildKeepsOutput breaks a site that built, in each of the ways
// a build can fail on content, and checks that the previous output and the
// ledger are byte for byte as they were and that no staging folder is left
// next to the destination.
func TestFailedBuildKeepsOutput(t *testing.T) {
	breaks := []struct {
		name   string
		file   string
		data   string
		strict bool
	}{
		{"front matter", "content/services/cardiology.md", "---\ntitle: Cardiology\nspecialty: [a\n---\n", false},
		{"unknown key", "content/locations/loop.md", "---\ntitle: Loop\nphon: 1\n---\n", false},
		{"kit quotes a missing heading", "kits/cardiology.yaml",
			"title: K\naudience: A\npage: services/cardiology\nblocks:\n  - section: guides/cardiology-referral#gone\n", false},
		{"layout", "layouts/service.html", "{{define \"main\"}}{{template \"nope\" .}}{{end}}\n", false},
		{"settings", "kitgen.yaml", "title: [\n", false},
		{"warning under strict", "kitgen.yaml", "title: T\nbase_url: https://partners.test.example/\nkits: {size_budget_kb: 1}\nlines:\n  cardiology-urgent: {label: On call, phone: \"(312) 555-0110\"}\n", true},
	}
	for _, br := range breaks {
		t.Run(br.name, func(t *testing.T) {
			site, out, opts := builtGolden(t)
			dest := opts.Dest
			before := readTree(t, dest)
			ledger, err := os.ReadFile(filepath.Join(site, kit.LedgerFile))
			if err != nil {
				t.Fatal(err)
			}

			writeFile(t, site, br.file, br.data)
			opts.Strict = br.strict
			opts.Today = today.AddDate(0, 0, 1)
			res, err := pipeline.Build(opts)
			if !errors.Is(err, pipeline.ErrFailed) {
				t.Fatalf("build returned %v, want ErrFailed", err)
			}
			if res.Errors == 0 && !br.strict {
				t.Errorf("failed build reports no errors")
			}
			diffTrees(t, "output after a failed build", readTree(t, dest), before)
			if got, _ := os.ReadFile(filepath.Join(site, kit.LedgerFile)); string(got) != string(ledger) {
				t.Errorf("a failed build changed %s", kit.LedgerFile)
			}
			onlyDest(t, out)
		})
	}
}

// TestFirstBuildFails checks that a site whose first build fails gets no
// output folder at all, rather than a partial one.
func TestFirstBuildFails(t *testing.T) {
	site := writeSite(t, "testdata/golden/site.txtar")
	writeFile(t, site, "content/guides/cardiology-referral.md", "---\ntitle: Guide\nreviewed: someday\n---\n")
	out := t.TempDir()
	_, err := pipeline.Build(pipeline.Options{Source: site, Dest: filepath.Join(out, "public"), Today: today})
	if !errors.Is(err, pipeline.ErrFailed) {
		t.Fatalf("build returned %v, want ErrFailed", err)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("failed first build left %s", e.Name())
	}
	if _, err := os.Stat(filepath.Join(site, kit.LedgerFile)); err == nil {
		t.Errorf("failed first build wrote %s", kit.LedgerFile)
	}
}

// TestRebuildReplacesOutput checks that a successful build replaces the
// whole previous output (a page that was removed is gone) and cleans up
// its staging folder.
func TestRebuildReplacesOutput(t *testing.T) {
	site := writeSite(t, "testdata/golden/site.txtar")
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	opts := pipeline.Options{Source: site, Dest: dest, Today: today}
	writeFile(t, site, "content/about.md", "---\ntitle: About\n---\n\nAbout us.\n")
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "about", "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(site, "content", "about.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "about")); !os.IsNotExist(err) {
		t.Errorf("the page of a deleted file is still in the output (%v)", err)
	}
	onlyDest(t, out)
}

// TestDestGuard checks that a build refuses to replace a folder it did not
// write, and leaves it alone.
func TestDestGuard(t *testing.T) {
	site := writeSite(t, "testdata/golden/site.txtar")
	dest := t.TempDir()
	writeFile(t, dest, "notes.txt", "mine")
	before := readTree(t, dest)
	_, err := pipeline.Build(pipeline.Options{Source: site, Dest: dest, Today: today})
	if err == nil || errors.Is(err, pipeline.ErrFailed) {
		t.Fatalf("build into a folder of other files returned %v, want a destination error", err)
	}
	diffTrees(t, "refused destination", readTree(t, dest), before)
	for _, d := range []string{site, filepath.Dir(site)} {
		if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: d, Today: today}); err == nil {
			t.Errorf("build into %s, which holds the site, succeeded", d)
		}
	}
}

// onlyDest checks that the folder holding the destination holds nothing
// else: no staging folder and no partial output. The exceptions are the
// output a successful build replaced, which waits in a hidden sibling for
// the next build to reuse, and the manifests describing both folders.
func onlyDest(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "public", ".kitgen-public-previous", ".kitgen-public.manifest", ".kitgen-public-previous.manifest":
		default:
			t.Errorf("%s left next to the destination", e.Name())
		}
	}
}

// TestFileChangedDuringBuild edits a page's front matter after the build
// decoded it and before it parsed the page's body (a build reads a body
// again when it renders the page): the build fails naming the file and
// saying to build again, and the previous output stays as it was. An
// edit to the body alone is built as saved.
func TestFileChangedDuringBuild(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		fails      bool
	}{
		{"front matter", "---\ntitle: About us\ndraft: false\nmenu: true\n---\n\nA published page.\n", true},
		{"body", "---\ntitle: About the practice\ndraft: false\nmenu: true\n---\n\nAn edited page.\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, out, opts := builtGolden(t)
			dest := opts.Dest
			before := readTree(t, dest)
			var edit sync.Once
			edited := false
			// Kit PDFs render after the pages are decoded and before they
			// are rendered.
			opts.Progress = func(what string, _, _ int) {
				if what == "kits" {
					edit.Do(func() {
						edited = true
						writeFile(t, site, "content/about.md", tc.data)
					})
				}
			}
			res, err := pipeline.Build(opts)
			if !edited {
				t.Fatal("the build rendered no kit, so the page was never edited")
			}
			if !tc.fails {
				if err != nil {
					t.Fatalf("build: %v %v", err, res.Diags)
				}
				if got := readTree(t, dest)["about/index.html"]; !strings.Contains(got, "An edited page.") || !strings.Contains(got, "About the practice") {
					t.Errorf("about/index.html does not have the edited body:\n%s", got)
				}
				return
			}
			if !errors.Is(err, pipeline.ErrFailed) {
				t.Fatalf("build returned %v, want ErrFailed", err)
			}
			found := false
			for _, d := range res.Diags {
				if d.File == "content/about.md" && d.Line == 1 && strings.Contains(d.Message, "changed while kitgen was building") && strings.Contains(d.Message, "build again") {
					found = true
				}
			}
			if !found {
				t.Errorf("no finding at content/about.md:1 saying it changed during the build: %v", res.Diags)
			}
			diffTrees(t, "output after a failed build", readTree(t, dest), before)
			onlyDest(t, out)
		})
	}
}

// builtGolden writes the golden site and builds it into out/public, a
// new folder, for a test of what a later build does to that output.
func builtGolden(t *testing.T) (site, out string, opts pipeline.Options) {
	t.Helper()
	site = writeSite(t, "testdata/golden/site.txtar")
	out = t.TempDir()
	opts = pipeline.Options{Source: site, Dest: filepath.Join(out, "public"), Today: today}
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	return site, out, opts
}
