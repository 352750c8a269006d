package pdf

import (
	"fmt"
	"strings"

	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/phone"
)

// The layout pass places every box, rule and line of text of a kit at one
// body size and records it as a display list of ops. Measuring is the same
// pass as drawing, so what was measured is exactly what gets drawn, and
// trying a smaller size costs no PDF. All lengths are in mm, font sizes in pt.

const mmPerPt = 25.4 / 72

type rgb struct{ r, g, b int }

// Colours are chosen for print and fax as much as for screen: tints are
// light, text is dark, and nothing is told by colour alone.
var (
	ink        = rgb{31, 41, 51}    // body text
	muted      = rgb{75, 85, 99}    // secondary text, ≥ 7:1 on white
	accent     = rgb{11, 79, 108}   // headings, links, rules
	accentDark = rgb{8, 51, 74}     // kit title
	bandTint   = rgb{230, 240, 246} // header band, table header row
	panelTint  = rgb{240, 244, 248} // contact panel
	rule       = rgb{203, 213, 222} // hairlines
	urgentInk  = rgb{127, 29, 29}   // dark red, 8:1 on urgentTint
	urgentTint = rgb{254, 236, 236} // very light red
	draftRed   = rgb{170, 18, 36}
	white      = rgb{255, 255, 255}
	black      = rgb{0, 0, 0}
)

type opKind uint8

const (
	opText     opKind = iota // text at x, baseline y
	opFill                   // filled rectangle x, y, w, h
	opLine                   // line from x, y to x+w, y+h, width lw
	opLink                   // link annotation over x, y, w, h
	opTriangle               // filled upward triangle inside x, y, w, h
)

// op is one drawing instruction of the display list.
type op struct {
	kind       opKind
	x, y, w, h float64
	text       string
	face       *face
	size       float64
	color      rgb
	lw         float64
	link       string
}

// placed records where a block ended, so an overflow can name the block
// that crosses the page bottom.
type placed struct {
	block    *kit.Block
	bottom   float64
	children []placed
}

// page is a kit laid out at one body size.
type page struct {
	size   float64 // body size, pt
	ops    []op
	blocks []placed
	bottom float64 // lowest point of the body content
	limit  float64 // lowest point body content may reach

	missing []missingRune // characters no face can draw
}

// paper is a page size in mm.
type paper struct {
	name string // fpdf size name
	w, h float64
}

var papers = map[string]paper{
	"":       {"Letter", 215.9, 279.4},
	"letter": {"Letter", 215.9, 279.4},
	"a4":     {"A4", 210, 297},
}

const (
	marginX      = 15.0
	marginTop    = 10.0
	marginBottom = 8.0
	qrSize       = 20.0
	footerSize   = 8.0 // pt; the footer keeps its size when the body shrinks
)

// layout is the state of one layout pass.
type layout struct {
	fonts *Fonts
	s     float64 // body size, pt
	ops   []op
	cur   *kit.Block // block being laid out, for errors
	err   error      // first problem no body size can solve

	// src is where the text being laid out comes from; inlineSrc, when
	// set, gives it per inline run instead. missing collects the
	// characters no face can draw, with their sources.
	src       kit.Source
	inlineSrc []kit.Source
	missing   []missingRune
}

// em returns the body size in mm; spacing is expressed in it so that the
// whole page shrinks together.
func (l *layout) em() float64 { return l.s * mmPerPt }

func lineHeight(size float64) float64 { return size * mmPerPt * 1.28 }

// baselineOf returns the baseline of a line of text in a line box starting
// at top, with capitals centred in the box.
func baselineOf(top, size float64) float64 {
	return top + lineHeight(size)/2 + size*mmPerPt*0.33
}

func (l *layout) fail(format string, args ...any) {
	if l.err == nil {
		l.err = fmt.Errorf(format, args...)
	}
}

func (l *layout) fill(x, y, w, h float64, c rgb) {
	l.ops = append(l.ops, op{kind: opFill, x: x, y: y, w: w, h: h, color: c})
}

func (l *layout) hline(x, y, w, lw float64, c rgb) {
	l.ops = append(l.ops, op{kind: opLine, x: x, y: y, w: w, lw: lw, color: c})
}

