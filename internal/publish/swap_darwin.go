package publish

import (
	"errors"

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
