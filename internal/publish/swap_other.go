//go:build !linux

package publish

import (
	"errors"
	"os"
	"path/filepath"
)

// exchangeDirs is not available outside Linux; Commit falls back to two
// renames.
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
