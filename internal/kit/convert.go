package kit

import (
	"bufio"
	"bytes"
	"html"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// This file turns the goldmark syntax tree of a quoted page into the
// kit's own nodes and styled runs, which both kit writers read.

// section converts the content under heading h, up to the next heading of
// the same or a higher level.
func (rs *resolver) section(p *content.Page, h *content.Heading) []Node {
	var nodes []ast.Node
	for n := h.Node.NextSibling(); n != nil; n = n.NextSibling() {
		if hh, ok := n.(*ast.Heading); ok && hh.Level <= h.Level {
			break
		}
		nodes = append(nodes, n)
	}
	return rs.convert(p, nil, nodes, h.Level)
}

// convert turns goldmark block nodes into kit nodes. Heading levels are
// made relative to base, so a quoted "###" under "##" becomes level 1.
func (rs *resolver) convert(p *content.Page, parent ast.Node, nodes []ast.Node, base ...int) []Node {
	if parent != nil {
		for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
			nodes = append(nodes, n)
		}
	}
	lvl := 1
	if len(base) > 0 {
		lvl = base[0]
	}
	var out []Node
	for _, n := range nodes {
		out = append(out, rs.node(p, n, lvl)...)
	}
	return out
}

func (rs *resolver) node(p *content.Page, n ast.Node, base int) []Node {
	src := p.Doc.Source
	line := p.Doc.NodeLine(n)
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return []Node{{Kind: Paragraph, Inlines: rs.inlines(n, src, Inline{}), Line: line}}
	case *ast.Heading:
		lv := n.Level - base
		if lv < 1 {
			lv = 1
		}
		return []Node{{Kind: Heading, Level: lv, Inlines: rs.inlines(n, src, Inline{}), Line: line}}
	case *ast.List:
		l := Node{Kind: List, Ordered: n.IsOrdered(), Line: line}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			var item []Node
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				item = append(item, rs.node(p, c, base)...)
			}
			l.Items = append(l.Items, item)
		}
		return []Node{l}
	case *east.Table:
		t := Node{Kind: Table, Line: line}
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []Cell
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, Cell(rs.inlines(c, src, Inline{})))
			}
			if _, ok := r.(*east.TableHeader); ok {
				t.Header = cells
			} else {
				t.Rows = append(t.Rows, cells)
			}
		}
		return []Node{t}
	case *ast.Blockquote:
		var out []Node
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			out = append(out, rs.node(p, c, base)...)
		}
		return out
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		return []Node{{Kind: Paragraph, Inlines: []Inline{{Text: strings.TrimRight(lf(b.String()), "\n"), Code: true}}, Line: line}}
	}
	return nil
}

// inlines flattens inline children into styled runs, merging neighbours of
// the same style so writers see few, long runs.
func (rs *resolver) inlines(n ast.Node, src []byte, style Inline) []Inline {
	var out []Inline
	add := func(in Inline) {
		if in.Text == "" {
			return
		}
		if k := len(out) - 1; k >= 0 {
			last := out[k]
			if last.Bold == in.Bold && last.Italic == in.Italic && last.Code == in.Code && last.Link == in.Link {
				out[k].Text += in.Text
				return
			}
		}
		out = append(out, in)
	}
	var walk func(n ast.Node, st Inline)
	walk = func(n ast.Node, st Inline) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				in := st
				v := lf(string(t.Segment.Value(src)))
				switch {
				case st.Code:
					// Code spans are literal; goldmark keeps a line break
					// inside one as its trailing newline.
					in.Text = strings.TrimSuffix(v, "\n")
					if len(in.Text) < len(v) {
						in.Text += " "
					}
				case t.IsRaw():
					in.Text = v
				default:
					in.Text = plainText(v)
				}
				if t.SoftLineBreak() || t.HardLineBreak() {
					in.Text += " "
				}
				add(in)
			case *ast.String:
				in := st
				switch {
				case t.IsCode():
					// The typographer's substitutions (curly quotes,
					// dashes, ellipses) are HTML entities.
					in.Text = html.UnescapeString(string(t.Value))
				case t.IsRaw():
					in.Text = string(t.Value)
				default:
					in.Text = plainText(string(t.Value))
				}
				add(in)
			case *ast.Emphasis:
				s := st
				if t.Level >= 2 {
					s.Bold = true
				} else {
					s.Italic = true
				}
				walk(t, s)
			case *ast.CodeSpan:
				s := st
				s.Code = true
				walk(t, s)
			case *ast.Link:
				s := st
				// goldmark keeps a destination as written; its HTML
				// renderer resolves backslash escapes and entity references,
				// and a kit's link must lead to the same place.
				s.Link = rs.absURL(string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(t.Destination)))))
				walk(t, s)
			case *ast.AutoLink:
				in := st
				in.Text = string(t.Label(src))
				in.Link = rs.absURL(string(t.URL(src)))
				add(in)
			case *ast.Image:
				in := st
				in.Text = rs.plain(t, src)
				add(in)
			default:
				walk(c, st)
			}
		}
	}
	walk(n, style)
	if k := len(out) - 1; k >= 0 {
		out[k].Text = strings.TrimRight(out[k].Text, " ")
	}
	return out
}

// plain returns the text of n's inline children as a reader sees it,
// without styles or links: a heading's text, an image's alt text.
func (rs *resolver) plain(n ast.Node, src []byte) string {
	var b strings.Builder
	for _, in := range rs.inlines(n, src, Inline{}) {
		b.WriteString(in.Text)
	}
	return b.String()
}

// plainText turns the source of Markdown text into the characters a reader
// sees: backslash escapes and entity and character references resolved, as
// goldmark's HTML writer does. Kit writers get plain Unicode, so the PDF
// draws it as it is and the kit page escapes it exactly once.
func plainText(v string) string {
	if !strings.ContainsAny(v, "\\&\x00") {
		return v
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	// goldmark's writer resolves escapes and references and writes
	// HTML; unescaping that HTML leaves exactly the characters it meant.
	ghtml.DefaultWriter.Write(w, []byte(v))
	w.Flush()
	return html.UnescapeString(b.String())
}

// absURL makes a site link absolute, since a PDF has no base URL.
func (rs *resolver) absURL(dest string) string {
	if strings.HasPrefix(dest, "/") {
		return strings.TrimSuffix(rs.cfg.BaseURL, "/") + dest
	}
	return dest
}
