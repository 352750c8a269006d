package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/kit"
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
	mark       *marked // the element it belongs to; nil for an artifact
}

// placed records where a block starts and ends, so an overflow can say
// how much room each block takes.
type placed struct {
	block       *kit.Block
	top, bottom float64
	children    []placed
}

// page is a kit laid out at one body size.
type page struct {
	size   float64 // body size, pt
	ops    []op
	blocks []placed
	root   *elem   // the structure tree, in reading order
	top    float64 // where the first block starts
	gap    float64 // space between blocks
	bottom float64 // lowest point of the body content
	limit  float64 // lowest point body content may reach

	missing []missingRune // characters no face can draw
}

// fits reports whether the body content ends above the footer.
func (pg *page) fits() bool { return pg.bottom <= pg.limit }

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
	doc   *kit.Doc // for the layout's fixed strings in its language (say)
	s     float64  // body size, pt
	ops   []op
	cur   *kit.Block // block being laid out, for errors
	err   error      // first problem no body size can solve
	tag   *elem      // structure element being laid out
	level int        // heading level of a block title: 2, or 3 under a titled columns block
	lastH int        // level of the last heading laid out

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
	tag     *elem // its part of the structure tree
	top     float64
	missing []missingRune
}

// layoutFooter lays out the footer: the version line, the kit's URL and
// its QR code, at a fixed size at the page bottom.
func layoutFooter(d *kit.Doc, f *Fonts, p paper) (*footer, error) {
	return layoutFooterText(d, f, p, func(l *layout, x, y, w float64) float64 { return l.footerText(d, x, y, w) })
}

// layoutFooterText lays out a footer whose lines text sets (the public
// kit's, or a partner copy's) beside the QR code of d.URL.
func layoutFooterText(d *kit.Doc, f *Fonts, p paper, footerText func(l *layout, x, y, w float64) float64) (*footer, error) {
	l := &layout{fonts: f, doc: d, s: footerSize, tag: &elem{role: "Sect"}}
	w := p.w - 2*marginX
	text := w
	qr := d.URL != ""
	if qr {
		text -= qrSize + 5
	}

	// Lay the text out once off the page to learn its height, so a long URL
	// grows the footer upwards instead of running off the page.
	h := footerText(l, marginX, 0, text)
	l.ops, l.tag = l.ops[:0], &elem{role: "Sect"}
	boxH := h
	if qr {
		boxH = max(h, qrSize)
	}
	top := p.h - marginBottom - boxH
	footerText(l, marginX, top, text)
	// The gap above the code is its quiet zone: at least four modules.
	l.hline(marginX, top-3, w, 0.25, rule)
	if qr {
		ops, err := qrOps(d.URL, marginX+w-qrSize, top, qrSize)
		if err != nil {
			return nil, err
		}
		fig := l.tag.child("Figure")
		fig.alt = say(d, "qr_alt", d.URL)
		for _, o := range ops {
			o.mark = fig.content()
			l.ops = append(l.ops, o)
		}
	}
	return &footer{ops: l.ops, tag: l.tag, top: top - 3, missing: l.missing}, nil
}

