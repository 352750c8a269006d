package cli

import (
	"bytes"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
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

// liveHeap is the runtime metric a heap profile's in-use figures agree
// with: the heap found live by the last garbage collection.
const liveHeap = "/gc/heap/live:bytes"

// gcCycles counts completed garbage collections.
const gcCycles = "/gc/cycles/total:gc-cycles"

// startMemProfile watches the live heap until stop is called and writes
// to file the heap profile of the moment it was largest. A build's memory
// is decided by its peak, and a profile taken at the end would show only
// what outlives the build; go tool pprof -sample_index=inuse_space then
// shows what was alive at the peak.
func startMemProfile(file string) (stop func() error, err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	done, finished := make(chan struct{}), make(chan struct{})
	var peak bytes.Buffer
	sample := []metrics.Sample{{Name: liveHeap}, {Name: gcCycles}}
	go func() {
		defer close(finished)
		var max, at, taken uint64
		take := func() {
			metrics.Read(sample)
			live, cycle := sample[0].Value.Uint64(), sample[1].Value.Uint64()
			switch {
			case peak.Len() == 0 || live > max+max/50:
				// A new profile only when the heap grew by 2%: writing
				// one costs more than the poll.
				max, at = live, cycle
			case live+max/50 >= max && cycle > taken && cycle <= at+2:
				// Still at the peak, one or two collections later: the
				// heap profile lags the live-heap metric by up to two
				// cycles, so the one taken when the peak was first seen
				// may show the heap before it.
			default:
				return
			}
			taken = cycle
			peak.Reset()
			pprof.Lookup("heap").WriteTo(&peak, 0)
		}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				take()
				return
			case <-tick.C:
				take()
			}
		}
	}()
	return func() error {
		close(done)
		<-finished
		_, err := f.Write(peak.Bytes())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}, nil
}
