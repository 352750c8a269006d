package pdf

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/kitgen/kitgen/internal/kit"
)

// textStyle is the base style of a run of rich text; inline bold, italic
// and code add to it.
type textStyle struct {
	size         float64
	color        rgb
	bold, italic bool
	// quietLinks keeps links in the text colour without an underline, for
	// text that is plainly a name or number and reads better unmarked.
	quietLinks bool
}

// piece is part of a word set in one style.
type piece struct {
	text  string
	fc    *face
	size  float64
	color rgb
	link  string
	quiet bool // link drawn without underline
	w     float64
}

// word is what a line may not break inside (unless it is wider than the
// line): pieces with no space between them, such as "**Fax** first".
type word struct {
	pieces []piece
	w      float64
	space  float64 // width of the space before it, when not first on a line
}

// words splits inline runs into words. Runs of white space collapse to one
// space, as in HTML. Each character is set in the first face that has it;
// one that no face has is recorded against the text's source.
func (l *layout) words(ins []kit.Inline, ts textStyle) []word {
	var ws []word
	glue := false
	for k, in := range ins {
		st := styleOf(ts.bold || in.Bold, ts.italic || in.Italic, in.Code)
		fc := l.fonts.first(st)
		src := l.src
		if k < len(l.inlineSrc) {
			src = l.inlineSrc[k]
		}
		missing := func(r rune) { l.missing = append(l.missing, missingRune{src, r, in.Text}) }
		size := ts.size
		if in.Code {
			size *= 0.92
		}
		color := ts.color
		link := linkTarget(in.Link)
		if link != "" && !ts.quietLinks {
			color = accent
		}
		for i, t := range strings.Split(l.fonts.clean(st, in.Text), " ") {
			if i > 0 {
				glue = false
			}
			if t == "" {
				continue
			}
			for _, r := range l.fonts.runs(st, t, missing) {
				p := piece{text: r.text, fc: r.fc, size: size, color: color, link: link, quiet: ts.quietLinks, w: r.fc.width(r.text, size)}
				if glue {
					last := &ws[len(ws)-1]
					last.pieces = append(last.pieces, p)
					last.w += p.w
				} else {
					ws = append(ws, word{pieces: []piece{p}, w: p.w, space: fc.width(" ", size)})
				}
				glue = true
			}
		}
	}
	return keepTogether(ws)
}

// lineWidth returns the width of inline runs set on one line.
func (l *layout) lineWidth(ins []kit.Inline, ts textStyle) float64 {
	w := 0.0
	for i, wd := range l.words(ins, ts) {
		if i > 0 {
			w += wd.space
		}
		w += wd.w
	}
	return w
}

// set is a piece placed on a line, x from the line's start.
type set struct {
	piece
	x     float64
	space bool // a space separates it from the piece before
}

// breakLines fills lines of width w greedily. A word wider than a line is
// broken between characters, at least one per line, so text is never cut
// off however narrow the column.
func (l *layout) breakLines(ws []word, w float64) [][]set {
	var out [][]set
	var cur []set
	x := 0.0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur, x = nil, 0
	}
	for _, wd := range ws {
		if len(cur) > 0 && x+wd.space+wd.w > w {
			flush()
		}
		if len(cur) > 0 || wd.w <= w {
			space := len(cur) > 0
			if space {
				x += wd.space
			}
			for _, p := range wd.pieces {
				cur = append(cur, set{piece: p, x: x, space: space})
				x += p.w
				space = false
			}
			continue
		}
		for _, p := range wd.pieces {
			fc := p.fc
			rest := p.text
			for rest != "" {
				n, cw := 0, 0.0
				for n < len(rest) {
					r, size := utf8.DecodeRuneInString(rest[n:])
					rw := fc.width(string(r), p.size)
					if x+cw+rw > w && (len(cur) > 0 || n > 0) {
						break
					}
					n += size
					cw += rw
				}
				if n > 0 {
					q := p
					q.text, q.w = rest[:n], cw
					cur = append(cur, set{piece: q, x: x})
					x += cw
					rest = rest[n:]
				}
				if rest != "" {
					flush()
				}
			}
		}
	}
	flush()
	return out
}

