package content

import (
	"bytes"
	"os"
	"testing"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/diag"
)

// BenchmarkLoad reads and decodes the front matter of every page of a
// corpus made by bench/gencorpus.py (KITGEN_BENCH_CORPUS names its folder).
func BenchmarkLoad(b *testing.B) {
	src := corpus(b)
	for i := 0; i < b.N; i++ {
		site := Load(os.DirFS(src), config.Default(), Options{}, &diag.List{})
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64((i+1)*len(site.Pages)), "µs/page")
	}
}

// BenchmarkParse parses every body of the corpus once per op, on one core.
func BenchmarkParse(b *testing.B) {
	site := Load(os.DirFS(corpus(b)), config.Default(), Options{}, &diag.List{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range site.Pages {
			p.Doc = nil
			Parse(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(site.Pages)), "µs/page")
}

func corpus(b *testing.B) string {
	src := os.Getenv("KITGEN_BENCH_CORPUS")
	if src == "" {
		b.Skip("set KITGEN_BENCH_CORPUS to a corpus made by bench/gencorpus.py")
	}
	return src
}

// BenchmarkRenderHTML renders every parsed body of the corpus to HTML
// once per op, on one core: the Markdown half of writing a page.
func BenchmarkRenderHTML(b *testing.B) {
	site := Load(os.DirFS(corpus(b)), config.Default(), Options{}, &diag.List{})
	for _, p := range site.Pages {
		Parse(p)
	}
	var out bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		for _, p := range site.Pages {
			out.Reset()
			if err := Markdown.Renderer().Render(&out, p.Doc.Source, p.Doc.AST); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(site.Pages)), "µs/page")
}
