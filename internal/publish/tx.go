// Package publish replaces a site's output folder with a newly built one,
// as a transaction: Begin checks the destination and prepares a staging
// folder, the build writes into its Folder, and Commit swaps it in; a
// transaction closed without a commit leaves the destination exactly as
// it was.
//
// kitgen deletes only what it wrote. A destination holding files that no
// manifest of kitgen's records is refused; its dot-files (.git, .nojekyll)
// and CNAME are the user's and are carried into every new output. Beside
// the destination kitgen keeps hidden entries of its own, named
// .kitgen-<dest>-…: the output the last build replaced (reused as the next
// staging folder), manifests, and a lock while a build runs. Staging
// folders that a killed build left there are removed by the next build.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Options say how a transaction publishes.
type Options struct {
	// Source is the site root: the destination may not be it, hold it,
	// or lie in a folder it reads.
	Source string
	// Private says the destination is the caller's own folder (the dev
	// server's), checked when it was chosen: no manifest, lock or
	// previous output is kept, and the replaced output is removed.
	Private bool
}

// A Tx publishes one build into its destination.
type Tx struct {
	dest    string // as the user gave it, for messages
	abs     string // absolute destination
	opts    Options
	inPlace bool // the destination is a mount point: staged inside it, entries swapped
	lock    *os.File
	lockAt  string
	made    []string // parent folders of the destination this build created, deepest first
	staging string
	prev    string    // where the replaced output waits for the next build
	recycle bool      // staging is the previous output, reused
	current *Manifest // the destination's manifest, when it is kitgen's output
	out     *Folder
	clean   sync.WaitGroup // removal of left-over staging folders
	audited chan []string  // what the destination holds that kitgen did not write
	done    bool           // committed
}

// These are variables so tests can make the file system fail as a mount
// point or another system would.
var (
	rename     = os.Rename
	exchange   = exchangeDirs
	mountPoint = isMountPoint
)

// Begin checks dest (see Check), takes the destination's lock, removes
// staging folders that killed builds left, and prepares the staging
// folder: the previous output when there is one, otherwise a new folder.
// The caller must Close the transaction.
func Begin(dest string, opts Options) (*Tx, error) {
	t := &Tx{dest: dest, opts: opts}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	t.abs = abs
	if opts.Private {
		if fi, err := os.Lstat(abs); err == nil && !fi.IsDir() {
			return nil, fmt.Errorf("destination %s is not a folder", dest)
		}
	} else if t.current, err = check(opts.Source, dest); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	for d := parent; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		t.made = append(t.made, d)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating the folder of destination %s: %w", dest, unwrap(err))
	}
	if !opts.Private {
		if err := t.takeLock(filepath.Join(parent, ".kitgen-"+base+".lock")); err != nil {
			t.Close()
			return nil, err
		}
	}
	if fi, err := os.Lstat(abs); err == nil && fi.IsDir() && mountPoint(abs) {
		t.inPlace = true
	}
	if t.current != nil {
		// Check found only top-level entries; files added deeper are
		// looked for while the site builds.
		t.audited = make(chan []string, 1)
		go func() { t.audited <- audit(abs, t.current) }()
	}
	if err := t.stage(); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// takeLock locks the destination for this build, so that two builds into
// it never share a staging folder and a staging folder left beside it can
// only be a killed build's.
func (t *Tx) takeLock(name string) error {
	for range 10 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
		if err != nil {
			return fmt.Errorf("locking destination %s: %w", t.dest, unwrap(err))
		}
		switch err := lockFile(f); {
		case errors.Is(err, errBusy):
			f.Close()
			return fmt.Errorf("another kitgen build is writing destination %s; wait for it to finish, then build again", t.dest)
		case err != nil:
			f.Close()
			return nil // no locks here: build unlocked, as before
		}
		if sameFile(f, name) {
			t.lock, t.lockAt = f, name
			return nil
		}
		f.Close() // the build that held it removed it meanwhile; lock the new one
	}
	return fmt.Errorf("locking destination %s: the lock file keeps changing", t.dest)
}

