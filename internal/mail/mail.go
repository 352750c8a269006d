// Package mail writes e-mail messages as RFC 5322 files (.eml) with MIME
// bodies, byte for byte the same for the same message: no clock, no
// random boundary, no map order. A draft carries X-Unsent: 1, which
// Outlook, Thunderbird and Apple Mail read as "open this to edit and
// send" rather than as a message received.
package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one e-mail.
type Message struct {
	From        *mail.Address // nil leaves it to the mail client
	To          []*mail.Address
	Subject     string
	Date        time.Time
	MessageID   string // without angle brackets: id@domain
	Text        string // the plain-text body
	HTML        string // the HTML body, a whole document
	Attachments []Attachment
	// Draft adds X-Unsent: 1.
	Draft bool
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name string // file name, as the recipient saves it
	Type string // media type, e.g. application/pdf
	Data []byte
}

// Bytes writes the message: headers, then multipart/mixed holding a
// multipart/alternative (plain text, then HTML) and the attachments; or
// just the alternative when there are none. Lines end in CRLF and none is
// longer than 78 characters: bodies are quoted-printable and attachments
// base64 in lines of 76.
func (m *Message) Bytes() []byte {
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name + ": " + value)) }
	header("Date", m.Date.Format(time.RFC1123Z))
	if m.From != nil {
		header("From", m.From.String())
	}
	if len(m.To) > 0 {
		to := make([]string, len(m.To))
		for i, a := range m.To {
			to[i] = a.String()
		}
		header("To", strings.Join(to, ", "))
	}
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Message-ID", "<"+m.MessageID+">")
	header("MIME-Version", "1.0")
	if m.Draft {
		header("X-Unsent", "1")
	}

	alt := m.alternative()
	if len(m.Attachments) == 0 {
		header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": alt.boundary}))
		b.WriteString("\r\n")
		b.Write(alt.body)
		return b.Bytes()
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	bound := boundary("mixed", alt.body, m.Attachments)
	if err := w.SetBoundary(bound); err != nil {
		panic(err) // boundary makes only valid boundaries
	}
	part, _ := w.CreatePart(textproto.MIMEHeader{"Content-Type": {mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": alt.boundary})}})
	part.Write(alt.body)
	for _, a := range m.Attachments {
		part, _ := w.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(a.Type, map[string]string{"name": a.Name})},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
			"Content-Transfer-Encoding": {"base64"},
		})
		part.Write(base64Lines(a.Data))
	}
	w.Close()
	header("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": bound}))
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes()
}

type alternative struct {
	boundary string
	body     []byte
}

// alternative writes the plain-text and HTML bodies as the parts of a
// multipart/alternative, plain text first, as RFC 2046 orders them (the
// last part a client can show is the one it shows).
func (m *Message) alternative() alternative {
	text, html := qp(m.Text), qp(m.HTML)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	bound := boundary("alt", append(text, html...), nil)
	if err := w.SetBoundary(bound); err != nil {
		panic(err)
	}
	for _, p := range []struct {
		typ  string
		data []byte
	}{{"text/plain", text}, {"text/html", html}} {
		part, _ := w.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(p.typ, map[string]string{"charset": "utf-8"})},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		part.Write(p.data)
	}
	w.Close()
	return alternative{boundary: bound, body: body.Bytes()}
}

// boundary is a multipart boundary made from what it separates, so the
// same message has the same bytes. It starts with "=_", which can appear
// neither in quoted-printable text (a literal "=" is written "=3D") nor in
// base64, so it never occurs inside a part.
func boundary(kind string, data []byte, atts []Attachment) string {
	h := sha256.New()
	h.Write(data)
	for _, a := range atts {
		h.Write([]byte(a.Name))
		h.Write(a.Data)
	}
	return "=_kitgen_" + kind + "_" + hex.EncodeToString(h.Sum(nil)[:12])
}

// qp encodes text as quoted-printable with CRLF line ends.
func qp(s string) []byte {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// base64Lines encodes data as base64 in lines of 76 characters (RFC 2045),
// each ending in CRLF.
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	if enc != "" {
		b.WriteString(enc + "\r\n")
	}
	return b.Bytes()
}

// fold writes a header line, folded at spaces so no line is longer than
// 78 characters where a space allows (RFC 5322 section 2.2.3), ending in
// CRLF.
func fold(line string) string {
	const limit = 78
	var b strings.Builder
	for len(line) > limit {
		i := strings.LastIndexByte(line[:limit], ' ')
		if i <= 0 {
			// No space before the limit: break at the next one, if any.
			j := strings.IndexByte(line[limit:], ' ')
			if j < 0 {
				break
			}
			i = limit + j
		}
		b.WriteString(line[:i] + "\r\n")
		line = line[i:] // the space starts the continuation line
	}
	b.WriteString(line + "\r\n")
	return b.String()
}

// MessageID is a fixed Message-ID for a draft, local@domain, with the
// local part made from parts (a kit id, its version, the message's id)
// so drafts of the same release have the same ids.
func MessageID(domain string, parts ...string) string {
	local := strings.Join(parts, ".")
	var b strings.Builder
	for _, r := range local {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.", r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	if domain == "" {
		domain = "kitgen.invalid"
	}
	return strings.Trim(b.String(), ".") + "@" + domain
}
