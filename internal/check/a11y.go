package check

import (
	"bytes"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// vagueLinkText is link text that says nothing about the destination;
// screen reader users often navigate by a list of links, where "here"
// repeated ten times is useless (WCAG 2.4.4).
var vagueLinkText = map[string]bool{
	"click here": true, "here": true, "read more": true, "more": true, "link": true,
	"this link": true, "click": true, "learn more": true, "more info": true, "this": true,
}

// checkA11y reports images without alt text, links without meaningful
// text, and heading levels that skip: the page title is the h1, so a body
// starts at ## and goes down one level at a time.
func checkA11y(p *content.Page, links []content.Link, diags *diag.List) {
	prev := 1
	for _, h := range p.Doc.Headings {
		switch {
		case h.Level == 1:
			diags.Warnf(p.File, h.Line, 1, diag.RuleA11y, "heading %q is a second h1: the page title is the page's h1; make this a ## heading", h.Text)
		case h.Level > prev+1:
			diags.Warnf(p.File, h.Line, 1, diag.RuleA11y, "heading %q skips from h%d to h%d, which breaks the outline screen readers navigate by; make it %s",
				h.Text, prev, h.Level, strings.Repeat("#", prev+1))
		}
		prev = h.Level
	}
	for _, l := range links {
		text := strings.TrimSpace(l.Text)
		switch {
		case l.Image && text == "":
			diags.Errorf(p.File, l.Line, l.Col, diag.RuleA11y, "image %s has no alt text; describe what it shows for readers who cannot see it: ![Entrance of the Loop office](%s)", l.Dest, l.Dest)
		case l.Image:
		case text == "":
			diags.Errorf(p.File, l.Line, l.Col, diag.RuleA11y, "link to %s has no text, so screen readers announce nothing; write where it goes between the brackets", l.Dest)
		case vagueLinkText[strings.ToLower(strings.Trim(text, " .:!…→»"))]:
			diags.Warnf(p.File, l.Line, l.Col, diag.RuleA11y, "link text %q does not say where the link goes; name the destination instead, e.g. [cardiology referral guide](%s)", text, l.Dest)
		}
	}
}

// placeLinks returns p's links with positions for those without text.
// goldmark gives a link or image with no text nothing to take a position
// from, so the model places it at the start of its paragraph; the
// brackets are found in the source from there, each search continuing
// after the last, so the work stays linear and repeated links each get
// their own position. It needs the source, so only Page can use it.
func placeLinks(p *content.Page) []content.Link {
	links := p.Doc.Links
	src := p.Doc.Source
	var out []content.Link
	line, off, from := p.BodyLine, 0, 0
	for i, l := range links {
		if l.Text != "" || src == nil {
			continue
		}
		if out == nil {
			out = append([]content.Link(nil), links...)
		}
		for line < l.Line { // advance to the start of l's paragraph
			k := bytes.IndexByte(src[off:], '\n')
			if k < 0 {
				break
			}
			off += k + 1
			line++
		}
		start := max(off, from)
		k := bytes.Index(src[start:], []byte("[]("+l.Dest))
		if k < 0 {
			continue
		}
		at := start + k
		from = at + 3 + len(l.Dest)
		if l.Image && at > 0 && src[at-1] == '!' {
			at--
		}
		out[i].Line, out[i].Col = p.Doc.Pos(at)
	}
	if out == nil {
		return links
	}
	return out
}
