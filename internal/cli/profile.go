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
	w, err := watchPeak(file)
	if err != nil {
		return nil, err
	}
	return w.stop, nil
}

// peakWatcher polls the live heap and keeps the heap profile of its peak.
type peakWatcher struct {
	f        *os.File
	now      chan chan struct{} // a request to sample at once, closed when done
	done     chan struct{}
	finished chan struct{}
	peak     bytes.Buffer
}

func watchPeak(file string) (*peakWatcher, error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	w := &peakWatcher{f: f, now: make(chan chan struct{}), done: make(chan struct{}), finished: make(chan struct{})}
	go w.run()
	return w, nil
}

func (w *peakWatcher) run() {
	defer close(w.finished)
	sample := []metrics.Sample{{Name: liveHeap}, {Name: gcCycles}}
	var max, taken uint64
	take := func(now bool) {
		metrics.Read(sample)
		live, cycle := sample[0].Value.Uint64(), sample[1].Value.Uint64()
		switch {
		case w.peak.Len() == 0 || live > max+max/50:
			// A new profile only when the heap grew by 2%: writing
			// one costs more than the poll.
			max = live
		case live+max/50 >= max && cycle > taken, now && live+max/10 >= max:
			// Still at the peak, a collection later: the heap profile
			// lags the live-heap metric (by up to two cycles, and its
			// sweep runs in the background), so the one taken when the
			// peak was first seen may show the heap before it. A
			// sample asked for takes it again near the peak in any
			// case: a cycle's count goes up before its profile is
			// published, and the peak first seen may have counted
			// some garbage.
		default:
			return
		}
		taken = cycle
		w.peak.Reset()
		pprof.Lookup("heap").WriteTo(&w.peak, 0)
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			take(false)
			return
		case r := <-w.now:
			take(true)
			close(r)
		case <-tick.C:
			take(false)
		}
	}
}

// sample samples the heap at once, and takes the profile again if the
// heap is at its peak; a test calls it after runtime.GC, which publishes
// the profile, where it cannot wait for a poll on a loaded machine.
func (w *peakWatcher) sample() {
	r := make(chan struct{})
	w.now <- r
	<-r
}

// stop samples a last time and writes the profile of the peak.
func (w *peakWatcher) stop() error {
	close(w.done)
	<-w.finished
	_, err := w.f.Write(w.peak.Bytes())
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}
