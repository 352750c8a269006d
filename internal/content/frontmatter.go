package content

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"github.com/adrg/frontmatter"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// rawFormats capture front matter bytes instead of decoding them:
// adrg/frontmatter finds the block, and schema decodes it with positions.
func rawFormats(dst *[]byte, toml *bool) []*frontmatter.Format {
	yamlRaw := func(data []byte, _ any) error { *dst = data; return nil }
	tomlRaw := func(data []byte, _ any) error { *dst = data; *toml = true; return nil }
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", yamlRaw),
		frontmatter.NewFormat("---yaml", "---", yamlRaw),
		frontmatter.NewFormat("+++", "+++", tomlRaw),
		frontmatter.NewFormat("---toml", "---", tomlRaw),
	}
}

var openRE = regexp.MustCompile(`\A[ \t\r\n]*(---(?:yaml|toml)?|\+\+\+)[ \t]*\r?\n`)

// bom is the UTF-8 byte order mark some Windows editors write at the start
// of a file; neither the opening delimiter nor adrg/frontmatter sees past
// it, so split drops it first.
var bom = []byte("\xef\xbb\xbf")

// split separates front matter from body. It returns the raw front matter,
// whether it is TOML, the line of File where the front matter's first line
// is, the body and the body's first line. A block that is opened but never
// closed is reported instead of being read as Markdown.
func split(file string, src []byte, diags *diag.List) (fm []byte, isTOML bool, fmLine int, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, bom)
	m := openRE.FindSubmatchIndex(src)
	if m == nil {
		diags.Errorf(file, 1, 1, "front-matter", "no front matter; start the file with a line ---, then title: …, then a closing ---")
		return nil, false, 0, src, 1, false
	}
	delim := string(src[m[2]:m[3]])
	closing := delim
	if strings.HasPrefix(delim, "---") {
		closing = "---"
	}
	openLine := 1 + bytes.Count(src[:m[2]], []byte("\n"))
	if !hasClosing(src[m[1]:], closing) {
		diags.Errorf(file, openLine, 1, "front-matter",
			"front matter opened with %s is never closed; add a line %s after the last front-matter key", delim, closing)
		return nil, false, 0, nil, 0, false
	}
	rest, err := frontmatter.Parse(bytes.NewReader(src), nil, rawFormats(&fm, &isTOML)...)
	if err != nil && !errors.Is(err, frontmatter.ErrNotFound) {
		diags.Errorf(file, openLine, 1, "front-matter", "cannot read front matter: %v", err)
		return nil, false, 0, nil, 0, false
	}
	fmLine = openLine + 1
	bodyStart := len(src) - len(rest)
	// rest lives in the parser's read buffer, twice the file's size; the
	// same bytes as a slice of src let that buffer go.
	if bodyStart >= 0 && bytes.Equal(src[bodyStart:], rest) {
		rest = src[bodyStart:]
	}
	bodyLine = 1 + bytes.Count(src[:bodyStart], []byte("\n"))
	return fm, isTOML, fmLine, rest, bodyLine, true
}

func hasClosing(b []byte, delim string) bool {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		line := b
		if i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if string(bytes.TrimRight(line, " \t\r")) == delim {
			return true
		}
	}
	return false
}

var slugRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]*$`)

// decode applies the schema of p.Type to the front matter root node.
func decode(p *Page, root *yaml.Node, d *schema.Decoder) {
	p.Lines = map[string]int{}
	if root != nil && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			p.Lines[root.Content[i].Value], _ = d.Pos(root.Content[i])
		}
	}
	// ref and refs decode values that name a page of another section (or,
	// for section "", a line of kitgen.yaml) and record where each name is
	// written, for the check that every name resolves.
	addRef := func(key, section string, v *yaml.Node) {
		if v.Kind == yaml.ScalarNode && v.Value != "" {
			line, col := d.Pos(v)
			p.Refs = append(p.Refs, Ref{Key: key, Section: section, Name: v.Value, Line: line, Col: col})
		}
	}
	ref := func(dst *string, key, section string) func(*yaml.Node) {
		return func(v *yaml.Node) {
			*dst = d.String(v, key)
			addRef(key, section, v)
		}
	}
	refs := func(dst *[]string, key, section string) func(*yaml.Node) {
		return func(v *yaml.Node) {
			*dst = d.Strings(v, key)
			if v.Kind == yaml.SequenceNode {
				for _, item := range v.Content {
					addRef(key, section, item)
				}
				return
			}
			addRef(key, section, v)
		}
	}
	fields := []schema.Field{
		{Name: "title", Required: true, Hint: `add a line such as "title: Cardiology"`, Set: d.StringTo(&p.Title, "title")},
		{Name: "description", Set: d.StringTo(&p.Description, "description")},
		{Name: "date", Set: d.DateTo(&p.Date, "date")},
		{Name: "reviewed", Set: d.DateTo(&p.Reviewed, "reviewed")},
		{Name: "lastmod", Set: func(*yaml.Node) {}},
		{Name: "draft", Set: func(v *yaml.Node) { p.Draft = d.Bool(v, "draft") }},
		{Name: "tags", Set: d.StringsTo(&p.Tags, "tags")},
		{Name: "weight", Set: func(v *yaml.Node) { p.Weight = d.Int(v, "weight") }},
		{Name: "slug", Set: func(v *yaml.Node) {
			s := d.String(v, "slug")
			if !slugRE.MatchString(s) || s == "." || s == ".." || strings.Contains(s, "..") {
				d.Errorf(v, "slug %q is not a valid URL segment; use letters, digits, '-', '_' or '.', with no '/' or '..'", s)
				return
			}
			p.Slug = s
		}},
		{Name: "silence", Set: func(v *yaml.Node) {
			d.List(v, "silence", func(item *yaml.Node) {
				s := Silence{}
				s.Line, _ = d.Pos(item)
				d.Object(item, "a silence entry", []schema.Field{
					{Name: "rule", Required: true, Hint: `name the rule id, e.g. "rule: claims"`, Set: d.StringTo(&s.Rule, "rule")},
					{Name: "reason", Required: true, Hint: `say why this finding is acceptable, e.g. "reason: quoted from a published trial"`, Set: d.StringTo(&s.Reason, "reason")},
				})
				p.Silence = append(p.Silence, s)
			})
		}},
	}
	if p.Kind == KindPage {
		switch p.Type {
		case TypeService:
			s := &Service{}
			p.Service = s
			fields = append(fields,
				schema.Field{Name: "specialty", Set: d.StringTo(&s.Specialty, "specialty")},
				schema.Field{Name: "conditions", Set: d.StringsTo(&s.Conditions, "conditions")},
				schema.Field{Name: "providers", Set: refs(&s.Providers, "providers", TypeProvider)},
				schema.Field{Name: "locations", Set: refs(&s.Locations, "locations", TypeLocation)},
				schema.Field{Name: "guide", Set: ref(&s.Guide, "guide", TypeGuide)},
				schema.Field{Name: "visit_length", Set: d.StringTo(&s.VisitLength, "visit_length")},
				schema.Field{Name: "results", Set: d.StringTo(&s.Results, "results")},
			)
		case TypeGuide:
			g := &Guide{}
			p.Guide = g
			fields = append(fields,
				schema.Field{Name: "audience", Set: d.StringTo(&g.Audience, "audience")},
				schema.Field{Name: "service", Set: ref(&g.Service, "service", TypeService)},
				schema.Field{Name: "escalation", Set: ref(&g.Escalation, "escalation", "")},
			)
		case TypeProvider:
			pr := &Provider{}
			badAccepting := false
			p.Provider = pr
			fields = append(fields,
				schema.Field{Name: "credentials", Set: d.StringTo(&pr.Credentials, "credentials")},
				schema.Field{Name: "role", Set: d.StringTo(&pr.Role, "role")},
				schema.Field{Name: "specialty", Set: d.StringTo(&pr.Specialty, "specialty")},
				schema.Field{Name: "education", Set: d.StringsTo(&pr.Education, "education")},
				schema.Field{Name: "board_certifications", Set: d.StringsTo(&pr.BoardCertifications, "board_certifications")},
				schema.Field{Name: "focus_areas", Set: d.StringsTo(&pr.FocusAreas, "focus_areas")},
				schema.Field{Name: "locations", Set: refs(&pr.Locations, "locations", TypeLocation)},
				schema.Field{Name: "services", Set: refs(&pr.Services, "services", TypeService)},
				schema.Field{Name: "languages", Set: d.StringsTo(&pr.Languages, "languages")},
				schema.Field{Name: "accepting_referrals", Set: func(v *yaml.Node) {
					// An empty value ("accepting_referrals:") says nothing,
					// so it reads as not stated rather than as false.
					if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
						return
					}
					b := d.Bool(v, "accepting_referrals")
					if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
						pr.AcceptingReferrals = &b
					} else {
						badAccepting = true // reported by Bool
					}
				}},
				schema.Field{Name: "accepting_referrals_note", Set: func(v *yaml.Node) {
					if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
						return
					}
					pr.ReferralsNote = strings.TrimSpace(d.String(v, "accepting_referrals_note"))
					if strings.ContainsAny(pr.ReferralsNote, "\r\n") {
						d.Errorf(v, "accepting_referrals_note must be one short line, e.g. \"ages 0–5 only\"; put longer explanations in the bio")
						pr.ReferralsNote = ""
					}
				}},
			)
			// A qualifier alone ("ages 0–5 only") would read as a yes, so it
			// needs a stated answer to qualify.
			defer func() {
				if pr.ReferralsNote != "" && pr.AcceptingReferrals == nil && !badAccepting {
					d.Diags.Errorf(d.File, p.Line("accepting_referrals_note"), 1, "front-matter",
						"accepting_referrals_note needs accepting_referrals; add \"accepting_referrals: true\" (or false) so the note qualifies a stated answer")
				}
			}()
		case TypeLocation:
			l := &Location{}
			p.Location = l
			fields = append(fields,
				schema.Field{Name: "address", Set: func(v *yaml.Node) {
					a := &l.Address
					d.Object(v, "address", []schema.Field{
						{Name: "street", Required: true, Set: d.StringTo(&a.Street, "address.street")},
						{Name: "city", Required: true, Set: d.StringTo(&a.City, "address.city")},
						{Name: "region", Set: d.StringTo(&a.Region, "address.region")},
						{Name: "postal_code", Set: d.StringTo(&a.PostalCode, "address.postal_code")},
						{Name: "country", Set: d.StringTo(&a.Country, "address.country")},
					})
				}},
				// A location's own lines are full numbers: a short
				// service number cannot be an office's phone or fax.
				schema.Field{Name: "phone", Set: d.PhoneTo(&l.Phone, "phone", nil)},
				schema.Field{Name: "fax", Set: d.PhoneTo(&l.Fax, "fax", nil)},
				schema.Field{Name: "email", Set: d.StringTo(&l.Email, "email")},
				schema.Field{Name: "ereferral", Set: d.StringTo(&l.EReferral, "ereferral")},
				schema.Field{Name: "services", Set: refs(&l.Services, "services", TypeService)},
				schema.Field{Name: "hours", Set: func(v *yaml.Node) {
					d.List(v, "hours", func(item *yaml.Node) {
						h := Hours{}
						d.Object(item, "an hours entry", []schema.Field{
							{Name: "days", Required: true, Hint: `use schema.org day codes, e.g. "days: Mo-Fr"`, Set: func(v *yaml.Node) {
								h.Days = d.String(v, "days")
								if _, ok := DaysText(h.Days); !ok {
									d.Errorf(v, "days %q is not a day range kitgen understands; use two-letter codes such as Mo-Fr, Sa or Mo,We,Fr", h.Days)
								}
							}},
							{Name: "opens", Required: true, Set: func(v *yaml.Node) { h.Opens = clock(d, v, "opens") }},
							{Name: "closes", Required: true, Set: func(v *yaml.Node) { h.Closes = clock(d, v, "closes") }},
						})
						l.Hours = append(l.Hours, h)
					})
				}},
			)
		}
	}
	d.Object(root, "front matter", fields)
	if p.Kind == KindPage {
		missingTyped(p, root, d)
	}

}

// missingTyped warns about fields a page of a typed section should have.
// They are warnings, not errors: a plain page (title, description, date,
// tags) in services/ or guides/ still builds, and --strict makes them fatal.
func missingTyped(p *Page, root *yaml.Node, d *schema.Decoder) {
	line, col := d.Pos(root)
	warn := func(rule, key, why string) {
		if _, ok := p.Lines[key]; !ok {
			d.Diags.Warnf(d.File, line, col, rule, "front matter has no %q; %s", key, why)
		}
	}
	switch p.Type {
	case TypeProvider:
		warn("front-matter", "credentials", `add a line such as "credentials: MD, FACC"`)
	case TypeLocation:
		for _, k := range []string{"address", "phone", "fax"} {
			warn("front-matter", k, "a location is where the practice's "+k+" is written once, for every page and kit")
		}
	case TypeGuide:
		warn("front-matter", "audience", `say who the guide is for, e.g. "audience: Primary care clinicians"`)
		warn("front-matter", "escalation", "name the line in kitgen.yaml (lines:) to call when a referral is urgent")
		warn("freshness", "reviewed", `add "reviewed: YYYY-MM-DD" with the date a clinician last reviewed this guide`)
	}
}

var clockRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):[0-5][0-9]$`)

func clock(d *schema.Decoder, v *yaml.Node, key string) string {
	s := d.String(v, key)
	if !clockRE.MatchString(s) {
		d.Errorf(v, "%s %q is not a time; write 24-hour HH:MM in quotes, e.g. \"07:30\"", key, s)
		return ""
	}
	if len(s) == 4 {
		s = "0" + s
	}
	return s
}
