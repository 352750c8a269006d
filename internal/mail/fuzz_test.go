package mail

import (
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kitgen/kitgen/internal/mail/mailtest"
)

// FuzzSubject writes a message with any one-line subject a template may
// give and reads it back with Go's readers: the decoded subject must be
// the one written, and every line within the transport limits.
func FuzzSubject(f *testing.F) {
	for _, s := range []string{"", "Plain", "Información — kit", "=?utf-8?q?x?=", strings.Repeat("é", 60), strings.Repeat("word ", 30), "a  b", "tab\there", "emoji 🩺 kit ≥ 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		if !utf8.ValidString(subject) || strings.ContainsAny(subject, "\r\n") || strings.TrimSpace(subject) != subject || strings.Contains(subject, "  ") || strings.ContainsRune(subject, '\t') {
			// Templates give one trimmed line; a header cannot keep
			// folding whitespace as it was written.
			return
		}
		for _, r := range subject {
			if r < ' ' || r == 0x7f {
				return
			}
		}
		m := &Message{Subject: subject, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MessageID: "x@kitgen.invalid"}
		data := m.Bytes()
		p, err := mailtest.Read(data)
		if err != nil {
			t.Fatalf("%q: %v", subject, err)
		}
		if p.Subject != subject {
			t.Fatalf("subject %q read back as %q", subject, p.Subject)
		}
		// Only a word too long for any line may make one too long.
		for _, pr := range mailtest.LineProblems(data) {
			if !strings.Contains(pr, "characters") || len(longestWord(subject)) < 60 {
				t.Fatalf("%q: %s", subject, pr)
			}
		}
	})
}

func longestWord(s string) string {
	var best string
	for _, w := range strings.Fields(s) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

// FuzzFrom writes a message from a sender with any one-line display name
// (a practice's name in kitgen.yaml) and reads the name back with Go's
// readers.
func FuzzFrom(f *testing.F) {
	for _, s := range []string{"Lakeshore Specialty Partners", "Clínica Lakeshore — Intake", "O'Brien, Smith & Co.", "=?utf-8?q?x?=", "Dr. José Núñez (Cardiology)", strings.Repeat("Ñ", 50), "a \"quoted\" name"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || strings.TrimSpace(name) != name || strings.Contains(name, "  ") {
			return
		}
		for _, r := range name {
			if r < ' ' || r == 0x7f || r == 0xfffd {
				return
			}
		}
		m := &Message{From: &mail.Address{Name: name, Address: "intake@test.example"}, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MessageID: "x@kitgen.invalid"}
		p, err := mailtest.Read(m.Bytes())
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		from, err := p.Header.AddressList("From")
		if err != nil || len(from) != 1 {
			t.Fatalf("%q: From %q: %v", name, p.Header.Get("From"), err)
		}
		if from[0].Name != name || from[0].Address != "intake@test.example" {
			t.Fatalf("display name %q read back as %q <%s>", name, from[0].Name, from[0].Address)
		}
	})
}
