package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress draws one line of build progress (pages and kits done) on a
// terminal, redrawn in place at most every interval, and erased by done
// before the findings and summary line are printed.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	now      func() time.Time
	interval time.Duration
	last     time.Time
	drawn    bool
	counts   map[string][2]int // "pages", "kits" → done, total
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, now: time.Now, interval: 100 * time.Millisecond, counts: map[string][2]int{}}
}

// update records that done of total of what are finished; it is
// pipeline.Options.Progress.
func (p *progress) update(what string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.counts[what]; done < c[0] {
		return // workers report out of order; keep the highest
	}
	p.counts[what] = [2]int{done, total}
	if t := p.now(); done == total || t.Sub(p.last) >= p.interval {
		p.last = t
		p.draw()
	}
}

func (p *progress) draw() {
	line := "building:"
	for _, what := range []string{"pages", "kits"} {
		if c, ok := p.counts[what]; ok {
			line += fmt.Sprintf(" %d/%d %s", c[0], c[1], what)
		}
	}
	// \r returns to the line's start and \x1b[K clears what a longer
	// line left there.
	fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	p.drawn = true
}

// done erases the progress line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// withProgress returns the progress callback for a build, and a function
// that erases it: nothing unless stderr is a terminal and --quiet is off.
func (e *env) withProgress() (func(string, int, int), func()) {
	if !e.tty || e.quiet {
		return nil, func() {}
	}
	p := newProgress(e.stderr)
	return p.update, p.done
}
