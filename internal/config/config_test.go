package config

import (
	"encoding/json"
	"fmt"
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

// TestContactEReferral checks the practice's e-referral channel: a name,
// a name with its address, and an address that is not one.
func TestContactEReferral(t *testing.T) {
	c, ds := load(t, "contact:\n  ereferral: {name: Partner Portal, url: \"https://portal.example.org/refer\"}\n")
	if len(ds) != 0 || c.Contact.EReferral != "Partner Portal" || c.Contact.EReferralURL != "https://portal.example.org/refer" {
		t.Errorf("decoded %+v, findings %v", c.Contact, ds)
	}
	c, ds = load(t, "contact:\n  ereferral: Partner Portal\n")
	if len(ds) != 0 || c.Contact.EReferral != "Partner Portal" || c.Contact.EReferralURL != "" {
		t.Errorf("decoded %+v, findings %v", c.Contact, ds)
	}
	_, ds = load(t, "contact:\n  ereferral: {name: Partner Portal, url: portal.example.org}\n")
	if len(ds) != 1 || ds[0].String() != `kitgen.yaml:2:42: error: config: contact.ereferral.url "portal.example.org" is not a web address; write the full address starting with https://, e.g. https://portal.example.org/referrals` {
		t.Errorf("findings %v", ds)
	}
	// A kit quoting the site's contact fingerprints it as JSON; without
	// an address the JSON must be what earlier releases wrote, or every
	// such kit would get a new version on upgrade.
	b, _ := json.Marshal(Contact{Name: "Intake", EReferral: "Partner Portal"})
	if strings.Contains(string(b), "URL") {
		t.Errorf("a contact without an e-referral address encodes as %s", b)
	}
}

// TestContactEReferralCodeParam checks code_param of the practice's
// e-referral channel, the query parameter a partner's landing page fills
// the code in with: a name, left out, empty, false, a number, a name that
// is not plain, without the channel's address; and that it is no part of
// what a kit quoting the contact fingerprints.
func TestContactEReferralCodeParam(t *testing.T) {
	const channel = "contact:\n  ereferral: {name: Partner Portal, url: \"https://portal.example.org/refer\"%s}\n"
	for _, tc := range []struct {
		name, yaml, param, finding string
	}{
		{"a name", fmt.Sprintf(channel, ", code_param: referral_code"), "referral_code", ""},
		{"absent", fmt.Sprintf(channel, ""), "", ""},
		{"empty", fmt.Sprintf(channel, `, code_param: ""`), "", `kitgen.yaml:2:90: error: config: contact.ereferral.code_param "" must be a query parameter name, e.g. code_param: referral_code; remove it to leave the code out of the address`},
		{"false", fmt.Sprintf(channel, ", code_param: false"), "", `kitgen.yaml:2:90: error: config: contact.ereferral.code_param must be text, not the boolean false`},
		{"a number", fmt.Sprintf(channel, ", code_param: 7"), "", `kitgen.yaml:2:90: error: config: contact.ereferral.code_param must be text, not the number 7`},
		{"not plain", fmt.Sprintf(channel, `, code_param: "a&b=c"`), "", `kitgen.yaml:2:90: error: config: contact.ereferral.code_param "a&b=c" must be a query parameter name`},
		{"a list", fmt.Sprintf(channel, ", code_param: [a]"), "", `kitgen.yaml:2:90: error: config: contact.ereferral.code_param must be text`},
		{"no address", "contact:\n  ereferral: {name: Partner Portal, code_param: referral_code}\n", "referral_code",
			`kitgen.yaml:2:14: error: config: contact.ereferral.code_param needs contact.ereferral.url, the address the code is added to`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := load(t, tc.yaml)
			if c.Contact.CodeParam != tc.param {
				t.Errorf("code_param decoded as %q, want %q", c.Contact.CodeParam, tc.param)
			}
			switch {
			case tc.finding == "" && len(ds) != 0:
				t.Errorf("findings %v, want none", ds)
			case tc.finding != "" && (len(ds) != 1 || !strings.HasPrefix(ds[0].String(), tc.finding)):
				t.Errorf("findings %v\nwant one starting %q", ds, tc.finding)
			}
			if c.Contact.EReferral != "Partner Portal" {
				t.Errorf("the channel's name is %q", c.Contact.EReferral)
			}
		})
	}
	// A kit never carries a code, so a site that starts filling codes in
	// records no new kit versions.
	with, _ := json.Marshal(Contact{Name: "Intake", EReferral: "Partner Portal", EReferralURL: "https://portal.example.org/refer", CodeParam: "referral_code"})
	without, _ := json.Marshal(Contact{Name: "Intake", EReferral: "Partner Portal", EReferralURL: "https://portal.example.org/refer"})
	if string(with) != string(without) {
		t.Errorf("code_param changes the contact's fingerprint: %s, not %s", with, without)
	}
}

