package check_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

const claimPage = "---\ntitle: A page\n---\n\nWe are the best in the nation.\n"

func withRules(rules string) string {
	return baseSite["kitgen.yaml"] + "  rules:\n" + rules
}

func TestRuleSettings(t *testing.T) {
	old := strings.Replace(baseSite["content/locations/loop.md"], "reviewed: 2026-01-10", "reviewed: 2025-05-01", 1)
	runRuleCases(t, []ruleCase{{
		name:  "claims as warnings",
		rule:  "claims",
		files: map[string]string{"kitgen.yaml": withRules("    claims: warning\n"), "content/a.md": claimPage},
		want:  []string{w("claims", "content/a.md", 5, 12)},
	}, {
		name:  "claims off",
		rule:  "claims",
		files: map[string]string{"kitgen.yaml": withRules("    claims: off\n"), "content/a.md": claimPage},
	}, {
		name:  "freshness as errors",
		rule:  "freshness",
		files: map[string]string{"kitgen.yaml": withRules("    freshness: error\n"), "content/locations/loop.md": old},
		want:  []string{e("freshness", "content/locations/loop.md", 3, 1)},
	}, {
		name:  "a rule that does not exist",
		rule:  "config",
		files: map[string]string{"kitgen.yaml": withRules("    claims: warning\n    clams: off\n")},
		want:  []string{e("config", "kitgen.yaml", 13, 0)},
		fixed: map[string]string{"kitgen.yaml": withRules("    claims: warning\n")},
	}, {
		name:  "a rule that cannot be turned down",
		rule:  "config",
		files: map[string]string{"kitgen.yaml": withRules("    front-matter: off\n")},
		want:  []string{e("config", "kitgen.yaml", 12, 0)},
		fixed: map[string]string{"kitgen.yaml": withRules("    front-matter: error\n")},
	}})

	// A warning passes a build and fails it under --strict.
	files := map[string]string{"kitgen.yaml": withRules("    claims: warning\n"), "content/a.md": claimPage}
	dir := writeSite(t, files)
	if _, err := pipeline.Build(pipeline.Options{Source: dir, CheckOnly: true, Preview: true, Today: today}); err != nil {
		t.Errorf("a site with only warnings failed: %v", err)
	}
	if _, err := pipeline.Build(pipeline.Options{Source: dir, CheckOnly: true, Preview: true, Today: today, Strict: true}); !errors.Is(err, pipeline.ErrFailed) {
		t.Errorf("a site with a warning passed --strict: %v", err)
	}
}

func TestSilence(t *testing.T) {
	silenced := `---
title: A page
silence:
  - {rule: claims, reason: "Quoted from the state's award citation"}
  - rule: a11y
    reason: "Nothing to silence here"
  - {rule: clams, reason: "A typo"}
  - {rule: kit-missing, reason: "Not allowed"}
---

We are the best in the nation.
`
	res := checkSite(t, map[string]string{"content/a.md": silenced}, pipeline.Options{})
	if got := findings(res.Diags, "claims"); len(got) > 0 {
		t.Errorf("a silenced claim is still reported: %q", got)
	}
	got := findings(res.Diags, "front-matter")
	want := []string{
		w("front-matter", "content/a.md", 5, 0), // unused silence
		e("front-matter", "content/a.md", 7, 0), // unknown rule
		e("front-matter", "content/a.md", 8, 0), // a rule that cannot be silenced
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("silence findings:\n got: %q\nwant: %q%s", got, want, dump(res.Diags))
	}
	for _, d := range res.Diags {
		if d.Line == 5 && !strings.Contains(d.Message, "unused silence") {
			t.Errorf("the unused silence finding does not say so: %s", d)
		}
	}

	// Silencing applies to its own page only.
	res = checkSite(t, map[string]string{"content/a.md": silenced, "content/b.md": claimPage}, pipeline.Options{})
	if got, want := findings(res.Diags, "claims"), []string{e("claims", "content/b.md", 5, 12)}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("claims on another page: got %q, want %q", got, want)
	}
}
