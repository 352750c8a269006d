package serve

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// An editorSave saves files the way one editor or tool does, with the
// same system calls in the same order; the real program when it is
// installed (vim, sed, git).
type editorSave struct {
	name string
	tool string // program the save runs, if any
	// save changes the "Revision:" line of each file to rev.
	save func(t *testing.T, root string, files []string, rev int)
	// files is how many pages one save changes.
	files int
}

// revised returns a page's text at revision rev.
func revised(i, rev int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Page %d\n---\n\n", i)
	for l := range 120 {
		fmt.Fprintf(&b, "Line %d of a page of about the size of a long guide.\n", l)
	}
	fmt.Fprintf(&b, "Revision: %d.\n", rev)
	return b.String()
}

var editorSaves = []editorSave{
	{name: "vim, writing in place (backupcopy=yes)", tool: "vim", files: 1, save: vimSave("yes")},
	{name: "vim, backup by rename (backupcopy=no)", tool: "vim", files: 1, save: vimSave("no")},
	{name: "sed -i (temporary file renamed over)", tool: "sed", files: 1, save: func(t *testing.T, root string, files []string, rev int) {
		run(t, root, "sed", "-i", fmt.Sprintf("s/^Revision: .*/Revision: %d./", rev), files[0])
	}},
	{name: "VS Code, truncate and write", files: 1, save: func(t *testing.T, root string, files []string, rev int) {
		// Truncated on open, then written in one call, as VS Code writes
		// a file of a page's size.
		f, err := os.OpenFile(filepath.Join(root, files[0]), os.O_WRONLY|os.O_TRUNC, 0)
		must(t, err)
		_, err = f.WriteString(revised(0, rev))
		must(t, err)
		must(t, f.Close())
	}},
	{name: "JetBrains safe write", files: 1, save: func(t *testing.T, root string, files []string, rev int) {
		// page.md___jb_tmp___ written and synced; page.md moved to
		// page.md___jb_old___; the new file moved into place; the old
		// one deleted.
		p := filepath.Join(root, files[0])
		writeSynced(t, p+"___jb_tmp___", revised(0, rev))
		must(t, os.Rename(p, p+"___jb_old___"))
		must(t, os.Rename(p+"___jb_tmp___", p))
		must(t, os.Remove(p+"___jb_old___"))
	}},
	{name: "atomic save (temporary file, sync, rename)", files: 1, save: func(t *testing.T, root string, files []string, rev int) {
		// As Qt's QSaveFile (Kate), Sublime Text's atomic_save and Go's
		// renameio do: the temporary name is the file's with a random
		// suffix, which the build does not read.
		p := filepath.Join(root, files[0])
		writeSynced(t, p+".Kx81Qa", revised(0, rev))
		must(t, os.Rename(p+".Kx81Qa", p))
	}},
	{name: "git checkout of 40 pages", tool: "git", files: 40, save: func(t *testing.T, root string, files []string, rev int) {
		run(t, root, "git", "checkout", "-q", fmt.Sprintf("rev-%d", rev%2))
	}},
}

func vimSave(backupcopy string) func(t *testing.T, root string, files []string, rev int) {
	return func(t *testing.T, root string, files []string, rev int) {
		run(t, root, "vim", "-N", "-u", "NONE", "-i", "NONE", "-n", "-es",
			"-c", "set writebackup backupcopy="+backupcopy,
			"-c", fmt.Sprintf("%%s/^Revision: .*/Revision: %d./", rev), "-c", "wq", files[0])
	}
}

