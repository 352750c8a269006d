//go:build !linux

package publish

import (
	"os"
	"path/filepath"
)

// Outside Linux there are no mount ids: a folder is a mount point when its
// device differs from its parent's.

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
