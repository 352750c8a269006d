package pdf

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/go-pdf/fpdf"
)

// TestContentIsFpdfs draws shapes of every kind, in grey and in colour,
// at awkward positions, both with fpdf (as kits were drawn before kitgen
// wrote the content stream) and with content: the streams must be the
// same bytes, or published kits would change without a new LayoutVersion.
func TestContentIsFpdfs(t *testing.T) {
	ops := []op{
		{kind: opFill, x: 12.7, y: 25.4, w: 190.5, h: 0.35, color: rgb{200, 200, 200}},
		{kind: opFill, x: 0, y: 0, w: 0, h: 0, color: rgb{200, 200, 200}},
		{kind: opFill, x: 1.0 / 3, y: 2.0 / 3, w: 1e-9, h: 123.456789, color: accent},
		{kind: opTriangle, x: 20.005, y: 30.015, w: 3.3, h: 2.9, color: rgb{176, 0, 32}},
		{kind: opLine, x: 15, y: 40, w: 180, h: 0, lw: 0.3, color: muted},
		{kind: opLine, x: 15, y: 41, w: 0, h: 12.25, lw: 0.3, color: muted},
		{kind: opLine, x: 15.555, y: 42.445, w: 10, h: -3, lw: 0.35, color: rgb{0, 0, 0}},
		{kind: opFill, x: 5, y: 270, w: 4, h: 4, color: rgb{255, 255, 255}},
		{kind: opTriangle, x: 100, y: 200, w: 0.1, h: 0.1, color: rgb{0, 0, 0}},
	}
	marks := []*marked{nil, {parent: &elem{role: "Figure"}}, {parent: &elem{role: "P"}}}
	for i := range ops {
		ops[i].mark = marks[i%len(marks)]
	}
	for _, name := range []string{"letter", "a4"} {
		p := papers[name]
		pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: p.name})
		pdf.SetCompression(false)
		pdf.SetMargins(0, 0, 0)
		pdf.SetAutoPageBreak(false, 0)
		pdf.AddPage()
		var fill, stroke rgb = rgb{-1, -1, -1}, rgb{-1, -1, -1}
		lineW := -1.0
		open, ids := false, 0
		var seq *marked
		for _, o := range ops {
			if !open || o.mark != seq {
				if open {
					pdf.RawWriteStr("EMC")
				}
				open, seq = true, o.mark
				if seq == nil {
					pdf.RawWriteStr("/Artifact BMC")
				} else {
					pdf.RawWriteStr("/" + seq.parent.role + " <</MCID " + strconv.Itoa(ids) + ">> BDC")
					ids++
				}
			}
			switch o.kind {
			case opFill, opTriangle:
				if o.color != fill {
					pdf.SetFillColor(o.color.r, o.color.g, o.color.b)
					fill = o.color
				}
				if o.kind == opFill {
					pdf.Rect(o.x, o.y, o.w, o.h, "F")
				} else {
					pdf.Polygon([]fpdf.PointType{{X: o.x, Y: o.y + o.h}, {X: o.x + o.w/2, Y: o.y}, {X: o.x + o.w, Y: o.y + o.h}}, "F")
				}
			case opLine:
				if o.color != stroke {
					pdf.SetDrawColor(o.color.r, o.color.g, o.color.b)
					stroke = o.color
				}
				if o.lw != lineW {
					pdf.SetLineWidth(o.lw)
					lineW = o.lw
				}
				pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
			}
		}
		pdf.RawWriteStr("EMC")
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		_, _, _, want, err := pageContent(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		fr, err := newFrame(cardiology(), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range marks {
			if m != nil {
				m.ids = nil
			}
		}
		c := newContent(fr, p)
		c.write(ops, nil, &tagged{})
		if got := c.end(); !bytes.Equal(got, want) {
			t.Errorf("%s: the content stream differs from fpdf's:\n%s\nfpdf:\n%s", name, got, want)
		}
	}
}
