package pdf

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// qrOps draws a QR code of url as filled rectangles in a size mm square at
// x, y. Vector modules stay sharp when printed or faxed and cost a few
// hundred bytes, where an image would cost kilobytes and blur. The code is
// drawn without its quiet zone; the caller leaves white space around it.
func qrOps(url string, x, y, size float64) ([]op, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("kit URL %q cannot be encoded as a QR code: %w", url, err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	m := size / float64(len(bm))
	// Each run of dark modules in a row is one rectangle, drawn a hair
	// taller than a module so that viewers do not show seams between rows.
	var ops []op
	for r, row := range bm {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			h := m
			if r < len(bm)-1 {
				h += m * 0.05
			}
			ops = append(ops, op{kind: opFill, x: x + float64(start)*m, y: y + float64(r)*m,
				w: float64(c-start) * m, h: h, color: black})
		}
	}
	return ops, nil
}
