// Package config reads kitgen.yaml, the site-wide settings: the practice's
// name, base URL, canonical contact facts, named phone lines, kit and check
// settings.
package config

import (
	"errors"
	"io/fs"
	"net/url"
	"regexp"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/phone"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// FileName is the settings file at the site root.
const FileName = "kitgen.yaml"

// Config is the decoded kitgen.yaml with defaults applied.
type Config struct {
	Title       string
	BaseURL     string // absolute, with a trailing slash
	BaseURLLine int    // position of base_url in kitgen.yaml; 0 when it is not set
	Language    string
	// Languages are the site's languages when it has more than one
	// (languages: in kitgen.yaml), the default first; nil otherwise. The
	// default is also Language.
	Languages          []string
	LanguagesLine      int
	Description        string
	ReviewIntervalDays int
	WaitTimeDays       int // age of a wait time's as_of past which stale-wait-time reports it
	Contact            Contact
	Lines              []Line // named phone lines, in file order
	Kits               Kits
	Check              Check
	Minify             bool
	Deploy             Deploy
}

// Deploy holds the settings of kitgen deploy. Credentials are not among
// them: they come from each provider's standard environment and files.
type Deploy struct {
	Target     string // a gocloud.dev blob URL: s3://, gs://, azblob:// or file://
	TargetLine int    // position of deploy.target in kitgen.yaml
	// CloudFrontDistribution is the ID of the CloudFront distribution that
	// kitgen deploy --invalidate invalidates.
	CloudFrontDistribution string
}

// Contact is the practice-wide contact block; a location's own facts take
// precedence on that location's pages and kits.
type Contact struct {
	Name, Phone, Fax, Email, EReferral, Hours string
	// EReferralURL is the e-referral channel's web address; may be empty.
	// Left out of a kit's fingerprint when empty, so that kits quoting
	// the site's contact keep their versions.
	EReferralURL string `json:",omitempty"`
	// CodeParam is the query parameter that carries a partner's referral
	// code in EReferralURL on the landing page of a partner without an
	// e-referral channel of its own; may be empty. No kit or public page
	// carries a code, so it is no part of a kit's fingerprint.
	CodeParam string `json:"-"`
	Line      int    // position in kitgen.yaml
}

// Line is a named phone line that pages refer to by key (a guide's
// escalation line), so the number is typed once.
type Line struct {
	Key, Label, Phone string
	Line              int
}

// Kits holds the settings for referral kits.
type Kits struct {
	Paper        string  // "letter" or "a4"
	MinFontSize  float64 // points
	SizeBudgetKB int
}

// Check holds the settings of kitgen check.
type Check struct {
	AllowNumbers []string          // phone numbers allowed in text besides the canonical ones
	Rules        map[string]string // rule id → "off", "warning" or "error"
	RulesLine    map[string]int    // rule id → line in kitgen.yaml, for errors
	Claims       []string          // extra overstated-claim phrases
	AllowScripts []string          // external script/style origins explicitly allowed
}

// Default returns the settings of a site without kitgen.yaml.
func Default() *Config {
	return &Config{
		Title:              "Referral partner site",
		BaseURL:            "https://example.org/",
		Language:           "en-US",
		ReviewIntervalDays: 365,
		WaitTimeDays:       90,
		Kits:               Kits{Paper: "letter", MinFontSize: 8, SizeBudgetKB: 200},
		Minify:             true,
	}
}

// LineByKey returns the named line, or nil.
func (c *Config) LineByKey(key string) *Line {
	for i := range c.Lines {
		if c.Lines[i].Key == key {
			return &c.Lines[i]
		}
	}
	return nil
}

// Load reads kitgen.yaml from the site root fsys; a missing file gives the
// defaults. Problems go to diags.
func Load(fsys fs.FS, diags *diag.List) *Config {
	c := Default()
	data, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return c
	}
	if err != nil {
		source.Report(diags, "", FileName, diag.RuleConfig, err)
		return c
	}
	d := &schema.Decoder{File: FileName, Rule: diag.RuleConfig, Diags: diags}
	root := d.ParseYAML(data)
	if root == nil {
		return c
	}
	linePhones := map[int]*yaml.Node{} // index in c.Lines → its phone
	d.Object(root, FileName, []schema.Field{
		{Name: "title", Set: d.StringTo(&c.Title, "title")},
		{Name: "base_url", Set: func(v *yaml.Node) {
			c.BaseURLLine, _ = d.Pos(v)
			s, ok := d.Code(v, "base_url")
			if !ok {
				return
			}
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				d.Errorf(v, "base_url %q must be an absolute http(s) URL such as https://partners.example.org/", s)
				return
			}
			c.BaseURL = NormalizeBaseURL(s)
		}},
		{Name: "language", Set: d.CodeTo(&c.Language, "language")},
		{Name: "languages", Set: func(v *yaml.Node) {
			c.LanguagesLine, _ = d.Pos(v)
			c.Languages = languages(d, v)
		}},
		{Name: "description", Set: d.StringTo(&c.Description, "description")},
		{Name: "review_interval_days", Set: func(v *yaml.Node) {
			if n := d.Int(v, "review_interval_days"); n > 0 {
				c.ReviewIntervalDays = n
			} else if v.Tag == "!!int" {
				d.Errorf(v, "review_interval_days must be positive, e.g. 365")
			}
		}},
		{Name: "wait_time_days", Set: func(v *yaml.Node) {
			if n := d.Int(v, "wait_time_days"); n > 0 {
				c.WaitTimeDays = n
			} else if v.Tag == "!!int" {
				d.Errorf(v, "wait_time_days must be positive, e.g. 90")
			}
		}},
		{Name: "minify", Set: func(v *yaml.Node) { c.Minify = d.Bool(v, "minify") }},
		{Name: "contact", Set: func(v *yaml.Node) {
			c.Contact.Line, _ = d.Pos(v)
			d.Object(v, "contact", []schema.Field{
				{Name: "name", Set: d.StringTo(&c.Contact.Name, "contact.name")},
				{Name: "phone", Set: d.PhoneTo(&c.Contact.Phone, "contact.phone", nil)},
				{Name: "fax", Set: d.PhoneTo(&c.Contact.Fax, "contact.fax", nil)},
				{Name: "email", Set: d.CodeTo(&c.Contact.Email, "contact.email")},
				{Name: "ereferral", Set: d.EReferralCodeTo(&c.Contact.EReferral, &c.Contact.EReferralURL, &c.Contact.CodeParam, "contact.ereferral")},
				{Name: "hours", Set: d.StringTo(&c.Contact.Hours, "contact.hours")},
			})
		}},
		{Name: "lines", Set: func(v *yaml.Node) {
			if v.Kind != yaml.MappingNode {
				d.Errorf(v, "lines must be a mapping of key: {label, phone}, not %s", schema.Describe(v))
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				l := Line{Key: k.Value}
				l.Line, _ = d.Pos(k)
				d.Object(val, "line "+k.Value, []schema.Field{
					{Name: "label", Required: true, Set: d.StringTo(&l.Label, "label")},
					// Checked once check.allow_numbers, which may come
					// later in the file, is known: a line may be 988.
					{Name: "phone", Required: true, Set: func(v *yaml.Node) { linePhones[len(c.Lines)] = v }},
				})
				c.Lines = append(c.Lines, l)
			}
		}},
		{Name: "kits", Set: func(v *yaml.Node) {
			d.Object(v, "kits", []schema.Field{
				{Name: "paper", Set: func(v *yaml.Node) {
					p, ok := d.Text(v, "kits.paper")
					if !ok {
						return
					}
					p = strings.ToLower(p)
					if p != "letter" && p != "a4" {
						d.Errorf(v, "kits.paper %q is not a paper size kitgen knows; use letter or a4", p)
						return
					}
					c.Kits.Paper = p
				}},
				{Name: "min_font_size", Set: func(v *yaml.Node) {
					f := d.Float(v, "kits.min_font_size")
					if f < 6 || f > 14 {
						d.Errorf(v, "kits.min_font_size must be between 6 and 14 points; below 6 a printed kit is unreadable")
						return
					}
					c.Kits.MinFontSize = f
				}},
				{Name: "size_budget_kb", Set: func(v *yaml.Node) { c.Kits.SizeBudgetKB = d.Int(v, "kits.size_budget_kb") }},
			})
		}},
		{Name: "deploy", Set: func(v *yaml.Node) {
			d.Object(v, "deploy", []schema.Field{
				{Name: "target", Set: func(v *yaml.Node) {
					c.Deploy.TargetLine, _ = d.Pos(v)
					c.Deploy.Target, _ = d.Code(v, "deploy.target")
				}},
				{Name: "cloudfront_distribution_id", Set: d.CodeTo(&c.Deploy.CloudFrontDistribution, "deploy.cloudfront_distribution_id")},
			})
		}},
		{Name: "check", Set: func(v *yaml.Node) {
			d.Object(v, "check", []schema.Field{
				{Name: "allow_numbers", Set: func(v *yaml.Node) { c.Check.AllowNumbers = allowNumbers(d, v) }},
				{Name: "claims", Set: d.StringsTo(&c.Check.Claims, "check.claims")},
				{Name: "allow_scripts", Set: func(v *yaml.Node) { c.Check.AllowScripts = d.Codes(v, "check.allow_scripts") }},
				{Name: "rules", Set: func(v *yaml.Node) {
					if v.Kind != yaml.MappingNode {
						d.Errorf(v, "check.rules must be a mapping of rule-id: off|warning|error, not %s", schema.Describe(v))
						return
					}
					c.Check.Rules = map[string]string{}
					c.Check.RulesLine = map[string]int{}
					for i := 0; i+1 < len(v.Content); i += 2 {
						k, val := v.Content[i], v.Content[i+1]
						// An empty value leaves the rule at its default,
						// as leaving the line out does.
						s, ok := d.Text(val, "check.rules."+k.Value)
						if !ok {
							continue
						}
						switch s {
						case "off", "warning", "error":
							c.Check.Rules[k.Value] = s
							c.Check.RulesLine[k.Value], _ = d.Pos(k)
						default:
							d.Errorf(val, "check.rules.%s must be off, warning or error, not %q", k.Value, s)
						}
					}
				}},
			})
		}},
	})
	if len(c.Languages) > 0 {
		c.Language = c.Languages[0]
	}
	for i := range c.Lines {
		if v := linePhones[i]; v != nil {
			c.Lines[i].Phone = d.Phone(v, "lines."+c.Lines[i].Key+".phone", c.Check.AllowsShort)
		}
	}
	return c
}

