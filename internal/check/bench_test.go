package check_test

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

var corpusWords = strings.Fields(`referral intake consult cardiology imaging echocardiogram stress test follow-up
patient provider coordinator schedule fax phone portal criteria urgent routine documentation insurance
authorization results report shared care plan clinic hospital primary specialist nurse pathway diagnostic
treatment assessment history medication allergy laboratory blood pressure symptoms evaluation chronic acute`)

// corpusSite builds pages shaped like ../shared/bench/gencorpus.py's
// (about 5 KB of Markdown: headings, paragraphs, a list of links, a table,
// emphasis and code), plus the phone numbers, dates and claims the rules
// look for, so every rule does real work.
func corpusSite(n int) fs.FS {
	r := rand.New(rand.NewSource(1))
	sentence := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = corpusWords[r.Intn(len(corpusWords))]
		}
		w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
		return strings.Join(w, " ") + "."
	}
	para := func() string {
		s := make([]string, 3+r.Intn(4))
		for i := range s {
			s[i] = sentence(8 + r.Intn(11))
		}
		return strings.Join(s, " ")
	}
	kinds := []string{"services", "guides", "providers"}
	fsys := fstest.MapFS{"kitgen.yaml": {Data: []byte(baseSite["kitgen.yaml"])}}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %q\ndescription: %q\ndate: 2025-%02d-%02d\nreviewed: 2026-01-10\ntags: [a, b]\n---\n\n", sentence(4), sentence(10), 1+i%12, 1+i%28)
		for s := 0; s < 3+r.Intn(3); s++ {
			fmt.Fprintf(&b, "## %s\n\n%s\n\n", strings.TrimSuffix(sentence(4), "."), para())
			if s == 1 {
				for k := 0; k < 3; k++ {
					j := r.Intn(n)
					fmt.Fprintf(&b, "- %s See [%s/page-%06d](/%s/page-%06d/).\n", sentence(6), kinds[j%3], j, kinds[j%3], j)
				}
				b.WriteString("\n")
			}
			if s == 2 {
				b.WriteString("| Step | Timeline | Contact |\n|---|---|---|\n")
				for k := 0; k < 4; k++ {
					fmt.Fprintf(&b, "| %s | %d days | ext. %d |\n", strings.TrimSuffix(sentence(3), "."), 1+r.Intn(10), 100+r.Intn(900))
				}
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "Some **important** and _emphasised_ text with `code` %s\n\n", sentence(12))
		}
		fmt.Fprintf(&b, "Call intake on (312) 555-0100 or fax 312-555-0101; reviewed 2026-01-10, 3–5 days, 100-1500 mg.\n")
		if i%5 == 0 {
			b.WriteString("\nOur outcomes are the best in the nation.\n")
		}
		fsys[fmt.Sprintf("content/%s/page-%06d.md", kinds[i%3], i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// BenchmarkRules measures the rules against parsing the same pages, the
// work every build does anyway. Per page, check.Page should cost a small
// fraction of parsing (and parsing is itself a fraction of a build, which
// also renders, minifies and writes). KITGEN_BENCH_CORPUS=DIR benchmarks a
// site on disk instead, such as gencorpus.py's.
func BenchmarkRules(b *testing.B) {
	fsys := corpusSite(1000)
	if dir := os.Getenv("KITGEN_BENCH_CORPUS"); dir != "" {
		fsys = os.DirFS(dir)
	}
	ld := &diag.List{}
	cfg := config.Load(fsys, ld)
	site := content.Load(fsys, cfg, content.Options{}, ld)
	pages := site.Pages
	perPage := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
	}

	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for _, p := range pages {
				p.Doc = nil
				content.Parse(p)
			}
		}
		perPage(b)
	})
	for _, p := range pages {
		p.Doc = nil
		content.Parse(p)
	}
	in := &check.Input{Site: site, Today: today}
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			diags := &diag.List{}
			for _, p := range pages {
				check.Page(in, p, diags)
			}
		}
		perPage(b)
	})
	b.Run("site", func(b *testing.B) {
		for b.Loop() {
			check.Site(in, &diag.List{})
		}
		perPage(b)
	})
}
