package serve

import (
	"io/fs"
	"path/filepath"
	"sort"
	"time"

	"github.com/kitgen/kitgen/internal/source"
)

// poller finds changed site files by scanning them at an interval, for
// kitgen serve --poll: where file events cost a descriptor per file
// (macOS's kqueue, which fsnotify uses there) or do not arrive at all
// (network drives, some container mounts).
type poller struct {
	root     string
	interval time.Duration
	deliver  func(paths []string)
	last     map[string]stamp
}

// stamp is what a scan compares: a file changed if either differs.
type stamp struct {
	size int64
	mod  time.Time
}

func newPoller(root string, interval time.Duration, deliver func([]string)) *poller {
	p := &poller{root: root, interval: interval, deliver: deliver}
	p.last = p.scan()
	return p
}

// scan stamps every input file: kitgen.yaml and the files under the
// source roots that a build reads. WalkDir does not follow symbolic
// links, as the loaders do not.
func (p *poller) scan() map[string]stamp {
	out := map[string]stamp{}
	add := func(path string, info fs.FileInfo) {
		r, err := filepath.Rel(p.root, path)
		if err != nil {
			return
		}
		r = filepath.ToSlash(r)
		if source.Input(r) {
			out[r] = stamp{info.Size(), info.ModTime()}
		}
	}
	// kitgen.yaml is one of the roots; WalkDir visits a file root too.
	for _, name := range source.Roots {
		_ = filepath.WalkDir(filepath.Join(p.root, name), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				add(path, info)
			}
			return nil
		})
	}
	return out
}

// changes returns the paths added, removed or changed between two scans,
// sorted.
func changes(before, after map[string]stamp) []string {
	var out []string
	for k, a := range after {
		if b, ok := before[k]; !ok || b != a {
			out = append(out, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// run scans at the interval until done is closed, delivering what changed.
func (p *poller) run(done <-chan struct{}) {
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			now := p.scan()
			if c := changes(p.last, now); len(c) > 0 {
				p.deliver(c)
			}
			p.last = now
		}
	}
}
