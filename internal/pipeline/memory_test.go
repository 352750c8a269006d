package pipeline

import (
	"runtime/debug"
	"testing"
)

// TestCollectSooner: a large site's run makes the collector run when the
// heap has grown by three quarters; a smaller site keeps Go's default,
// and a GOGC the user set is never overridden.
func TestCollectSooner(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, c := range []struct {
		gogc  string
		files int
		want  int
	}{
		{"", largeSite, 75},
		{"", largeSite - 1, 100},
		{"", 0, 100},
		{"100", largeSite, 100},
		{"off", 10 * largeSite, 100},
	} {
		t.Setenv("GOGC", c.gogc)
		debug.SetGCPercent(100)
		collectSooner(c.files)
		if got := debug.SetGCPercent(100); got != c.want {
			t.Errorf("GOGC=%q, %d files: collector percent %d, want %d", c.gogc, c.files, got, c.want)
		}
	}
}
