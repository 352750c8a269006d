// Package mailtest reads e-mail files back for tests, with two parsers
// that share no code with kitgen's writer: Go's net/mail and
// mime/multipart, and Python's standard email package.
package mailtest

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Parsed is a message as Go's net/mail and mime/multipart read it.
type Parsed struct {
	Header      mail.Header
	Subject     string // decoded
	Text, HTML  string // decoded bodies, line ends as sent (CRLF)
	Attachments map[string]Attachment
	Types       []string // media types of the parts, depth first
}

// Attachment is an attachment as read back.
type Attachment struct {
	Type string // media type
	Data []byte
}

// Read parses an .eml file with the standard library's readers and
// decodes every part.
func Read(data []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("net/mail: %w", err)
	}
	p := &Parsed{Header: m.Header, Attachments: map[string]Attachment{}}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	var walk func(ctype string, body io.Reader, header map[string][]string) error
	walk = func(ctype string, body io.Reader, header map[string][]string) error {
		mt, params, err := mime.ParseMediaType(ctype)
		if err != nil {
			return fmt.Errorf("Content-Type %q: %w", ctype, err)
		}
		p.Types = append(p.Types, mt)
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				part, err := r.NextRawPart()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return fmt.Errorf("%s: %w", mt, err)
				}
				var dec io.Reader
				switch enc := strings.ToLower(part.Header.Get("Content-Transfer-Encoding")); enc {
				case "quoted-printable":
					dec = quotedprintable.NewReader(part)
				case "base64":
					dec = base64.NewDecoder(base64.StdEncoding, part)
				case "", "7bit", "8bit":
					dec = part
				default:
					return fmt.Errorf("unexpected Content-Transfer-Encoding %q", enc)
				}
				if err := walk(part.Header.Get("Content-Type"), dec, part.Header); err != nil {
					return err
				}
			}
		}
		data, err := io.ReadAll(body)
		if err != nil {
			return fmt.Errorf("%s: %w", mt, err)
		}
		var disp map[string]string
		if d := header["Content-Disposition"]; len(d) > 0 {
			_, disp, _ = mime.ParseMediaType(d[0])
		}
		switch {
		case disp["filename"] != "":
			p.Attachments[disp["filename"]] = Attachment{Type: mt, Data: data}
		case mt == "text/plain":
			p.Text = string(data)
		case mt == "text/html":
			p.HTML = string(data)
		}
		return nil
	}
	if err := walk(m.Header.Get("Content-Type"), m.Body, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// LineProblems lists every break of the transport rules in an e-mail
// file: a line that does not end in CRLF, one longer than 78 characters,
// a line of encoded body (quoted-printable or base64) longer than 76
// (RFC 2045), a byte that is not 7-bit.
func LineProblems(data []byte) []string {
	var out []string
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		out = append(out, "the message does not end with CRLF")
	}
	inBody := false
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			out = append(out, fmt.Sprintf("line %d has a bare CR or LF: %q", i+1, line))
		}
		switch {
		case len(line) == 0:
			inBody = true // headers end at an empty line
		case bytes.HasPrefix(line, []byte("--")):
			inBody = false // a boundary; the part's headers follow
		}
		if len(line) > 78 || (inBody && len(line) > 76) {
			out = append(out, fmt.Sprintf("line %d is %d characters: %q", i+1, len(line), line))
		}
		for _, c := range line {
			if c >= 0x80 {
				out = append(out, fmt.Sprintf("line %d has a non-ASCII byte: %q", i+1, line))
				break
			}
		}
	}
	return out
}

//go:embed read_eml.py
var script []byte

// Python is a message as Python's email package reads it (read_eml.py).
type Python struct {
	Defects     []string          `json:"defects"`
	Headers     map[string]string `json:"headers"`
	ContentType string            `json:"content_type"`
	Text        string            `json:"text"`
	HTML        string            `json:"html"`
	Parts       []struct {
		Type    string   `json:"type"`
		Charset string   `json:"charset"`
		Defects []string `json:"defects"`
	} `json:"parts"`
	Attachments []struct {
		Name   string `json:"name"`
		Type   string `json:"type"`
		SHA256 string `json:"sha256"`
		Size   int    `json:"size"`
	} `json:"attachments"`
}

// ReadPython reads .eml files with Python's email package. It skips the
// test when python3 is missing, unless KITGEN_REQUIRE_TOOLS is set.
func ReadPython(t testing.TB, files ...string) []*Python {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("KITGEN_REQUIRE_TOOLS") != "" {
			t.Fatal("python3 is not installed, and KITGEN_REQUIRE_TOOLS is set")
		}
		t.Skip("python3 is not installed")
	}
	file := filepath.Join(t.TempDir(), "read_eml.py")
	if err := os.WriteFile(file, script, 0o644); err != nil {
		t.Fatal(err)
	}
	var out []*Python
	for _, f := range files {
		data, err := exec.Command(py, file, f).Output()
		if err != nil {
			t.Fatalf("python email, %s: %v", f, err)
		}
		v := &Python{}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("python email output for %s: %v", f, err)
		}
		out = append(out, v)
	}
	return out
}