// behind moves the ops added since mark behind a background added last, so
// a box can be sized by its content and still be drawn under it.
func (l *layout) behind(mark int) {
	bg := l.ops[len(l.ops)-1]
	copy(l.ops[mark+1:], l.ops[mark:len(l.ops)-1])
	l.ops[mark] = bg
}

// footer is the part of a page that does not change with the body size.
type footer struct {
	ops     []op
	top     float64
	missing []missingRune
}

// layoutFooter lays out the footer: the version line, the kit's URL and
// its QR code, at a fixed size at the page bottom.
func layoutFooter(d *kit.Doc, f *Fonts, p paper) (*footer, error) {
	l := &layout{fonts: f, s: footerSize}
	w := p.w - 2*marginX
	text := w
	qr := d.URL != ""
	if qr {
		text -= qrSize + 5
	}

	// Lay the text out once off the page to learn its height, so a long URL
	// grows the footer upwards instead of running off the page.
	h := l.footerText(d, marginX, 0, text)
	l.ops = l.ops[:0]
	boxH := h
	if qr {
		boxH = max(h, qrSize)
	}
	top := p.h - marginBottom - boxH
	l.footerText(d, marginX, top, text)
	// The gap above the code is its quiet zone: at least four modules.
	l.hline(marginX, top-3, w, 0.25, rule)
	if qr {
		ops, err := qrOps(d.URL, marginX+w-qrSize, top, qrSize)
		if err != nil {
			return nil, err
		}
		l.ops = append(l.ops, ops...)
	}
	return &footer{ops: l.ops, top: top - 3, missing: l.missing}, nil
}

// layoutPage lays the kit out at body size s on paper p above foot.
func layoutPage(d *kit.Doc, f *Fonts, p paper, foot *footer, s float64) (*page, error) {
	l := &layout{fonts: f, s: s}
	w := p.w - 2*marginX
	y := l.header(d, marginX, marginTop, w)

	pg := &page{size: s, limit: foot.top - 0.7*l.em()}
	y += 1.2 * l.em()
	for i := range d.Blocks {
		if i > 0 {
			y += 1.05 * l.em()
		}
		pb := l.block(&d.Blocks[i], marginX, y, w)
		pg.blocks = append(pg.blocks, pb)
		y = pb.bottom
	}
	if l.err != nil {
		return nil, l.err
	}
	pg.ops, pg.bottom = append(l.ops, foot.ops...), y
	pg.missing = l.missing
	return pg, nil
}

// header draws the band with the practice, the kit title and audience, and
// the version, and returns its bottom. It is a light tint with dark text,
// not a dark fill: kits are printed and faxed, where dark areas waste toner
// and white text breaks up.
func (l *layout) header(d *kit.Doc, x, y, w float64) float64 {
	mark := len(l.ops)
	em := l.em()
	pad := 0.9 * em
	right := 0.0
	ry := y + pad
	for _, t := range headerRight(d) {
		ts := textStyle{size: l.s * t.mult, bold: t.bold, color: t.color}
		tw := l.lineWidth(plain(t.text), ts)
		right = max(right, tw)
		l.label(t.text, ts, x+w-pad-tw, ry)
		ry += lineHeight(ts.size)
	}

	lw := w - 2*pad - right - 1.5*em
	ly := y + pad
	l.src = d.SettingsSource
	ly = l.flow(plain(d.Practice), textStyle{size: l.s * 0.95, bold: true, color: accent}, x+pad, ly, lw)
	l.src = d.TitleSource
	ly = l.flow(plain(d.Title), textStyle{size: l.s * 1.9, bold: true, color: accentDark}, x+pad, ly, lw)
	if d.Audience != "" {
		ly += 0.1 * em
		l.src = d.AudienceSource
		ly = l.flow(plain(d.Audience), textStyle{size: l.s, color: muted}, x+pad, ly, lw)
	}
	bottom := max(ly, ry) + pad
	l.fill(x, y, w, bottom-y, bandTint)
	l.behind(mark)
	l.fill(x, y, w, 0.35*em, accent)
	return bottom
}

type headerLine struct {
	text  string
	mult  float64
	bold  bool
	color rgb
}

// headerRight returns the lines set flush right in the header, so that the
// version is the first thing an intake clerk sees.
func headerRight(d *kit.Doc) []headerLine {
	lines := []headerLine{
		{"REFERRAL KIT", 0.8, true, muted},
		{fmt.Sprintf("Version %d", d.Version), 1.15, true, accentDark},
	}
	if !d.Effective.IsZero() {
		lines = append(lines, headerLine{"Effective " + kit.EffectiveText(d.Effective), 0.9, false, muted})
	}
	if d.Draft {
		lines = append(lines, headerLine{"DRAFT", 1.0, true, draftRed})
	}
	return lines
}

