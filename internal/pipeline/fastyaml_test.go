package pipeline

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	kitgen "github.com/kitgen/kitgen"
	"github.com/kitgen/kitgen/internal/schema"
)

// TestFastYAMLSameBuild builds the example site (and the benchmark corpus
// when KITGEN_BENCH_CORPUS is set) with and without schema's fast path for
// simple front matter: every output file and every finding must be the
// same, byte for byte.
func TestFastYAMLSameBuild(t *testing.T) {
	example := t.TempDir()
	if err := copyFS(example, kitgen.Example); err != nil {
		t.Fatal(err)
	}
	sites := map[string]string{"example": example}
	if c := os.Getenv("KITGEN_BENCH_CORPUS"); c != "" {
		sites["corpus"] = c
	}
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			slow, slowFindings := buildWithFastPath(t, src, false)
			fast, fastFindings := buildWithFastPath(t, src, true)
			if !bytes.Equal(fastFindings, slowFindings) {
				t.Errorf("findings differ:\nfast path:\n%s\nyaml.v3:\n%s", fastFindings, slowFindings)
			}
			if len(slow) == 0 {
				t.Fatal("the build wrote nothing")
			}
			for file, want := range slow {
				if got, ok := fast[file]; !ok {
					t.Errorf("%s: written without the fast path only", file)
				} else if !bytes.Equal(got, want) {
					t.Errorf("%s: differs with the fast path", file)
				}
			}
			for file := range fast {
				if _, ok := slow[file]; !ok {
					t.Errorf("%s: written with the fast path only", file)
				}
			}
		})
	}
}

// buildWithFastPath builds src into a new folder and returns every file
// written and the findings, one a line.
func buildWithFastPath(t *testing.T, src string, fast bool) (map[string][]byte, []byte) {
	t.Helper()
	defer func(old bool) { schema.FastPath = old }(schema.FastPath)
	schema.FastPath = fast
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: src, Dest: dest, Today: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var findings bytes.Buffer
	for _, d := range res.Diags {
		fmt.Fprintln(&findings, d)
	}
	files := map[string][]byte{}
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[p[len(dest):]] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, findings.Bytes()
}
