package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/diag"
)

func load(t *testing.T, yaml string) (*Config, []diag.Diagnostic) {
	t.Helper()
	var l diag.List
	c := Load(fstest.MapFS{FileName: {Data: []byte(yaml)}}, &l)
	return c, l.Sorted()
}

func TestLoad(t *testing.T) {
	c, ds := load(t, `title: Clinic
base_url: https://partners.example.org
lines:
  cardio: {label: "Cardiology on call", phone: "(312) 555-0110"}
kits: {paper: a4, min_font_size: 7.5}
check:
  rules: {claims: warning}
`)
	if len(ds) != 0 {
		t.Fatalf("unexpected findings: %v", ds)
	}
	if c.BaseURL != "https://partners.example.org/" || c.Kits.Paper != "a4" || c.Kits.MinFontSize != 7.5 {
		t.Errorf("decoded %+v", c)
	}
	if l := c.LineByKey("cardio"); l == nil || l.Phone != "(312) 555-0110" {
		t.Errorf("line cardio = %+v", l)
	}
	if c.Check.Rules["claims"] != "warning" || c.Check.RulesLine["claims"] != 7 {
		t.Errorf("rules %v at %v", c.Check.Rules, c.Check.RulesLine)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"relative base URL", "base_url: /partners\n", "kitgen.yaml:1:11: error: config: base_url \"/partners\" must be an absolute"},
		{"unknown key", "title: A\nbaseurl: https://x.example/\n", `kitgen.yaml:2:1: error: config: unknown key "baseurl" in kitgen.yaml; did you mean "base_url"?`},
		{"paper", "kits:\n  paper: legal\n", `kitgen.yaml:2:10: error: config: kits.paper "legal" is not a paper size`},
		{"tiny type", "kits: {min_font_size: 4}\n", "kitgen.yaml:1:23: error: config: kits.min_font_size must be between 6 and 14"},
		{"rule level", "check:\n  rules: {claims: loud}\n", `kitgen.yaml:2:19: error: config: check.rules.claims must be off, warning or error, not "loud"`},
		{"line without phone", "lines:\n  x: {label: X}\n", `kitgen.yaml:2:6: error: config: line x is missing required field "phone"`},
		{"syntax", "title: [unclosed\n", "kitgen.yaml:1: error: config: invalid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := load(t, tc.yaml)
			if len(ds) == 0 || !strings.HasPrefix(ds[0].String(), tc.want) {
				t.Errorf("findings %v\nwant one starting %q", ds, tc.want)
			}
		})
	}
}

func TestMissingFileGivesDefaults(t *testing.T) {
	var l diag.List
	c := Load(fstest.MapFS{}, &l)
	if e, w := l.Count(); e+w != 0 || c.Kits.Paper != "letter" || c.Kits.MinFontSize != 8 || !c.Minify {
		t.Errorf("defaults %+v, findings %v", c, l.Sorted())
	}
}
