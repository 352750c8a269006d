package serve

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestPollerFindsChanges(t *testing.T) {
	root := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("kitgen.yaml", "title: A\n")
	write("content/a.md", "one")
	write("content/b.md", "two")
	write("public/index.html", "output, not input")

	batches := make(chan []string, 10)
	p := newPoller(root, 20*time.Millisecond, func(paths []string) { batches <- paths })
	done := make(chan struct{})
	defer close(done)
	go p.run(done)

	next := func(want ...string) {
		t.Helper()
		select {
		case got := <-batches:
			if !slices.Equal(got, want) {
				t.Errorf("changed %v, want %v", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no change reported, want %v", want)
		}
	}
	// A change of size, a new file and a removed one, in one scan.
	write("content/a.md", "one, longer")
	write("content/c.md", "three")
	os.Remove(filepath.Join(root, "content", "b.md"))
	next("content/a.md", "content/b.md", "content/c.md")

	// Same size, later modification time.
	later := time.Now().Add(time.Hour)
	write("kitgen.yaml", "title: B\n")
	os.Chtimes(filepath.Join(root, "kitgen.yaml"), later, later)
	next("kitgen.yaml")

	// Output and other files a build does not read are not changes.
	write("public/index.html", "rebuilt output")
	write("notes.txt", "x")
	select {
	case got := <-batches:
		t.Errorf("files a build does not read reported as changed: %v", got)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestOpeners(t *testing.T) {
	const u = "http://127.0.0.1:1313/?a=1&b=2"
	for goos, want := range map[string]string{
		"windows": "rundll32",
		"darwin":  "open",
		"linux":   "xdg-open",
		"freebsd": "xdg-open",
	} {
		cmds := openers(goos, u)
		if len(cmds) == 0 || cmds[0][0] != want || cmds[0][len(cmds[0])-1] != u {
			t.Errorf("openers(%q) = %q; want %s first, with the URL as one argument", goos, cmds, want)
		}
	}
}
