package pdf

import (
	"github.com/kitgen/kitgen/internal/kit"
)

// fields draws a FormFields block: each field's label over an empty box
// to write in, two boxes to a row and a wide field on a row of its own.
// The boxes are drawn, not text, so they are artifacts to a screen
// reader; each label is a paragraph of its own.
func (l *layout) fields(b *kit.Block, x, y, w float64) float64 {
	em := l.em()
	if b.Title != "" {
		y = l.blockTitle(b.Title, accent, x, y, w)
	}
	gap := 1.4 * em
	half := (w - gap) / 2
	boxH := 2.6 * em
	label := textStyle{size: l.s * 0.85, bold: true, color: muted}
	col := 0
	rowBottom := y
	for _, f := range b.Fields {
		fw, fx := half, x+float64(col)*(half+gap)
		if f.Wide {
			if col == 1 { // finish the row of a single narrow field
				y, col = rowBottom+0.6*em, 0
			}
			fw, fx = w, x
		}
		top := l.para("P", plain(f.Label), label, fx, y, fw)
		l.box(fx, top+0.15*em, fw, boxH)
		bottom := top + 0.15*em + boxH
		rowBottom = max(rowBottom, bottom)
		if f.Wide || col == 1 {
			y, col = rowBottom+0.6*em, 0
			continue
		}
		col = 1
	}
	if col == 1 {
		y = rowBottom + 0.6*em
	}
	return y - 0.6*em
}

// box draws the outline of a box to write in, in hairlines dark enough
// to survive a fax.
func (l *layout) box(x, y, w, h float64) {
	const lw = 0.35
	l.hline(x, y, w, lw, muted)
	l.hline(x, y+h, w, lw, muted)
	l.fill(x-lw/2, y, lw, h, muted)
	l.fill(x+w-lw/2, y, lw, h, muted)
}
