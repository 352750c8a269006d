package check

import (
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
	out := &diag.List{}
	var settings map[string]string
	if site != nil && site.Config != nil {
		cfg := site.Config
		settings = cfg.Check.Rules
		ids := make([]string, 0, len(settings))
		for id := range settings {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			line := cfg.Check.RulesLine[id]
			r, known := diag.LookupRule(id)
			switch {
			case known && r.Adjustable:
			case known && settings[id] == "error":
			case known:
				out.Errorf(config.FileName, line, 0, diag.RuleConfig, "check.rules.%s: the %s rule cannot be turned off or down: its findings mean a page or kit cannot be built as written; fix them instead (adjustable rules: %s)", id, id, adjustableList())
			default:
				out.Errorf(config.FileName, line, 0, diag.RuleConfig, "check.rules.%s: there is no rule %q%s; the adjustable rules are %s", id, id, closest(id), adjustableList())
			}
		}
	}

	// Silence entries of each page, by file.
	type entry struct {
		s    content.Silence
		used bool
	}
	silences := map[string][]*entry{}
	if site != nil {
		for _, p := range site.Pages {
			for _, s := range p.Silence {
				r, known := diag.LookupRule(s.Rule)
				switch {
				case known && r.Adjustable:
					silences[p.File] = append(silences[p.File], &entry{s: s})
				case known:
					out.Errorf(p.File, s.Line, 0, diag.RuleFrontMatter, "silence: the %s rule cannot be silenced: its findings mean the page or a kit cannot be built as written; fix them instead", s.Rule)
				default:
					out.Errorf(p.File, s.Line, 0, diag.RuleFrontMatter, "silence: there is no rule %q%s; the rules that can be silenced are %s", s.Rule, closest(s.Rule), adjustableList())
				}
			}
		}
	}

	for _, d := range ds {
		if es := silences[d.File]; es != nil && adjustable(d.Rule) {
			silenced := false
			for _, e := range es {
				if e.s.Rule == string(d.Rule) {
					e.used, silenced = true, true
				}
			}
			if silenced {
				continue
			}
		}
		if adjustable(d.Rule) {
			switch settings[string(d.Rule)] {
			case "off":
				continue
			case "warning":
				d.Severity = diag.Warning
			case "error":
				d.Severity = diag.Error
			}
		}
		out.Add(d)
	}

	files := make([]string, 0, len(silences))
	for f := range silences {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		for _, e := range silences[f] {
			if !e.used {
				out.Warnf(f, e.s.Line, 0, diag.RuleFrontMatter, "unused silence: the page has no %s finding to silence; remove the entry", e.s.Rule)
			}
		}
	}
	return out.Sorted()
}

// closest suggests the known rule id nearest to a misspelt one.
func closest(id string) string {
	if best := schema.Closest(id, Rules()); best != "" {
		return "; did you mean " + best + "?"
	}
	return ""
}
