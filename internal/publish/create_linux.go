package publish

import (
	"io/fs"
	"syscall"
)

// createNew writes data to a new file name in system calls: open, write,
// fstat and close. An *os.File also registers the file with the network
// poller, which refuses regular files, and sets and clears O_NONBLOCK
// around that with four fcntl calls; in a VM each call costs
// microseconds, and a build of 10,000 pages made 50,000 of them. ok is
// false when the file could not be created (it exists, say): writeFile
// then goes the way of os.OpenFile, which removes what is in the way and
// reports what went wrong.
func createNew(name string, data []byte) (mtime int64, ok bool, err error) {
	var fd int
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return 0, false, nil
	}
	for n := 0; n < len(data) && err == nil; {
		var k int
		k, err = syscall.Write(fd, data[n:])
		if err == syscall.EINTR {
			err = nil
		}
		n += max(k, 0)
	}
	var st syscall.Stat_t
	if err == nil {
		err = syscall.Fstat(fd, &st)
	}
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, true, &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), true, nil
}