// footerText sets the footer's lines at x, y in width w and returns the y
// below them.
func (l *layout) footerText(d *kit.Doc, x, y, w float64) float64 {
	version := fmt.Sprintf("Version %d", d.Version)
	if !d.Effective.IsZero() {
		version += " · Effective " + kit.EffectiveText(d.Effective)
	}
	y = l.flow(plain(version), textStyle{size: footerSize + 1, bold: true, color: ink}, x, y, w)
	if d.Draft {
		y = l.flow(plain("DRAFT — not for distribution"), textStyle{size: footerSize + 1, bold: true, color: draftRed}, x, y, w)
	}
	l.src = d.SettingsSource
	if d.URL != "" {
		y += 0.3
		y = l.flow([]kit.Inline{{Text: "Current version: "}, {Text: d.URL, Link: d.URL}},
			textStyle{size: footerSize, color: muted}, x, y, w)
		y = l.flow(plain("Scan the code or follow the link to check that this copy is still current."),
			textStyle{size: footerSize, color: muted}, x, y, w)
	}
	if d.Practice != "" {
		y = l.flow(plain(d.Practice), textStyle{size: footerSize, color: muted}, x, y, w)
	}
	return y
}

// block lays out one block at x, y in width w.
func (l *layout) block(b *kit.Block, x, y, w float64) placed {
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
	}
	if b.Title != "" {
		y = l.blockTitle(b.Title, accent, x, y, w)
	}
	return placed{block: b, bottom: l.nodes(b.Body, x, y, w, textStyle{size: l.s, color: ink}, 0, 0.45)}
}

// blockTitle draws a block's heading with a rule under it.
func (l *layout) blockTitle(title string, c rgb, x, y, w float64) float64 {
	em := l.em()
	y = l.flow(plain(title), textStyle{size: l.s * 1.18, bold: true, color: c}, x, y, w)
	y += 0.1 * em
	l.hline(x, y, w, 0.35, c)
	return y + 0.45*em
}

