package pdf

import (
	"fmt"
	"strconv"
)

// content writes a page's content stream from its display list: text as
// kitgen sets it (with its own fonts, see embed.go), and shapes and
// colours with the operators and number formats fpdf's Rect, Line,
// Polygon and Set*Color write, one per line, so that the stream is the
// one fpdf would have made of the same drawing. Every op is in a
// marked-content sequence: the content of an element of the structure
// tree, or an artifact.
type content struct {
	b    []byte
	k, h float64 // the frame's scale factor and page height, for shapes
	ph   float64 // the paper's height, for text

	fill, stroke rgb
	lineW        float64
	open         bool    // a marked-content sequence is open
	seq          *marked // its content; nil for an artifact
}

// newContent starts the content stream of fr's page.
func newContent(fr *frame, p paper) *content {
	return &content{b: append(make([]byte, 0, 48<<10), fr.pre...), k: fr.k, h: fr.h, ph: p.h,
		fill: rgb{-1, -1, -1}, stroke: rgb{-1, -1, -1}, lineW: -1}
}

// write appends ops, each text op in the face embeds has for it. It
// numbers the marked content of t's structure tree (in the marks' ids
// and t.parents) and collects the link annotations in t.annots.
func (c *content) write(ops []op, embeds map[*face]*embedded, t *tagged) {
	for _, o := range ops {
		if o.kind == opLink {
			o.mark.ids = []int{len(t.annots)}
			t.annots = append(t.annots, o)
			continue
		}
		if !c.open || o.mark != c.seq {
			if c.open {
				c.b = append(c.b, "EMC\n"...)
			}
			c.open, c.seq = true, o.mark
			if c.seq == nil {
				c.b = append(c.b, "/Artifact BMC\n"...)
			} else {
				id := len(t.parents)
				c.seq.ids = append(c.seq.ids, id)
				t.parents = append(t.parents, c.seq.parent)
				c.b = fmt.Appendf(c.b, "/%s <</MCID %d>> BDC\n", c.seq.parent.role, id)
			}
		}
		switch o.kind {
		case opText:
			// q and Q keep the text's colour from the fill colour.
			e := embeds[o.face]
			c.b = fmt.Appendf(c.b, "q %.3f %.3f %.3f rg BT /%s %.2f Tf %.2f %.2f Td %s Tj ET Q\n",
				float64(o.color.r)/255, float64(o.color.g)/255, float64(o.color.b)/255,
				e.res, o.size, o.x*ptPerMM, (c.ph-o.y)*ptPerMM, e.encode(o.text))
		case opFill, opTriangle:
			if o.color != c.fill {
				c.color(o.color, "g", "rg")
				c.fill = o.color
			}
			if o.kind == opFill {
				c.num(o.x*c.k, 2, " ")
				c.num((c.h-o.y)*c.k, 2, " ")
				c.num(o.w*c.k, 2, " ")
				c.num(-o.h*c.k, 2, " re f\n")
				continue
			}
			x, y, x1, y1, x2 := o.x, o.y+o.h, o.x+o.w/2, o.y, o.x+o.w
			c.num(x*c.k, 2, " ")
			c.num((c.h-y)*c.k, 2, " m\n")
			for _, pt := range [][2]float64{{x1, y1}, {x2, y}, {x, y}} {
				c.num(pt[0]*c.k, 5, " ")
				c.num((c.h-pt[1])*c.k, 5, " l \n")
			}
			c.b = append(c.b, "f\n"...)
		case opLine:
			if o.color != c.stroke {
				c.color(o.color, "G", "RG")
				c.stroke = o.color
			}
			if o.lw != c.lineW {
				c.num(o.lw*c.k, 2, " w\n")
				c.lineW = o.lw
			}
			c.num(o.x*c.k, 2, " ")
			c.num((c.h-o.y)*c.k, 2, " m ")
			c.num((o.x+o.w)*c.k, 2, " ")
			c.num((c.h-(o.y+o.h))*c.k, 2, " l S\n")
		}
	}
}

// end closes the open marked-content sequence and returns the stream.
func (c *content) end() []byte {
	if c.open {
		c.b = append(c.b, "EMC\n"...)
		c.open = false
	}
	return c.b
}

// num appends v with prec decimals, then s.
func (c *content) num(v float64, prec int, s string) {
	c.b = append(strconv.AppendFloat(c.b, v, 'f', prec, 64), s...)
}

// color sets a fill or stroke colour: a grey level when its components
// are equal, as fpdf writes it.
func (c *content) color(col rgb, gray, full string) {
	if col.r == col.g && col.r == col.b {
		c.num(float64(col.r)/255, 3, " "+gray+"\n")
		return
	}
	c.num(float64(col.r)/255, 3, " ")
	c.num(float64(col.g)/255, 3, " ")
	c.num(float64(col.b)/255, 3, " "+full+"\n")
}
