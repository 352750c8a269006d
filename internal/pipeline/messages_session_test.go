package pipeline

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestSessionMessages checks that kitgen serve checks messages as they
// are edited, and again when what they state changes elsewhere: a number
// typed into a message is fine while it is the practice's, and reported
// as soon as kitgen.yaml changes it, while {{site.fax}} follows the edit.
func TestSessionMessages(t *testing.T) {
	site := copySite(t)
	s, err := NewSession(Options{Source: site, Dest: filepath.Join(t.TempDir(), "out"), Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	messages := func(u *Update) []string {
		var out []string
		for _, d := range u.Diags {
			if strings.HasPrefix(d.File, "messages/") {
				out = append(out, d.String())
			}
		}
		return out
	}
	if got := messages(u); len(got) > 0 {
		t.Fatalf("the example's messages have findings: %v", got)
	}
	step := func(file, old, new string, want ...string) {
		t.Helper()
		edit(t, site, file, old, new)
		u, err := s.Rebuild([]string{file})
		if err != nil && (len(want) == 0 || !errors.Is(err, ErrFailed)) {
			t.Fatalf("editing %s: %v", file, err)
		}
		got := messages(u)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("after editing %s: findings\n%s\nwant\n%s", file, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	const m = "messages/report-sent.md"
	step(m, "{{site.fax}}", "{{site.faxx}}",
		m+":13:40: error: message: {{site.faxx}} is not a contact fact (did you mean fax?); the contact: block of kitgen.yaml has {{site.name}}, {{site.phone}}, {{site.fax}}, {{site.email}}, {{site.ereferral}}, {{site.address}}, {{site.hours}}")
	step(m, "{{site.faxx}}", "{{site.fax}} or (312) 555-0110")
	step("kitgen.yaml", `phone: "(312) 555-0110"`, `phone: "(312) 555-0119"`,
		m+":13:56: error: contact: phone number (312) 555-0110 is not one of the practice's numbers; did you mean (312) 555-0100, the practice phone (contact.phone in kitgen.yaml)?; use the number from the location page or kitgen.yaml, or add it to check.allow_numbers in kitgen.yaml if it belongs to another organisation")
	step(m, " or (312) 555-0110", "")
	if u, err := s.Rebuild([]string{m}); err != nil || len(messages(u)) > 0 {
		t.Fatalf("a rebuild with nothing changed: %v %v", err, messages(u))
	}
}
