package cli

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile profiles the process into file until stop is called, so
// a slow build on a real site can be examined with go tool pprof.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
