package pipeline

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
)

// TestSessionFindingsFollowSettings edits what decides which findings are
// reported and how — a page's text, its silence entries and check.rules
// in kitgen.yaml — one change at a time, and after each compares the dev
// server's findings with a full build's, line by line, and looks for the
// finding the change should show or hide.
func TestSessionFindingsFollowSettings(t *testing.T) {
	site := copySite(t)
	opts := Options{Source: site, Dest: filepath.Join(t.TempDir(), "out"), Preview: true, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, err := s.Build(); err != nil {
		t.Fatalf("first build: %v\n%v", err, u.Diags)
	}
	const (
		page  = "content/about.md"
		claim = "\nOur outcomes are the best in the nation.\n"
		front = "\nweight: 90\n"
	)
	steps := []struct {
		what        string
		file        string
		old, new    string
		want, never string // a finding line must contain want; none may contain never
	}{
		{"a claim in the text", page, "\nLakeshore Specialty Partners is", claim + "\nLakeshore Specialty Partners is", "about.md:9:22: error: claims:", ""},
		{"the claim silenced", page, front, front + "silence:\n  - {rule: claims, reason: Quoted from an award}\n", "", "claims:"},
		{"the claim gone, the silence unused", page, claim, "\n", "unused silence: the page has no claims finding", "claims:"},
		{"a silence entry for no rule", page, "rule: claims,", "rule: clams,", `there is no rule "clams"`, "unused silence"},
		{"no silence entry", page, "silence:\n  - {rule: clams, reason: Quoted from an award}\n", "", "", "silence"},
		{"the claim back", page, "\nLakeshore Specialty Partners is", claim + "\nLakeshore Specialty Partners is", "about.md:10:22: error: claims:", ""},
		{"claims turned off", "kitgen.yaml", "\ncheck:\n", "\ncheck:\n  rules:\n    claims: off\n", "", "claims:"},
		{"claims as warnings", "kitgen.yaml", "claims: off", "claims: warning", "about.md:10:22: warning: claims:", ""},
		{"a rule that does not exist", "kitgen.yaml", "claims: warning", "clams: warning", "error: config: check.rules.clams: there is no rule", ""},
	}
	for _, st := range steps {
		edit(t, site, st.file, st.old, st.new)
		u, _ := s.Rebuild([]string{st.file})
		fo := opts
		fo.Dest = filepath.Join(t.TempDir(), "fresh")
		res, _ := Build(fo)
		got, want := findingLines(u.Diags), findingLines(res.Diags)
		if !slices.Equal(got, want) {
			t.Fatalf("after %s the session's findings differ from a full build's:\nsession:\n%s\nbuild:\n%s", st.what, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if st.want != "" && !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, st.want) }) {
			t.Errorf("after %s no finding says %q:\n%s", st.what, st.want, strings.Join(got, "\n"))
		}
		if st.never != "" {
			for _, l := range got {
				if strings.Contains(l, st.never) && strings.Contains(l, "about.md") {
					t.Errorf("after %s a finding says %q: %s", st.what, st.never, l)
				}
			}
		}
		if !slices.IsSortedFunc(u.Diags, diag.Compare) {
			t.Errorf("after %s the findings are not sorted", st.what)
		}
	}
}