func writeSynced(t *testing.T, name, text string) {
	f, err := os.Create(name)
	must(t, err)
	_, err = f.WriteString(text)
	must(t, err)
	must(t, f.Sync())
	must(t, f.Close())
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// batch is what the watcher delivered once: one rebuild.
type batch struct {
	at    time.Time
	paths []string
	// complete is set when every file the save changes held its final
	// text when the batch was delivered.
	complete bool
}

// TestEditorSavesRebuildOnce saves pages as common editors and tools do
// and checks that the watcher asks for exactly one rebuild per save, and
// only once the save is complete: never while a file is truncated, half
// written, renamed away or still under a temporary name. It records the
// gaps between the file events of each save (go test -v shows them),
// which is the evidence the quiet period is chosen from.
func TestEditorSavesRebuildOnce(t *testing.T) {
	const saves = 8
	var report []string
	for _, ed := range editorSaves {
		t.Run(ed.name, func(t *testing.T) {
			if ed.tool != "" {
				if _, err := exec.LookPath(ed.tool); err != nil {
					if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
						t.Fatalf("%s is missing; KITGEN_REQUIRE_TOOLS=1 requires it", ed.tool)
					}
					t.Skipf("%s is not installed", ed.tool)
				}
			}
			root := t.TempDir()
			var files []string
			for i := range ed.files {
				f := fmt.Sprintf("content/guides/page-%02d.md", i)
				files = append(files, f)
				must(t, os.MkdirAll(filepath.Join(root, "content", "guides"), 0o755))
				must(t, os.WriteFile(filepath.Join(root, f), []byte(revised(i, 0)), 0o644))
			}
			if ed.tool == "git" {
				run(t, root, "git", "init", "-q", "-b", "rev-0")
				run(t, root, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "content")
				run(t, root, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "rev 0")
				run(t, root, "git", "checkout", "-q", "-b", "rev-1")
				for i, f := range files {
					must(t, os.WriteFile(filepath.Join(root, f), []byte(revised(i, 1)), 0o644))
				}
				run(t, root, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-a", "-m", "rev 1")
				run(t, root, "git", "checkout", "-q", "rev-0")
			}

			var mu sync.Mutex
			var batches []batch
			want := func(rev int) bool { // every file holds revision rev
				for i, f := range files {
					data, err := os.ReadFile(filepath.Join(root, f))
					if err != nil || string(data) != revised(i, rev) {
						return false
					}
				}
				return true
			}
			rev := 0
			w, err := newWatcher(root, quietPeriod, func(paths []string) {
				mu.Lock()
				defer mu.Unlock()
				sort.Strings(paths)
				batches = append(batches, batch{at: time.Now(), paths: paths, complete: want(rev)})
			}, t.Logf)
			must(t, err)
			done := make(chan struct{})
			stopped := make(chan struct{})
			go func() { w.run(done); close(stopped) }()
			defer func() { close(done); <-stopped }()
			rec := newRecorder(t, filepath.Join(root, "content", "guides"))
			defer rec.close()

			var largest []time.Duration // each save's largest gap
			for s := 1; s <= saves; s++ {
				mu.Lock()
				rev = s
				if ed.tool == "git" {
					rev = s % 2 // the two branches, in turn
				}
				batches = nil
				mu.Unlock()
				rec.reset()
				start := time.Now()
				ed.save(t, root, files, s)
				if !want(rev) {
					t.Fatalf("save %d did not give revision %d", s, rev)
				}
				// The save is over; wait for its rebuild, then long
				// enough for a second one to show.
				deadline := time.Now().Add(5 * time.Second)
				for {
					mu.Lock()
					n := len(batches)
					mu.Unlock()
					if n > 0 || time.Now().After(deadline) {
						break
					}
					time.Sleep(2 * time.Millisecond)
				}
				time.Sleep(4 * quietPeriod)
				mu.Lock()
				got := slices.Clone(batches)
				mu.Unlock()
				evs := rec.events()
				g := gapsOf(evs)
				largest = append(largest, maxGap(g))
				if len(got) != 1 {
					t.Errorf("save %d: %d rebuilds, want 1: %v\nevents: %s", s, len(got), got, evs)
					continue
				}
				if !got[0].complete {
					t.Errorf("save %d: rebuilt before the save was complete: %v\nevents: %s", s, got[0].paths, evs)
				}
				for _, f := range files {
					if !slices.Contains(got[0].paths, f) {
						t.Errorf("save %d: the rebuild is not told %s changed: %v", s, f, got[0].paths)
					}
				}
				t.Logf("save %d: %d events in %s, largest gap %s, rebuild %s after the save began",
					s, len(evs), span(evs), maxGap(g), got[0].at.Sub(start).Round(10*time.Microsecond))
			}
			mu.Lock()
			slices.Sort(largest)
			report = append(report, fmt.Sprintf("%-45s largest gap between the events of one save: median %s, most %s", ed.name, largest[len(largest)/2], largest[len(largest)-1]))
			mu.Unlock()
		})
	}
	t.Logf("quiet period %s\n%s", quietPeriod, strings.Join(report, "\n"))
}

// recorder keeps the raw file events of a folder with their times.
type recorder struct {
	w    *fsnotify.Watcher
	mu   sync.Mutex
	evs  []timedEvent
	done chan struct{}
}

type timedEvent struct {
	at time.Time
	ev fsnotify.Event
}

func (e timedEvent) String() string {
	return fmt.Sprintf("%s %s %s", e.at.Format("05.000000"), e.ev.Op, filepath.Base(e.ev.Name))
}

func newRecorder(t *testing.T, dir string) *recorder {
	w, err := fsnotify.NewWatcher()
	must(t, err)
	must(t, w.Add(dir))
	r := &recorder{w: w, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				r.mu.Lock()
				r.evs = append(r.evs, timedEvent{time.Now(), ev})
				r.mu.Unlock()
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			}
		}
	}()
	return r
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.evs = nil
	r.mu.Unlock()
}

