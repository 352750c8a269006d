package check

import (
	"bytes"
	"regexp"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/yuin/goldmark/ast"
)

// chunk is the text of one block that readers see as a unit (a paragraph,
// a heading, a table cell, a code block), without Markdown markup, so a
// rule can match "**100%** success" or a phone number split by emphasis.
// Every byte maps back to its source offset for exact positions.
type chunk struct {
	text   []byte
	lower  []byte // text with ASCII letters lowered, for cheap keyword tests
	runs   []run
	code   []span // code spans and autolinked URLs: not prose
	block  bool   // the whole chunk is a code block
	digits int    // number of ASCII digits in text
}

// run maps text[at:] to source offsets from src; a synthetic run (a
// typographer's curly quote, a line break) maps every byte to src.
type run struct {
	at, src   int
	synthetic bool
}

type span struct{ start, end int }

func (c *chunk) reset() {
	c.text, c.lower, c.runs, c.code = c.text[:0], c.lower[:0], c.runs[:0], c.code[:0]
	c.block, c.digits = false, 0
}

func (c *chunk) add(b []byte, src int) {
	c.runs = append(c.runs, run{at: len(c.text), src: src})
	c.text = append(c.text, b...)
}

func (c *chunk) addSynthetic(b []byte, src int) {
	c.runs = append(c.runs, run{at: len(c.text), src: src, synthetic: true})
	c.text = append(c.text, b...)
}

// srcOffset maps a text offset to its source offset.
func (c *chunk) srcOffset(i int) int {
	lo, hi := 0, len(c.runs)
	for lo < hi { // first run starting after i
		m := (lo + hi) / 2
		if c.runs[m].at <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return 0
	}
	r := c.runs[lo-1]
	if r.synthetic {
		return r.src
	}
	return r.src + i - r.at
}

// inCode reports whether text[start:end] overlaps code or a URL.
func (c *chunk) inCode(start, end int) bool {
	if c.block {
		return true
	}
	for _, s := range c.code {
		if start < s.end && end > s.start {
			return true
		}
	}
	return false
}

// lowerTab lowers ASCII letters and leaves every other byte alone, so
// offsets in lowered text are offsets in the original.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] = byte(i + 'a' - 'A')
		}
	}
	return
}()

// finish computes the derived fields once the text is complete.
func (c *chunk) finish() {
	if cap(c.lower) < len(c.text) {
		c.lower = make([]byte, len(c.text))
	}
	c.lower = c.lower[:len(c.text)]
	n := 0
	for i, b := range c.text {
		c.lower[i] = lowerTab[b]
		if b-'0' < 10 {
			n++
		}
	}
	c.digits = n
}

// pattern is a regular expression over lowered text that starts with a
// literal. Searching for the literal first is much cheaper than starting
// the matcher on a block that cannot match.
type pattern struct {
	re  *regexp.Regexp
	lit []byte
}

func newPattern(expr string) pattern {
	re := regexp.MustCompile(expr)
	lit, _ := re.LiteralPrefix()
	return pattern{re, []byte(lit)}
}

// find returns the matches in b, with submatches, each starting at a word
// boundary.
func (p pattern) find(b []byte) [][]int {
	if !bytes.Contains(b, p.lit) {
		return nil
	}
	ms := p.re.FindAllSubmatchIndex(b, -1)
	out := ms[:0]
	for _, m := range ms {
		if m[0] == 0 || !isAlnum(b[m[0]-1]) {
			out = append(out, m)
		}
	}
	return out
}

// textWalker hands every text block of a document to emit, reusing one
// chunk so a page's walk allocates little.
type textWalker struct {
	src     []byte
	c       chunk
	lastSrc int
	emit    func(*chunk)
}

func (w *textWalker) walk(n ast.Node) {
	switch n.Kind() {
	case ast.KindFencedCodeBlock, ast.KindCodeBlock:
		w.c.reset()
		w.c.block = true
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.c.add(seg.Value(w.src), seg.Start)
		}
		w.flush()
		return
	case ast.KindHTMLBlock:
		return // raw HTML is not rendered
	}
	if fc := n.FirstChild(); fc != nil && fc.Type() == ast.TypeInline {
		w.c.reset()
		w.lastSrc = 0
		if n.Lines().Len() > 0 {
			w.lastSrc = n.Lines().At(0).Start
		}
		w.inline(n)
		w.flush()
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.walk(c)
	}
}

func (w *textWalker) flush() {
	if len(w.c.text) == 0 {
		return
	}
	w.c.finish()
	w.emit(&w.c)
}

var space = []byte{' '}

func (w *textWalker) inline(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			w.c.add(t.Segment.Value(w.src), t.Segment.Start)
			w.lastSrc = t.Segment.Stop
			if t.SoftLineBreak() || t.HardLineBreak() {
				w.c.addSynthetic(space, w.lastSrc)
			}
		case *ast.String:
			w.c.addSynthetic(entityText(t.Value), w.lastSrc)
		case *ast.CodeSpan:
			start := len(w.c.text)
			w.inline(t)
			w.c.code = append(w.c.code, span{start, len(w.c.text)})
		case *ast.AutoLink:
			// A URL or address is not prose; a space keeps the words
			// around it apart.
			start := len(w.c.text)
			w.c.addSynthetic(space, w.lastSrc)
			w.c.code = append(w.c.code, span{start, len(w.c.text)})
		case *ast.RawHTML:
			// not rendered
		default:
			w.inline(c)
		}
	}
}

// entities are the typographer's substitutions, as the characters a reader
// sees.
var entities = map[string][]byte{
	"&ndash;": []byte("–"), "&mdash;": []byte("—"), "&hellip;": []byte("…"),
	"&lsquo;": []byte("‘"), "&rsquo;": []byte("’"), "&ldquo;": []byte("“"), "&rdquo;": []byte("”"),
	"&laquo;": []byte("«"), "&raquo;": []byte("»"),
}

func entityText(v []byte) []byte {
	if e, ok := entities[string(v)]; ok {
		return e
	}
	return v
}

// pos returns the file position of text offset i of c.
func pos(d *content.Document, c *chunk, i int) (line, col int) {
	return d.Pos(c.srcOffset(i))
}
