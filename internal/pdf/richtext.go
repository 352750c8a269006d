package pdf

import (
	"fmt"

	"github.com/kitgen/kitgen/internal/kit"
)

// nodes lays out rich text, with gap (in em) between nodes.
func (l *layout) nodes(ns []kit.Node, x, y, w float64, ts textStyle, depth int, gap float64) float64 {
	em := l.em()
	for i := range ns {
		n := &ns[i]
		if l.cur != nil {
			l.src = l.cur.Source
		}
		if n.File != "" {
			l.src.File = n.File
		}
		if n.Line > 0 {
			l.src.Line = n.Line
		}
		if i > 0 {
			y += gap * em
			if n.Kind == kit.Heading {
				y += 0.3 * em
			}
		}
		switch n.Kind {
		case kit.Paragraph:
			y = l.para("P", n.Inlines, ts, x, y, w)
		case kit.Heading:
			hs := ts
			hs.bold = true
			switch {
			case n.Level <= 1:
				hs.size, hs.color = ts.size*1.1, accent
			case n.Level == 2:
				hs.size = ts.size * 1.04
			}
			// Headings in quoted text rank below the block's title,
			// and a reader never finds a level skipped.
			y = l.para(heading(min(l.level+n.Level, l.lastH+1)), n.Inlines, hs, x, y, w)
			y += 0.1 * em
		case kit.List:
			y = l.list(n, x, y, w, ts, depth)
		case kit.Table:
			y = l.table(n, x, y, w, ts)
		}
	}
	return y
}

// list lays out a bullet or numbered list with hanging markers; nested
// lists indent further and alternate their bullets.
func (l *layout) list(n *kit.Node, x, y, w float64, ts textStyle, depth int) float64 {
	em := l.em()
	ms := ts
	ms.color = accent
	marker := func(i int) string {
		switch {
		case n.Ordered:
			return fmt.Sprintf("%d.", i+1)
		case depth%2 == 1:
			return "–"
		}
		return "•"
	}
	indent := l.lineWidth(plain(marker(len(n.Items)-1)), ms) + 0.55*em
	if !n.Ordered {
		indent = max(indent, 1.1*em)
	}
	if w-indent < 8*em {
		// Deep nesting in a narrow column: stop indenting rather than
		// squeeze the text into nothing.
		indent = min(indent, w/4)
	}
	defer l.enter("L")()
	for i, item := range n.Items {
		if i > 0 {
			y += 0.2 * em
		}
		m := marker(i)
		mx := x
		if n.Ordered {
			mx = x + indent - 0.55*em - l.lineWidth(plain(m), ms)
		}
		leaveItem := l.enter("LI")
		leave := l.enter("Lbl")
		l.label(m, ms, mx, y)
		leave()
		leave = l.enter("LBody")
		y = max(l.nodes(item, x+indent, y, w-indent, ts, depth+1, 0.2), y+lineHeight(ts.size))
		leave()
		leaveItem()
	}
	return y
}

// table lays out a table with a shaded header row; columns get their
// natural width when it fits and share the rest by need when it does not.
func (l *layout) table(n *kit.Node, x, y, w float64, ts textStyle) float64 {
	em := l.em()
	ncol := len(n.Header)
	for _, r := range n.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return y
	}
	ts.size *= 0.95
	pad := 0.45 * em
	if w/float64(ncol)-2*pad < 1.5*em {
		where := "a table"
		if l.cur != nil && l.cur.Source.File != "" {
			where = position(l.cur.Source.File, n.Line) + ": table"
		}
		l.fail("%s has %d columns, too many to fit the page width; split it or drop columns", where, ncol)
		return y
	}

	head := ts
	head.bold = true
	natural := make([]float64, ncol)
	least := make([]float64, ncol)
	measure := func(c kit.Cell, i int, s textStyle) {
		for _, wd := range l.words(c, s) {
			least[i] = max(least[i], wd.w)
		}
		natural[i] = max(natural[i], l.lineWidth(c, s))
	}
	for i, c := range n.Header {
		measure(c, i, head)
	}
	for _, r := range n.Rows {
		for i, c := range r {
			measure(c, i, ts)
		}
	}
	widths := columnWidths(natural, least, w, 2*pad)

	// Every row has a cell for every column, empty or not, so that a
	// screen reader can tell which header a cell falls under.
	defer l.enter("Table")()
	row := func(cells []kit.Cell, s textStyle, top float64, header bool) float64 {
		defer l.enter("TR")()
		bottom := top + lineHeight(s.size)
		cx := x
		for i := range ncol {
			role := "TD"
			if header {
				role = "TH"
			}
			leave := l.enter(role)
			if header {
				l.tag.scope = "Column"
			}
			if i < len(cells) {
				bottom = max(bottom, l.flow(cells[i], s, cx+pad, top+pad*0.6, widths[i]-2*pad))
			}
			leave()
			cx += widths[i]
		}
		return bottom + pad*0.6
	}
	if len(n.Header) > 0 {
		mark := len(l.ops)
		bottom := row(n.Header, head, y, true)
		l.fill(x, y, w, bottom-y, bandTint)
		l.behind(mark)
		l.hline(x, bottom, w, 0.35, accent)
		y = bottom
	}
	for _, r := range n.Rows {
		y = row(r, ts, y, false)
		l.hline(x, y, w, 0.15, rule)
	}
	return y
}

// columnWidths shares w between columns: each gets its natural width plus
// an even share of what is left, or, when the natural widths do not fit,
// its longest word plus a share of the rest in proportion to what it lacks.
func columnWidths(natural, least []float64, w, pad float64) []float64 {
	n := len(natural)
	out := make([]float64, n)
	sumNat, sumLeast := 0.0, 0.0
	for i := range n {
		natural[i] += pad
		least[i] = min(least[i]+pad, natural[i])
		sumNat += natural[i]
		sumLeast += least[i]
	}
	switch {
	case sumNat <= w:
		for i := range n {
			out[i] = natural[i] + (w-sumNat)/float64(n)
		}
	case sumLeast <= w:
		for i := range n {
			out[i] = least[i] + (w-sumLeast)*(natural[i]-least[i])/(sumNat-sumLeast)
		}
	default:
		for i := range n {
			out[i] = w * least[i] / sumLeast
		}
	}
	return out
}