// stage prepares the staging folder. With the lock held, any other staging
// folder of this destination is a killed build's, and is removed.
func (t *Tx) stage() error {
	parent, base := filepath.Dir(t.abs), filepath.Base(t.abs)
	if t.lock != nil {
		t.removeStale(parent, ".kitgen-"+base+"-staging-")
		if t.inPlace {
			t.removeStale(t.abs, ".kitgen-staging-")
		}
	}
	if t.inPlace {
		// A mount point cannot be renamed and nothing can be renamed into
		// it from outside, so the staging folder is inside it; being a
		// dot-folder of kitgen's, it is removed, never published.
		dir, err := os.MkdirTemp(t.abs, ".kitgen-staging-")
		if err != nil {
			return fmt.Errorf("creating a staging folder in destination %s: %w", t.dest, unwrap(err))
		}
		t.staging = dir
		t.out = &Folder{root: dir, name: t.dest}
		return t.setUp()
	}
	if !t.opts.Private {
		t.prev = filepath.Join(parent, ".kitgen-"+base+"-previous")
		if fi, err := os.Lstat(t.prev); err == nil && fi.IsDir() {
			// The manifest describes the recycled folder only until this
			// build changes it, so it is read once and removed.
			known := readManifest(manifestFile(t.prev))
			os.Remove(manifestFile(t.prev))
			if known != nil && known.Folder != (ID{}) && known.Folder != folderID(fi) {
				known = nil
			}
			dir := filepath.Join(parent, ".kitgen-"+base+"-staging-"+strconv.Itoa(os.Getpid()))
			if err := rename(t.prev, dir); err == nil {
				t.staging, t.recycle = dir, true
				t.out = &Folder{root: dir, name: t.dest}
				if known != nil {
					t.out.known = known.Files
				}
				t.out.scan()
				return t.setUp()
			}
		} else if err == nil {
			os.Remove(t.prev) // not a folder: not kitgen's to reuse
		}
	}
	dir, err := os.MkdirTemp(parent, ".kitgen-"+base+"-staging-")
	if err == nil {
		// MkdirTemp makes the folder private; the published site must be
		// readable by the web server.
		err = os.Chmod(dir, 0o755)
	}
	if err != nil {
		return fmt.Errorf("creating a staging folder next to destination %s: %w", t.dest, unwrap(err))
	}
	t.staging = dir
	t.out = &Folder{root: dir, name: t.dest}
	return t.setUp()
}

func (t *Tx) setUp() error {
	if !t.opts.Private {
		t.out.next = map[string]Stamp{}
	}
	return nil
}

// removeStale removes, in the background, the entries of dir named prefix
// followed by digits (a staging folder's name), or by digits and ".old".
func (t *Tx) removeStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		rest = strings.TrimSuffix(rest, ".old")
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
			continue
		}
		p := filepath.Join(dir, e.Name())
		t.clean.Add(1)
		go func() {
			defer t.clean.Done()
			os.RemoveAll(p)
		}()
	}
}

// Folder returns the staging folder's writer.
func (t *Tx) Folder() *Folder { return t.out }

// Commit swaps the staging folder in as the destination, carrying the
// destination's kept entries (see kept) into it, and records the new
// output's manifest. On error the destination is as it was.
func (t *Tx) Commit() error {
	if t.done {
		return errors.New("publish: transaction already committed")
	}
	t.out.waitScan() // the scan must not touch the folder once it moves
	if err := t.out.Err(); err != nil {
		return err
	}
	if t.audited != nil {
		foreign := <-t.audited
		t.audited = nil
		if len(foreign) > 0 {
			return foreignError(t.dest, foreign, true)
		}
	}
	var err error
	if t.inPlace {
		err = t.swapEntries()
	} else {
		err = t.swapFolder()
	}
	if err != nil {
		return err
	}
	t.done = true
	if t.opts.Private {
		return nil
	}
	// What the destination held is now the previous output: its manifest
	// moves with it, and the destination gets the new one.
	if !t.inPlace {
		if err := os.Rename(manifestFile(t.abs), manifestFile(t.prev)); err != nil {
			os.Remove(manifestFile(t.prev))
		}
	}
	m := &Manifest{Files: t.out.next}
	if fi, err := os.Lstat(t.abs); err == nil {
		m.Folder = folderID(fi)
	}
	m.stampDirs(t.abs)
	if err := m.write(manifestFile(t.abs)); err != nil {
		os.Remove(manifestFile(t.abs))
	}
	return nil
}

// swapFolder replaces the destination with the staging folder. On Linux
// and macOS (APFS) both folders are exchanged in one atomic rename, so
// readers (a dev server, a deploy step) never see a half-written or
// missing folder; elsewhere it falls back to two renames. The staging folder is left
// holding the old output.
func (t *Tx) swapFolder() error {
	dest, staging := t.abs, t.staging
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		if err := rename(staging, dest); err != nil {
			return t.replaceError(err)
		}
		return nil
	}
	carried, err := t.carry()
	if err != nil {
		return err
	}
	undo := func() {
		for _, name := range carried {
			rename(filepath.Join(staging, name), filepath.Join(dest, name))
		}
	}
	err = exchange(staging, dest)
	if err == nil {
		return nil
	}
	if !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOSYS) {
		undo()
		return t.replaceError(err)
	}
	old := staging + ".old"
	if err := rename(dest, old); err != nil {
		undo()
		return t.replaceError(err)
	}
	if err := rename(staging, dest); err != nil {
		_ = rename(old, dest)
		undo()
		return t.replaceError(err)
	}
	return rename(old, staging)
}

