package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Parsed is a message as Go's net/mail and mime/multipart read it.
type Parsed struct {
	Header      mail.Header
	Subject     string // decoded
	Text, HTML  string // decoded bodies
	Attachments map[string][]byte
	Types       []string // media types of the parts, in order
}

// Read parses an .eml file with the standard library's readers, failing
// the test on anything they reject.
func Read(t *testing.T, data []byte) *Parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("net/mail: %v", err)
	}
	p := &Parsed{Header: m.Header, Attachments: map[string][]byte{}}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	var walk func(ctype string, body io.Reader, header map[string][]string)
	walk = func(ctype string, body io.Reader, header map[string][]string) {
		mt, params, err := mime.ParseMediaType(ctype)
		if err != nil {
			t.Fatalf("Content-Type %q: %v", ctype, err)
		}
		p.Types = append(p.Types, mt)
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				part, err := r.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatalf("%s: %v", mt, err)
				}
				walk(part.Header.Get("Content-Type"), decoded(t, part), part.Header)
			}
		}
		data, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("%s: %v", mt, err)
		}
		_, disp, _ := mime.ParseMediaType(first(header["Content-Disposition"]))
		switch {
		case disp["filename"] != "":
			p.Attachments[disp["filename"]] = data
		case mt == "text/plain":
			p.Text = string(data)
		case mt == "text/html":
			p.HTML = string(data)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Body, nil)
	return p
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// decoded undoes a part's Content-Transfer-Encoding.
func decoded(t *testing.T, part *multipart.Part) io.Reader {
	switch enc := strings.ToLower(part.Header.Get("Content-Transfer-Encoding")); enc {
	case "quoted-printable":
		return quotedPrintableReader(part)
	case "base64":
		return base64Reader(part)
	case "", "7bit", "8bit":
		return part
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", enc)
		return nil
	}
}

// Python reads an .eml with Python's email package (testdata/read_eml.py).
// It skips when python3 is missing, unless KITGEN_REQUIRE_TOOLS is set.
func Python(t *testing.T, eml string) map[string]any {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("KITGEN_REQUIRE_TOOLS") != "" {
			t.Fatal("python3 is not installed, and KITGEN_REQUIRE_TOOLS is set")
		}
		t.Skip("python3 is not installed")
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "read_eml.py"))
	out, err := exec.Command(py, script, eml).Output()
	if err != nil {
		t.Fatalf("python email: %v", err)
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("python email output: %v", err)
	}
	return v
}

func sample() *Message {
	pdf := bytes.Repeat([]byte("%PDF-1.7 binary \x00\xff\xfe content "), 400)
	return &Message{
		From:        &mail.Address{Name: "Clínica Lakeshore — Intake", Address: "intake@test.example"},
		To:          []*mail.Address{{Name: "North Shore Family Medicine", Address: "office@northshore.example"}},
		Subject:     "Información: Cardiology referral kit, version 3, effective 2026-05-01 — a subject long enough to fold",
		Date:        time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
		MessageID:   MessageID("partners.test.example", "cardiology", "v3", "kit-cover"),
		Text:        "Dear team,\n\nCall (555) 555-0100 — we answer 8–5.\nA line with = signs and a very long sentence that goes well past seventy-six characters to make quoted-printable wrap it.\n",
		HTML:        "<!DOCTYPE html>\n<html lang=\"en\"><body style=\"margin:0\"><p style=\"margin:0\">Dear team, café ≥ 5</p></body></html>\n",
		Attachments: []Attachment{{Name: "cardiology-v3.pdf", Type: "application/pdf", Data: pdf}},
		Draft:       true,
	}
}

// TestMessageReadBack writes a message and reads it back with Go's
// readers: the headers, the decoded subject, both bodies and the
// attachment's bytes must be what was written.
func TestMessageReadBack(t *testing.T) {
	m := sample()
	data := m.Bytes()
	p := Read(t, data)
	if p.Subject != m.Subject {
		t.Errorf("subject %q, want %q", p.Subject, m.Subject)
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
	if got := p.Attachments["cardiology-v3.pdf"]; !bytes.Equal(got, m.Attachments[0].Data) {
		t.Errorf("attachment: %d bytes back, %d written, or different", len(got), len(m.Attachments[0].Data))
	}
	want := []string{"multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"}
	if strings.Join(p.Types, " ") != strings.Join(want, " ") {
		t.Errorf("structure %v, want %v", p.Types, want)
	}
	checkLines(t, data)
}

// checkLines checks the transport rules: every line ends in CRLF, none is
// longer than 78 characters, and the bytes are 7-bit.
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("the message does not end with CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 78 {
			t.Errorf("line %d is %d characters: %q", i+1, len(line), line)
		}
		for _, c := range line {
			if c >= 0x80 {
				t.Fatalf("line %d has a non-ASCII byte: %q", i+1, line)
			}
		}
	}
}

// TestMessagePython reads the same message with Python's email package.
func TestMessagePython(t *testing.T) {
	m := sample()
	file := filepath.Join(t.TempDir(), "m.eml")
	if err := os.WriteFile(file, m.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	v := Python(t, file)
	if d := v["defects"].([]any); len(d) > 0 {
		t.Errorf("Python reports defects: %v", d)
	}
	h := v["headers"].(map[string]any)
	if h["Subject"] != m.Subject || h["X-Unsent"] != "1" || h["Message-ID"] != "<"+m.MessageID+">" {
		t.Errorf("headers as Python reads them: %v", h)
	}
	if !strings.Contains(h["From"].(string), "Clínica Lakeshore — Intake") {
		t.Errorf("From as Python reads it: %v", h["From"])
	}
	// Python keeps the CRLF line ends of the transport; a client shows lines.
	if strings.ReplaceAll(v["text"].(string), "\r\n", "\n") != m.Text {
		t.Errorf("text body as Python reads it: %q", v["text"])
	}
	if strings.ReplaceAll(v["html"].(string), "\r\n", "\n") != m.HTML {
		t.Errorf("HTML body as Python reads it: %q", v["html"])
	}
	atts := v["attachments"].([]any)
	sum := sha256.Sum256(m.Attachments[0].Data)
	if len(atts) != 1 {
		t.Fatalf("attachments: %v", atts)
	}
	a := atts[0].(map[string]any)
	if a["name"] != "cardiology-v3.pdf" || a["type"] != "application/pdf" || a["sha256"] != hex.EncodeToString(sum[:]) {
		t.Errorf("attachment as Python reads it: %v", a)
	}
}

// TestMessageOptional checks the absent and empty cases: no From, no To,
// no attachments (a multipart/alternative alone), not a draft, an ASCII
// subject (not encoded), empty bodies.
func TestMessageOptional(t *testing.T) {
	m := &Message{Subject: "Plain subject", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MessageID: MessageID("", "x")}
	data := m.Bytes()
	p := Read(t, data)
	for _, k := range []string{"From", "To", "X-Unsent"} {
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