func TestLanguages(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		langs      []string
		language   string
		want       string // the first finding, "" for none
	}{
		{"absent", "title: A\n", nil, "en-US", ""},
		{"empty list", "languages: []\n", nil, "en-US", ""},
		{"two", "languages: [en-US, es-US]\n", []string{"en-US", "es-US"}, "en-US", ""},
		{"default first", "language: en-US\nlanguages: [es-US, en]\n", []string{"es-US", "en"}, "es-US", ""},
		{"one string", "languages: es-US\n", []string{"es-US"}, "es-US", ""},
		{"not a tag", "languages: [en-US, Spanish]\n", nil, "en-US", `kitgen.yaml:1:20: error: config: languages: "Spanish" is not a language tag`},
		{"lower region", "languages: [en-us]\n", nil, "en-US", `kitgen.yaml:1:13: error: config: languages: "en-us" is not a language tag`},
		{"same language twice", "languages: [en-US, es-US, es-MX]\n", nil, "en-US", `kitgen.yaml:1:27: error: config: languages: "es-MX" has the same language as an earlier one`},
		{"not text", "languages: [en-US, {a: b}]\n", nil, "en-US", `kitgen.yaml:1:20: error: config: each item of languages must be text`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := load(t, tc.yaml)
			got := ""
			if len(ds) > 0 {
				got = ds[0].String()
			}
			if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
				t.Errorf("findings %v, want one starting %q", ds, tc.want)
			}
			if strings.Join(c.Languages, ",") != strings.Join(tc.langs, ",") || c.Language != tc.language {
				t.Errorf("languages %q, language %q; want %q, %q", c.Languages, c.Language, tc.langs, tc.language)
			}
		})
	}
}

// TestSettingSlips checks the values of kitgen.yaml the field audit
// (TestConfigAudit) does not reach: the entries of check.rules, whose keys
// are rule ids, and the settings that are codes, where a number is a
// slip to quote.
func TestSettingSlips(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"check:\n  rules: {claims: false}\n", `kitgen.yaml:2:19: error: config: check.rules.claims must be text, not the boolean false; quote it ("false") if you mean the word`},
		{"base_url: 2024\n", `kitgen.yaml:1:11: error: config: base_url must be text, not the number 2024; quote it ("2024")`},
		{"language: 1\n", `kitgen.yaml:1:11: error: config: language must be text, not the number 1`},
		{"contact: {phone: 3125550100}\n", `kitgen.yaml:1:18: error: config: contact.phone must be text, not the number 3125550100; quote it ("3125550100")`},
		{"contact: {fax: 3125550101}\n", `kitgen.yaml:1:16: error: config: contact.fax must be text, not the number 3125550101`},
		{"contact: {email: 12}\n", `kitgen.yaml:1:18: error: config: contact.email must be text, not the number 12`},
		{"contact: {ereferral: {name: P, url: 12}}\n", `kitgen.yaml:1:37: error: config: contact.ereferral.url must be text, not the number 12`},
		{"lines:\n  x: {label: X, phone: 3125550110}\n", `kitgen.yaml:2:24: error: config: lines.x.phone must be text, not the number 3125550110`},
		{"deploy: {target: 12}\n", `kitgen.yaml:1:18: error: config: deploy.target must be text, not the number 12`},
		{"deploy: {cloudfront_distribution_id: 1234}\n", `kitgen.yaml:1:38: error: config: deploy.cloudfront_distribution_id must be text, not the number 1234`},
		{"check: {allow_numbers: [311]}\n", `kitgen.yaml:1:25: error: config: each item of check.allow_numbers must be text, not the number 311; quote it ("311")`},
		{"check: {allow_scripts: [1]}\n", `kitgen.yaml:1:25: error: config: each item of check.allow_scripts must be text, not the number 1`},
	} {
		_, ds := load(t, tc.yaml)
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), tc.want) {
			t.Errorf("%q: findings %v\nwant one starting %q", tc.yaml, ds, tc.want)
		}
	}
	// An empty rule level is the rule left out: its default.
	for _, yaml := range []string{"check:\n  rules: {claims: ~}\n", "check:\n  rules:\n    claims:\n", "check:\n  rules: {claims: null}\n"} {
		c, ds := load(t, yaml)
		if _, set := c.Check.Rules["claims"]; set || len(ds) != 0 {
			t.Errorf("%q: rules %v, findings %v; want the rule left at its default", yaml, c.Check.Rules, ds)
		}
	}
	// Prose settings take a number as its text.
	if c, ds := load(t, "title: 2024\ncontact: {hours: 24}\n"); c.Title != "2024" || c.Contact.Hours != "24" || len(ds) != 0 {
		t.Errorf("title %q hours %q, findings %v", c.Title, c.Contact.Hours, ds)
	}
}
