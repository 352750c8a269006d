package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// output writes files under the staging root. Every path is checked to be
// local, so no content can make the build write elsewhere.
//
// The staging root is either new or the output an earlier build replaced,
// recycled: overwriting files that exist is several times cheaper than
// creating them, and far cheaper than creating them and deleting the old
// ones. A recycled root is scanned first (symbolic links and other
// non-regular entries are removed, so no write can be redirected), and
// prune deletes whatever this build did not write.
type output struct {
	root   string
	dryRun bool
	mu     sync.Mutex
	dirs   map[string]bool
	n      int
	errs   []error

	scanned chan struct{}    // closed when the scan of a recycled root is done; nil for a new root
	old     map[string]stamp // files found in a recycled root (size and time), by full path
	known   manifest         // what kitgen wrote into the recycled root, if recorded
	next    manifest         // what the root holds after this build
	oldDirs []string         // folders found in a recycled root
	written map[string]bool  // files written, by full path (recycled roots only)
	adopt   sync.Once        // the scanned folders join dirs once
}

// scan records what a recycled root holds. It runs concurrently with
// loading and parsing; writes wait for it.
func (o *output) scan() {
	o.scanned = make(chan struct{})
	go func() {
		defer close(o.scanned)
		o.old = map[string]stamp{}
		o.written = map[string]bool{}
		_ = filepath.WalkDir(o.root, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return nil
			case d.IsDir():
				if p != o.root {
					o.oldDirs = append(o.oldDirs, p)
				}
			case d.Type().IsRegular():
				var st stamp
				if o.known != nil {
					if fi, err := d.Info(); err == nil {
						st = stamp{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
					}
				}
				o.old[p] = st
			default:
				if err := os.Remove(p); err != nil {
					o.fail(fmt.Errorf("cannot remove %s from the staging folder: %w", p, err))
				}
			}
			return nil
		})
	}()
}

func (o *output) waitScan() {
	if o.scanned == nil {
		return
	}
	<-o.scanned
	o.adopt.Do(func() {
		o.mu.Lock()
		if o.dirs == nil {
			o.dirs = map[string]bool{o.root: true}
		}
		for _, d := range o.oldDirs {
			o.dirs[d] = true
		}
		o.mu.Unlock()
	})
}

// prune deletes files of a recycled root that this build did not write,
// then the folders left empty, deepest first.
func (o *output) prune() {
	if o.scanned == nil || o.dryRun {
		return
	}
	for p := range o.old {
		if !o.written[p] {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				o.fail(err)
			}
		}
	}
	needed := map[string]bool{o.root: true}
	for p := range o.written {
		for d := filepath.Dir(p); !needed[d]; d = filepath.Dir(d) {
			needed[d] = true
		}
	}
	var gone []string
	for _, d := range o.oldDirs {
		if !needed[d] {
			gone = append(gone, d)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(gone)))
	for _, d := range gone {
		os.Remove(d) // fails, as it should, unless the folder is empty
	}
}

func (o *output) write(rel string, data []byte) {
	if o.dryRun {
		o.mu.Lock()
		o.n++
		o.mu.Unlock()
		return
	}
	if !filepath.IsLocal(rel) {
		o.fail(fmt.Errorf("refusing to write %q outside the output folder", rel))
		return
	}
	o.waitScan()
	full := filepath.Join(o.root, filepath.FromSlash(rel))
	dir := filepath.Dir(full)
	o.mu.Lock()
	if o.dirs == nil {
		o.dirs = map[string]bool{}
	}
	made := o.dirs[dir]
	o.mu.Unlock()
	if !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			o.fail(err)
			return
		}
		o.mu.Lock()
		o.dirs[dir] = true
		o.mu.Unlock()
	}
	st := stamp{Size: int64(len(data))}
	if o.next != nil { // only a build that keeps a manifest needs the checksum
		st.Sum = checksum(data)
	}
	if k, ok := o.known[rel]; ok && k.Sum == st.Sum && k.Size == st.Size && o.old[full] == (stamp{Size: k.Size, MTime: k.MTime}) {
		st = k // the file already holds these bytes
	} else {
		mtime, err := writeFile(full, data)
		if err != nil {
			o.fail(err)
			return
		}
		st.MTime = mtime
	}
	o.mu.Lock()
	o.n++
	if o.written != nil {
		o.written[full] = true
	}
	if o.next != nil {
		o.next[rel] = st
	}
	o.mu.Unlock()
}

// writeFile writes data to name, never through a symbolic link, and
// returns the file's modification time after the write.
func writeFile(name string, data []byte) (int64, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|noFollow, 0o644)
	if err != nil {
		return 0, err
	}
	_, err = f.Write(data)
	var mtime int64
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil {
			mtime = fi.ModTime().UnixNano()
		}
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return mtime, err
}

// mkdirs creates the folders of rel files up front, parents first, with
// one mkdir each: cheaper than an MkdirAll (stat, then mkdir) per file,
// which matters when a build writes tens of thousands of pages.
func (o *output) mkdirs(rels []string) {
	if o.dryRun {
		return
	}
	o.waitScan()
	if o.dirs == nil {
		o.dirs = map[string]bool{o.root: true}
	}
	var dirs []string
	for _, rel := range rels {
		if !filepath.IsLocal(rel) {
			continue
		}
		for d := filepath.Dir(filepath.Join(o.root, filepath.FromSlash(rel))); !o.dirs[d] && d != "." && d != "/"; d = filepath.Dir(d) {
			o.dirs[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
			o.fail(err)
			delete(o.dirs, d)
		}
	}
}

func (o *output) fail(err error) {
	o.mu.Lock()
	o.errs = append(o.errs, err)
	o.mu.Unlock()
}

func (o *output) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return errors.Join(o.errs...)
}

func (o *output) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n
}

// publish replaces dest with staging. On Linux both folders are exchanged
// in one atomic rename, so readers (a dev server, a deploy step) never see
// a half-written or missing folder; elsewhere it falls back to two renames.
// staging is left holding the old output, for the caller to remove.
func publish(staging, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		return os.Rename(staging, dest)
	}
	if err := exchange(staging, dest); err == nil {
		return nil
	}
	old := staging + ".old"
	if err := os.Rename(dest, old); err != nil {
		return fmt.Errorf("replacing %s: %w", dest, err)
	}
	if err := os.Rename(staging, dest); err != nil {
		_ = os.Rename(old, dest)
		return fmt.Errorf("replacing %s: %w", dest, err)
	}
	return os.Rename(old, staging)
}
