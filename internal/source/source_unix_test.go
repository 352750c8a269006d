//go:build unix

package source

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRefusesPipes: opening a named pipe for reading waits for a writer;
// kitgen must refuse it at once instead.
func TestRefusesPipes(t *testing.T) {
	dir := site(t, map[string]string{"content/a.md": "x"})
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "p.md"), 0o644); err != nil {
		t.Skipf("cannot create a named pipe: %v", err)
	}
	deadline(t, 5*time.Second, func() {
		_, err := fs.ReadFile(Dir(dir), "content/p.md")
		refused(t, err, "content/p.md", "a named pipe")
		var got []string
		Walk(Dir(dir), "content", nil, func(p string, err error) {
			if err != nil {
				refused(t, err, "content/p.md", "a named pipe")
			}
			got = append(got, p)
		})
		if len(got) != 2 {
			t.Errorf("walk gave %q", got)
		}
	})
}
