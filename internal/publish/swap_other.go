//go:build !linux && !darwin

package publish

import (
	"errors"
)

// exchangeDirs has no system call here (Windows, the BSDs): Commit falls
// back to two renames, the old output aside and the new one in, so for
// that moment the destination is missing; a failed build still leaves
// the previous output untouched.
func exchangeDirs(a, b string) error { return errors.ErrUnsupported }
