package diag

import (
	"os"
	"strings"
	"testing"
)

// TestRulesTableInREADME checks that the README's table of rules is the one
// RulesTable prints from Rules: every rule, with its default severity,
// whether it is adjustable and what it finds, and no other row.
func TestRulesTableInREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := RulesTable()
	var got []string
	in := false
	for _, line := range strings.Split(string(readme), "\n") {
		switch {
		case strings.HasPrefix(line, "| rule |"):
			in = true
		case in && !strings.HasPrefix(line, "|"):
			in = false
		}
		if in {
			got = append(got, line)
		}
	}
	if strings.Join(got, "\n")+"\n" != want {
		t.Errorf("the README's table of rules differs from diag.Rules; replace it with:\n\n%s\ngot:\n%s", want, strings.Join(got, "\n"))
	}
}

// TestRules checks the list itself: one row per id, each saying what it
// finds, and lookups by id.
func TestRules(t *testing.T) {
	seen := map[Rule]bool{}
	for _, r := range Rules {
		if r.ID == "" || seen[r.ID] || strings.TrimSpace(r.Finds) == "" || strings.Contains(r.Finds, "|") {
			t.Errorf("rule %q: empty, listed twice, or without a one-cell description", r.ID)
		}
		seen[r.ID] = true
		if got, ok := LookupRule(string(r.ID)); !ok || got != r {
			t.Errorf("LookupRule(%q) = %v, %v", r.ID, got, ok)
		}
	}
	for _, id := range []string{"", "claim", "Claims", "front matter"} {
		if _, ok := LookupRule(id); ok {
			t.Errorf("LookupRule(%q) found a rule", id)
		}
	}
	all, adj := RuleIDs(false), RuleIDs(true)
	if len(all) != len(Rules) || len(adj) == 0 || len(adj) >= len(all) {
		t.Errorf("RuleIDs: %d of %d rules, %d adjustable", len(all), len(Rules), len(adj))
	}
	for _, id := range adj {
		if r, _ := LookupRule(id); !r.Adjustable {
			t.Errorf("RuleIDs(true) lists %s, which is not adjustable", id)
		}
	}
}