// AllowsShort reports whether a short service number (its digits) may be
// written where the site expects a phone number: 911 and 988 always,
// others when check.allow_numbers lists them.
func (c *Check) AllowsShort(digits string) bool {
	if digits == "911" || digits == "988" {
		return true
	}
	for _, a := range c.AllowNumbers {
		if n, err := phone.Parse(a); err == nil && n.Kind() == phone.Short && n.Key() == digits {
			return true
		}
	}
	return false
}

// allowNumbers decodes check.allow_numbers: full numbers, short service
// numbers, and seven-digit local ones (text may say 555-0142).
func allowNumbers(d *schema.Decoder, v *yaml.Node) []string {
	list := d.Codes(v, "check.allow_numbers")
	items := schema.Items(v)
	if len(items) != len(list) {
		return list // an item was not text, and is reported
	}
	for i, s := range list {
		if _, err := phone.Parse(s); err != nil && !phone.Local(s) {
			d.Errorf(items[i], "check.allow_numbers: %q %v", s, err)
		}
	}
	return list
}

// languageTag is a language tag as kitgen accepts it: a two- or
// three-letter language, optionally a region (en, es-US, pt-BR).
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// languages decodes languages:, a list of language tags, the default
// first. Translations are named and published by the language part of a
// tag (name.es.md, /es/), so two tags may not share it.
func languages(d *schema.Decoder, v *yaml.Node) []string {
	list := d.Strings(v, "languages")
	items := schema.Items(v)
	if len(items) != len(list) {
		return nil // an item was not text, and is reported
	}
	seen := map[string]bool{}
	var out []string
	for i, s := range list {
		base, _, _ := strings.Cut(s, "-")
		switch {
		case !languageTag.MatchString(s):
			d.Errorf(items[i], "languages: %q is not a language tag; write a language and region such as en-US or es-US", s)
		case seen[base]:
			d.Errorf(items[i], "languages: %q has the same language as an earlier one; translations are told apart by language (name.%s.md), so list %s once", s, base, base)
		default:
			seen[base] = true
			out = append(out, s)
		}
	}
	if len(out) != len(list) {
		return nil
	}
	return out
}

// NormalizeBaseURL adds the trailing slash that URL joining relies on.
func NormalizeBaseURL(s string) string {
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}