// displayTitle is what a reader sees as a block's title.
func displayTitle(b *kit.Block) string {
	if b.Title != "" {
		return b.Title
	}
	switch b.Kind {
	case kit.Urgent:
		return "Urgent"
	case kit.ContactBlock:
		return "Contact"
	case kit.ProviderList:
		return "Providers"
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
	title := displayTitle(b)
	ts := l.s * 1.18
	lh := lineHeight(ts)
	icon := lh * 0.8
	l.ops = append(l.ops, op{kind: opTriangle, x: ix, y: cy + (lh-icon)/2 - 0.1*em, w: icon, h: icon, color: urgentInk})
	bangSize := ts * 0.75
	bang := l.fonts.faceFor(bold, '!')
	bw := bang.width("!", bangSize)
	l.ops = append(l.ops, op{kind: opText, x: ix + (icon-bw)/2, y: cy + (lh-icon)/2 - 0.1*em + icon*0.88,
		text: "!", face: bang, size: bangSize, color: white})
	cy = l.flow(plain(title), textStyle{size: ts, bold: true, color: urgentInk}, ix+icon+0.5*em, cy, iw-icon-0.5*em)
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

	title := displayTitle(b)
	cy = l.flow(plain(title), textStyle{size: l.s * 1.18, bold: true, color: accent}, ix, cy, iw)
	if c.Name != "" && c.Name != title {
		l.src = at(c.Source, c.Lines, "title")
		cy = l.flow(plain(c.Name), textStyle{size: l.s, bold: true, color: ink}, ix, cy, iw)
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
		fields = append(fields, field{"Phone", []kit.Inline{{Text: c.Phone, Link: phone.URI(c.Phone)}}, true, "phone"})
	}
	if c.Fax != "" {
		fields = append(fields, field{"Fax", []kit.Inline{{Text: c.Fax}}, true, "fax"})
	}
	if c.EReferral != "" {
		in := kit.Inline{Text: c.EReferral}
		if strings.HasPrefix(c.EReferral, "https://") || strings.HasPrefix(c.EReferral, "http://") {
			in.Link = c.EReferral
		}
		fields = append(fields, field{"E-referral", []kit.Inline{in}, false, "ereferral"})
	}
	if c.Email != "" {
		fields = append(fields, field{"Email", []kit.Inline{{Text: c.Email, Link: "mailto:" + c.Email}}, false, "email"})
	}
	if len(c.Hours) > 0 {
		fields = append(fields, field{"Hours", lines(c.Hours), false, "hours"})
	}
	if len(c.Address) > 0 {
		fields = append(fields, field{"Address", lines(c.Address), false, "address"})
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
	for i := 0; i < len(fields); i += per {
		col := i / per
		fx := ix + float64(col)*(cw+gap)
		fy := cy
		for j, f := range fields[i:min(i+per, len(fields))] {
			if j > 0 {
				fy += 0.45 * em
			}
			fy = l.flow(plain(strings.ToUpper(f.label)), textStyle{size: l.s * 0.78, bold: true, color: muted}, fx, fy, cw)
			ts := textStyle{size: l.s, color: ink}
			if f.big {
				ts = textStyle{size: l.s * 1.2, bold: true, color: ink, quietLinks: true}
			}
			l.src = at(c.Source, c.Lines, f.key)
			for _, in := range f.lines {
				fy = l.flow([]kit.Inline{in}, ts, fx, fy, cw)
			}
		}
		bottom = max(bottom, fy)
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
	y = l.blockTitle(displayTitle(b), accent, x, y, w)
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
	for i, p := range b.Providers {
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
		py := l.flow(name, textStyle{size: l.s, bold: true, color: ink, quietLinks: true}, px, rowTop, cw)
		l.inlineSrc = nil
		if p.Role != "" {
			l.src = at(p.Source, p.Lines, "role")
			py = l.flow(plain(p.Role), textStyle{size: l.s * 0.92, color: muted}, px, py, cw)
		}
		if len(p.Focus) > 0 {
			l.src = at(p.Source, p.Lines, "focus_areas")
			py = l.flow([]kit.Inline{{Text: "Focus: ", Bold: true}, {Text: strings.Join(p.Focus, " · ")}},
				textStyle{size: l.s * 0.92, color: ink}, px, py, cw)
		}
		bottom = max(bottom, py)
	}
	return bottom
}

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
			y = l.flow(n.Inlines, ts, x, y, w)
		case kit.Heading:
			hs := ts
			hs.bold = true
			switch {
			case n.Level <= 1:
				hs.size, hs.color = ts.size*1.1, accent
			case n.Level == 2:
				hs.size = ts.size * 1.04
			}
			y = l.flow(n.Inlines, hs, x, y, w)
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
	for i, item := range n.Items {
		if i > 0 {
			y += 0.2 * em
		}
		m := marker(i)
		mx := x
		if n.Ordered {
			mx = x + indent - 0.55*em - l.lineWidth(plain(m), ms)
		}
		l.label(m, ms, mx, y)
		y = max(l.nodes(item, x+indent, y, w-indent, ts, depth+1, 0.2), y+lineHeight(ts.size))
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

	row := func(cells []kit.Cell, s textStyle, top float64) float64 {
		bottom := top + lineHeight(s.size)
		cx := x
		for i := range ncol {
			if i < len(cells) {
				bottom = max(bottom, l.flow(cells[i], s, cx+pad, top+pad*0.6, widths[i]-2*pad))
			}
			cx += widths[i]
		}
		return bottom + pad*0.6
	}
	if len(n.Header) > 0 {
		mark := len(l.ops)
		bottom := row(n.Header, head, y)
		l.fill(x, y, w, bottom-y, bandTint)
		l.behind(mark)
		l.hline(x, bottom, w, 0.35, accent)
		y = bottom
	}
	for _, r := range n.Rows {
		y = row(r, ts, y)
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

func plain(s string) []kit.Inline { return []kit.Inline{{Text: s}} }

// at returns src at the line of a front-matter key, when lines has it.
func at(src kit.Source, lines map[string]int, key string) kit.Source {
	if n, ok := lines[key]; ok {
		src.Line = n
	}
	return src
}

func lines(ss []string) []kit.Inline {
	out := make([]kit.Inline, len(ss))
	for i, s := range ss {
		out[i] = kit.Inline{Text: s}
	}
	return out
}
