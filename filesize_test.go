package kitgen

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// maxLines is the longest a non-test Go file may be: past it a file holds
// more than one idea, and should be split where the ideas part.
const maxLines = 600

// TestFileLength fails for every non-test Go file under internal/ and cmd/
// longer than maxLines.
func TestFileLength(t *testing.T) {
	for _, root := range []string{"internal", "cmd"} {
		err := fs.WalkDir(os.DirFS("."), root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if n := bytes.Count(data, []byte("\n")); n > maxLines {
				t.Errorf("%s has %d lines, over the limit of %d; split it where its parts do different things", p, n, maxLines)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
