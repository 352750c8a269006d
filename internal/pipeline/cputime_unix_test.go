//go:build unix

package pipeline

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, user and system. A
// benchmark reports it beside wall time: on a shared machine wall time
// says as much about the neighbours as about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
