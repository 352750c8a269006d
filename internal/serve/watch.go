package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/source"
)

// watcher reports changed site files in batches, one batch for one save.
// Editors and tools save in bursts of events: a temporary file written
// and renamed over the original, the original renamed to a backup and
// written anew, a file truncated and then written, a checkout rewriting
// many files. Events are collected until none has come for the quiet
// period; then the batch is delivered, unless the save is visibly not
// finished (see unfinished), in which case it waits for the next event or
// quiet period, for at most settleLimit.
//
// TestEditorSavesRebuildOnce performs those saves and records the gaps
// between their events. On a loaded two-core machine the largest gap
// inside one save reached 50 to 450ms (a temporary file synced before its
// rename, vim syncing before it restores the file's mode, a checkout
// descheduled between two files): longer than any quiet period a live
// preview can afford, so the rules of add and unfinished, not the quiet
// period, keep a save in one batch and hold it until it is complete. What
// the quiet period gathers are the events that come together (a rename's
// two, a truncation and its write), 0.1 to 0.3ms apart at the median;
// 10ms leaves room for a busy machine.
type watcher struct {
	root     string
	fs       *fsnotify.Watcher
	debounce time.Duration
	deliver  func(paths []string) // site-relative, slash-separated; "*" for "anything"
	logf     func(format string, args ...any)
	dirs     map[string]bool // folders watched (absolute paths), even once removed
	// gitLock is the index lock of the site's git repository, whose folder
	// is watched too; gitBusy is set from the lock's creation to its
	// removal. Git holds the lock while a checkout, merge or pull rewrites
	// files, and events come in order, so once the removal has come, so
	// have the events of every file git wrote.
	gitLock string
	gitBusy bool
	// barriers is a private folder, watched too, where the watcher
	// creates a file before it delivers a batch (see run).
	barriers string
	n        int // barrier files made
}

// settleLimit is how long a batch waits for a save that looks unfinished:
// after it, a lock left by a git that crashed, or a file deliberately
// emptied or deleted, is built as it is.
const settleLimit = time.Second

func newWatcher(root string, debounce time.Duration, deliver func([]string), logf func(string, ...any)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fs: fw, debounce: debounce, deliver: deliver, logf: logf, dirs: map[string]bool{}}
	if lock := gitIndexLock(root); lock != "" && fw.Add(filepath.Dir(lock)) == nil {
		w.gitLock = lock
	}
	// The root itself, for kitgen.yaml and for the folders being created
	// or removed; not its subfolders, which hold output and version control.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, name := range source.Roots {
		w.addTree(filepath.Join(root, name))
	}
	if dir, err := os.MkdirTemp("", "kitgen-watch-"); err == nil {
		if fw.Add(dir) == nil {
			w.barriers = dir
		} else {
			os.Remove(dir)
		}
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
			w.dirs[p] = true
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
//
// Before it delivers a batch, it creates a file in its private folder and
// waits for that file's event: the kernel queues the events of every
// watched folder in one line, in order, so by then every event of a file
// written before has come too. On a busy machine the event of a write can
// come tens of milliseconds after the write, when the file on disk already
// looks finished; without the barrier that event would start a second
// rebuild.
func (w *watcher) run(done <-chan struct{}) {
	defer func() {
		w.fs.Close()
		if w.barriers != "" {
			os.RemoveAll(w.barriers)
		}
	}()
	pending := map[string]bool{}
	var held time.Time // when the batch first waited for an unfinished save
	barrier := ""      // the barrier file awaited
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func() {
		held, w.gitBusy, barrier = time.Time{}, false, ""
		paths := make([]string, 0, len(pending))
		for p := range pending {
			paths = append(paths, p)
		}
		pending = map[string]bool{}
		w.deliver(paths)
	}
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if barrier != "" && ev.Name == barrier {
				timer.Stop()
				os.Remove(barrier)
				flush()
				continue
			}
			if w.add(ev, pending) {
				// The save goes on: wait for quiet again.
				barrier = ""
				timer.Reset(w.debounce)
			}
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
			if barrier != "" {
				// The barrier's event did not come (events were lost).
				flush()
				continue
			}
			if w.drain(pending) {
				// Events had come, but the timer won the select: on a
				// busy machine this goroutine can wake after both.
				timer.Reset(w.debounce)
				continue
			}
			if len(pending) == 0 {
				continue
			}
			if w.unfinished(pending) {
				if held.IsZero() {
					held = time.Now()
				}
				if time.Since(held) < settleLimit {
					timer.Reset(w.debounce)
					continue
				}
			}
			if barrier = w.barrier(); barrier != "" {
				timer.Reset(settleLimit)
				continue
			}
			flush()
		case <-done:
			timer.Stop()
			return
		}
	}
}

