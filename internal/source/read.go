package source

import (
	"errors"
	"io"
	"io/fs"
)

// ReadUpTo reads the regular file name of fsys when it holds at most max
// bytes, and otherwise only learns its size; size is what was read, or
// the file's size when it was too large to read. It opens the file once:
// a separate Stat and ReadFile would cost three system calls more, as
// much as the read.
//
// It is how kitgen reads content files, twice per page in a build. From a
// site's folder (an *FS) on Unix systems the common case, a regular file
// that opens, takes the four system calls it needs (see FS.readUpTo);
// anything else goes through Open, which reports every failure.
func ReadUpTo(fsys fs.FS, name string, max int64) (data []byte, size int64, err error) {
	if s, ok := fsys.(*FS); ok {
		if data, size, ok := s.readUpTo(name, max); ok {
			return data, size, nil
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if fi.IsDir() {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if fi.Size() > max {
		return nil, fi.Size(), nil
	}
	// The size is known: one allocation, and a file that grows while it
	// is read is read as it was.
	data = make([]byte, fi.Size())
	n, err := io.ReadFull(f, data)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		// Named by name, not by the full path.
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: unwrapPathError(err)}
	}
	return data[:n], int64(n), nil
}
