package pdf

import (
	"strings"

	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/phone"
)

// block lays out one block at x, y in width w, as a section of the
// structure tree.
func (l *layout) block(b *kit.Block, x, y, w float64) placed {
	defer l.enter("Sect")()
	pb := l.blockBody(b, x, y, w)
	pb.top = y
	return pb
}

func (l *layout) blockBody(b *kit.Block, x, y, w float64) placed {
	outer := l.cur
	l.cur = b
	defer func() { l.cur = outer }()
	l.src = b.Source
	if b.TitleSource.File != "" {
		l.src = b.TitleSource
	}
	switch b.Kind {
	case kit.Urgent:
		return placed{block: b, bottom: l.urgent(b, x, y, w)}
	case kit.Columns:
		return l.columns(b, x, y, w)
	case kit.ContactBlock:
		return placed{block: b, bottom: l.contact(b, x, y, w)}
	case kit.ProviderList:
		return placed{block: b, bottom: l.providers(b, x, y, w)}
	case kit.FormFields:
		return placed{block: b, bottom: l.fields(b, x, y, w)}
	}
	if b.Title != "" {
		y = l.blockTitle(b.Title, accent, x, y, w)
	}
	return placed{block: b, bottom: l.nodes(b.Body, x, y, w, textStyle{size: l.s, color: ink}, 0, 0.45)}
}

// blockTitle draws a block's heading with a rule under it.
func (l *layout) blockTitle(title string, c rgb, x, y, w float64) float64 {
	em := l.em()
	y = l.para(heading(l.level), plain(title), textStyle{size: l.s * 1.18, bold: true, color: c}, x, y, w)
	y += 0.1 * em
	l.hline(x, y, w, 0.35, c)
	return y + 0.45*em
}

// displayTitle is what a reader of an English kit sees as a block's
// title; findings about a block name it so.
func displayTitle(b *kit.Block) string { return blockTitle(&kit.Doc{}, b) }

// blockTitle is what a reader of d sees as block b's title.
func blockTitle(d *kit.Doc, b *kit.Block) string {
	if b.Title != "" {
		return b.Title
	}
	switch b.Kind {
	case kit.Urgent:
		return say(d, "kit_urgent")
	case kit.ContactBlock:
		return say(d, "contact")
	case kit.ProviderList:
		return say(d, "providers")
	}
	return ""
}

// urgent draws a boxed block: a heavy dark-red border with a thick left
// edge on a very light red ground, a warning sign and the title, so it
// stands out in greyscale too.
func (l *layout) urgent(b *kit.Block, x, y, w float64) float64 {
	em := l.em()
	mark := len(l.ops)
	edge := 0.45 * em
	pad := 0.8 * em
	ix, iw := x+edge+pad, w-edge-2*pad

	cy := y + pad
	title := blockTitle(l.doc, b)
	ts := l.s * 1.18
	lh := lineHeight(ts)
	icon := lh * 0.8
	sign := l.enter("Figure")
	l.tag.alt = say(l.doc, "warning")
	l.add(op{kind: opTriangle, x: ix, y: cy + (lh-icon)/2 - 0.1*em, w: icon, h: icon, color: urgentInk})
	bangSize := ts * 0.75
	bang := l.fonts.faceFor(bold, '!')
	bw := bang.width("!", bangSize)
	l.add(op{kind: opText, x: ix + (icon-bw)/2, y: cy + (lh-icon)/2 - 0.1*em + icon*0.88,
		text: "!", face: bang, size: bangSize, color: white})
	sign()
	cy = l.para(heading(l.level), plain(title), textStyle{size: ts, bold: true, color: urgentInk}, ix+icon+0.5*em, cy, iw-icon-0.5*em)
	cy += 0.3 * em
	cy = l.nodes(b.Body, ix, cy, iw, textStyle{size: l.s, color: ink}, 0, 0.4)
	bottom := cy + pad

	l.fill(x, y, w, bottom-y, urgentTint)
	l.behind(mark)
	border := 0.6
	l.hline(x, y+border/2, w, border, urgentInk)
	l.hline(x, bottom-border/2, w, border, urgentInk)
	l.ops = append(l.ops,
		op{kind: opFill, x: x, y: y, w: edge, h: bottom - y, color: urgentInk},
		op{kind: opFill, x: x + w - border, y: y, w: border, h: bottom - y, color: urgentInk})
	return bottom
}

