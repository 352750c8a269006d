//go:build unix

package source

import "syscall"

// openFlags refuse a link at the end of the path and keep opening a named
// pipe from waiting for a writer.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

const noFollow = true
