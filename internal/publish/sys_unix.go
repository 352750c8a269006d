//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"
)

// noFollow makes opening a symbolic link fail instead of following it.
const noFollow = syscall.O_NOFOLLOW

// links returns how many names the file has. A file with more than one is
// shared with something outside the output (a hard link, a cp -al
// snapshot), so kitgen never writes into it.
func links(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 2 // unknown: treat as shared
}

// folderID returns the device and inode of a folder.
func folderID(fi os.FileInfo) ID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return ID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
	}
	return ID{}
}

// errBusy is the error of a lock another process holds.
var errBusy = errors.New("locked by another process")

// lockFile takes an exclusive lock on f without waiting.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errBusy
	}
	return err
}

// sameFile reports whether the open file f is still the file at name: a
// lock taken on a file that another build has removed since locks nothing.
func sameFile(f *os.File, name string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(name)
	return err == nil && os.SameFile(a, b)
}
