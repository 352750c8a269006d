package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// A Folder writes files under a root folder, safely from many goroutines.
// Every path is checked to be local, so no content can make the build
// write elsewhere, and errors name the file as the user knows it (in the
// destination they gave), never the hidden folder being written.
//
// The root is either new or the output an earlier build replaced,
// recycled: overwriting files that exist is several times cheaper than
// creating them, and far cheaper than creating them and deleting the old
// ones. A recycled root is scanned first (symbolic links and other
// non-regular entries are removed, so no write can be redirected), a file
// is rewritten in place only when the manifest says kitgen wrote it and
// nothing else links to it, and Prune deletes whatever this build did not
// write.
type Folder struct {
	root string
	name string // the destination as the user gave it, for messages
	mu   sync.Mutex
	dirs map[string]bool
	n    int
	errs []error

	scanned chan struct{}    // closed when the scan of a recycled root is done; nil for a new root
	old     map[string]found // files found in a recycled root, by full path
	known   map[string]Stamp // what kitgen wrote into the recycled root, if recorded
	next    map[string]Stamp // what the root holds after this build; nil when no manifest is kept
	oldDirs []string         // folders found in a recycled root
	written map[string]bool  // files written, by full path (recycled roots only)
	adopt   sync.Once        // the scanned folders join dirs once
}

// found is what the scan of a recycled root saw of one file.
type found struct {
	stamp  Stamp // size and time (no checksum)
	shared bool  // more than one name links to it
}

// NewFolder returns a Folder writing into root, an existing folder that
// kitgen alone writes (the dev server's scratch folder). name is how
// messages call it.
func NewFolder(root, name string) *Folder {
	return &Folder{root: root, name: name}
}

// Root returns the folder written into.
func (o *Folder) Root() string { return o.root }

// scan records what a recycled root holds. It runs concurrently with
// loading and parsing; writes wait for it.
func (o *Folder) scan() {
	o.scanned = make(chan struct{})
	go func() {
		defer close(o.scanned)
		o.old = map[string]found{}
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
				f := found{shared: true}
				if o.known != nil {
					if fi, err := d.Info(); err == nil {
						f = found{Stamp{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}, links(fi) > 1}
					}
				}
				o.old[p] = f
			default:
				if err := os.Remove(p); err != nil {
					o.fail(fmt.Errorf("cannot remove %s from the previous output: %w", o.display(p), unwrap(err)))
				}
			}
			return nil
		})
	}()
}

func (o *Folder) waitScan() {
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

// Prune deletes files of a recycled root that this build did not write,
// then the folders left empty, deepest first.
func (o *Folder) Prune() {
	if o.scanned == nil {
		return
	}
	o.waitScan()
	for p := range o.old {
		if !o.written[p] {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				o.fail(fmt.Errorf("cannot remove %s: %w", o.display(p), unwrap(err)))
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

// Write writes data to the slash-separated path rel.
func (o *Folder) Write(rel string, data []byte) {
	if !filepath.IsLocal(rel) {
		o.fail(fmt.Errorf("refusing to write %q outside the output folder", rel))
		return
	}
	o.waitScan()
	full := filepath.Join(o.root, filepath.FromSlash(rel))
	if err := o.mkdirAll(filepath.Dir(full)); err != nil {
		o.fail(fmt.Errorf("cannot create %s: %w", o.display(filepath.Dir(full)), unwrap(err)))
		return
	}
	st := Stamp{Size: int64(len(data))}
	if o.next != nil { // only a build that keeps a manifest needs the checksum
		st.Sum = Checksum(data)
	}
	old, exists := o.old[full]
	k, mine := o.known[rel]
	mine = mine && exists && !old.shared
	if mine && k.Sum == st.Sum && k.Size == st.Size && old.stamp == (Stamp{Size: k.Size, MTime: k.MTime}) {
		st = k // the file already holds these bytes
	} else {
		mtime, err := writeFile(full, data, mine)
		if err != nil {
			o.fail(fmt.Errorf("cannot write %s: %w", o.display(full), unwrap(err)))
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
// returns the file's modification time after the write. A file that
// exists is rewritten in place only when inPlace is set (kitgen wrote it)
// and it has no other name; otherwise it is removed and created anew, so
// no write reaches a file outside the output through a hard link.
func writeFile(name string, data []byte, inPlace bool) (int64, error) {
	if !inPlace {
		if mtime, ok, err := createNew(name, data); ok {
			return mtime, err
		}
	}
	f, err := openInPlace(name, inPlace)
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

// openInPlace opens name for writing, empty: the existing file when
// inPlace is set and it is a regular file with one name, otherwise a new
// file in its place.
func openInPlace(name string, inPlace bool) (*os.File, error) {
	if inPlace {
		f, err := os.OpenFile(name, os.O_WRONLY|noFollow, 0)
		if err == nil {
			fi, err := f.Stat()
			if err == nil && fi.Mode().IsRegular() && links(fi) == 1 {
				if err = f.Truncate(0); err == nil {
					return f, nil
				}
			}
			f.Close()
		}
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(name); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
	}
	return f, err
}

// mkdirAll makes dir and the parents it lacks, remembering each folder
// made or found. A folder costs one mkdir where MkdirAll would stat
// first, and each worker makes the folders of the pages it writes, so on
// a disk where creating a folder is slow the system calls overlap the
// other workers' rendering instead of running one after another before
// it. Folders of a recycled root were found by its scan.
func (o *Folder) mkdirAll(dir string) error {
	o.mu.Lock()
	if o.dirs == nil {
		o.dirs = map[string]bool{o.root: true}
	}
	made := o.dirs[dir]
	o.mu.Unlock()
	if made {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) && filepath.Dir(dir) != dir {
		if err = o.mkdirAll(filepath.Dir(dir)); err == nil {
			err = os.Mkdir(dir, 0o755)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		// Made by another worker, or there before: a folder will do, as
		// for MkdirAll; a file in its place will not.
		if fi, serr := os.Stat(dir); serr == nil && fi.IsDir() {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.dirs[dir] = true
	o.mu.Unlock()
	return nil
}

// display returns the name of p, a path under the root, as the user knows
// it: in the destination they gave.
func (o *Folder) display(p string) string {
	rel, err := filepath.Rel(o.root, p)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return p
	}
	return filepath.Join(o.name, rel)
}

// unwrap drops the path from an *fs.PathError, whose path is the hidden
// folder's, keeping what went wrong.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (o *Folder) fail(err error) {
	o.mu.Lock()
	o.errs = append(o.errs, err)
	o.mu.Unlock()
}

// Err returns every error of the writes so far, each once, sorted.
func (o *Folder) Err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	seen := map[string]bool{}
	var errs []error
	for _, err := range o.errs {
		if !seen[err.Error()] {
			seen[err.Error()] = true
			errs = append(errs, err)
		}
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

// Count returns how many files were written.
func (o *Folder) Count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n
}
