package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kitgen/kitgen/internal/source"
)

// watcher reports changed site files in batches. Editors save in bursts
// (write a temporary file, rename it over the original, chmod it), so
// events are collected until none has come for the debounce interval and
// then delivered together.
type watcher struct {
	root     string
	fs       *fsnotify.Watcher
	debounce time.Duration
	deliver  func(paths []string) // site-relative, slash-separated; "*" for "anything"
	logf     func(format string, args ...any)
}

func newWatcher(root string, debounce time.Duration, deliver func([]string), logf func(string, ...any)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fs: fw, debounce: debounce, deliver: deliver, logf: logf}
	// The root itself, for kitgen.yaml and for the folders being created
	// or removed; not its subfolders, which hold output and version control.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, name := range source.Roots {
		w.addTree(filepath.Join(root, name))
	}
	return w, nil
}

// addTree watches dir and every folder under it that holds input (see
// source.Input). It returns the files it found, which a folder moved or
// copied in brings without an event of their own.
func (w *watcher) addTree(dir string) (files []string) {
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if w.rel(p) == "" {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if err := w.fs.Add(p); err != nil {
				w.logf("cannot watch %s: %v; restart kitgen serve after fixing it", p, err)
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files
}

// rel returns the site-relative path of an event, or "" when no build
// reads it.
func (w *watcher) rel(name string) string {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return ""
	}
	r = filepath.ToSlash(r)
	if !source.Input(r) {
		return ""
	}
	return r
}

// run collects events until done is closed.
func (w *watcher) run(done <-chan struct{}) {
	defer w.fs.Close()
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			r := w.rel(ev.Name)
			if r == "" {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					for _, f := range w.addTree(ev.Name) {
						if fr := w.rel(f); fr != "" {
							pending[fr] = true
						}
					}
				}
			}
			pending[r] = true
			timer.Reset(w.debounce)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: only a full rebuild is sure to be right.
				pending["*"] = true
				timer.Reset(w.debounce)
				continue
			}
			w.logf("watching files: %v", err)
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			pending = map[string]bool{}
			w.deliver(paths)
		case <-done:
			timer.Stop()
			return
		}
	}
}
