package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWriteFile: a file is written with exactly its bytes and the time
// the manifest records is the file's own; whatever is in the way (a file
// with another name elsewhere, a symbolic link) is replaced, never
// written through.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "outside.html")
	if err := os.WriteFile(outside, []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "linked.html")
	symlinked := filepath.Join(dir, "symlinked.html")
	if runtime.GOOS != "windows" {
		if err := os.Link(outside, linked); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, symlinked); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"new.html", []byte("<p>new</p>")},
		{"empty.html", nil},
		{"large.html", bytes.Repeat([]byte("0123456789"), 100_000)},
		{"linked.html", []byte("<p>not through the hard link</p>")},
		{"symlinked.html", []byte("<p>not through the symbolic link</p>")},
	} {
		name := filepath.Join(dir, c.name)
		mtime, err := writeFile(name, c.data, false)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, c.data) {
			t.Errorf("%s holds %d bytes (%v), want the %d written", c.name, len(got), err, len(c.data))
		}
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() || fi.ModTime().UnixNano() != mtime {
			t.Errorf("%s: %v, mode %v, time %v; want a regular file with the time writeFile gave, %v", c.name, err, fi.Mode(), fi.ModTime().UnixNano(), mtime)
		}
	}
	if got, _ := os.ReadFile(outside); string(got) != "outside" {
		t.Errorf("a write went through a link to a file outside the output: it holds %q", got)
	}
}
