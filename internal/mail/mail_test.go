package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/mail/mailtest"
)

func read(t *testing.T, data []byte) *mailtest.Parsed {
	t.Helper()
	p, err := mailtest.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sample() *Message {
	pdf := bytes.Repeat([]byte("%PDF-1.7 binary \x00\xff\xfe content "), 400)
	return &Message{
		From:        &mail.Address{Name: "Clínica Lakeshore Specialty Partners de Chicago — Referral Intake", Address: "intake@test.example"},
		To:          []*mail.Address{{Name: "North Shore Family Medicine", Address: "office@northshore.example"}},
		Subject:     "Información: Cardiology referral kit, version 3, effective 2026-05-01 — a subject long enough to fold",
		Date:        time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
		MessageID:   MessageID("partners.test.example", "cardiology", "v3", "kit-cover"),
		Text:        "Dear team,\n\nCall (555) 555-0100 — we answer 8–5.\nA line with = signs and a very long sentence that goes well past seventy-six characters to make quoted-printable wrap it.\n",
		HTML:        "<!DOCTYPE html>\n<html lang=\"en\"><body style=\"margin:0\"><p style=\"margin:0\">Dear team, café ≥ 5</p></body></html>\n",
		Attachments: []Attachment{{Name: "cardiology-v3.pdf", Type: "application/pdf", Data: pdf}},
		Draft:       true,
		Language:    "es-US",
	}
}

// TestMessageReadBack writes a message and reads it back with Go's
// readers: the headers, the decoded subject, both bodies and the
// attachment's bytes must be what was written.
func TestMessageReadBack(t *testing.T) {
	m := sample()
	data := m.Bytes()
	p := read(t, data)
	if p.Subject != m.Subject {
		t.Errorf("subject %q, want %q", p.Subject, m.Subject)
	}
	if got := p.Header.Get("Content-Language"); got != "es-US" {
		t.Errorf("Content-Language %q, want es-US", got)
	}
	from, err := p.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != m.From.Name || from[0].Address != m.From.Address {
		t.Errorf("From %v (%v), want %v", from, err, m.From)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "office@northshore.example" {
		t.Errorf("To %v (%v)", to, err)
	}
	if d, err := p.Header.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date %v (%v), want %v", d, err, m.Date)
	}
	for k, want := range map[string]string{"Message-Id": "<cardiology.v3.kit-cover@partners.test.example>", "X-Unsent": "1", "Mime-Version": "1.0"} {
		if got := p.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if got := strings.ReplaceAll(p.Text, "\r\n", "\n"); got != m.Text {
		t.Errorf("text body %q, want %q", got, m.Text)
	}
	if got := strings.ReplaceAll(p.HTML, "\r\n", "\n"); got != m.HTML {
		t.Errorf("HTML body %q, want %q", got, m.HTML)
	}
	if got := p.Attachments["cardiology-v3.pdf"]; got.Type != "application/pdf" || !bytes.Equal(got.Data, m.Attachments[0].Data) {
		t.Errorf("attachment: %s, %d bytes back, %d written, or different", got.Type, len(got.Data), len(m.Attachments[0].Data))
	}
	want := []string{"multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"}
	if strings.Join(p.Types, " ") != strings.Join(want, " ") {
		t.Errorf("structure %v, want %v", p.Types, want)
	}
	checkLines(t, data)
}

// checkLines fails on every break of the transport rules (see
// mailtest.LineProblems).
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	for _, p := range mailtest.LineProblems(data) {
		t.Error(p)
	}
}

// TestMessagePython reads the same message with Python's email package.
func TestMessagePython(t *testing.T) {
	m := sample()
	file := filepath.Join(t.TempDir(), "m.eml")
	if err := os.WriteFile(file, m.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	v := mailtest.ReadPython(t, file)[0]
	if len(v.Defects) > 0 {
		t.Errorf("Python reports defects: %v", v.Defects)
	}
	h := v.Headers
	if h["Subject"] != m.Subject || h["X-Unsent"] != "1" || h["Message-ID"] != "<"+m.MessageID+">" || h["Content-Language"] != "es-US" {
		t.Errorf("headers as Python reads them: %v", h)
	}
	if !strings.Contains(h["From"], "Clínica Lakeshore Specialty Partners de Chicago — Referral Intake") {
		t.Errorf("From as Python reads it: %v", h["From"])
	}
	// Python keeps the CRLF line ends of the transport; a client shows lines.
	if strings.ReplaceAll(v.Text, "\r\n", "\n") != m.Text {
		t.Errorf("text body as Python reads it: %q", v.Text)
	}
	if strings.ReplaceAll(v.HTML, "\r\n", "\n") != m.HTML {
		t.Errorf("HTML body as Python reads it: %q", v.HTML)
	}
	sum := sha256.Sum256(m.Attachments[0].Data)
	if len(v.Attachments) != 1 {
		t.Fatalf("attachments: %v", v.Attachments)
	}
	if a := v.Attachments[0]; a.Name != "cardiology-v3.pdf" || a.Type != "application/pdf" || a.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("attachment as Python reads it: %+v", a)
	}
}

// TestMessageOptional checks the absent and empty cases: no From, no To,
// no attachments (a multipart/alternative alone), not a draft, an ASCII
// subject (not encoded), empty bodies.
func TestMessageOptional(t *testing.T) {
	m := &Message{Subject: "Plain subject", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MessageID: MessageID("", "x")}
	data := m.Bytes()
	p := read(t, data)
	for _, k := range []string{"From", "To", "X-Unsent", "Content-Language"} {
		if v, ok := p.Header[k]; ok {
			t.Errorf("%s: %q, want no such header", k, v)
		}
	}
	if got := p.Header.Get("Subject"); got != "Plain subject" {
		t.Errorf("an ASCII subject was encoded: %q", got)
	}
	if got := p.Header.Get("Message-Id"); got != "<x@kitgen.invalid>" {
		t.Errorf("Message-ID %q", got)
	}
	if strings.Join(p.Types, " ") != "multipart/alternative text/plain text/html" || p.Text != "" || p.HTML != "" || len(p.Attachments) != 0 {
		t.Errorf("got %v, text %q, HTML %q, %d attachments", p.Types, p.Text, p.HTML, len(p.Attachments))
	}
	checkLines(t, data)
}

// TestMessageDeterministic checks that the same message gives the same
// bytes, and that a different attachment changes the boundaries.
func TestMessageDeterministic(t *testing.T) {
	a, b := sample().Bytes(), sample().Bytes()
	if !bytes.Equal(a, b) {
		t.Fatal("the same message gave different bytes")
	}
	m := sample()
	m.Attachments[0].Data = []byte("other")
	if bytes.Equal(a, m.Bytes()) {
		t.Fatal("a different attachment gave the same bytes")
	}
}

func TestMessageIDLocalPart(t *testing.T) {
	for in, want := range map[string]string{
		"cardiology v3": "cardiology-v3@d.example",
		"..a.b..":       "a.b@d.example",
		"José<x>":       "Jos--x-@d.example",
	} {
		if got := MessageID("d.example", in); got != want {
			t.Errorf("MessageID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFold checks header folding: at the last space that keeps a line
// within 78 characters, the whole value on a line of its own when none
// does (a long Message-ID), and a line with no space left as it is.
func TestFold(t *testing.T) {
	id := "Message-ID: <gastroenterology.v6.kit-cover@partners.lakeshore-specialty.example>"
	words := "Subject: " + strings.Repeat("word ", 20) + "end"
	solid := "X-Long:" + strings.Repeat("x", 90)
	for _, c := range []struct{ in, want string }{
		{"Date: Mon, 02 Mar 2026 00:00:00 +0000", "Date: Mon, 02 Mar 2026 00:00:00 +0000\r\n"},
		{id, "Message-ID:\r\n <gastroenterology.v6.kit-cover@partners.lakeshore-specialty.example>\r\n"},
		{words, "Subject: " + strings.Repeat("word ", 13) + "word\r\n " + strings.Repeat("word ", 6) + "end\r\n"},
		{solid, solid + "\r\n"},
		{"", "\r\n"},
	} {
		got := fold(c.in)
		if got != c.want {
			t.Errorf("fold(%q) =\n%q\nwant\n%q", c.in, got, c.want)
		}
		if unfolded := strings.ReplaceAll(strings.TrimSuffix(got, "\r\n"), "\r\n", ""); unfolded != c.in {
			t.Errorf("fold(%q) unfolds to %q", c.in, unfolded)
		}
	}
}
