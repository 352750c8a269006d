package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestRecycledStaging checks the reuse of the previous output as the next
// staging folder: the result must equal a build into a new folder, pages
// that were removed must disappear, and a symbolic link planted in the
// recycled folder must not redirect a write.
func TestRecycledStaging(t *testing.T) {
	site := t.TempDir()
	writeFile(t, site, "content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n")
	writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\nPage A.\n")
	writeFile(t, site, "content/services/b.md", "---\ntitle: B\n---\n\nPage B.\n")
	out := filepath.Join(t.TempDir(), "public")
	prev := filepath.Join(filepath.Dir(out), ".kitgen-public-previous")
	build1 := func() {
		t.Helper()
		if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: out, Preview: true}); err != nil {
			t.Fatal(err)
		}
	}
	build1()
	build1()
	if _, err := os.Stat(prev); err != nil {
		t.Fatalf("the second build kept no previous output to reuse: %v", err)
	}

	// Plant a link in the folder the next build will reuse; it points at a
	// file outside, which must stay as it is.
	victim := filepath.Join(t.TempDir(), "victim.txt")
	if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(prev, "services", "a", "index.html")
	os.Remove(link)
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	// Change a file the next build will not change, keeping its size: the
	// build must notice and write it again.
	home := filepath.Join(prev, "robots.txt")
	old, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	tampered := make([]byte, len(old))
	for i := range tampered {
		tampered[i] = 'x'
	}
	if err := os.WriteFile(home, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(site, "content", "services", "b.md"))
	writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\nPage A, edited.\n")
	build1()

	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Fatalf("a write went through a link in the recycled folder: victim now %q", b)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm()&0o055 != 0o055 {
		t.Fatalf("the output folder is not readable by others (a web server): %v %v", fi.Mode(), err)
	}
	if fi, err := os.Lstat(filepath.Join(out, "services", "a", "index.html")); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("services/a/index.html is not a regular file after the build: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(out, "services", "b")); !os.IsNotExist(err) {
		t.Fatalf("the removed page's folder is still in the output (err %v)", err)
	}

	fresh := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: fresh, Preview: true}); err != nil {
		t.Fatal(err)
	}
	diffTrees(t, "recycled build vs new build", readTree(t, out), readTree(t, fresh))
}
