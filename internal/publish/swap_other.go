//go:build !linux && !darwin

package publish

import (
	"errors"
	"os"
	"path/filepath"
)

// exchangeDirs has no system call here (Windows, the BSDs): Commit falls
// back to two renames, the old output aside and the new one in, so for
// that moment the destination is missing; a failed build still leaves
// the previous output untouched.
func exchangeDirs(a, b string) error { return errors.ErrUnsupported }

// isMountPoint reports whether dir is on another device than its parent.
func isMountPoint(dir string) bool {
	a, err := os.Lstat(dir)
	if err != nil {
		return false
	}
	b, err := os.Stat(filepath.Dir(dir))
	if err != nil {
		return false
	}
	return folderID(a).Dev != folderID(b).Dev
}
