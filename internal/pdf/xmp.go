package pdf

import (
	"strings"
	"text/template"
	"time"
)

// xmpTemplate is the XMP metadata of a kit. PDF/UA-1 requires the
// pdfuaid:part entry and a dc:title; the rest repeats the document
// information dictionary fpdf writes, so that both say the same.
var xmpTemplate = template.Must(template.New("xmp").Parse(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{{.Title}}</rdf:li></rdf:Alt></dc:title>
{{- if .Author}}
<dc:creator><rdf:Seq><rdf:li>{{.Author}}</rdf:li></rdf:Seq></dc:creator>
{{- end}}
{{- if .Subject}}
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{{.Subject}}</rdf:li></rdf:Alt></dc:description>
{{- end}}
<dc:language><rdf:Bag><rdf:li>{{.Lang}}</rdf:li></rdf:Bag></dc:language>
{{- if .Keywords}}
<pdf:Keywords>{{.Keywords}}</pdf:Keywords>
{{- end}}
<pdf:Producer>kitgen</pdf:Producer>
<xmp:CreatorTool>kitgen</xmp:CreatorTool>
<xmp:CreateDate>{{.Date}}</xmp:CreateDate>
<xmp:ModifyDate>{{.Date}}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`))

// xmp returns the kit's XMP metadata packet.
func (t *tagged) xmp() string {
	var b strings.Builder
	// text/template escapes nothing; every value is escaped for XML here.
	esc := func(s string) string {
		var e strings.Builder
		xmlEscape(&e, s)
		return e.String()
	}
	xmpTemplate.Execute(&b, map[string]string{
		"Title": esc(t.title), "Author": esc(t.author), "Subject": esc(t.subject), "Keywords": esc(t.keywords),
		"Lang": esc(t.lang), "Date": t.date.UTC().Format(time.RFC3339),
	})
	return b.String()
}

// xmlEscape writes s with the characters XML reserves escaped, and
// without the control characters XML 1.0 cannot hold.
func xmlEscape(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r < ' ' && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
}
