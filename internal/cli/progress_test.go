package cli

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	clock := time.Unix(0, 0)
	p.now = func() time.Time { return clock }

	p.update("pages", 1, 3) // drawn: the first update
	p.update("pages", 2, 3) // not drawn: within the interval
	clock = clock.Add(time.Second)
	p.update("kits", 1, 2)
	p.update("pages", 1, 3) // out of order: ignored
	p.update("pages", 3, 3) // drawn: finished
	p.done()
	got := buf.String()
	want := "\rbuilding: 1/3 pages\x1b[K" +
		"\rbuilding: 2/3 pages 1/2 kits\x1b[K" +
		"\rbuilding: 3/3 pages 1/2 kits\x1b[K" +
		"\r\x1b[K"
	if got != want {
		t.Errorf("progress wrote %q\nwant %q", got, want)
	}

	// Nothing is drawn, so nothing is erased.
	buf.Reset()
	newProgress(&buf).done()
	if buf.Len() != 0 {
		t.Errorf("done without updates wrote %q", buf.String())
	}
}

// finished matches a progress line that reached the last page.
var finished = regexp.MustCompile(`\rbuilding: ([1-9]\d*)/([1-9]\d*) pages\x1b\[K`)

// TestProgressOnlyOnATerminal builds a site with stderr a terminal, a
// pipe and a terminal with --quiet: only the first shows progress.
func TestProgressOnlyOnATerminal(t *testing.T) {
	dir := t.TempDir()
	writeTestSite(t, dir)
	for _, c := range []struct {
		tty, quiet bool
		want       bool
	}{{true, false, true}, {false, false, false}, {true, true, false}} {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, tty: c.tty, quiet: c.quiet}
		o := buildOptions(dir)
		if err := e.build(o); err != nil {
			t.Fatalf("build: %v\n%s", err, errb.String())
		}
		got := finished.MatchString(errb.String())
		if got != c.want {
			t.Errorf("tty %v quiet %v: progress shown %v, want %v; stderr %q", c.tty, c.quiet, got, c.want, errb.String())
		}
		if c.want && !strings.HasSuffix(errb.String(), "\r\x1b[K") {
			t.Errorf("the progress line is not erased before the summary: %q", errb.String())
		}
		if !c.quiet && !strings.HasPrefix(out.String(), "built ") {
			t.Errorf("summary line %q", out.String())
		}
	}
}
