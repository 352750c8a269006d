package pdf

import (
	"errors"
	"fmt"
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

// TestFitSearch: Render searches for the body size from an estimate; it
// must settle on the size that trying every size from the largest down
// finds, or the minimum when none fits.
func TestFitSearch(t *testing.T) {
	f := testFonts(t)
	// Short paragraphs take room in proportion to the size, long ones with
	// about its square, so the estimate errs both ways.
	short := func(paragraph string, n int) *kit.Doc {
		d := cardiology()
		d.Blocks = d.Blocks[:3]
		for i := range n {
			d.Blocks[2].Body = append(d.Blocks[2].Body, para(txt(fmt.Sprintf(paragraph, i))))
		}
		return d
	}
	docs := map[string]*kit.Doc{}
	for n := 0; n < 16; n += 2 {
		docs[fmt.Sprintf("%d short paragraphs", n)] = short("Note %d: call first.", 3*n)
		docs[fmt.Sprintf("%d long paragraphs", n)] = short(strings.Repeat("Long note %[1]d runs on and on across the page. ", 12), n)
	}
	for name, d := range docs {
		for _, minSize := range []float64{0, 6, 9, 10.5, 11} {
			d.MinFontSize = minSize
			sp, err := Measure(d, f)
			if err != nil {
				t.Fatal(err)
			}
			low := minSize
			if low == 0 {
				low = defaultMinSize
			}
			foot, err := layoutFooter(d, f, papers[""])
			if err != nil {
				t.Fatal(err)
			}
			want := max(baseSize, low)
			for ; want > low; want = max(want-sizeStep, low) {
				if pg, err := layoutPage(d, f, papers[""], foot, want); err != nil || pg.fits() {
					break
				}
			}
			if sp.Size != want {
				t.Errorf("%s, minimum %g pt: set at %g pt, want %g pt", name, minSize, sp.Size, want)
			}
		}
	}
}