// columns lays its children side by side in equal columns, or stacks them
// when there are too many to leave each a readable width.
func (l *layout) columns(b *kit.Block, x, y, w float64) placed {
	pb := placed{block: b, bottom: y}
	if b.Title != "" {
		y = l.blockTitle(b.Title, accent, x, y, w)
		pb.bottom = y
		// The columns' own titles are headings under this one.
		l.level++
		defer func() { l.level-- }()
	}
	n := len(b.Children)
	if n == 0 {
		return pb
	}
	gap := 1.6 * l.em()
	cw := (w - gap*float64(n-1)) / float64(n)
	if cw < 45 {
		for i := range b.Children {
			if i > 0 {
				y += 1.05 * l.em()
			}
			c := l.block(&b.Children[i], x, y, w)
			pb.children = append(pb.children, c)
			y = c.bottom
		}
		pb.bottom = y
		return pb
	}
	for i := range b.Children {
		c := l.block(&b.Children[i], x+float64(i)*(cw+gap), y, cw)
		pb.children = append(pb.children, c)
		pb.bottom = max(pb.bottom, c.bottom)
	}
	return pb
}

// contact draws a location's contact facts as a shaded panel, phone and fax
// set large because they are what a referring office needs most.
func (l *layout) contact(b *kit.Block, x, y, w float64) float64 {
	c := b.Contact
	if c == nil {
		c = &kit.Contact{}
	}
	em := l.em()
	mark := len(l.ops)
	pad := 0.9 * em
	ix, iw := x+pad, w-2*pad
	cy := y + pad

	title := blockTitle(l.doc, b)
	cy = l.para(heading(l.level), plain(title), textStyle{size: l.s * 1.18, bold: true, color: accent}, ix, cy, iw)
	if c.Name != "" && c.Name != title {
		l.src = at(c.Source, c.Lines, "title")
		cy = l.para("P", plain(c.Name), textStyle{size: l.s, bold: true, color: ink}, ix, cy, iw)
	}
	cy += 0.4 * em

	type field struct {
		label string
		lines []kit.Inline
		big   bool
		key   string // front-matter key it comes from
	}
	var fields []field
	if c.Phone != "" {
		fields = append(fields, field{say(l.doc, "phone"), []kit.Inline{{Text: c.Phone, Link: phone.URI(c.Phone)}}, true, "phone"})
	}
	if c.Fax != "" {
		fields = append(fields, field{say(l.doc, "fax"), []kit.Inline{{Text: c.Fax}}, true, "fax"})
	}

	if c.EReferral != "" {
		in := kit.Inline{Text: c.EReferral}
		if strings.HasPrefix(c.EReferral, "https://") || strings.HasPrefix(c.EReferral, "http://") {
			in.Link = c.EReferral
		}
		fields = append(fields, field{say(l.doc, "ereferral"), []kit.Inline{in}, false, "ereferral"})
	}
	if c.Email != "" {
		fields = append(fields, field{say(l.doc, "email"), []kit.Inline{{Text: c.Email, Link: "mailto:" + c.Email}}, false, "email"})
	}
	if len(c.Hours) > 0 {
		fields = append(fields, field{say(l.doc, "hours"), lines(c.Hours), false, "hours"})
	}
	if len(c.Address) > 0 {
		fields = append(fields, field{say(l.doc, "address"), lines(c.Address), false, "address"})
	}

	cols := 1
	switch {
	case iw >= 150:
		cols = 3
	case iw >= 90:
		cols = 2
	}
	per := (len(fields) + cols - 1) / cols
	gap := 1.4 * em
	cw := (iw - gap*float64(cols-1)) / float64(cols)
	bottom := cy
	// Each field is a list item: its label, then its lines.
	leaveList := l.enter("L")
	for i := 0; i < len(fields); i += per {
		col := i / per
		fx := ix + float64(col)*(cw+gap)
		fy := cy
		for j, f := range fields[i:min(i+per, len(fields))] {
			if j > 0 {
				fy += 0.45 * em
			}
			leaveItem := l.enter("LI")
			fy = l.para("Lbl", plain(strings.ToUpper(f.label)), textStyle{size: l.s * 0.78, bold: true, color: muted}, fx, fy, cw)
			ts := textStyle{size: l.s, color: ink}
			if f.big {
				ts = textStyle{size: l.s * 1.2, bold: true, color: ink, quietLinks: true}
			}
			l.src = at(c.Source, c.Lines, f.key)
			leaveBody := l.enter("LBody")
			for _, in := range f.lines {
				fy = l.para("P", []kit.Inline{in}, ts, fx, fy, cw)
			}
			leaveBody()
			leaveItem()
		}
		bottom = max(bottom, fy)
	}
	leaveList()
	if c.FaxCover != "" {
		// Across the whole panel: the address is too long for a column.
		l.src = kit.Source{File: l.cur.Source.File}
		bottom = l.para("P", []kit.Inline{{Text: say(l.doc, "fax_cover") + ": ", Bold: true}, {Text: c.FaxCover, Link: c.FaxCover}},
			textStyle{size: l.s * 0.85, color: ink}, ix, bottom+0.5*em, iw)
	}
	bottom += pad
	l.fill(x, y, w, bottom-y, panelTint)
	l.behind(mark)
	l.fill(x, y, 0.45*em, bottom-y, accent)
	return bottom
}

