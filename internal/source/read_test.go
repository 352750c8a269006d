package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestReadUpTo: a content file is read when it holds at most max bytes,
// and only sized when it holds more; whatever is not a readable regular
// file is refused with Open's error. The system-call path and the path
// through Open give the same answer for every case.
func TestReadUpTo(t *testing.T) {
	dir := site(t, map[string]string{
		"content/a.md":        "---\ntitle: A\n---\n",
		"content/empty.md":    "",
		"content/big.md":      strings.Repeat("x", 101),
		"content/max.md":      strings.Repeat("y", 100),
		"content/sub/deep.md": "deep",
	})
	if err := os.Mkdir(filepath.Join(dir, "content", "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	links := runtime.GOOS != "windows"
	if links {
		if err := os.Symlink("a.md", filepath.Join(dir, "content", "link.md")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("sub", filepath.Join(dir, "content", "linked")); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		data string
		size int64
		err  string // what the error says, "" for none
	}
	cases := map[string]result{
		"content/a.md":        {"---\ntitle: A\n---\n", 17, ""},
		"content/empty.md":    {"", 0, ""},
		"content/max.md":      {strings.Repeat("y", 100), 100, ""},
		"content/big.md":      {"", 101, ""},
		"content/sub/deep.md": {"deep", 4, ""},
		"content/folder.md":   {"", 0, "is a folder"},
		"content/missing.md":  {"", 0, "no such file"},
		"../outside.md":       {"", 0, "invalid argument"},
	}
	if links {
		cases["content/link.md"] = result{"", 0, "is a symbolic link"}
		cases["content/linked/deep.md"] = result{"", 0, "is a symbolic link"}
	}
	fsys := Dir(dir)
	for name, want := range cases {
		// Through a plain fs.FS of the same folder, ReadUpTo takes the
		// path through Open.
		for _, how := range []string{"ReadUpTo", "ReadUpTo through Open"} {
			var data []byte
			var size int64
			var err error
			deadline(t, 5*time.Second, func() {
				if how == "ReadUpTo" {
					data, size, err = ReadUpTo(fsys, name, 100)
				} else {
					data, size, err = ReadUpTo(plainFS{fsys}, name, 100)
				}
			})
			got := result{string(data), size, ""}
			if err != nil {
				got.err = err.Error()
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Path != name && !strings.Contains(err.Error(), name) {
					t.Errorf("%s(%s): error %q does not name the file", how, name, err)
				}
			}
			if got.data != want.data || got.size != want.size || (want.err == "") != (got.err == "") || !strings.Contains(got.err, want.err) {
				t.Errorf("%s(%s) = %q, %d, %q; want %q, %d, an error saying %q", how, name, got.data, got.size, got.err, want.data, want.size, want.err)
			}
		}
	}
}

// plainFS hides everything of an FS but Open.
type plainFS struct{ fs *FS }

func (p plainFS) Open(name string) (fs.File, error) { return p.fs.Open(name) }
