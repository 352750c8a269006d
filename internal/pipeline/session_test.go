package pipeline

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// startSession opens a dev-server session with opts and runs its first
// build; the session is closed when the test ends.
func startSession(t *testing.T, opts Options) *Session {
	t.Helper()
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Build(); err != nil {
		t.Fatal(err)
	}
	return s
}

// copySite copies the example site's sources (content, kits, partners, settings)
// into a temporary folder; layouts and assets come from the built-in theme.
func copySite(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	for _, name := range []string{"content", "kits", "messages", "kitgen.yaml", "i18n", "partners"} {
		src := filepath.Join("..", "..", name)
		err := filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join("..", ".."), p)
			target := filepath.Join(dst, rel)
			if e.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func edit(t *testing.T, site, file, old, new string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(file))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree reads every file under dir, by slash-separated relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAsFullBuild fails unless dir holds exactly what a fresh build of
// the site writes.
func sameAsFullBuild(t *testing.T, site, dir string, opts Options) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	opts.Source, opts.Dest = site, fresh
	if _, err := Build(opts); err != nil {
		t.Fatalf("full build: %v", err)
	}
	want, got := tree(t, fresh), tree(t, dir)
	var diffs []string
	for f, w := range want {
		if g, ok := got[f]; !ok {
			diffs = append(diffs, "missing "+f)
		} else if !bytes.Equal(g, w) {
			diffs = append(diffs, "differs "+f+"\n  got:  "+excerpt(g, w)+"\n  want: "+excerpt(w, g))
		}
	}
	for f := range got {
		if _, ok := want[f]; !ok {
			diffs = append(diffs, "extra "+f)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Fatalf("incremental output differs from a full build:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestSessionIncrementalMatchesFullBuild(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	// Not before 2026-11-02, when the example's wait times were measured: a wait measured after the build's day is an error.
	opts := Options{Source: site, Dest: dest, Preview: true, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), Inject: `<script src="/__kitgen/reload.js" defer></script>`}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.Build()
	if err != nil {
		t.Fatalf("first build: %v\n%v", err, u.Diags)
	}
	if home, _ := os.ReadFile(filepath.Join(dest, "index.html")); !bytes.Contains(home, []byte(string(opts.Inject)+`</body>`)) {
		t.Fatalf("the injected script is not before </body>:\n%s", home)
	}
	ledger, _ := os.ReadFile(filepath.Join(site, "kits", "ledger.yaml"))

	steps := []struct {
		name       string
		file       string
		old, new   string
		wantFull   bool
		wantWrites []string // must be among the written files
		maxWrites  int
	}{
		{name: "body of a page no kit quotes", file: "content/about.md", old: "\n\n", new: "\n\nA new opening sentence.\n\n",
			wantWrites: []string{"about/index.html"}, maxWrites: 1},
		{name: "quoted guide section", file: "content/guides/cardiology-referral.md", old: "## Red flags", new: "## Red flags\n\nCall at once for syncope with exertion.\n",
			wantWrites: []string{"guides/cardiology-referral/index.html", "kits/cardiology/cardiology-latest.pdf", "kits/cardiology/index.html"}},
		{name: "provider title shown on services and locations", file: "content/providers/jose-nunez.md", old: "title: ", new: "title: Dr. ",
			wantWrites: []string{"providers/jose-nunez/index.html", "providers/index.html", "services/cardiology/index.html"}},
		{name: "revert the guide", file: "content/guides/cardiology-referral.md", old: "\nCall at once for syncope with exertion.\n", new: "",
			wantWrites: []string{"kits/cardiology/cardiology-latest.pdf"}},
		{name: "location contact facts", file: "content/locations/loop.md", old: "title: ", new: "title: The ", wantFull: true},
	}
	for _, st := range steps {
		edit(t, site, st.file, st.old, st.new)
		u, err := s.Rebuild([]string{st.file})
		if err != nil {
			t.Fatalf("%s: %v\n%v", st.name, err, u.Diags)
		}
		if u.Full != st.wantFull {
			t.Errorf("%s: full rebuild = %v, want %v", st.name, u.Full, st.wantFull)
		}
		for _, w := range st.wantWrites {
			found := false
			for _, g := range u.Written {
				found = found || g == w
			}
			if !found {
				t.Errorf("%s: %s not rewritten; wrote %v", st.name, w, u.Written)
			}
		}
		if st.maxWrites > 0 && len(u.Written) > st.maxWrites {
			t.Errorf("%s: wrote %d files, want at most %d: %v", st.name, len(u.Written), st.maxWrites, u.Written)
		}
		sameAsFullBuild(t, site, dest, opts)
	}
	if after, _ := os.ReadFile(filepath.Join(site, "kits", "ledger.yaml")); !bytes.Equal(after, ledger) {
		t.Error("a preview session changed kits/ledger.yaml")
	}
}

func TestSessionKeepsLastGoodOutputOnError(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true}
	s := startSession(t, opts)
	before := tree(t, dest)

	const file = "content/services/cardiology.md"
	edit(t, site, file, "title: ", "title: [unclosed\nbody: ")
	u, err := s.Rebuild([]string{file})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("broken front matter: err = %v, want ErrFailed", err)
	}
	found := false
	for _, d := range u.Diags {
		found = found || (d.File == file && d.Line > 0)
	}
	if !found {
		t.Fatalf("no finding at %s:line: %v", file, u.Diags)
	}
	edit(t, site, "content/about.md", "\n\n", "\n\nWritten while the site was broken.\n\n")
	if _, err := s.Rebuild([]string{"content/about.md"}); !errors.Is(err, ErrFailed) {
		t.Fatalf("still broken: err = %v, want ErrFailed", err)
	}
	after := tree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("a failed update changed the output")
	}
	for f, b := range before {
		if !bytes.Equal(after[f], b) {
			t.Fatalf("a failed update changed %s", f)
		}
	}

	edit(t, site, file, "title: [unclosed\nbody: ", "title: ")
	u, err = s.Rebuild([]string{file})
	if err != nil {
		t.Fatalf("fixed: %v\n%v", err, u.Diags)
	}
	if u.Full {
		t.Error("fixing one page rebuilt everything")
	}
	sameAsFullBuild(t, site, dest, opts)
}

