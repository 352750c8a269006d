package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
)

// TestSessionPlaceholders checks that kitgen serve reports a placeholder
// as soon as one is written and forgets it once it is replaced: in a
// page's front-matter comment (an edit that changes no value, so only the
// page is redone), in its text, and in kitgen.yaml.
func TestSessionPlaceholders(t *testing.T) {
	site := copySite(t)
	s, err := NewSession(Options{Source: site, Dest: filepath.Join(t.TempDir(), "out"), Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Build(); err != nil {
		t.Fatal(err)
	}
	placeholders := func(u *Update) []string {
		var out []string
		for _, d := range u.Diags {
			if d.Rule == diag.RulePlaceholder {
				out = append(out, d.String())
			}
		}
		return out
	}
	step := func(file, old, new string, want ...string) *Update {
		t.Helper()
		edit(t, site, file, old, new)
		u, err := s.Rebuild([]string{file})
		if err != nil {
			t.Fatalf("editing %s: %v", file, err)
		}
		got := placeholders(u)
		if len(got) != len(want) {
			t.Fatalf("after editing %s: placeholder findings %q, want %d", file, got, len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("after editing %s: finding %q, want %q", file, got[i], want[i])
			}
		}
		return u
	}
	const about = "content/about.md"
	u := step(about, "\ndescription:", "  # TODO: a shorter title\ndescription:",
		`content/about.md:2:46: warning: placeholder: a placeholder is left to fill in (a shorter title); write your own text in its place and delete the "TODO:" note`)
	if u.Full {
		t.Error("a comment in the front matter rebuilt the whole site")
	}
	step(about, "  # TODO: a shorter title\n", "\n")
	step(about, "\n---\n\n", "\n---\n\nTODO: an opening line\n\n",
		`content/about.md:9:1: warning: placeholder: a placeholder is left to fill in (an opening line); write your own text in its place and delete the "TODO:" note`)
	step(about, "TODO: an opening line\n\n", "")
	step("kitgen.yaml", "\nbase_url:", "  # TODO: the name\nbase_url:",
		`kitgen.yaml:1:40: warning: placeholder: a placeholder is left to fill in (the name); write your own text in its place and delete the "TODO:" note`)
	step("kitgen.yaml", "  # TODO: the name\n", "\n")
}
