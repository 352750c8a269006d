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

// TestPhones: every number in kitgen.yaml goes through the phone model:
// stored in its display form, and reported at its value when nobody could
// dial it.
func TestPhones(t *testing.T) {
	c, ds := load(t, `contact:
  phone: "312.555.0100"
  fax: +1 312 555 0101
lines:
  cardio: {label: "Cardiology on call", phone: "1-312-555-0110 ext. 4"}
  crisis: {label: "Crisis line", phone: "988"}
  help: {label: "Community services", phone: "211"}
  abroad: {label: "London office", phone: "+44 20 7946 0958"}
check:
  allow_numbers: ["911", "211", "(800) 222-1222", "555-0142"]
`)
	if len(ds) != 0 {
		t.Fatalf("unexpected findings: %v", ds)
	}
	if c.Contact.Phone != "(312) 555-0100" || c.Contact.Fax != "(312) 555-0101" {
		t.Errorf("contact phone %q fax %q", c.Contact.Phone, c.Contact.Fax)
	}
	for key, want := range map[string]string{"cardio": "(312) 555-0110 ext. 4", "crisis": "988", "help": "211", "abroad": "+44 20 7946 0958"} {
		if l := c.LineByKey(key); l == nil || l.Phone != want {
			t.Errorf("line %s = %+v, want phone %q", key, l, want)
		}
	}
	if c, ds := load(t, "title: A\n"); len(ds) != 0 || c.Contact.Phone != "" || c.Contact.Fax != "" {
		t.Errorf("no contact: phone %q fax %q, findings %v", c.Contact.Phone, c.Contact.Fax, ds)
	}

	for _, tc := range []struct{ name, yaml, want string }{
		{"nine digits", "contact:\n  phone: \"(312) 555-015\"\n",
			`kitgen.yaml:2:10: error: config: contact.phone "(312) 555-015" has 9 digits; a North American number has 10 (area code first), e.g. (312) 555-0142`},
		{"empty fax", "contact:\n  fax: \"\"\n", `kitgen.yaml:2:8: error: config: contact.fax "" is empty`},
		{"short contact", "contact:\n  phone: \"911\"\n", `kitgen.yaml:2:10: error: config: contact.phone "911" is a short service number`},
		{"nine-digit line", "lines:\n  x: {label: X, phone: \"312-555-015\"}\n", `kitgen.yaml:2:24: error: config: lines.x.phone "312-555-015" has 9 digits`},
		{"unknown short line", "lines:\n  x: {label: X, phone: \"211\"}\n", `kitgen.yaml:2:24: error: config: lines.x.phone "211" is a short number kitgen does not know; write the full number with its area code, or, if 211 is right, add it to check.allow_numbers in kitgen.yaml`},
		{"letters", "lines:\n  x: {label: X, phone: 1-800-FLOWERS}\n", `kitgen.yaml:2:24: error: config: lines.x.phone "1-800-FLOWERS" contains 'F'`},
		{"allow_numbers", "check:\n  allow_numbers: [\"911\", \"(800) 222-122\"]\n", `kitgen.yaml:2:26: error: config: check.allow_numbers: "(800) 222-122" has 9 digits`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := load(t, tc.yaml)
			if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), tc.want) {
				t.Errorf("findings %v\nwant one starting %q", ds, tc.want)
			}
		})
	}
}

func TestDeploy(t *testing.T) {
	c, ds := load(t, "title: A\ndeploy:\n  target: s3://partners?region=us-east-1\n  cloudfront_distribution_id: E2EXAMPLE\n")
	if len(ds) != 0 {
		t.Fatalf("unexpected findings: %v", ds)
	}
	if c.Deploy.Target != "s3://partners?region=us-east-1" || c.Deploy.TargetLine != 3 || c.Deploy.CloudFrontDistribution != "E2EXAMPLE" {
		t.Errorf("deploy = %+v", c.Deploy)
	}
	// Absent, empty and null leave it unset without a finding.
	for _, yaml := range []string{"title: A\n", "deploy: {}\n", "deploy:\n  target: \"\"\n  cloudfront_distribution_id: \"\"\n", "deploy:\n"} {
		c, ds := load(t, yaml)
		if len(ds) != 0 || c.Deploy.Target != "" || c.Deploy.CloudFrontDistribution != "" {
			t.Errorf("%q: deploy %+v, findings %v; want it unset and no findings", yaml, c.Deploy, ds)
		}
	}
	// A credential has no key of its own: it is an unknown key.
	for _, tc := range []struct{ yaml, want string }{
		{"deploy:\n  aws_secret_access_key: x\n", `kitgen.yaml:2:3: error: config: unknown key "aws_secret_access_key"`},
		{"deploy:\n  target: [s3://a]\n", "kitgen.yaml:2:11: error: config: deploy.target must be"},
		{"deploy: s3://a\n", "kitgen.yaml:1:9: error: config: deploy must be"},
	} {
		_, ds := load(t, tc.yaml)
		if len(ds) == 0 || !strings.HasPrefix(ds[0].String(), tc.want) {
			t.Errorf("%q: findings %v\nwant one starting %q", tc.yaml, ds, tc.want)
		}
	}
}
