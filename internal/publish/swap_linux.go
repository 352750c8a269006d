package publish

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// exchangeDirs swaps two paths atomically (renameat2 RENAME_EXCHANGE).
func exchangeDirs(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// isMountPoint reports whether dir is the root of a mount (a tmpfs, a
// Docker volume, a bind mount): such a folder cannot be renamed, so it
// must be published into rather than replaced. Bind mounts of a folder of
// the same file system keep its device number, so the mount ids decide
// where the kernel reports them.
func isMountPoint(dir string) bool {
	var a, b unix.Statx_t
	const mask = unix.STATX_MNT_ID | unix.STATX_INO
	if unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, mask, &a) != nil ||
		unix.Statx(unix.AT_FDCWD, filepath.Dir(dir), 0, mask, &b) != nil {
		return false
	}
	if a.Mask&b.Mask&unix.STATX_MNT_ID != 0 {
		return a.Mnt_id != b.Mnt_id
	}
	return a.Dev_major != b.Dev_major || a.Dev_minor != b.Dev_minor
}
