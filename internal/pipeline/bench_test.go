package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	kitgen "github.com/kitgen/kitgen"
)

// BenchmarkBuildCorpus builds the synthetic corpus of bench/ (generate it
// with bench/gencorpus.py and point KITGEN_BENCH_CORPUS at the folder that
// holds content/). It measures the whole pipeline, writes included.
func BenchmarkBuildCorpus(b *testing.B) {
	src := os.Getenv("KITGEN_BENCH_CORPUS")
	if src == "" {
		b.Skip("set KITGEN_BENCH_CORPUS to a corpus made by bench/gencorpus.py")
	}
	dest := filepath.Join(b.TempDir(), "public")
	for i := 0; i < b.N; i++ {
		if _, err := Build(Options{Source: src, Dest: dest}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckCorpus checks the corpus of BenchmarkBuildCorpus as
// kitgen check does, writing nothing; compared with BenchmarkBuildCorpus in
// one run, it gives what a check costs against a build.
func BenchmarkCheckCorpus(b *testing.B) {
	src := os.Getenv("KITGEN_BENCH_CORPUS")
	if src == "" {
		b.Skip("set KITGEN_BENCH_CORPUS to a corpus made by bench/gencorpus.py")
	}
	for i := 0; i < b.N; i++ {
		if _, err := Build(Options{Source: src, CheckOnly: true, Preview: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild500Kits builds the example site with 500 kit definitions
// (copies of its four kits), so nearly all the time is kit resolution and
// PDF rendering. One op is one build of 500 one-page PDFs.
func BenchmarkBuild500Kits(b *testing.B) {
	src := b.TempDir()
	if err := copyFS(src, kitgen.Example); err != nil {
		b.Fatal(err)
	}
	ids := []string{"cardiology", "gastroenterology", "orthopedics", "pulmonology"}
	for i := 0; i < 500; i++ {
		def, err := os.ReadFile(filepath.Join(src, "kits", ids[i%4]+".yaml"))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "kits", fmt.Sprintf("k%03d.yaml", i)), def, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	dest := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Build(Options{Source: src, Dest: dest, Preview: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Kits) != 504 {
			b.Fatalf("built %d kits, want 504", len(res.Kits))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/build")
}

func copyFS(dir string, fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
