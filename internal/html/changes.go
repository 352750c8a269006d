package html

import (
	"html/template"
	"strings"

	"github.com/kitgen/kitgen/internal/worddiff"
)

// contextWords is how many unchanged words the changelog shows on each
// side of a change, so a reader sees where in the section it is.
const contextWords = 4

// Details is what the changelog and the feed say about a version beyond
// which pages changed: the editor's change note, and per quoted section
// the words removed and added. Removed words are <del> and added ones
// <ins>, struck through and underlined, with "removed:" and "added:" for
// screen readers, so the change reads the same without colour.
func (c Change) Details() template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	if c.Note != "" {
		b.WriteString(`<p class="change-note"><strong>Why:</strong> ` + esc(c.Note) + "</p>")
	}
	if len(c.Sections) > 0 {
		b.WriteString(`<dl class="word-changes">`)
		for _, s := range c.Sections {
			b.WriteString("<dt>" + esc(s.Title) + "</dt><dd>")
			switch {
			case s.Added:
				b.WriteString("New in this version.")
			case s.Removed:
				b.WriteString("No longer in the kit.")
			default:
				wordChanges(&b, s.Ops)
			}
			b.WriteString("</dd>")
		}
		b.WriteString("</dl>")
	}
	return template.HTML(b.String())
}

// wordChanges writes a section's changes with a few unchanged words
// around each, eliding the rest.
func wordChanges(b *strings.Builder, ops []worddiff.Op) {
	esc := template.HTMLEscapeString
	pieces := make([]string, 0, len(ops))
	for i, o := range ops {
		switch o.Kind {
		case worddiff.Removed:
			pieces = append(pieces, `<del><span class="visually-hidden">removed: </span>`+esc(o.Text())+"</del>")
		case worddiff.Added:
			pieces = append(pieces, `<ins><span class="visually-hidden">added: </span>`+esc(o.Text())+"</ins>")
		default:
			w := o.Words
			first, last := i == 0, i == len(ops)-1
			switch {
			case first && len(w) > contextWords:
				pieces = append(pieces, "… "+esc(strings.Join(w[len(w)-contextWords:], " ")))
			case last && len(w) > contextWords:
				pieces = append(pieces, esc(strings.Join(w[:contextWords], " "))+" …")
			case !first && !last && len(w) > 2*contextWords:
				pieces = append(pieces, esc(strings.Join(w[:contextWords], " "))+" … "+esc(strings.Join(w[len(w)-contextWords:], " ")))
			default:
				pieces = append(pieces, esc(o.Text()))
			}
		}
	}
	b.WriteString(strings.Join(pieces, " "))
}
