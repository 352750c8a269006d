// Package source defines what kitgen reads as the input of a site, and reads
// it safely. An input file is a regular file inside the site folder whose
// path has no hidden part; kitgen never follows a symbolic link, and never
// opens a named pipe, device or socket, which could publish a file from
// outside the site (a link to /proc/self/environ), exhaust memory (a link to
// /dev/zero) or block a build forever (a pipe named content/p.md). Every
// loader (settings, content, kits, layouts, assets) reads through Dir and
// walks with Walk, so the rule is written once.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/kitgen/kitgen/internal/diag"
)

// NotRegularError is the error for a path inside the site that is neither
// a regular file nor a folder, or that is a symbolic link.
type NotRegularError struct {
	Path string // slash-separated, relative to the file system read
	Kind string // "a symbolic link", "a named pipe", "a device" or "a socket"
}

func (e *NotRegularError) Error() string {
	return e.Path + " " + e.Message()
}

// Message says what is wrong and what to do, without the path.
func (e *NotRegularError) Message() string {
	return "is " + e.Kind + "; kitgen reads only regular files inside the site — replace it with the file itself"
}

// kind names what a file mode is when it is not a regular file or folder,
// or returns "".
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeIrregular != 0:
		return "not a regular file"
	}
	return ""
}

// Hidden reports whether one name of a path is hidden: it starts with "."
// (version control, .DS_Store, editors' swap files) or "#" (an editor's
// autosave), ends with "~" (a backup) or with an editor's swap or
// temporary extension, or is vim's write probe "4913". Hidden files and
// folders are never read or published.
func Hidden(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") || name == "4913" {
		return true
	}
	for _, ext := range []string{".swp", ".swx", ".swo", ".tmp"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// WellKnown is the one hidden folder that is published: assets/.well-known/
// (security.txt and the like), at /.well-known/ as given.
const WellKnown = ".well-known"

// Ignored reports whether a slash-separated site path is not an input: a
// part of it is Hidden, other than assets/.well-known.
func Ignored(p string) bool {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if part == "." || !Hidden(part) {
			continue
		}
		if i == 1 && parts[0] == "assets" && part == WellKnown {
			continue
		}
		return true
	}
	return false
}

// Roots are the files and folders of the site root that a build reads;
// everything else there (public/, .git/, notes) is not input.
var Roots = []string{"kitgen.yaml", "content", "layouts", "kits", "assets", "messages", "i18n", "partners"}

// Input reports whether p, slash-separated and relative to the site root,
// is something a build reads: under one of the Roots and not Ignored. The
// loaders and the dev server's watcher both ask it, so an edit the
// watcher lets through is one a build sees.
func Input(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	for _, r := range Roots {
		if top == r {
			return !Ignored(p)
		}
	}
	return false
}

// ValidName reports whether name may be one part of a published path or a
// kit id: letters, digits, "-", "_" and ".". Published names end up in
// _headers, the sitemap, file names of kits and the terminal; a space, a
// "*" (a _headers wildcard) or a line break there would change what those
// files say.
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

// ValidPath reports whether every part of a slash-separated path is a
// ValidName.
func ValidPath(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if !ValidName(part) {
			return false
		}
	}
	return true
}