// label sets text on one line with its left edge at x in the line box at
// top, however long it is.
func (l *layout) label(text string, ts textStyle, x, top float64) {
	for _, line := range l.breakLines(l.words(plain(text), ts), math.Inf(1)) {
		l.emitLine(line, x, top, ts.size, false)
	}
}

// flow sets rich text at x, y in width w and returns the y below it.
func (l *layout) flow(ins []kit.Inline, ts textStyle, x, y, w float64) float64 {
	lh := lineHeight(ts.size)
	lines := l.breakLines(l.words(ins, ts), max(w, 0))
	for i, line := range lines {
		l.emitLine(line, x, y, ts.size, i < len(lines)-1)
		y += lh
	}
	return y
}

// emitLine draws one line, merging neighbouring pieces of the same style
// into one text op. The space between two ops, and at the end of a line
// that wraps (more), is drawn too: it is invisible, but text read from the
// structure tree would otherwise run words together.
func (l *layout) emitLine(line []set, x, top, size float64, more bool) {
	base := baselineOf(top, size)
	lh := lineHeight(size)
	prev := -1 // the ops index of the last text op of the line
	for i := 0; i < len(line); {
		if line[i].space && prev >= 0 {
			l.spaceAfter(prev)
		}
		run := line[i]
		end := run.x + run.w
		j := i + 1
		for ; j < len(line); j++ {
			n := line[j]
			if n.fc != run.fc || n.size != run.size || n.color != run.color || n.link != run.link {
				break
			}
			if n.space {
				run.text += " "
			}
			run.text += n.text
			end = n.x + n.w
		}
		i = j
		text := op{kind: opText, x: x + run.x, y: base, text: run.text, face: run.fc, size: run.size, color: run.color}
		if run.link == "" {
			l.add(text)
			prev = len(l.ops) - 1
			continue
		}
		// A link is a Link element holding its text and its annotation.
		lk := l.tag.child("Link")
		lk.alt = linkAlt(l.doc, run.text, run.link)
		text.mark = lk.content()
		l.ops = append(l.ops, text)
		prev = len(l.ops) - 1
		w := end - run.x
		if !run.quiet {
			l.hline(x+run.x, base+0.12*size*mmPerPt, w, 0.2, run.color)
		}
		annot := &marked{parent: lk, annot: true}
		lk.kids = append(lk.kids, kid{mark: annot})
		l.ops = append(l.ops, op{kind: opLink, x: x + run.x, y: top, w: w, h: lh, link: run.link, mark: annot})
	}
	if more && prev >= 0 {
		l.spaceAfter(prev)
	}
}

// spaceAfter ends text op i with a space. A link's text does not take the
// space after it: that is a separate op, in the text around the link.
func (l *layout) spaceAfter(i int) {
	o := &l.ops[i]
	if o.mark == nil || o.mark.parent.role != "Link" {
		o.text += " "
		return
	}
	l.add(op{kind: opText, x: o.x + o.face.width(o.text, o.size), y: o.y, text: " ", face: o.face, size: o.size, color: o.color})
}

// linkAlt describes a link for its annotation's Contents, which screen
// readers announce: its text, and where it leads when the text does not
// say so.
func linkAlt(d *kit.Doc, text, target string) string {
	shown := strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(target, "tel:"):
		return say(d, "call_n", shown)
	case strings.HasPrefix(target, "mailto:"):
		return say(d, "email_n", shown)
	case strings.Contains(target, shown):
		return shown
	}
	return shown + " (" + target + ")"
}

// linkTarget returns the URI a link annotation may point to, or "" when the
// link should be shown as plain text. Only web, mail and phone links are
// followed; PDF URIs must be 7-bit ASCII, so other bytes are escaped.
func linkTarget(link string) string {
	lower := strings.ToLower(link)
	ok := false
	for _, scheme := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(lower, scheme) && len(link) > len(scheme) {
			ok = true
		}
	}
	if !ok {
		return ""
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(link); i++ {
		c := link[i]
		if c <= ' ' || c >= 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
