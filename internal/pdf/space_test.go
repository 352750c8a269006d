package pdf

import (
	"errors"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/kit"
)

// TestMeasure: a kit that fits reports the size it is set at and the
// room left; one without blocks uses none of the page.
func TestMeasure(t *testing.T) {
	d := cardiology()
	sp, err := Measure(d, testFonts(t))
	if err != nil {
		t.Fatal(err)
	}
	if sp.Size != fitSize(t, d) || sp.Left() <= 0 || sp.Left() >= sp.Available || len(sp.Blocks) != len(d.Blocks) {
		t.Errorf("space = %+v, left %.1f mm; want the size Render uses (%g pt) and some room left", sp, sp.Left(), fitSize(t, d))
	}
	if sp.Blocks[0].Title != "Urgent: call now" || sp.Blocks[4].Source.File != "content/locations/lakeshore.md" {
		t.Errorf("blocks = %+v", sp.Blocks)
	}

	d.Blocks = nil
	if sp, err = Measure(d, testFonts(t)); err != nil || sp.Used != 0 || len(sp.Blocks) != 0 || sp.Size != baseSize || sp.Left() != sp.Available {
		t.Errorf("kit without blocks: %+v, %v", sp, err)
	}
	if _, err := Measure(nil, testFonts(t)); err == nil {
		t.Error("Measure(nil) succeeded")
	}
}

// TestOverflowTooManySmallBlocks: when no one block is taller than the
// overflow, the message says so instead of naming one.
func TestOverflowTooManySmallBlocks(t *testing.T) {
	d := cardiology()
	for range 30 {
		d.Blocks = append(d.Blocks, kit.Block{Kind: kit.Section, Title: "Note", Body: []kit.Node{para(txt("A short note."))}})
	}
	_, err := Render(d, testFonts(t))
	var oe *OverflowError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want *OverflowError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "No one block is that tall") || strings.Contains(msg, "Leaving out") {
		t.Errorf("message: %s", msg)
	}
}