// carry moves the destination's kept entries into the staging folder, so
// the swap keeps them in place, and returns their names.
func (t *Tx) carry() ([]string, error) {
	entries, err := os.ReadDir(t.abs)
	if err != nil {
		return nil, fmt.Errorf("reading destination %s: %w", t.dest, unwrap(err))
	}
	var carried []string
	fail := func(err error) ([]string, error) {
		for _, name := range carried {
			rename(filepath.Join(t.staging, name), filepath.Join(t.abs, name))
		}
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if !kept(name) || t.current != nil && t.current.top(name) {
			continue
		}
		to := filepath.Join(t.staging, name)
		if _, err := os.Lstat(to); err == nil {
			return fail(fmt.Errorf("destination %s has its own %s, and the site publishes one too; remove one of them", t.dest, name))
		}
		if err := rename(filepath.Join(t.abs, name), to); err != nil {
			return fail(fmt.Errorf("keeping %s in destination %s: %w", name, t.dest, unwrap(err)))
		}
		carried = append(carried, name)
	}
	return carried, nil
}

// swapEntries publishes into a destination that is a mount point, which
// cannot be renamed: each top-level entry of the staging folder replaces
// the destination's entry of that name with one atomic exchange, and
// entries of the old output the new one lacks are moved out last. Each
// entry changes at once, but a reader may see some entries old and some
// new for the moment the swap takes. Kept entries are never moved.
func (t *Tx) swapEntries() error {
	entries, err := os.ReadDir(t.staging)
	if err != nil {
		return fmt.Errorf("reading the staging folder of destination %s: %w", t.dest, unwrap(err))
	}
	type move struct {
		from, to string
		swapped  bool
	}
	var done []move
	undo := func() {
		for i := len(done) - 1; i >= 0; i-- {
			m := done[i]
			if m.swapped {
				exchange(m.from, m.to)
			} else {
				rename(m.to, m.from)
			}
		}
	}
	fresh := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		fresh[name] = true
		from, to := filepath.Join(t.staging, name), filepath.Join(t.abs, name)
		if _, err := os.Lstat(to); err == nil {
			if err := exchange(from, to); err == nil {
				done = append(done, move{from, to, true})
				continue
			}
			// Without an exchange, the old entry moves aside first.
			aside := filepath.Join(t.staging, ".old-"+name)
			if err := rename(to, aside); err != nil {
				undo()
				return t.replaceError(err)
			}
			done = append(done, move{to, aside, false})
		}
		if err := rename(from, to); err != nil {
			undo()
			return t.replaceError(err)
		}
		done = append(done, move{from, to, false})
	}
	if t.current != nil {
		olds, err := os.ReadDir(t.abs)
		if err != nil {
			undo()
			return fmt.Errorf("reading destination %s: %w", t.dest, unwrap(err))
		}
		for _, e := range olds {
			name := e.Name()
			if fresh[name] || kept(name) || !t.current.top(name) {
				continue
			}
			from, to := filepath.Join(t.abs, name), filepath.Join(t.staging, ".gone-"+name)
			if err := rename(from, to); err != nil {
				undo()
				return t.replaceError(err)
			}
			done = append(done, move{from, to, false})
		}
	}
	return nil
}

func (t *Tx) replaceError(err error) error {
	err = unwrap(err)
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	if errors.Is(err, syscall.EBUSY) {
		return fmt.Errorf("cannot replace destination %s: %v; it is in use, or a mount point kitgen did not recognise: build into a folder inside it instead", t.dest, err)
	}
	return fmt.Errorf("cannot replace destination %s: %v", t.dest, err)
}

// Close ends the transaction. After a commit, the old output is kept
// beside the destination for the next build to reuse (or removed, for a
// private destination or a mount point); without one, the staging folder
// is set aside or removed and the destination is untouched. Either way
// nothing else of the build is left behind.
func (t *Tx) Close() {
	if t.out != nil {
		t.out.waitScan()
	}
	if t.staging != "" {
		switch {
		case t.inPlace || t.opts.Private:
			os.RemoveAll(t.staging)
		case t.done || t.recycle:
			keepForNext(t.staging, t.prev)
		default: // a failed build's new folder holds nothing worth keeping
			os.RemoveAll(t.staging)
		}
		t.staging = ""
	}
	t.clean.Wait()
	if t.audited != nil {
		<-t.audited
		t.audited = nil
	}
	if t.lock != nil {
		os.Remove(t.lockAt) // before unlocking, so the next build locks a new file
		t.lock.Close()
		t.lock = nil
	}
	if !t.done {
		for _, d := range t.made {
			os.Remove(d)
		}
	}
}

// keepForNext sets a staging folder aside as the previous output, or
// deletes it if it cannot be moved there.
func keepForNext(staging, prev string) {
	if _, err := os.Lstat(staging); err != nil {
		return
	}
	if err := rename(staging, prev); err != nil {
		os.RemoveAll(staging)
	}
}
