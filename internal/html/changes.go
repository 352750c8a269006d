package html

import (
	"html/template"
	"strings"
	"sync"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/worddiff"
)

// english is kitgen's shipped English table, for a Change that names no
// table of its own.
var english = sync.OnceValue(func() *i18n.Table {
	return i18n.Load(nil, []string{i18n.Default}, &diag.List{}).For(i18n.Default)
})

// words returns the table of the kit's language (Change.Words), or English.
func (c Change) words() *i18n.Table {
	if c.Words != nil {
		return c.Words
	}
	return english()
}

// contextWords is how many unchanged words the changelog shows on each
// side of a change, so a reader sees where in the section it is.
const contextWords = 4

// Details is what the changelog and the feed say about a version beyond
// which pages changed: the editor's change note, and per quoted section
// the words removed and added. Removed words are <del> and added ones
// <ins>, struck through and underlined, with "removed:" and "added:" for
// screen readers, so the change reads the same without colour. Its words
// are the kit's language's (Change.Words).
func (c Change) Details() template.HTML {
	esc := template.HTMLEscapeString
	tr := c.words()
	var b strings.Builder
	if c.Note != "" {
		b.WriteString(`<p class="change-note"><strong>` + esc(tr.T("change_why")) + "</strong> " + esc(c.Note) + "</p>")
	}
	if len(c.Sections) > 0 {
		b.WriteString(`<dl class="word-changes">`)
		for _, s := range c.Sections {
			b.WriteString("<dt>" + esc(s.Title) + "</dt><dd>")
			switch {
			case s.Added:
				b.WriteString(esc(tr.T("change_new_section")))
			case s.Removed:
				b.WriteString(esc(tr.T("change_removed_section")))
			default:
				wordChanges(&b, s.Ops, tr)
			}
			b.WriteString("</dd>")
		}
		b.WriteString("</dl>")
	}
	return template.HTML(b.String())
}

// wordChanges writes a section's changes with a few unchanged words
// around each, eliding the rest.
func wordChanges(b *strings.Builder, ops []worddiff.Op, tr *i18n.Table) {
	esc := template.HTMLEscapeString
	pieces := make([]string, 0, len(ops))
	for i, o := range ops {
		switch o.Kind {
		case worddiff.Removed:
			pieces = append(pieces, `<del><span class="visually-hidden">`+esc(tr.T("change_removed"))+`</span>`+esc(o.Text())+"</del>")
		case worddiff.Added:
			pieces = append(pieces, `<ins><span class="visually-hidden">`+esc(tr.T("change_added"))+`</span>`+esc(o.Text())+"</ins>")
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
