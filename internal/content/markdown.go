package content

import (
	"bytes"
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Document is a parsed page body. The AST is what the HTML writer renders
// and what kits quote; Headings and Links are indexes the checks and kits
// use without walking the tree again.
type Document struct {
	Source   []byte
	AST      ast.Node
	Headings []Heading
	Links    []Link
	HTML     []HTML    // raw HTML, which is parsed but never published
	Problems []Problem // limits the body went past (see MaxNesting), or a body that could not be read again
	lineIdx  []int     // offsets of line starts in Source
	bodyLine int
}

// Heading is one heading of a body with its generated anchor id.
type Heading struct {
	Level int
	Text  string
	ID    string // see HeadingID
	// LegacyID is the id older versions of kitgen gave the heading, which
	// dropped non-ASCII letters; kits that quote it still resolve, with a
	// warning, for one release.
	LegacyID string
	Line     int
	Node     *ast.Heading
}

// Link is a link or image destination in a body.
type Link struct {
	Dest  string // with character references decoded, as a browser follows it
	Text  string // link text, or alt text for an image
	Image bool
	Line  int
	Col   int
}

// HTML is one piece of raw HTML in a body: an HTML block, or one inline
// tag. Raw HTML is off, so kitgen publishes none of it; it is kept so the
// checks can tell the editor what was left out, and what it would have
// loaded from other sites.
type HTML struct {
	Text      string // the HTML as written, lines joined with "\n"
	Line, Col int    // where it starts
	Block     bool   // an HTML block rather than a tag inside a paragraph
	lines     []htmlLine
}

// htmlLine is where one line of an HTML piece starts, in Text and in the file.
type htmlLine struct{ off, line, col int }

// Pos returns the file position of byte off of h.Text.
func (h *HTML) Pos(off int) (line, col int) {
	i := sort.Search(len(h.lines), func(i int) bool { return h.lines[i].off > off }) - 1
	if i < 0 {
		return h.Line, h.Col
	}
	l := h.lines[i]
	return l.line, l.col + off - l.off
}

// Markdown is the one goldmark configuration every page is parsed with:
// GitHub-flavoured tables, strikethrough and task lists, generated heading
// IDs, and raw HTML left off (goldmark's default), so content cannot
// smuggle in scripts. GFM's linkify (bare URLs become links) is left out:
// a link should have readable text, which the a11y check asks for anyway,
// and scanning every word for URLs was a twentieth of parsing time.
// <https://…> autolinks still work. A goldmark.Markdown is safe for
// concurrent use.
var Markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Typographer, limits{}),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	goldmark.WithRendererOptions(ghtml.WithWriter(textWriter{ghtml.DefaultWriter})),
)

// Parse parses p's body into p.Doc, reading it from its file first when
// it was left unread (LoadFront). It is idempotent, and parses again a
// body whose tree was released.
func Parse(p *Page) *Document {
	if p.Doc != nil && (p.Doc.AST != nil || p.Body == nil) {
		return p.Doc
	}
	var reread *Problem
	if p.unread != nil {
		p.Body, reread = p.unread.readBody(p)
		p.unread = nil
	}
	d := &Document{Source: p.Body, bodyLine: p.BodyLine}
	pc := parser.NewContext(parser.WithIDs(&headingIDs{}))
	d.AST = Markdown.Parser().Parse(text.NewReader(p.Body), parser.WithContext(pc))
	d.index()
	if hits, _ := pc.Get(limitsKey).(*[]limitHit); hits != nil {
		for _, h := range *hits {
			line, col := d.Pos(h.off)
			d.Problems = append(d.Problems, Problem{Line: line, Col: col, Message: h.msg})
		}
	}
	if reread != nil {
		d.Problems = append(d.Problems, *reread)
	}
	p.Doc = d
	return d
}

// TextDocument returns a Document over the whole of a data file, with no
// Markdown parsed, so that a text rule can report words written in it (a
// kit's change note) at their file position.
func TextDocument(src []byte) *Document { return &Document{Source: src, bodyLine: 1} }

// Pos converts a byte offset of Source into a file line and column.
func (d *Document) Pos(off int) (line, col int) {
	if d.lineIdx == nil {
		d.lineIdx = append(d.lineIdx, 0)
		for i := 0; ; {
			k := bytes.IndexByte(d.Source[i:], '\n')
			if k < 0 {
				break
			}
			i += k + 1
			d.lineIdx = append(d.lineIdx, i)
		}
	}
	i := sort.SearchInts(d.lineIdx, off+1) - 1
	if i < 0 {
		i = 0
	}
	return d.bodyLine + i, off - d.lineIdx[i] + 1
}

// NodeLine returns the file line where n starts.
func (d *Document) NodeLine(n ast.Node) int {
	if off := startOffset(n); off >= 0 {
		l, _ := d.Pos(off)
		return l
	}
	return d.bodyLine
}

// startOffset finds the first source byte of n: block nodes carry their
// lines, inline nodes only their text segments.
func startOffset(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			if c == n {
				return c.Lines().At(0).Start
			}
			break
		}
		if c == n {
			for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if off := startOffset(ch); off >= 0 {
					return off
				}
			}
			if t, ok := n.(*ast.Text); ok {
				return t.Segment.Start
			}
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

