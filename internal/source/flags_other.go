//go:build !unix

package source

// openFlags: without O_NOFOLLOW and O_NONBLOCK, Open checks the last name
// with Lstat before opening it.
const openFlags = 0

const noFollow = false
