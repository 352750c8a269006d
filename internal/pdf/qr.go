package pdf

import (
	"fmt"
	"sync"

	qrcode "github.com/skip2/go-qrcode"
)

// qrOps draws a QR code of url as filled rectangles in a size mm square at
// x, y. Vector modules stay sharp when printed or faxed and cost a few
// hundred bytes, where an image would cost kilobytes and blur. The code is
// drawn without its quiet zone; the caller leaves white space around it.
func qrOps(url string, x, y, size float64) ([]op, error) {
	bm, err := qrBitmap(url)
	if err != nil {
		return nil, err
	}
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

// qrBitmaps keeps the modules of the codes encoded lately: each partner's
// copies of five kits carry the same landing page, and encoding is a
// quarter of the time of drawing a copy. The cache is emptied when it
// grows past qrCacheSize, so a long dev-server session stays small.
var qrBitmaps struct {
	sync.Mutex
	m map[string][][]bool
}

const qrCacheSize = 4096

// qrBitmap returns the modules of url's QR code, without its quiet zone.
// The result is shared and must not be changed.
func qrBitmap(url string) ([][]bool, error) {
	qrBitmaps.Lock()
	bm, ok := qrBitmaps.m[url]
	qrBitmaps.Unlock()
	if ok {
		return bm, nil
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("kit URL %q cannot be encoded as a QR code: %w", url, err)
	}
	q.DisableBorder = true
	bm = q.Bitmap()
	qrBitmaps.Lock()
	if qrBitmaps.m == nil || len(qrBitmaps.m) >= qrCacheSize {
		qrBitmaps.m = map[string][][]bool{}
	}
	qrBitmaps.m[url] = bm
	qrBitmaps.Unlock()
	return bm, nil
}