func (d *Document) index() {
	var legacy used
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			// goldmark makes ids from the heading's last source line.
			var line string
			if k := n.Lines().Len(); k > 0 {
				seg := n.Lines().At(k - 1)
				line = string(seg.Value(d.Source))
			}
			d.Headings = append(d.Headings, Heading{Level: n.Level, Text: PlainText(n, d.Source), ID: string(idb),
				LegacyID: legacy.unique(legacyHeadingID(line)), Line: d.NodeLine(n), Node: n})
		case *ast.Link:
			d.addLink(n, string(n.Destination), PlainText(n, d.Source), false)
		case *ast.Image:
			d.addLink(n, string(n.Destination), PlainText(n, d.Source), true)
		case *ast.AutoLink:
			d.addAutoLink(n)
		case *ast.HTMLBlock:
			segs := n.Lines()
			var all []text.Segment
			for i := 0; i < segs.Len(); i++ {
				all = append(all, segs.At(i))
			}
			if n.HasClosure() {
				all = append(all, n.ClosureLine)
			}
			d.addHTML(all, true)
		case *ast.RawHTML:
			var all []text.Segment
			for i := 0; i < n.Segments.Len(); i++ {
				all = append(all, n.Segments.At(i))
			}
			d.addHTML(all, false)
		}
		return ast.WalkContinue, nil
	})
}

func (d *Document) addLink(n ast.Node, dest, text string, image bool) {
	// goldmark keeps character references in a destination as written, and
	// the browser decodes them: &#104;ttps://… is an https URL to whoever
	// follows it, so every check must judge it as one.
	l := Link{Dest: html.UnescapeString(dest), Text: text, Image: image}
	if off := startOffset(n); off >= 0 {
		l.Line, l.Col = d.Pos(off)
		// The offset is the link text's; step back over "[" or "![" so
		// the column points at the start of the link.
		if !image && l.Col > 1 {
			l.Col--
		} else if image && l.Col > 2 {
			l.Col -= 2
		}
	} else {
		l.Line = d.bodyLine
	}
	d.Links = append(d.Links, l)
}

// addHTML records a piece of raw HTML from its source segments.
func (d *Document) addHTML(segs []text.Segment, block bool) {
	if len(segs) == 0 {
		return
	}
	h := HTML{Block: block}
	var b strings.Builder
	for _, s := range segs {
		line, col := d.Pos(s.Start)
		h.lines = append(h.lines, htmlLine{off: b.Len(), line: line, col: col})
		b.Write(s.Value(d.Source))
	}
	h.Text = strings.TrimRight(b.String(), "\n")
	h.Line, h.Col = h.lines[0].line, h.lines[0].col
	d.HTML = append(d.HTML, h)
}

// addAutoLink records a <https://…> or bare www. link. goldmark keeps its
// text segment private, so the label is looked up in the source from the
// start of the enclosing block.
func (d *Document) addAutoLink(n *ast.AutoLink) {
	label := n.Label(d.Source)
	l := Link{Dest: string(n.URL(d.Source)), Text: string(label), Line: d.bodyLine}
	if blk := startOffset(n); blk >= 0 {
		off := blk
		if i := bytes.Index(d.Source[blk:], label); i >= 0 {
			off = blk + i
			if off > 0 && d.Source[off-1] == '<' {
				off--
			}
		}
		l.Line, l.Col = d.Pos(off)
	}
	d.Links = append(d.Links, l)
}

// PlainText returns the text content of n, without markup.
func PlainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	plain(&b, n, src)
	return b.String()
}

func plain(b *bytes.Buffer, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			plain(b, t, src)
		case *ast.AutoLink:
			b.Write(t.Label(src))
		default:
			plain(b, c, src)
		}
	}
}

// Heading returns the heading with the given anchor id, or nil.
func (d *Document) Heading(id string) *Heading {
	for i := range d.Headings {
		if d.Headings[i].ID == id {
			return &d.Headings[i]
		}
	}
	return nil
}

// LegacyHeading returns the heading whose id in older versions of kitgen
// was id and is now different, or nil.
func (d *Document) LegacyHeading(id string) *Heading {
	for i := range d.Headings {
		if h := &d.Headings[i]; h.LegacyID == id && h.ID != id {
			return h
		}
	}
	return nil
}

// HasAnchor reports whether id is a heading anchor of the body.
func (d *Document) HasAnchor(id string) bool { return d.Heading(id) != nil }

// Release drops the syntax tree and source, and of the indexes keeps only
// what the cross-page checks and the route table read once every page is
// rendered — heading ids and lines, link destinations, kinds and positions
// — so a build holds only a few trees at a time, and of the rendered pages
// little more than their addresses. Heading and link text and raw HTML,
// which the page's own checks and kits read, are gone: Parse parses a page
// again for them while its body is kept (the dev server keeps bodies).
func (d *Document) Release() {
	if d == nil {
		return
	}
	d.AST = nil
	d.Source = nil
	d.lineIdx = nil
	d.HTML = nil
	// Copies of exactly their length: the slices grew by appending.
	hs := make([]Heading, len(d.Headings))
	for i, h := range d.Headings {
		hs[i] = Heading{Level: h.Level, ID: h.ID, Line: h.Line}
	}
	d.Headings = hs
	ls := make([]Link, len(d.Links))
	for i, l := range d.Links {
		ls[i] = Link{Dest: l.Dest, Image: l.Image, Line: l.Line, Col: l.Col}
	}
	d.Links = ls
}
