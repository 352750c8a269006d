package build

import (
	"os"
	"path/filepath"
	"testing"
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