// Report adds the finding for a file that could not be read: for a refused
// path, at that path (which may be a folder on the way to file) and without
// anything the file contains; otherwise "cannot read". prefix is the
// folder fsys stands for ("assets/" for the assets file system), or "".
func Report(diags *diag.List, prefix, file string, rule diag.Rule, err error) {
	var nr *NotRegularError
	if errors.As(err, &nr) {
		// A Dir's errors name the path from the site root, also through
		// fs.Sub; a Walk's name it from the file system walked.
		p := nr.Path
		if prefix != "" && p != strings.TrimSuffix(prefix, "/") && !strings.HasPrefix(p, prefix) {
			p = prefix + p
		}
		diags.Errorf(p, 0, 0, rule, "%s", nr.Message())
		return
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	diags.Errorf(prefix+file, 0, 0, rule, "cannot read: %v", err)
}

// Walk calls fn, in lexical order, with the path of every input file under
// root in fsys: regular files whose names are not Hidden, in folders whose
// names are not Hidden. A symbolic link, named pipe, device or socket is
// passed to fn with a *NotRegularError and is neither followed nor opened;
// a folder that cannot be read is passed with its error. keep, when not
// nil, admits hidden names it returns true for. A missing root is not an
// error.
func Walk(fsys fs.FS, root string, keep func(p string) bool, fn func(p string, err error)) {
	err := fs.WalkDir(fsys, root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			fn(p, err)
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && Hidden(e.Name()) && (keep == nil || !keep(p)) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if k := kind(e.Type()); k != "" {
			fn(p, &NotRegularError{Path: p, Kind: k})
			return nil
		}
		if !e.IsDir() {
			fn(p, nil)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fn(root, err)
	}
}

// FS is a site folder as kitgen reads it. Opening a path fails with a
// *NotRegularError when the path, or any folder on the way to it, is a
// symbolic link, or when it is a named pipe, device or socket; a pipe is
// opened without blocking, so its check cannot hang. It implements
// fs.StatFS (without following links), fs.ReadFileFS and fs.ReadDirFS.
type FS struct {
	root string
	dirs sync.Map // folders found to be real folders, so each is checked once
}

// Dir returns the site folder root as an FS. The root itself may be a link
// (a checkout under a linked home folder); only what is inside it is held
// to the rule. An FS is meant for one build: folders checked once are not
// checked again.
func Dir(root string) *FS { return &FS{root: root} }

func (s *FS) full(name string) string { return filepath.Join(s.root, filepath.FromSlash(name)) }

// checkParents makes sure every folder on the way to name is a real folder.
func (s *FS) checkParents(op, name string) error {
	dir := path.Dir(name)
	if dir == "." {
		return nil
	}
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	if err := s.checkParents(op, dir); err != nil {
		return err
	}
	fi, err := os.Lstat(s.full(dir))
	if err != nil {
		return &fs.PathError{Op: op, Path: name, Err: unwrapPathError(err)}
	}
	if k := kind(fi.Mode()); k != "" {
		return &fs.PathError{Op: op, Path: name, Err: &NotRegularError{Path: dir, Kind: k}}
	}
	if !fi.IsDir() {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	s.dirs.Store(dir, true)
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens a regular file or folder of the site.
func (s *FS) Open(name string) (fs.File, error) {
	f, fi, err := s.open(name)
	if err != nil {
		return nil, err
	}
	return &file{File: f, fi: fi}, nil
}

// file is an open file of the site that keeps what open learnt of it:
// reading a page asks its size, and a second system call for it costs
// as much as the read.
type file struct {
	*os.File
	fi fs.FileInfo
}

func (f *file) Stat() (fs.FileInfo, error) { return f.fi, nil }

func (s *FS) open(name string) (*os.File, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if err := s.checkParents("open", name); err != nil {
		return nil, nil, err
	}
	if name != "." && !noFollow {
		// Without O_NOFOLLOW the last name is checked before opening.
		if fi, err := os.Lstat(s.full(name)); err == nil {
			if k := kind(fi.Mode()); k != "" {
				return nil, nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Path: name, Kind: k}}
			}
		}
	}
	flags := os.O_RDONLY
	if name != "." {
		flags |= openFlags
	}
	f, err := os.OpenFile(s.full(name), flags, 0)
	if err != nil {
		// O_NOFOLLOW fails on a link (ELOOP on Linux, EMLINK on FreeBSD):
		// name what it is rather than the error number.
		if fi, lerr := os.Lstat(s.full(name)); lerr == nil {
			if k := kind(fi.Mode()); k != "" {
				return nil, nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Path: name, Kind: k}}
			}
		}
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPathError(err)}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPathError(err)}
	}
	if k := kind(fi.Mode()); k != "" && name != "." {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Path: name, Kind: k}}
	}
	return f, fi, nil
}

// ReadFile reads a regular file of the site.
func (s *FS) ReadFile(name string) ([]byte, error) {
	data, _, err := ReadUpTo(s, name, math.MaxInt64)
	return data, err
}

// ReadDir lists a folder of the site; its entries describe links as links.
func (s *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, fi, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fmt.Errorf("not a folder")}
	}
	es, err := f.ReadDir(-1)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: unwrapPathError(err)}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].Name() < es[j].Name() })
	return es, nil
}

// Stat describes a path of the site without following a link at its end;
// a link in a folder on the way is an error.
func (s *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if err := s.checkParents("stat", name); err != nil {
		return nil, err
	}
	var fi fs.FileInfo
	var err error
	if name == "." {
		fi, err = os.Stat(s.root)
	} else {
		fi, err = os.Lstat(s.full(name))
	}
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: unwrapPathError(err)}
	}
	return fi, nil
}
