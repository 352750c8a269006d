package serve

import (
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditToReload measures, on a large site, the time from saving
// one page to the reload event that names it: what a content editor waits
// for. The site is KITGEN_BENCH_CORPUS, made by
//
//	python3 ../shared/bench/gencorpus.py /tmp/corpus10k 10000
//
// and copied before the run, so the corpus itself is never edited.
func BenchmarkEditToReload(b *testing.B) {
	corpus := os.Getenv("KITGEN_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("set KITGEN_BENCH_CORPUS to a site made by gencorpus.py")
	}
	if _, err := os.Stat(filepath.Join(corpus, "content")); err != nil {
		b.Skipf("KITGEN_BENCH_CORPUS=%s has no content folder", corpus)
	}
	site := filepath.Join(b.TempDir(), "site")
	copyTree(b, corpus, site, "content")
	const file = "content/services/page-000000.md"
	benchEdits(b, site, file, "/services/page-000000/", func(i int, orig string) string {
		return orig + "\nEdit number " + strconv.Itoa(i) + " of this page.\n"
	})
}

// BenchmarkQuotedGuideToPDF measures, on the example site, the time from
// saving a guide that a kit quotes to the reload event for the rebuilt kit
// PDF.
func BenchmarkQuotedGuideToPDF(b *testing.B) {
	site := filepath.Join(b.TempDir(), "site")
	copyTree(b, repoRoot, site, "content", "kits", "kitgen.yaml")
	benchEdits(b, site, "content/guides/cardiology-referral.md", "/kits/cardiology/cardiology-latest.pdf", func(i int, orig string) string {
		return strings.Replace(orig, "## Red flags\n", "## Red flags\n\nRevision "+strconv.Itoa(i)+" of the red flags.\n", 1)
	})
}

// benchEdits saves file b.N times, each time with different text, and
// reports the median and slowest time until a reload event names url, and
// the median CPU time (user and system, of the whole process) from one
// save to the next: on a shared machine, wall times vary with the load,
// and CPU time much less.
func benchEdits(b *testing.B, site, file, url string, text func(i int, orig string) string) {
	start := time.Now()
	s, err := Start(Options{Source: site, Port: 0, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Logf("first build: %s", time.Since(start).Round(time.Millisecond))
	ts := &testServer{Server: s, site: site}
	es := connect(b, ts)
	orig := read(b, site, file)
	var times, cpu []time.Duration
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		save(b, site, file, text(i, orig))
		es.waitReload(b, url, time.Minute)
		times = append(times, time.Since(t0))
		c1 := cpuTime()
		cpu, c0 = append(cpu, c1-c0), c1
	}
	b.StopTimer()
	median := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	b.ReportMetric(float64(median(times).Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-max")
	b.ReportMetric(float64(median(cpu).Microseconds())/1000, "cpu-ms-median")
}
