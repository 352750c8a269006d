//go:build !unix

package publish

import (
	"errors"
	"os"
)

// noFollow is not available here; recycled staging folders are scanned
// for links before any write instead.
const noFollow = 0

// links cannot tell here whether a file is shared, so every file of a
// recycled folder counts as shared and is created anew.
func links(fi os.FileInfo) uint64 { return 2 }

// folderID is unknown here; manifests then identify no folder.
func folderID(fi os.FileInfo) ID { return ID{} }

// lockFile does nothing here: concurrent builds into one destination are
// not detected, and left-over staging folders are not cleaned.
func lockFile(f *os.File) error { return errUnsupportedLock }

var errUnsupportedLock = errors.New("locking is not supported")

var errBusy = errors.New("locked by another process")

func sameFile(f *os.File, name string) bool { return true }