func TestSessionNewAndDeletedPages(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true}
	s := startSession(t, opts)
	if err := os.MkdirAll(filepath.Join(site, "content", "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "news", "open-house.md"), []byte("---\ntitle: Open house\n---\n\nCome and see.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := s.Rebuild([]string{"content/news"})
	if err != nil {
		t.Fatalf("new section: %v", err)
	}
	// No page of the example site lists an untyped section, so only the
	// new page and its section's list page are written.
	if want := []string{"news/index.html", "news/open-house/index.html", "sitemap.xml"}; !slices.Equal(u.Written, want) {
		t.Errorf("new section: wrote %v, want %v", u.Written, want)
	}
	sameAsFullBuild(t, site, dest, opts)

	if err := os.Remove(filepath.Join(site, "content", "news", "open-house.md")); err != nil {
		t.Fatal(err)
	}
	u, err = s.Rebuild([]string{"content/news/open-house.md"})
	if err != nil {
		t.Fatalf("deleted page: %v", err)
	}
	if want := []string{"news/index.html", "news/open-house/index.html", "sitemap.xml"}; !slices.Equal(u.Written, want) {
		t.Errorf("deleted page: wrote or deleted %v, want %v", u.Written, want)
	}
	sameAsFullBuild(t, site, dest, opts)

	// Editors' temporary files change nothing.
	u, err = s.Rebuild([]string{"content/.about.md.swp", "content/about.md~", "content/4913"})
	if err != nil || u.Full || len(u.Written) > 0 {
		t.Fatalf("temporary files: %+v, %v", u, err)
	}
}

// excerpt shows a, from a little before where it first differs from b.
func excerpt(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from, to := max(0, i-60), min(len(a), i+100)
	return string(a[from:to])
}

// TestSessionEditsMatchFullBuild edits the title, body and description of
// one page of each kind, one change at a time, and compares the output
// with a fresh build after each: whatever shows a page must follow it.
func TestSessionEditsMatchFullBuild(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	// Not before 2026-11-02, when the example's wait times were measured: a wait measured after the build's day is an error.
	opts := Options{Source: site, Dest: dest, Preview: true, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	s := startSession(t, opts)
	for _, file := range []string{
		"content/_index.md", "content/about.md", "content/services/_index.md", "content/services/cardiology.md",
		"content/guides/cardiology-referral.md", "content/providers/jose-nunez.md",
		"content/services/cardiology.es.md", "content/guides/cardiology-referral.es.md",
	} {
		for _, c := range []struct{ old, new string }{
			{"\ntitle: ", "\ntitle: Renamed "},
			{"\n---\n", "\n---\n\nA new first paragraph.\n"},
			{"\ndescription: ", "\ndescription: Changed, "},
		} {
			edit(t, site, file, c.old, c.new)
			u, err := s.Rebuild([]string{file})
			if err != nil {
				t.Fatalf("%s: %v\n%v", file, err, u.Diags)
			}
			if u.Full {
				t.Errorf("%s: %q rebuilt the whole site", file, c.new)
			}
			sameAsFullBuild(t, site, dest, opts)
		}
	}
}

// TestSessionReplacesWhatDestHeld: a session's first build into a folder
// an earlier build wrote leaves in it exactly what a build writes now.
func TestSessionReplacesWhatDestHeld(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true}
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(site, "content", "about.md")); err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, err := s.Build(); err != nil {
		t.Fatalf("build: %v\n%v", err, u.Diags)
	}
	sameAsFullBuild(t, site, dest, opts)
}

// TestSessionMenuPageEdits edits a free page in the main navigation (the
// example's insurance page): its new title, and its leaving the menu,
// must show in the navigation of every page, as a fresh build shows it.
func TestSessionMenuPageEdits(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	s := startSession(t, opts)
	const file = "content/insurance.md"
	for _, c := range []struct{ old, new string }{
		{"\ntitle: ", "\ntitle: Renamed "},
		{"\nweight: 20", "\nweight: 1"},
		{"\nmenu: true", "\nmenu: false"},
	} {
		edit(t, site, file, c.old, c.new)
		if u, err := s.Rebuild([]string{file}); err != nil {
			t.Fatalf("%q: %v\n%v", c.new, err, u.Diags)
		}
		sameAsFullBuild(t, site, dest, opts)
	}
}
