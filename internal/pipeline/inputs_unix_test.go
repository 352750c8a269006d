//go:build unix

package pipeline_test

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestPipesDoNotHang: a named pipe where a page, kit, stylesheet, layout
// or kitgen.yaml belongs used to block build and check forever, waiting
// for a writer. It is an error at its path, found at once. The deadline
// only turns a hang into a failure; a build of this site takes well under
// a second.
func TestPipesDoNotHang(t *testing.T) {
	for _, file := range []string{"content/p.md", "kits/x.yaml", "assets/x.css", "layouts/partials/x.html", "kitgen.yaml"} {
		for _, check := range []bool{false, true} {
			dir := inputSite(t, nil)
			p := filepath.Join(dir, filepath.FromSlash(file))
			if file == "kitgen.yaml" {
				syscall.Unlink(p)
			}
			writeFile(t, dir, file+".tmp", "")
			syscall.Unlink(p + ".tmp")
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("cannot make a named pipe: %v", err)
			}
			type result struct {
				res *pipeline.Result
				err error
			}
			done := make(chan result, 1)
			go func() {
				res, err := pipeline.Build(pipeline.Options{Source: dir, CheckOnly: check})
				done <- result{res, err}
			}()
			select {
			case r := <-done:
				if !errors.Is(r.err, pipeline.ErrFailed) {
					t.Fatalf("%s (check %v): %v, want a failed build", file, check, r.err)
				}
				d := finding(t, r.res.Diags, file)
				if !strings.HasPrefix(d.Message, "is a named pipe; kitgen reads only regular files inside the site") {
					t.Errorf("%s: %+v", file, d)
				}
			case <-time.After(60 * time.Second):
				t.Fatalf("%s (check %v): build still running after 60 s", file, check)
			}
		}
	}
}
