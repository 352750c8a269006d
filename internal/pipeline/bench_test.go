package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	kitgen "github.com/kitgen/kitgen"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/partner"
	"github.com/kitgen/kitgen/internal/pdf"
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

// BenchmarkBuild1000PartnerKits builds the example site with a fifth kit
// and 200 partners who each get all five: 1,000 partner PDFs. In the same
// run it builds the same site without partners, and renders the five
// kits 200 times each from scratch (pdf.Render, as if every copy were a
// kit of its own) on the same worker pool, so the partner copies' cost
// is read against both. One op is one build, or 1,000 renders.
func BenchmarkBuild1000PartnerKits(b *testing.B) {
	src := b.TempDir()
	if err := copyFS(src, kitgen.Example); err != nil {
		b.Fatal(err)
	}
	def, err := os.ReadFile(filepath.Join(src, "kits", "cardiology.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "kits", "cardiology-a4.yaml"), bytes.Replace(def, []byte("paper: letter"), []byte("paper: a4"), 1), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(src, "partners")); err != nil {
		b.Fatal(err)
	}
	alone := b.TempDir()
	if err := copyFS(alone, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	os.MkdirAll(filepath.Join(src, "partners"), 0o755)
	var codes []string
	for i := range 200 {
		name := fmt.Sprintf("Partner Practice %03d", i)
		code, err := partner.Generate(name, codes)
		if err != nil {
			b.Fatal(err)
		}
		codes = append(codes, code)
		data := fmt.Sprintf("name: %s\nsegment: segment-%d\ncode: %s\n", name, i%4, code)
		if err := os.WriteFile(filepath.Join(src, "partners", fmt.Sprintf("p%03d.yaml", i)), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	build := func(b *testing.B, site string) *Result {
		res, err := Build(Options{Source: site, Dest: filepath.Join(b.TempDir(), "public"), Preview: true, Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			for _, d := range res.Diags {
				b.Log(d)
			}
			b.Fatal(err)
		}
		return res
	}
	var docs []*kit.Doc
	b.Run("site-without-partners", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			res := build(b, alone)
			// The five kits each partner gets; the translated kits
			// (cardiology.es) go only to partners that list them.
			docs = docs[:0]
			for _, k := range res.Kits {
				if !strings.Contains(k.ID, ".") {
					docs = append(docs, k.Doc)
				}
			}
			if len(docs) != 5 {
				b.Fatalf("built %d kits in the default language, want 5", len(docs))
			}
		}
		reportCPU(b, cpu)
	})
	b.Run("site-with-1000-partner-kits", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			res := build(b, src)
			n := 0
			for _, p := range res.Partners {
				for _, k := range p.Kits {
					if k.Size > 0 {
						n++
					}
				}
			}
			if n != 1000 {
				b.Fatalf("built %d partner kits, want 1000", n)
			}
		}
		reportCPU(b, cpu)
	})
	b.Run("1000-full-kit-renders", func(b *testing.B) {
		fonts, err := pdf.LoadFonts(nil)
		if err != nil {
			b.Fatal(err)
		}
		cpu := cpuTime()
		for b.Loop() {
			parallel(1000, 1, func(_, i int) {
				if _, err := pdf.Render(docs[i%len(docs)], fonts); err != nil {
					b.Error(err)
				}
			})
		}
		reportCPU(b, cpu)
	})
}

// reportCPU reports the CPU time per op since cpu, in ms.
func reportCPU(b *testing.B, cpu time.Duration) {
	if d := cpuTime() - cpu; d > 0 {
		b.ReportMetric(float64(d.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkSessionEditCorpus measures what the dev server does for one
// save on the corpus of BenchmarkBuildCorpus: a Session rebuild after one
// page's body changed, without the file watcher, the quiet period and the
// browser. The saves run under the profiler label phase=edit, so
//
//	go tool pprof -tagfocus phase=edit pipeline.test cpu.prof
//
// shows them without the first build (which costs as much as 400 saves).
func BenchmarkSessionEditCorpus(b *testing.B) {
	corpus := os.Getenv("KITGEN_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("set KITGEN_BENCH_CORPUS to a corpus made by bench/gencorpus.py")
	}
	src := filepath.Join(b.TempDir(), "site")
	if err := copyFS(src, os.DirFS(corpus)); err != nil {
		b.Fatal(err)
	}
	s, err := NewSession(Options{Source: src, Dest: filepath.Join(b.TempDir(), "public"), Preview: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Build(); err != nil {
		b.Fatal(err)
	}
	const file = "content/services/page-000000.md"
	orig, err := os.ReadFile(filepath.Join(src, file))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	pprof.Do(context.Background(), pprof.Labels("phase", "edit"), func(context.Context) {
		for i := 0; i < b.N; i++ {
			text := fmt.Sprintf("%s\nEdit number %d of this page.\n", orig, i)
			if err := os.WriteFile(filepath.Join(src, file), []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
			u, err := s.Rebuild([]string{file})
			if err != nil {
				b.Fatal(err)
			}
			if u.Full || !slices.Contains(u.Written, "services/page-000000/index.html") {
				b.Fatalf("edit %d: wrote %v (whole site: %v)", i, u.Written, u.Full)
			}
		}
	})
	b.StopTimer()
	reportCPU(b, cpu)
}
