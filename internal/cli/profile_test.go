package cli

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
)

var held [][]byte

// grow allocates 64 MiB and keeps it, so that the heap is largest while
// it is alive; the profile must name it.
func grow() {
	for range 64 {
		held = append(held, make([]byte, 1<<20))
	}
}

// TestMemProfileAtPeak checks that --memprofile writes a heap profile
// taken while the heap was largest: an allocation alive only at the peak
// is in use in it.
func TestMemProfileAtPeak(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mem.prof")
	w, err := watchPeak(file)
	if err != nil {
		t.Fatal(err)
	}
	grow()
	// The profile shows the heap as the last collection found it; a
	// sample then is what a poll would take (a loaded machine may not
	// run the poll before the heap shrinks again).
	runtime.GC()
	w.sample()
	held = nil
	runtime.GC()
	runtime.GC()
	if err := w.stop(); err != nil {
		t.Fatal(err)
	}
	// go tool pprof reads it, and the 64 MiB alive only at the peak is
	// in use in it.
	out, err := exec.Command("go", "tool", "pprof", "-sample_index=inuse_space", "-top", "-unit=MB", file).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool pprof: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^\s*([0-9.]+)MB .*internal/cli\.grow( \(inline\))?$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("grow is not in use in the profile:\n%s", out)
	}
	// The watcher polls, so it may have seen the heap before all of it
	// was allocated; after the peak grow holds nothing.
	if mb, _ := strconv.ParseFloat(string(m[1]), 64); mb < 32 {
		t.Fatalf("grow holds %s MB in the profile, want most of 64:\n%s", m[1], out)
	}
}

// TestMemProfileUnwritable checks that a profile that cannot be created is
// an error before anything runs.
func TestMemProfileUnwritable(t *testing.T) {
	if _, err := startMemProfile(filepath.Join(t.TempDir(), "nodir", "mem.prof")); err == nil {
		t.Fatal("no error for a profile in a folder that does not exist")
	}
}
