package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
)

// Rules returns every rule id kitgen reports, sorted.
func Rules() []string { return diag.RuleIDs(false) }

func adjustableList() string { return strings.Join(diag.RuleIDs(true), ", ") }

// adjustable reports whether the rule id may be set in check.rules and
// silenced on a page.
func adjustable(id diag.Rule) bool {
	r, ok := diag.LookupRule(string(id))
	return ok && r.Adjustable
}

// Filter applies the site's rule settings (check.rules in kitgen.yaml) and
// the pages' silence entries to the findings of a run, and returns what
// remains, sorted. A silence entry removes every finding of its rule on its
// page; one that removes nothing is reported, so stale entries do not pile
// up. Unknown rule ids in either place are errors at their line.
func Filter(site *content.Site, ds []diag.Diagnostic) []diag.Diagnostic {
	s := SettingsOf(site)
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range ds {
		byFile[d.File] = append(byFile[d.File], d)
	}
	for _, f := range s.Files() {
		if _, ok := byFile[f]; !ok {
			byFile[f] = nil
		}
	}
	var out []diag.Diagnostic
	for f, fds := range byFile {
		out = append(out, s.Apply(f, fds)...)
	}
	return diag.Sort(out)
}

// Settings are the site's rule settings and silence entries, read once
// so that Filter's work can be done a file at a time: what Apply returns
// for a file depends only on that file's findings.
type Settings struct {
	rules    map[string]string            // check.rules: rule id → "off", "warning" or "error"
	silences map[string][]content.Silence // adjustable silence entries, by page file
	own      map[string][]diag.Diagnostic // what is wrong with the settings themselves, by file
}

// SettingsOf reads the rule settings and silence entries of site, which
// may be nil (no settings).
func SettingsOf(site *content.Site) *Settings {
	s := &Settings{silences: map[string][]content.Silence{}, own: map[string][]diag.Diagnostic{}}
	errorf := func(file string, line int, rule diag.Rule, format string, args ...any) {
		s.own[file] = append(s.own[file], diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	if site != nil && site.Config != nil {
		cfg := site.Config
		s.rules = cfg.Check.Rules
		ids := make([]string, 0, len(s.rules))
		for id := range s.rules {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			line := cfg.Check.RulesLine[id]
			r, known := diag.LookupRule(id)
			switch {
			case known && r.Adjustable:
			case known && s.rules[id] == "error":
			case known:
				errorf(config.FileName, line, diag.RuleConfig, "check.rules.%s: the %s rule cannot be turned off or down: its findings mean a page or kit cannot be built as written; fix them instead (adjustable rules: %s)", id, id, adjustableList())
			default:
				errorf(config.FileName, line, diag.RuleConfig, "check.rules.%s: there is no rule %q%s; the adjustable rules are %s", id, id, closest(id), adjustableList())
			}
		}
	}
	if site != nil {
		for _, p := range site.Pages {
			for _, e := range p.Silence {
				r, known := diag.LookupRule(e.Rule)
				switch {
				case known && r.Adjustable:
					s.silences[p.File] = append(s.silences[p.File], e)
				case known:
					errorf(p.File, e.Line, diag.RuleFrontMatter, "silence: the %s rule cannot be silenced: its findings mean the page or a kit cannot be built as written; fix them instead", e.Rule)
				default:
					errorf(p.File, e.Line, diag.RuleFrontMatter, "silence: there is no rule %q%s; the rules that can be silenced are %s", e.Rule, closest(e.Rule), adjustableList())
				}
			}
		}
	}
	return s
}

// Files returns the files Apply reports on even when they have no
// findings: those with silence entries or with errors in the settings.
func (s *Settings) Files() []string {
	files := make([]string, 0, len(s.silences)+len(s.own))
	for f := range s.silences {
		files = append(files, f)
	}
	for f := range s.own {
		if _, dup := s.silences[f]; !dup {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files
}

// Apply returns the findings of one file (every one of ds names it) as
// the settings leave them, unsorted, with what the settings report in
// that file: errors in its silence entries or in check.rules, and silence
// entries that silenced nothing.
func (s *Settings) Apply(file string, ds []diag.Diagnostic) []diag.Diagnostic {
	out := append([]diag.Diagnostic(nil), s.own[file]...)
	entries := s.silences[file]
	used := make([]bool, len(entries))
	for _, d := range ds {
		if !adjustable(d.Rule) {
			out = append(out, d)
			continue
		}
		silenced := false
		for i, e := range entries {
			if e.Rule == string(d.Rule) {
				used[i], silenced = true, true
			}
		}
		if silenced {
			continue
		}
		switch s.rules[string(d.Rule)] {
		case "off":
			continue
		case "warning":
			d.Severity = diag.Warning
		case "error":
			d.Severity = diag.Error
		}
		out = append(out, d)
	}
	for i, e := range entries {
		if !used[i] {
			out = append(out, diag.Diagnostic{File: file, Line: e.Line, Severity: diag.Warning, Rule: diag.RuleFrontMatter,
				Message: fmt.Sprintf("unused silence: the page has no %s finding to silence; remove the entry", e.Rule)})
		}
	}
	return out
}

// closest suggests the known rule id nearest to a misspelt one.
func closest(id string) string {
	if best := schema.Closest(id, Rules()); best != "" {
		return "; did you mean " + best + "?"
	}
	return ""
}
