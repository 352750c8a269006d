package html

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
)

// KitRendition renders a kit as accessible HTML from the same resolved Doc
// the PDF writer reads, so the page and the PDF say the same thing.
// Headings start at h3: the kit page puts the rendition under an h2. Its
// labels are tr's, the translation table of the kit's language.
func KitRendition(d *kit.Doc, tr *i18n.Table) template.HTML {
	var b strings.Builder
	for _, blk := range d.Blocks {
		renditionBlock(&b, blk, tr)
	}
	return template.HTML(b.String())
}

// KitDescription is the meta description of a kit's page: what the kit
// is, for whom, and what the page offers. It leaves the version out, as
// search engines keep descriptions long after a new version is out.
func KitDescription(k *KitRef) string {
	s := "One-page referral kit"
	if k.Audience != "" {
		s += " for " + lowerFirst(k.Audience)
	}
	return s + ": download the current PDF, read it as a web page, and see what changed in each version."
}

// KitsDescription is the meta description of the kits index.
func (w *Writer) KitsDescription() string {
	return "One-page referral kits from " + w.cfg.Title + " to email to referring practices: the current version of each, to download, with a feed of updates."
}

// lowerFirst lowercases the first letter of an audience ("Referring
// primary care clinicians") to continue a sentence, unless the first word
// looks like an acronym or a name ("ICU nurses").
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if len(word) > 1 && strings.ToUpper(word) == word {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func renditionBlock(b *strings.Builder, blk kit.Block, tr *i18n.Table) {
	esc := template.HTMLEscapeString
	dt := func(key string) string { return "<dt>" + esc(tr.T(key)) + "</dt>" }
	switch blk.Kind {
	case kit.Columns:
		b.WriteString(`<div class="kit-columns">`)
		for _, c := range blk.Children {
			b.WriteString("<div>")
			renditionBlock(b, c, tr)
			b.WriteString("</div>")
		}
		b.WriteString("</div>")
		return
	case kit.Urgent:
		b.WriteString(`<div class="urgent">`)
		if blk.Title != "" {
			b.WriteString("<h3>" + esc(blk.Title) + "</h3>")
		}
		nodes(b, blk.Body)
		b.WriteString("</div>")
		return
	}
	if blk.Title != "" {
		b.WriteString("<h3>" + esc(blk.Title) + "</h3>")
	}
	switch blk.Kind {
	case kit.Section:
		nodes(b, blk.Body)
	case kit.ContactBlock:
		c := blk.Contact
		b.WriteString(`<dl class="contact">`)
		if c.Name != "" {
			b.WriteString(dt("location") + "<dd>" + esc(c.Name) + "</dd>")
		}
		if c.Phone != "" {
			b.WriteString(dt("phone") + `<dd><a href="` + esc(string(TelURL(c.Phone))) + `">` + esc(c.Phone) + "</a></dd>")
		}
		if c.Fax != "" {
			b.WriteString(dt("fax") + "<dd>" + esc(c.Fax) + "</dd>")
		}
		if c.FaxCover != "" && safeLink(c.FaxCover) {
			b.WriteString(dt("fax_cover") + `<dd><a href="` + esc(c.FaxCover) + `">` + esc(tr.T("fax_cover")) + " (PDF)</a></dd>")
		}
		if c.EReferral != "" {
			b.WriteString(dt("ereferral") + "<dd>" + esc(c.EReferral) + "</dd>")
		}
		if c.Email != "" {
			b.WriteString(dt("email") + `<dd><a href="mailto:` + esc(c.Email) + `">` + esc(c.Email) + "</a></dd>")
		}
		if len(c.Hours) > 0 {
			b.WriteString(dt("hours") + "<dd>" + joinEsc(c.Hours) + "</dd>")
		}
		if len(c.Address) > 0 {
			b.WriteString(dt("address") + "<dd>" + joinEsc(c.Address) + "</dd>")
		}
		b.WriteString("</dl>")
	case kit.ProviderList:
		b.WriteString("<ul>")
		for _, p := range blk.Providers {
			b.WriteString(`<li><a href="` + esc(p.URL) + `">` + esc(p.Name))
			if p.Credentials != "" {
				b.WriteString(", " + esc(p.Credentials))
			}
			b.WriteString("</a>")
			if p.Role != "" {
				b.WriteString(" — " + esc(p.Role))
			}
			if len(p.Focus) > 0 {
				b.WriteString(". " + esc(tr.T("focus")) + ": " + esc(strings.Join(p.Focus, ", ")))
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	}
}

func joinEsc(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = template.HTMLEscapeString(l)
	}
	return strings.Join(out, "<br>")
}

func nodes(b *strings.Builder, ns []kit.Node) {
	for _, n := range ns {
		switch n.Kind {
		case kit.Paragraph:
			b.WriteString("<p>")
			inlines(b, n.Inlines)
			b.WriteString("</p>")
		case kit.Heading:
			lvl := n.Level + 3
			if lvl > 6 {
				lvl = 6
			}
			tag := "h" + string(rune('0'+lvl))
			b.WriteString("<" + tag + ">")
			inlines(b, n.Inlines)
			b.WriteString("</" + tag + ">")
		case kit.List:
			tag := "ul"
			if n.Ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag + ">")
			for _, it := range n.Items {
				b.WriteString("<li>")
				if len(it) == 1 && it[0].Kind == kit.Paragraph {
					inlines(b, it[0].Inlines)
				} else {
					nodes(b, it)
				}
				b.WriteString("</li>")
			}
			b.WriteString("</" + tag + ">")
		case kit.Table:
			b.WriteString("<table>")
			if len(n.Header) > 0 {
				b.WriteString("<thead><tr>")
				for _, c := range n.Header {
					b.WriteString(`<th scope="col">`)
					inlines(b, c)
					b.WriteString("</th>")
				}
				b.WriteString("</tr></thead>")
			}
			b.WriteString("<tbody>")
			for _, r := range n.Rows {
				b.WriteString("<tr>")
				for _, c := range r {
					b.WriteString("<td>")
					inlines(b, c)
					b.WriteString("</td>")
				}
				b.WriteString("</tr>")
			}
			b.WriteString("</tbody></table>")
		}
	}
}

func inlines(b *strings.Builder, ins []kit.Inline) {
	esc := template.HTMLEscapeString
	for _, in := range ins {
		s := esc(in.Text)
		if in.Code {
			s = "<code>" + s + "</code>"
		}
		if in.Italic {
			s = "<em>" + s + "</em>"
		}
		if in.Bold {
			s = "<strong>" + s + "</strong>"
		}
		if in.Link != "" && safeLink(in.Link) {
			s = `<a href="` + esc(in.Link) + `">` + s + "</a>"
		}
		b.WriteString(s)
	}
}

// safeLink keeps javascript: and other active schemes out of hrefs, as
// html/template would.
func safeLink(u string) bool {
	l := strings.ToLower(u)
	for _, p := range []string{"https:", "http:", "mailto:", "tel:", "/", "#"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return !strings.Contains(l, ":")
}