func (r *recorder) events() []timedEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.evs)
}

func (r *recorder) close() { r.w.Close(); <-r.done }

func gapsOf(evs []timedEvent) []time.Duration {
	var gaps []time.Duration
	for i := 1; i < len(evs); i++ {
		gaps = append(gaps, evs[i].at.Sub(evs[i-1].at))
	}
	return gaps
}

func span(evs []timedEvent) time.Duration {
	if len(evs) < 2 {
		return 0
	}
	return evs[len(evs)-1].at.Sub(evs[0].at).Round(10 * time.Microsecond)
}

func maxGap(gaps []time.Duration) time.Duration {
	var m time.Duration
	for _, g := range gaps {
		m = max(m, g)
	}
	return m.Round(10 * time.Microsecond)
}

// TestWatcherDeletionWaitsForSettleLimit deletes a page: a batch of paths
// that are all gone looks like a save that renamed the original away, so
// it is held, but only for settleLimit, and then rebuilt once.
func TestWatcherDeletionWaitsForSettleLimit(t *testing.T) {
	root := t.TempDir()
	page := filepath.Join(root, "content", "guides", "page.md")
	must(t, os.MkdirAll(filepath.Dir(page), 0o755))
	must(t, os.WriteFile(page, []byte(revised(0, 0)), 0o644))
	got := make(chan []string, 4)
	w, err := newWatcher(root, quietPeriod, func(paths []string) { got <- paths }, t.Logf)
	must(t, err)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() { w.run(done); close(stopped) }()
	defer func() { close(done); <-stopped }()

	start := time.Now()
	must(t, os.Remove(page))
	select {
	case paths := <-got:
		if d := time.Since(start); d < settleLimit {
			t.Errorf("the deletion was built after %s, before settleLimit (%s): a save renaming the original away would be built half-way", d, settleLimit)
		}
		if !slices.Equal(paths, []string{"content/guides/page.md"}) {
			t.Errorf("delivered %v, want the deleted page", paths)
		}
	case <-time.After(settleLimit + 5*time.Second):
		t.Fatal("the deletion was never delivered")
	}
	select {
	case paths := <-got:
		t.Errorf("a second rebuild: %v", paths)
	case <-time.After(4 * quietPeriod):
	}
}

func TestGitIndexLock(t *testing.T) {
	outside := t.TempDir()
	if got := gitIndexLock(outside); got != "" {
		t.Errorf("no repository: %q, want \"\"", got)
	}

	repo := t.TempDir()
	must(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	site := filepath.Join(repo, "docs", "site")
	must(t, os.MkdirAll(site, 0o755))
	want := filepath.Join(repo, ".git", "index.lock")
	if got := gitIndexLock(repo); got != want {
		t.Errorf("repository root: %q, want %q", got, want)
	}
	if got := gitIndexLock(site); got != want {
		t.Errorf("site in a folder of the repository: %q, want %q", got, want)
	}

	// A linked worktree: .git is a file naming the worktree's git folder.
	wt := t.TempDir()
	must(t, os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: ../main/.git/worktrees/wt\n"), 0o644))
	if got, want := gitIndexLock(wt), filepath.Join(filepath.Dir(wt), "main", ".git", "worktrees", "wt", "index.lock"); got != want {
		t.Errorf("relative gitdir: %q, want %q", got, want)
	}
	must(t, os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: /srv/main/.git/worktrees/wt\n"), 0o644))
	if got, want := gitIndexLock(wt), filepath.FromSlash("/srv/main/.git/worktrees/wt/index.lock"); got != want {
		t.Errorf("absolute gitdir: %q, want %q", got, want)
	}
	for _, text := range []string{"", "not a gitdir line\n"} {
		must(t, os.WriteFile(filepath.Join(wt, ".git"), []byte(text), 0o644))
		if got := gitIndexLock(wt); got != "" {
			t.Errorf(".git file %q: %q, want \"\"", text, got)
		}
	}
}
