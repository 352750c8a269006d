package publish

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// inputs are the folders of a site that a build reads; output inside one
// would be read back as input by the next build.
var inputs = []string{"content", "layouts", "kits", "assets", "messages", "partners"}

// kept reports whether a top-level entry of a destination is the user's
// and stays where it is across builds: dot-files such as .git (a folder,
// or the file of a git worktree), .nojekyll or .well-known, and CNAME, as
// GitHub Pages and Hugo expect. kitgen's own hidden folders are not kept.
func kept(name string) bool {
	if strings.HasPrefix(name, ".kitgen-") {
		return false
	}
	return strings.HasPrefix(name, ".") || name == "CNAME"
}

// Check refuses a destination that a build must not replace: the root of
// the file system, the site itself or a folder holding it, a folder the
// site reads (content/, layouts/, kits/, assets/), something that is not
// a folder, and a folder holding files that kitgen did not write. A
// folder that is empty but for kept entries (see kept) is fine. Messages
// name the destination as the user gave it.
func Check(source, dest string) error {
	_, err := check(source, dest)
	return err
}

// check is Check, also returning the manifest of the destination when it
// is kitgen's output.
func check(source, dest string) (*Manifest, error) {
	src, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if filepath.Dir(dst) == dst {
		return nil, fmt.Errorf("destination %s is the root of the file system, which is not a valid destination: a build replaces its destination folder; choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, pair := range [][2]string{{src, dst}, {resolve(src), resolve(dst)}} {
		s, d := pair[0], pair[1]
		if within(s, d) {
			return nil, fmt.Errorf("destination %s contains the site itself; choose a folder such as %s", dest, filepath.Join(source, "public"))
		}
		for _, in := range inputs {
			if within(d, filepath.Join(s, in)) {
				return nil, fmt.Errorf("destination %s is inside the site's %s/ folder, which the build reads: the output would be published again into itself; choose a folder such as %s", dest, in, filepath.Join(source, "public"))
			}
		}
	}
	fi, err := os.Lstat(dst)
	switch {
	case os.IsNotExist(err):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("destination %s: %w", dest, unwrap(err))
	case fi.Mode()&os.ModeSymlink != 0:
		target, _ := filepath.EvalSymlinks(dst)
		return nil, fmt.Errorf("destination %s is a symbolic link; kitgen replaces its destination folder, so give the folder itself (-d %s)", dest, target)
	case !fi.IsDir():
		return nil, fmt.Errorf("destination %s is a file, not a folder; kitgen would replace it: choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	entries, err := os.ReadDir(dst)
	if err != nil {
		return nil, fmt.Errorf("destination %s: %w", dest, unwrap(err))
	}
	m := readManifest(manifestFile(dst))
	if m != nil && m.Folder != (ID{}) && m.Folder != folderID(fi) {
		m = nil // the folder kitgen wrote was replaced by another one
	}
	var tops map[string]bool
	if m != nil {
		tops = m.tops()
	}
	var foreign []string
	for _, e := range entries {
		if !kept(e.Name()) && !tops[e.Name()] && !strings.HasPrefix(e.Name(), ".kitgen-staging-") {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) == 0 {
		return m, nil
	}
	return nil, foreignError(dest, foreign, m != nil)
}

// foreignError says that dest holds the named entries, which kitgen did
// not write; built says whether the rest of it is kitgen's output.
func foreignError(dest string, names []string, built bool) error {
	sort.Strings(names)
	list := strings.Join(names, ", ")
	if len(names) > 3 {
		list = strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	if !built {
		return fmt.Errorf("destination %s holds files kitgen did not write (%s); a build replaces its destination, so kitgen only writes into an empty folder or one it built before: choose another folder, or empty this one (dot-files such as .git, and CNAME, may stay)", dest, list)
	}
	return fmt.Errorf("destination %s holds files kitgen did not write (%s); a build replaces its destination, so move them out of %s (dot-files such as .git, and CNAME, may stay)", dest, list, dest)
}

// audit returns, as slash-separated paths, what a destination that is
// kitgen's output holds that its manifest does not record (a file added
// since, a link, a folder), leaving out kept entries. Only folders whose
// modification time changed since the build are listed.
func audit(dir string, m *Manifest) []string {
	var foreign []string
	folders := m.folders()
	for d := range folders {
		full := filepath.Join(dir, filepath.FromSlash(d))
		fi, err := os.Lstat(full)
		switch {
		case err != nil:
			continue // gone: nothing of the user's in it
		case !fi.IsDir():
			foreign = append(foreign, d)
			continue
		}
		if t, ok := m.Dirs[d]; ok && t == fi.ModTime().UnixNano() {
			continue
		}
		entries, err := os.ReadDir(full)
		if err != nil {
			continue
		}
		for _, e := range entries {
			rel := path.Join(d, e.Name())
			if d == "." && (kept(rel) || strings.HasPrefix(rel, ".kitgen-staging-")) {
				continue
			}
			if e.IsDir() && folders[rel] {
				continue
			}
			if _, ok := m.Files[rel]; ok && e.Type().IsRegular() {
				continue
			}
			foreign = append(foreign, rel)
		}
	}
	return foreign
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

// resolve returns p with the symbolic links of its longest existing
// ancestor resolved, so a destination reached through a link is still
// recognised.
func resolve(p string) string {
	rest := ""
	for d := p; ; d = filepath.Dir(d) {
		if r, err := filepath.EvalSymlinks(d); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(d) == d {
			return p
		}
		rest = filepath.Join(filepath.Base(d), rest)
	}
}
