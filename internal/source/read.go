package source

import (
	"errors"
	"io"
	"io/fs"
)

// ReadUpTo reads the regular file name when it holds at most max bytes,
// and otherwise only learns its size; size is what was read, or the
// file's size when it was too large to read. Its errors are Open's and
// the read's.
//
// It is how kitgen reads content files, twice per page in a build: on
// Unix systems the common case, a regular file that opens, takes the four
// system calls it needs (see readUpTo).
func (s *FS) ReadUpTo(name string, max int64) (data []byte, size int64, err error) {
	if data, size, ok := s.readUpTo(name, max); ok {
		return data, size, nil
	}
	return s.readUpToFile(name, max)
}

// readUpToFile is ReadUpTo through Open, which reports every failure.
func (s *FS) readUpToFile(name string, max int64) ([]byte, int64, error) {
	f, fi, err := s.open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	if fi.IsDir() {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if fi.Size() > max {
		return nil, fi.Size(), nil
	}
	// The size is known: one allocation, and a file that grows while it
	// is read is read as it was.
	data := make([]byte, fi.Size())
	n, err := io.ReadFull(f, data)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: unwrapPathError(err)}
	}
	return data[:n], int64(n), nil
}
