//go:build !unix

package build

// noFollow is not available here; recycled staging folders are scanned
// for links before any write instead.
const noFollow = 0
