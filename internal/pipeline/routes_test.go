package pipeline

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/route"
)

// TestRoutesAreWhatTheBuildWrites builds the example site and compares
// the route table with the output folder: every file written has a route
// (so links to it can be checked), and every route but the earlier
// versions of kit PDFs (published by earlier deploys, and kept there) has
// its file.
func TestRoutesAreWhatTheBuildWrites(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	res, err := Build(Options{Source: site, Dest: dest, Today: day})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diags)
	}
	compareRoutes(t, res.Routes, dest, nil)
	v := 0
	for _, k := range res.Kits {
		if k.ID == "cardiology" {
			v = k.Version
		}
	}

	// A new version of a kit: both versioned files are routes, and the
	// table names the kit definition as their source.
	edit(t, site, "content/guides/cardiology-referral.md", "## Red flags", "## Red flags\n\nCall first.\n")
	res, err = Build(Options{Source: site, Dest: dest, Today: day})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diags)
	}
	earlier := route.KitPDF("cardiology", v)
	compareRoutes(t, res.Routes, dest, map[string]bool{earlier: true})
	for _, u := range []string{earlier, route.KitPDF("cardiology", v+1), route.KitLatest("cardiology"), route.KitPage("cardiology")} {
		r, ok := res.Routes.Lookup(u)
		if !ok || r.Source != "kits/cardiology.yaml" {
			t.Errorf("route %s = %+v, %v; want one owned by kits/cardiology.yaml", u, r, ok)
		}
	}
	if _, ok := res.Routes.Lookup(route.KitPDF("cardiology", v+2)); ok {
		t.Error("a version that was never recorded has a route")
	}
	r, ok := res.Routes.Lookup("/guides/cardiology-referral/")
	if !ok || r.Source != "content/guides/cardiology-referral.md" || !r.IDsKnown || !r.HasID("red-flags") || r.HasID("no-such-heading") {
		t.Errorf("guide route = %+v", r)
	}
}

func compareRoutes(t *testing.T, table *route.Table, dest string, unwritten map[string]bool) {
	t.Helper()
	if table == nil {
		t.Fatal("the build returned no route table")
	}
	files := map[string]bool{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		files[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	routed := map[string]bool{}
	var missing []string
	for _, r := range table.All() {
		routed[r.File] = true
		if !files[r.File] && !unwritten[r.URL] {
			missing = append(missing, r.URL+" → "+r.File)
		}
	}
	var extra []string
	for f := range files {
		if !routed[f] {
			extra = append(extra, f)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes without a file:\n\t%s", strings.Join(missing, "\n\t"))
	}
	if len(extra) > 0 {
		t.Errorf("files without a route:\n\t%s", strings.Join(extra, "\n\t"))
	}
	if len(files) < 40 {
		t.Errorf("only %d files written; the example site has more", len(files))
	}
}

// TestSessionReportsReferences: in the dev server, an edit that makes a
// guide name a line that does not exist fails the update at the value, as
// a full build would, and fixing it clears the finding; a link to a kit
// that does not exist is found the same way.
func TestSessionReportsReferences(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	s, err := NewSession(Options{Source: site, Dest: dest, Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Build(); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		file, old, new string
		want           string // a finding's rule and position, or "" for none
	}{
		{"content/guides/cardiology-referral.md", "escalation: cardiology-urgent", "escalation: cardiology-urgnet", "references content/guides/cardiology-referral.md:10:13"},
		{"content/guides/cardiology-referral.md", "escalation: cardiology-urgnet", "escalation: cardiology-urgent", ""},
		{"content/about.md", "\n\n", "\n\nSee [the kit](/kits/cardiolgy/).\n\n", "links content/about.md"},
		{"content/about.md", "/kits/cardiolgy/", "/kits/cardiology/", ""},
	} {
		edit(t, site, step.file, step.old, step.new)
		u, err := s.Rebuild([]string{step.file})
		var got []string
		if u != nil {
			for _, d := range u.Diags {
				if d.Severity == diag.Error {
					got = append(got, string(d.Rule)+" "+d.File+":"+strconv.Itoa(d.Line)+":"+strconv.Itoa(d.Col))
				}
			}
		}
		switch {
		case step.want == "" && (err != nil || len(got) > 0):
			t.Fatalf("after %s → %s: %v %q", step.old, step.new, err, got)
		case step.want != "" && (!errors.Is(err, ErrFailed) || len(got) != 1 || !strings.HasPrefix(got[0], step.want)):
			t.Fatalf("after %s → %s: err %v, errors %q; want one %s", step.old, step.new, err, got, step.want)
		}
	}
}
