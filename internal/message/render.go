package message

import (
	"html"
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/kit"
)

// Text writes filled nodes as the plain-text body of an e-mail: one
// paragraph per line, a blank line between blocks, lists with "-" or
// "1.", a link's address after its text unless the text is the address.
func Text(ns []kit.Node) string {
	var b strings.Builder
	textNodes(&b, ns, "")
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func textNodes(b *strings.Builder, ns []kit.Node, indent string) {
	for _, n := range ns {
		switch n.Kind {
		case kit.Paragraph:
			b.WriteString(indent + textInlines(n.Inlines) + "\n\n")
		case kit.Heading:
			t := textInlines(n.Inlines)
			b.WriteString(indent + t + "\n")
			if n.Level <= 1 {
				b.WriteString(indent + strings.Repeat("=", len([]rune(t))) + "\n\n")
			} else {
				b.WriteString(indent + strings.Repeat("-", len([]rune(t))) + "\n\n")
			}
		case kit.List:
			for i, it := range n.Items {
				mark := "- "
				if n.Ordered {
					mark = strconv.Itoa(i+1) + ". "
				}
				var item strings.Builder
				textNodes(&item, it, "")
				lines := strings.Split(strings.TrimRight(item.String(), "\n"), "\n")
				for j, l := range lines {
					switch {
					case j == 0:
						b.WriteString(indent + mark + l + "\n")
					case l == "":
					default:
						b.WriteString(indent + strings.Repeat(" ", len(mark)) + l + "\n")
					}
				}
			}
			b.WriteString("\n")
		case kit.Table:
			row := func(cells []kit.Cell) {
				parts := make([]string, len(cells))
				for i, c := range cells {
					parts[i] = textInlines(c)
				}
				b.WriteString(indent + strings.Join(parts, " | ") + "\n")
			}
			row(n.Header)
			for _, r := range n.Rows {
				row(r)
			}
			b.WriteString("\n")
		}
	}
}

func textInlines(ins []kit.Inline) string {
	var b strings.Builder
	for _, in := range ins {
		b.WriteString(in.Text)
		if l := in.Link; safeLink(l) && l != in.Text && !strings.HasPrefix(l, "tel:") && l != "mailto:"+in.Text {
			b.WriteString(" <" + l + ">")
		}
	}
	return b.String()
}

// The HTML body's styles are inline: mail clients drop <style> elements
// and never load a stylesheet, and an HTML body loads nothing remote.
const (
	styleBody  = "margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;background-color:#ffffff"
	styleP     = "margin:0 0 12px 0"
	styleH1    = "margin:20px 0 8px 0;font-size:18px;line-height:1.3"
	styleH2    = "margin:16px 0 8px 0;font-size:16px;line-height:1.3"
	styleList  = "margin:0 0 12px 0;padding-left:24px"
	styleTable = "border-collapse:collapse;margin:0 0 12px 0"
	styleCell  = "border:1px solid #b0b0b0;padding:4px 8px;text-align:left;vertical-align:top"
	styleLink  = "color:#0b4f8a;text-decoration:underline"
	// styleTel keeps a phone number on one line, as kits print it.
	styleTel  = styleLink + ";white-space:nowrap"
	styleCode = "font-family:Consolas,Menlo,monospace;font-size:14px"
	// styleBlank marks what staff must fill in before sending, so it is
	// not missed.
	styleBlank = "background-color:#fff1a8;color:#1a1a1a"
)

// HTML writes filled nodes as the HTML body of an e-mail, a whole
// document titled with the subject, in language lang; role is what a
// screen reader calls the message, in that language ("email").
func HTML(subject, lang, role string, ns []kit.Node) string {
	var b strings.Builder
	if lang == "" {
		lang = "en"
	}
	b.WriteString(`<!DOCTYPE html>` + "\n" + `<html lang="` + html.EscapeString(lang) + `">` + "\n")
	b.WriteString(`<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>` + html.EscapeString(subject) + "</title></head>\n")
	// Webmail drops the <html> and <body> of a message, with their lang
	// and styles, so a wrapper carries them again; its role tells screen
	// readers where the message starts and ends.
	b.WriteString(`<body style="margin:0;padding:0">` + "\n")
	b.WriteString(`<div role="article" aria-roledescription="` + html.EscapeString(role) + `" aria-label="` + html.EscapeString(subject) + `" lang="` + html.EscapeString(lang) + `" style="` + styleBody + `">` + "\n")
	htmlNodes(&b, ns)
	b.WriteString("</div>\n</body>\n</html>\n")
	return b.String()
}

func htmlNodes(b *strings.Builder, ns []kit.Node) {
	for _, n := range ns {
		switch n.Kind {
		case kit.Paragraph:
			b.WriteString(`<p style="` + styleP + `">` + htmlInlines(n.Inlines) + "</p>\n")
		case kit.Heading:
			tag, style := "h2", styleH2
			if n.Level <= 1 {
				tag, style = "h1", styleH1
			}
			b.WriteString("<" + tag + ` style="` + style + `">` + htmlInlines(n.Inlines) + "</" + tag + ">\n")
		case kit.List:
			tag := "ul"
			if n.Ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag + ` style="` + styleList + `">` + "\n")
			for _, it := range n.Items {
				b.WriteString("<li>")
				// A list item of one paragraph is written without the
				// paragraph's margin, as a tight list reads.
				if len(it) == 1 && it[0].Kind == kit.Paragraph {
					b.WriteString(htmlInlines(it[0].Inlines))
				} else {
					htmlNodes(b, it)
				}
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + tag + ">\n")
		case kit.Table:
			b.WriteString(`<table style="` + styleTable + `">` + "\n")
			if len(n.Header) > 0 {
				b.WriteString("<tr>")
				for _, c := range n.Header {
					b.WriteString(`<th scope="col" style="` + styleCell + `">` + htmlInlines(c) + "</th>")
				}
				b.WriteString("</tr>\n")
			}
			for _, row := range n.Rows {
				b.WriteString("<tr>")
				for _, c := range row {
					b.WriteString(`<td style="` + styleCell + `">` + htmlInlines(c) + "</td>")
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
		}
	}
}

func htmlInlines(ins []kit.Inline) string {
	var b strings.Builder
	for _, in := range ins {
		s := blanks(html.EscapeString(in.Text))
		if in.Code {
			s = `<code style="` + styleCode + `">` + s + "</code>"
		}
		if in.Italic {
			s = "<em>" + s + "</em>"
		}
		if in.Bold {
			s = "<strong>" + s + "</strong>"
		}
		if safeLink(in.Link) {
			style := styleLink
			if strings.HasPrefix(in.Link, "tel:") {
				style = styleTel
			}
			s = `<a href="` + html.EscapeString(in.Link) + `" style="` + style + `">` + s + "</a>"
		}
		b.WriteString(s)
	}
	return b.String()
}

// safeLink reports whether a link may be written into an e-mail: web,
// mail and phone addresses only, never javascript: or data:.
func safeLink(l string) bool {
	scheme, _, ok := strings.Cut(strings.ToLower(l), ":")
	return ok && (scheme == "https" || scheme == "http" || scheme == "mailto" || scheme == "tel")
}

// blanks highlights the placeholders left for staff in escaped text.
func blanks(escaped string) string {
	return placeholderRE.ReplaceAllStringFunc(escaped, func(raw string) string {
		return `<span style="` + styleBlank + `">` + raw + "</span>"
	})
}
