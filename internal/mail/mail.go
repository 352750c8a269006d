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
	"mime/quotedprintable"
	"net/mail"
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
	// Language is the language tag of the bodies (Content-Language, RFC
	// 3282), or "" for none.
	Language string
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
		header("From", address(m.From))
	}
	if len(m.To) > 0 {
		to := make([]string, len(m.To))
		for i, a := range m.To {
			to[i] = address(a)
		}
		header("To", strings.Join(to, ", "))
	}
	header("Subject", encodeWords(m.Subject))
	header("Message-ID", "<"+m.MessageID+">")
	header("MIME-Version", "1.0")
	if m.Language != "" {
		header("Content-Language", m.Language)
	}
	if m.Draft {
		header("X-Unsent", "1")
	}

	alt := m.alternative()
	if len(m.Attachments) == 0 {
		header("Content-Type", alt.contentType)
		b.WriteString("\r\n")
		b.Write(alt.body)
		return b.Bytes()
	}
	parts := []part{{header: [][2]string{{"Content-Type", alt.contentType}}, body: alt.body}}
	for _, a := range m.Attachments {
		parts = append(parts, part{header: [][2]string{
			{"Content-Type", mime.FormatMediaType(a.Type, map[string]string{"name": a.Name})},
			{"Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
			{"Content-Transfer-Encoding", "base64"},
		}, body: base64Lines(a.Data)})
	}
	mixed := joinParts("mixed", parts)
	header("Content-Type", mixed.contentType)
	b.WriteString("\r\n")
	b.Write(mixed.body)
	return b.Bytes()
}

// part is one part of a multipart body: its headers, in order, and its
// encoded body, ending in CRLF.
type part struct {
	header [][2]string
	body   []byte
}

// multipartBody is a multipart body and the Content-Type that names its
// boundary.
type multipartBody struct {
	contentType string
	body        []byte
}

// joinParts joins parts with a boundary made from their bytes (RFC 2046
// section 5.1), each part's headers folded like the message's.
func joinParts(subtype string, parts []part) multipartBody {
	h := sha256.New()
	for _, p := range parts {
		for _, kv := range p.header {
			h.Write([]byte(kv[0] + ":" + kv[1] + "\n"))
		}
		h.Write(p.body)
	}
	bound := boundary(subtype, h.Sum(nil))
	var b bytes.Buffer
	for _, p := range parts {
		b.WriteString("--" + bound + "\r\n")
		for _, kv := range p.header {
			b.WriteString(fold(kv[0] + ": " + kv[1]))
		}
		b.WriteString("\r\n")
		b.Write(p.body)
		// The CRLF before a boundary belongs to the boundary (RFC 2046),
		// so a body's own last line end needs one more.
		b.WriteString("\r\n")
	}
	b.WriteString("--" + bound + "--\r\n")
	return multipartBody{contentType: mime.FormatMediaType("multipart/"+subtype, map[string]string{"boundary": bound}), body: b.Bytes()}
}

// alternative writes the plain-text and HTML bodies as the parts of a
// multipart/alternative, plain text first, as RFC 2046 orders them (the
// last part a client can show is the one it shows).
func (m *Message) alternative() multipartBody {
	var parts []part
	for _, p := range []struct{ typ, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		parts = append(parts, part{header: [][2]string{
			{"Content-Type", mime.FormatMediaType(p.typ, map[string]string{"charset": "utf-8"})},
			{"Content-Transfer-Encoding", "quoted-printable"},
		}, body: qp(p.text)})
	}
	return joinParts("alternative", parts)
}

// boundary is a multipart boundary made from a hash of what it
// separates, so the same message has the same bytes. It starts with "=_",
// which can appear neither in quoted-printable text (a literal "=" is
// written "=3D") nor in base64, so it never occurs inside a part.
func boundary(subtype string, sum []byte) string {
	return "=_" + subtype + "_" + hex.EncodeToString(sum[:12])
}

// address writes an address as net/mail does, but a display name that
// needs encoding has only its words that need it encoded, each run of
// them as one encoded-word, so the name folds at its spaces: readers
// disagree about the space between two encoded-words of a name (RFC 2047
// drops it, Python's email package keeps it), and never about the space
// between an encoded-word and a plain one.
func address(a *mail.Address) string {
	s := a.String()
	if a.Name == "" || !strings.HasPrefix(s, "=?") {
		return s
	}
	var out, run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, qWords(strings.Join(run, " ")))
			run = nil
		}
	}
	for _, w := range strings.Split(a.Name, " ") {
		if atom(w) {
			flush()
			out = append(out, w)
		} else {
			run = append(run, w)
		}
	}
	flush()
	return strings.Join(out, " ") + " <" + a.Address + ">"
}

// atom reports whether a word may stand in a display name as it is: RFC
// 5322 atom characters and dots, and nothing a reader would take for an
// encoded-word.
func atom(w string) bool {
	if w == "" || strings.Contains(w, "=?") {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0) {
			return false
		}
	}
	return true
}

// encodeWords writes a header text as it is when it is printable ASCII
// (and holds nothing a reader would take for an encoded-word), and
// otherwise as RFC 2047 encoded-words ("Q" encoding, UTF-8), each
// short enough that a folded line holding one stays under 78 characters
// and none splits a character. Readers join adjacent encoded-words
// without the space between them, so spaces are encoded inside.
func encodeWords(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			ascii = false
			break
		}
	}
	// Plain text that looks like an encoded-word would be decoded by
	// the reader, so it is encoded too.
	if ascii && !strings.Contains(s, "=?") {
		return s
	}
	return qWords(s)
}

// qWords writes s as RFC 2047 encoded-words ("Q" encoding, UTF-8), each
// at most 66 characters, splitting only between characters.
func qWords(s string) string {
	const prefix, suffix, max = "=?utf-8?q?", "?=", 66
	var words []string
	var w strings.Builder
	for _, r := range s {
		var enc strings.Builder
		var buf [4]byte
		for _, c := range []byte(string(r)) {
			switch {
			case c == ' ':
				enc.WriteByte('_')
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!*+-/", c) >= 0:
				enc.WriteByte(c)
			default:
				const hexDigits = "0123456789ABCDEF"
				buf[0], buf[1], buf[2] = '=', hexDigits[c>>4], hexDigits[c&15]
				enc.Write(buf[:3])
			}
		}
		if w.Len() > 0 && len(prefix)+w.Len()+enc.Len()+len(suffix) > max {
			words = append(words, prefix+w.String()+suffix)
			w.Reset()
		}
		w.WriteString(enc.String())
	}
	if w.Len() > 0 {
		words = append(words, prefix+w.String()+suffix)
	}
	return strings.Join(words, " ")
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
	// The space after the header's name is a place to break only when
	// nothing of the value fits on the first line.
	name := strings.IndexByte(line, ' ') + 1
	for len(line) > limit {
		i := strings.LastIndexByte(line[:limit+1], ' ') // a line of limit characters, then the space
		if i <= name {
			// No space in the value before the limit: break at the next
			// one, or else put the whole value on a line of its own (a
			// long Message-ID), or leave a line that cannot be folded.
			j := strings.IndexByte(line[limit:], ' ')
			switch {
			case j >= 0:
				i = limit + j
			case name > 0:
				i = name - 1
			}
			if i <= 0 {
				break
			}
		}
		b.WriteString(line[:i] + "\r\n")
		line = line[i:] // the space starts the continuation line
		name = 0
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
