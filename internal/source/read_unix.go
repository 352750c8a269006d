//go:build unix

package source

import (
	"io/fs"
	"syscall"
)

// readUpTo is ReadUpTo's common case in system calls: open, fstat, read
// and close. An *os.File also tries to register the file with the
// network poller, which refuses regular files: in a VM each call costs
// microseconds, and a build of 10,000 pages made 20,000 of them. ok is
// false when anything is unusual (the name, the open, a file that is not
// regular, a failed read): ReadUpTo then reads it through Open, which
// reports what went wrong.
func (s *FS) readUpTo(name string, max int64) (data []byte, size int64, ok bool) {
	if name == "." || !fs.ValidPath(name) || s.checkParents("open", name) != nil {
		return nil, 0, false
	}
	fd, err := open(s.full(name), syscall.O_RDONLY|syscall.O_CLOEXEC|openFlags)
	if err != nil {
		return nil, 0, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, 0, false
	}
	if st.Size > max {
		return nil, st.Size, true
	}
	data = make([]byte, st.Size)
	n := 0
	for n < len(data) {
		k, err := syscall.Read(fd, data[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, 0, false
		}
		if k == 0 {
			break // the file shrank while it was read
		}
		n += k
	}
	return data[:n], int64(n), true
}

func open(path string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(path, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}
