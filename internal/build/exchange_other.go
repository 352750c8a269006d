//go:build !linux

package build

import "errors"

// exchange is not available outside Linux; publish falls back to renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
