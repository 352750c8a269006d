package pipeline

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestExampleLedgerCurrent builds the example site as CI does (--locked):
// every kit's current content must have a version recorded in the
// committed kits/ledger.yaml, or a fresh clone's CI build would fail.
func TestExampleLedgerCurrent(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	// Freshness is judged on the day the example content was last reviewed
	// as a whole, so the test does not start failing as the calendar moves.
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	res, err := Build(Options{Source: root, Dest: filepath.Join(t.TempDir(), "public"), Locked: true, Strict: true, Today: today})
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatalf("the example site does not build with --locked --strict: %v; run \"go run ./cmd/kitgen build\" and commit kits/ledger.yaml", err)
	}
	if len(res.Kits) < 4 {
		t.Fatalf("example site built %d kits, want one per service line (4)", len(res.Kits))
	}
	for _, k := range res.Kits {
		if k.New {
			t.Errorf("kit %s: a locked build recorded version %d", k.ID, k.Version)
		}
	}
}
