package publish

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// exchangeDirs swaps two paths atomically with renamex_np RENAME_SWAP,
// macOS's counterpart of Linux's RENAME_EXCHANGE. File systems without it
// (HFS+, network and FAT volumes) answer ENOTSUP, and Commit falls back to
// two renames.
func exchangeDirs(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) {
		return errors.ErrUnsupported
	}
	return err
}

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