// layoutPage lays the kit out at body size s on paper p above foot.
func layoutPage(d *kit.Doc, f *Fonts, p paper, foot *footer, s float64) (*page, error) {
	root := &elem{role: "Document"}
	l := &layout{fonts: f, doc: d, s: s, tag: root, level: 2}
	w := p.w - 2*marginX
	y := l.header(d, marginX, marginTop, w)

	pg := &page{size: s, limit: foot.top - 0.7*l.em(), gap: 1.05 * l.em(), root: root}
	y += 1.2 * l.em()
	pg.top = y
	for i := range d.Blocks {
		if i > 0 {
			y += pg.gap
		}
		pb := l.block(&d.Blocks[i], marginX, y, w)
		pg.blocks = append(pg.blocks, pb)
		y = pb.bottom
	}
	if l.err != nil {
		return nil, l.err
	}
	pg.ops, pg.bottom = append(l.ops, foot.ops...), y
	root.kids = append(root.kids, kid{elem: foot.tag})
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
	lines := headerRight(d)
	styles := make([]textStyle, len(lines))
	for i, t := range lines {
		styles[i] = textStyle{size: l.s * t.mult, bold: t.bold, color: t.color}
		right = max(right, l.lineWidth(plain(t.text), styles[i]))
	}

	// The title comes first in reading order; the version lines after it.
	lw := w - 2*pad - right - 1.5*em
	ly := y + pad
	l.src = d.SettingsSource
	ly = l.para("P", plain(d.Practice), textStyle{size: l.s * 0.95, bold: true, color: accent}, x+pad, ly, lw)
	l.src = d.TitleSource
	ly = l.para("H1", plain(d.Title), textStyle{size: l.s * 1.9, bold: true, color: accentDark}, x+pad, ly, lw)
	if d.Audience != "" {
		ly += 0.1 * em
		l.src = d.AudienceSource
		ly = l.para("P", plain(d.Audience), textStyle{size: l.s, color: muted}, x+pad, ly, lw)
	}
	ry := y + pad
	for i, t := range lines {
		leave := l.enter("P")
		l.label(t.text, styles[i], x+w-pad-l.lineWidth(plain(t.text), styles[i]), ry)
		leave()
		ry += lineHeight(styles[i].size)
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
	label := strings.ToUpper(say(d, "referral_kit"))
	if d.Label != "" {
		label = d.Label
	}
	lines := []headerLine{
		{label, 0.8, true, muted},
		{say(d, "version_n", strconv.Itoa(d.Version)), 1.15, true, accentDark},
	}
	if !d.Effective.IsZero() {
		lines = append(lines, headerLine{say(d, "effective") + " " + kit.EffectiveText(d.Effective), 0.9, false, muted})
	}
	if d.Draft {
		lines = append(lines, headerLine{say(d, "kit_draft"), 1.0, true, draftRed})
	}
	return lines
}

// versionText sets the footer's first lines, the same on the public kit
// and every partner copy: the version and effective date, and the draft
// notice of a draft.
func (l *layout) versionText(d *kit.Doc, x, y, w float64) float64 {
	version := say(d, "version_n", strconv.Itoa(d.Version))
	if !d.Effective.IsZero() {
		version += " · " + say(d, "effective") + " " + kit.EffectiveText(d.Effective)
	}
	y = l.para("P", plain(version), textStyle{size: footerSize + 1, bold: true, color: ink}, x, y, w)
	if d.Draft {
		y = l.para("P", plain(say(d, "kit_draft_note")), textStyle{size: footerSize + 1, bold: true, color: draftRed}, x, y, w)
	}
	return y
}

// footerText sets the footer's lines at x, y in width w and returns the y
// below them.
func (l *layout) footerText(d *kit.Doc, x, y, w float64) float64 {
	y = l.versionText(d, x, y, w)
	l.src = d.SettingsSource
	if d.URL != "" {
		y += 0.3
		before, after := around(d, "current_version")
		current := []kit.Inline{{Text: before}, {Text: d.URL, Link: d.URL}}
		if after != "" {
			current = append(current, kit.Inline{Text: after})
		}
		y = l.para("P", current, textStyle{size: footerSize, color: muted}, x, y, w)
		y = l.para("P", plain(say(d, "scan_the_code")),
			textStyle{size: footerSize, color: muted}, x, y, w)
	}
	if d.Practice != "" {
		y = l.para("P", plain(d.Practice), textStyle{size: footerSize, color: muted}, x, y, w)
	}
	return y
}

// para sets rich text as one structure element with role (a paragraph or
// a heading) at x, y in width w and returns the y below it.
func (l *layout) para(role string, ins []kit.Inline, ts textStyle, x, y, w float64) float64 {
	if len(role) == 2 && role[0] == 'H' {
		l.lastH = int(role[1] - '0')
	}
	defer l.enter(role)()
	return l.flow(ins, ts, x, y, w)
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
