//go:build !unix

package serve

import "time"

// cpuTime is not measured here; the benchmarks' CPU metric reads 0.
func cpuTime() time.Duration { return 0 }