// add notes the path of an event in pending, and the files of a folder
// that arrived with it, and reports whether the event counts.
func (w *watcher) add(ev fsnotify.Event, pending map[string]bool) bool {
	if w.barriers != "" && filepath.Dir(ev.Name) == w.barriers {
		if ev.Has(fsnotify.Create) {
			os.Remove(ev.Name) // a barrier no longer awaited
		}
		return false
	}
	if ev.Name == w.gitLock && w.gitLock != "" {
		w.gitBusy = ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write)
		return false
	}
	if ev.Op == fsnotify.Chmod {
		// Only the mode or times changed, not what a build reads: vim
		// restores a file's mode after syncing it, indexers and backup
		// tools touch files.
		return false
	}
	r := w.rel(ev.Name)
	if r == "" || w.skipped(r, ev.Name) {
		return false
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
	return true
}

// barrier creates a barrier file and returns its name, or "" when it
// cannot.
func (w *watcher) barrier() string {
	if w.barriers == "" {
		return ""
	}
	w.n++
	name := filepath.Join(w.barriers, strconv.Itoa(w.n))
	f, err := os.Create(name)
	if err != nil {
		return ""
	}
	f.Close()
	return name
}

// drain adds the events that are waiting, without waiting for more, and
// reports whether any counts.
func (w *watcher) drain(pending map[string]bool) bool {
	runtime.Gosched() // let the reader of the kernel's queue hand them over
	counted := false
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return counted
			}
			counted = w.add(ev, pending) || counted
		default:
			return counted
		}
	}
}

// skipped reports whether an event is for a file under content/ that the
// build does not read: a regular file that is not a page, such as the
// temporary file sed -i, Kate or a JetBrains editor writes before
// renaming it over the page. Its rename into place is the event that
// counts. Folders, and names that are no longer there, are never skipped.
func (w *watcher) skipped(rel, name string) bool {
	if !strings.HasPrefix(rel, content.Dir+"/") || content.IsPageName(rel) || w.dirs[name] {
		return false
	}
	info, err := os.Lstat(name)
	return err == nil && info.Mode().IsRegular()
}

// unfinished reports whether the save that changed the pending paths
// looks unfinished: git holds its index lock (a checkout, merge or pull
// rewriting files), a changed file is empty (truncated or created, and
// not yet written), or every changed path is gone (the original renamed
// to a backup, before the new file is written).
func (w *watcher) unfinished(pending map[string]bool) bool {
	if w.gitBusy {
		return true
	}
	// Looked up each time too: a few stats, and a repository made while
	// kitgen serve runs counts as well.
	if lock := gitIndexLock(w.root); lock != "" {
		if _, err := os.Lstat(lock); err == nil {
			return true
		}
	}
	gone := 0
	for p := range pending {
		if p == "*" {
			return false
		}
		info, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(p)))
		switch {
		case err != nil:
			gone++
		case info.Mode().IsRegular() && info.Size() == 0:
			return true
		}
	}
	return gone == len(pending)
}

// gitIndexLock returns the index lock of the git repository holding root
// (root or a folder above it), or "" when there is none. In a linked
// worktree, .git is a file naming the folder that holds the index.
func gitIndexLock(root string) string {
	for dir := root; ; {
		dot := filepath.Join(dir, ".git")
		if info, err := os.Stat(dot); err == nil {
			if info.IsDir() {
				return filepath.Join(dot, "index.lock")
			}
			data, err := os.ReadFile(dot)
			if err != nil {
				return ""
			}
			git, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: ")
			if !ok {
				return ""
			}
			if !filepath.IsAbs(git) {
				git = filepath.Join(dir, git)
			}
			return filepath.Join(git, "index.lock")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
