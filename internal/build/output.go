package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// output writes files under the staging root. Every path is checked to be
// local, so no content can make the build write elsewhere; the staging
// folder is new, so no symlink in it can redirect a write either.
type output struct {
	root   string
	dryRun bool
	mu     sync.Mutex
	dirs   map[string]bool
	n      int
	errs   []error
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
	if err := os.WriteFile(full, data, 0o644); err != nil {
		o.fail(err)
		return
	}
	o.mu.Lock()
	o.n++
	o.mu.Unlock()
}

// mkdirs creates the folders of rel files up front, parents first, with
// one mkdir each: cheaper than an MkdirAll (stat, then mkdir) per file,
// which matters when a build writes tens of thousands of pages.
func (o *output) mkdirs(rels []string) {
	if o.dryRun {
		return
	}
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
