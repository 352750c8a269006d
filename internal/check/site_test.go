package check_test

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// today is the date every test site is checked on, so freshness never
// depends on the day the tests run.
var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// baseSite is the smallest site with every kind of canonical contact fact:
// the practice phone and fax, a named line, a location's phone and fax,
// and an allowed outside number. It checks clean.
var baseSite = map[string]string{
	"kitgen.yaml": `title: Test Practice
base_url: https://partners.example.org/
review_interval_days: 365
contact:
  phone: "(312) 555-0100"
  fax: "(312) 555-0101"
lines:
  cardio: {label: "Cardiology on-call", phone: "(312) 555-0110"}
check:
  allow_numbers: ["(800) 222-1222"]
`,
	"content/_index.md": `---
title: Test Practice
---

Welcome. See the [Loop office](/locations/loop/).
`,
	"content/locations/loop.md": `---
title: Loop
reviewed: 2026-01-10
address: {street: 1 Main St, city: Chicago}
phone: "(312) 555-0150"
fax: "(312) 555-0151"
---

The Loop office.

## Getting here

Take the train.
`,
}

// page returns a page with a title and body; the body starts on line 5.
func page(body string) string { return "---\ntitle: A page\n---\n\n" + body }

// writeSite writes base plus files (a nil value deletes a base file) into
// a new folder.
func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := maps.Clone(baseSite)
	for k, v := range files {
		if v == "" {
			delete(all, k)
			continue
		}
		all[k] = v
	}
	for name, data := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkSite runs kitgen check on a site: the whole pipeline, writing
// nothing.
func checkSite(t testing.TB, files map[string]string, opts pipeline.Options) *pipeline.Result {
	t.Helper()
	opts.Source = writeSite(t, files)
	opts.CheckOnly = true
	if !opts.Locked {
		opts.Preview = true
	}
	opts.Today = today
	res, err := pipeline.Build(opts)
	if err != nil && !errors.Is(err, pipeline.ErrFailed) {
		t.Fatalf("build: %v", err)
	}
	return res
}

// at is a finding as the tests state it: severity, rule, file:line:col.
func at(sev diag.Severity, rule, file string, line, col int) string {
	return fmt.Sprintf("%s: %s: %s:%d:%d", sev, rule, file, line, col)
}

func e(rule, file string, line, col int) string { return at(diag.Error, rule, file, line, col) }
func w(rule, file string, line, col int) string { return at(diag.Warning, rule, file, line, col) }

// findings returns the findings of rule, as at formats them.
func findings(ds []diag.Diagnostic, rule string) []string {
	var out []string
	for _, d := range ds {
		if string(d.Rule) == rule {
			out = append(out, at(d.Severity, string(d.Rule), d.File, d.Line, d.Col))
		}
	}
	sort.Strings(out)
	return out
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n\t" + d.String())
	}
	return b.String()
}

func TestBaseSiteIsClean(t *testing.T) {
	res := checkSite(t, nil, pipeline.Options{Strict: true})
	if len(res.Diags) > 0 {
		t.Fatalf("the base site has findings:%s", dump(res.Diags))
	}
}

// ruleCase is one small site per rule: the findings of rule it must
// produce (exactly), and the fix that makes them all go away.
type ruleCase struct {
	name  string
	rule  string
	files map[string]string
	opts  pipeline.Options
	want  []string
	fixed map[string]string // files replacing files; nil: no fix to test
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := checkSite(t, tc.files, tc.opts)
			got := findings(res.Diags, tc.rule)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s findings:\n got: %q\nwant: %q\nall findings:%s", tc.rule, got, want, dump(res.Diags))
			}
			if tc.fixed == nil {
				return
			}
			files := maps.Clone(tc.files)
			maps.Copy(files, tc.fixed)
			res = checkSite(t, files, tc.opts)
			if got := findings(res.Diags, tc.rule); len(got) > 0 {
				t.Errorf("after the fix, %s still reports %q:%s", tc.rule, got, dump(res.Diags))
			}
		})
	}
}