// providers lays providers out in a grid of two or three columns.
func (l *layout) providers(b *kit.Block, x, y, w float64) float64 {
	em := l.em()
	y = l.blockTitle(blockTitle(l.doc, b), accent, x, y, w)
	cols := 1
	switch {
	case w >= 150:
		cols = 3
	case w >= 85:
		cols = 2
	}
	gap := 1.4 * em
	cw := (w - gap*float64(cols-1)) / float64(cols)
	rowTop, bottom := y, y
	defer l.enter("L")()
	for i, p := range b.Providers {
		leave := l.enter("LI")
		l.tag = l.tag.child("LBody")
		col := i % cols
		if i > 0 && col == 0 {
			rowTop = bottom + 0.6*em
		}
		px := x + float64(col)*(cw+gap)
		name := []kit.Inline{{Text: p.Name, Link: p.URL}}
		if p.Credentials != "" {
			name = append(name, kit.Inline{Text: ", " + p.Credentials, Link: p.URL})
		}
		l.inlineSrc = []kit.Source{at(p.Source, p.Lines, "title"), at(p.Source, p.Lines, "credentials")}
		py := l.para("P", name, textStyle{size: l.s, bold: true, color: ink, quietLinks: true}, px, rowTop, cw)
		l.inlineSrc = nil
		if p.Role != "" {
			l.src = at(p.Source, p.Lines, "role")
			py = l.para("P", plain(p.Role), textStyle{size: l.s * 0.92, color: muted}, px, py, cw)
		}
		if len(p.Focus) > 0 {
			l.src = at(p.Source, p.Lines, "focus_areas")
			py = l.para("P", []kit.Inline{{Text: say(l.doc, "focus") + ": ", Bold: true}, {Text: strings.Join(p.Focus, " · ")}},
				textStyle{size: l.s * 0.92, color: ink}, px, py, cw)
		}
		leave()
		bottom = max(bottom, py)
	}
	return bottom
}
