package content

import (
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// PageType is one row of the page-type table: everything the model knows
// about a kind of page. Adding a type means adding a row here (with the
// struct its front matter decodes into), a row in the HTML writer's table
// (internal/html/types.go) and one layout.
type PageType struct {
	// Name is the singular name editors use: "kitgen new service", and the
	// default layout, service.html.
	Name string
	// Section is the folder under content/ whose pages have this type, and
	// the value of Page.Type; "page" for free pages.
	Section string
	// NavTitle is the main navigation's entry for the section's list page;
	// empty for types that are not in the navigation.
	NavTitle string
	// Schema returns the type's own front-matter keys, which decode into a
	// new value it stores in p.Typed, and optionally a function run after
	// every key was decoded, for rules that relate two keys.
	Schema func(p *Page, d *schema.Decoder) (fields []schema.Field, after func())
	// Recommended are keys a page of this type should have; a page without
	// one gets a warning (which --strict makes fatal), not an error, so a
	// plain page in the section still builds.
	Recommended []Recommended
	// Scaffold is the file "kitgen new NAME" writes, with %s for the title:
	// every key of the schema, so editors see what they may fill in.
	Scaffold string
}

// Recommended is a front-matter key a page type should have, the rule its
// absence is reported under, and what to write.
type Recommended struct {
	Key  string
	Rule diag.Rule
	Why  string
}

// PageTypes is the page-type table, in the order of the main navigation.
// The last row is the free page, the type of every page outside the other
// rows' sections.
var PageTypes = []*PageType{
	{
		Name: "service", Section: TypeService, NavTitle: "Services",
		Schema:   serviceSchema,
		Scaffold: serviceScaffold,
	},
	{
		Name: "guide", Section: TypeGuide, NavTitle: "When to refer",
		Schema: guideSchema,
		Recommended: []Recommended{
			{"audience", diag.RuleFrontMatter, `say who the guide is for, e.g. "audience: Primary care clinicians"`},
			{"escalation", diag.RuleFrontMatter, "name the line in kitgen.yaml (lines:) to call when a referral is urgent"},
			{"reviewed", diag.RuleFreshness, `add "reviewed: YYYY-MM-DD" with the date a clinician last reviewed this guide`},
		},
		Scaffold: guideScaffold,
	},
	{
		Name: "program", Section: TypeProgram, NavTitle: "Programs",
		Schema: programSchema,
		Recommended: []Recommended{
			{"audience", diag.RuleFrontMatter, `say whom the program is for, e.g. "audience: Children with persistent asthma and their parents"`},
			{"schedule", diag.RuleFrontMatter, `say when it meets, e.g. "schedule: Four Tuesday evenings, 6–7:30 pm"`},
		},
		Scaffold: programScaffold,
	},
	{
		Name: "provider", Section: TypeProvider, NavTitle: "Providers",
		Schema: providerSchema,
		Recommended: []Recommended{
			{"credentials", diag.RuleFrontMatter, `add a line such as "credentials: MD, FACC"`},
		},
		Scaffold: providerScaffold,
	},
	{
		Name: "location", Section: TypeLocation, NavTitle: "Locations",
		Schema: locationSchema,
		Recommended: []Recommended{
			{"address", diag.RuleFrontMatter, "a location is where the practice's address is written once, for every page and kit"},
			{"phone", diag.RuleFrontMatter, "a location is where the practice's phone is written once, for every page and kit"},
			{"fax", diag.RuleFrontMatter, "a location is where the practice's fax is written once, for every page and kit"},
		},
		Scaffold: locationScaffold,
	},
	{
		Name: "page", Section: TypePage,
		Scaffold: "---\ntitle: %s\ndescription: \n---\n\nWrite the page here.\n",
	},
}

// TypeOf returns the row of the page type of a section folder: the free
// page for a folder no row claims.
func TypeOf(section string) *PageType {
	for _, t := range PageTypes {
		if t.Section == section {
			return t
		}
	}
	return PageTypes[len(PageTypes)-1]
}

// TypeNamed returns the row with the given singular name, or nil.
func TypeNamed(name string) *PageType {
	for _, t := range PageTypes {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// File returns where "kitgen new" writes a page of this type called name,
// relative to the site root.
func (t *PageType) File(name string) string {
	if t.Section == TypePage {
		return Dir + "/" + name + ".md"
	}
	return Dir + "/" + t.Section + "/" + name + ".md"
}

// Service returns the page's service front matter, or nil when it is not a
// service page.
func (p *Page) Service() *Service { s, _ := p.Typed.(*Service); return s }

// Guide returns the page's guide front matter, or nil.
func (p *Page) Guide() *Guide { g, _ := p.Typed.(*Guide); return g }

// Provider returns the page's provider front matter, or nil.
func (p *Page) Provider() *Provider { pr, _ := p.Typed.(*Provider); return pr }

// Location returns the page's location front matter, or nil.
func (p *Page) Location() *Location { l, _ := p.Typed.(*Location); return l }

// TypeProgram is the section of programs: courses and recurring sessions
// a practice runs for patients, such as asthma education.
const TypeProgram = "programs"

// Program is the front matter of a program page.
type Program struct {
	Audience string // whom it is for
	Ages     string // free text, e.g. "6–17"
	Schedule string // when it meets, e.g. "Four Tuesday evenings"
	Service  string // slug of the service that runs it
}

// Program returns the page's program front matter, or nil.
func (p *Page) Program() *Program { pr, _ := p.Typed.(*Program); return pr }

func programSchema(p *Page, d *schema.Decoder) ([]schema.Field, func()) {
	pr := &Program{}
	p.Typed = pr
	return []schema.Field{
		{Name: "audience", Set: d.StringTo(&pr.Audience, "audience")},
		{Name: "ages", Set: d.StringTo(&pr.Ages, "ages")},
		{Name: "schedule", Set: d.StringTo(&pr.Schedule, "schedule")},
		{Name: "service", Set: refTo(p, d, &pr.Service, "service", TypeService)},
	}, nil
}

const programScaffold = `---
title: %s
description: One sentence for referring clinicians.
audience: 
ages: 
schedule: 
service:        # slug of the service that runs it
---

## Who should join

## What sessions cover

## How to refer
`

func serviceSchema(p *Page, d *schema.Decoder) ([]schema.Field, func()) {
	s := &Service{}
	p.Typed = s
	return []schema.Field{
		{Name: "specialty", Set: d.StringTo(&s.Specialty, "specialty")},
		{Name: "conditions", Set: d.StringsTo(&s.Conditions, "conditions")},
		{Name: "providers", Set: refsTo(p, d, &s.Providers, "providers", TypeProvider)},
		{Name: "locations", Set: refsTo(p, d, &s.Locations, "locations", TypeLocation)},
		{Name: "guide", Set: refTo(p, d, &s.Guide, "guide", TypeGuide)},
		{Name: "visit_length", Set: d.StringTo(&s.VisitLength, "visit_length")},
		{Name: "results", Set: d.StringTo(&s.Results, "results")},
	}, nil
}

func guideSchema(p *Page, d *schema.Decoder) ([]schema.Field, func()) {
	g := &Guide{}
	p.Typed = g
	return []schema.Field{
		{Name: "audience", Set: d.StringTo(&g.Audience, "audience")},
		{Name: "service", Set: refTo(p, d, &g.Service, "service", TypeService)},
		{Name: "escalation", Set: refTo(p, d, &g.Escalation, "escalation", "")},
	}, nil
}

func providerSchema(p *Page, d *schema.Decoder) ([]schema.Field, func()) {
	pr := &Provider{}
	p.Typed = pr
	badAccepting := false
	fields := []schema.Field{
		{Name: "credentials", Set: d.StringTo(&pr.Credentials, "credentials")},
		{Name: "role", Set: d.StringTo(&pr.Role, "role")},
		{Name: "specialty", Set: d.StringTo(&pr.Specialty, "specialty")},
		{Name: "education", Set: d.StringsTo(&pr.Education, "education")},
		{Name: "board_certifications", Set: d.StringsTo(&pr.BoardCertifications, "board_certifications")},
		{Name: "focus_areas", Set: d.StringsTo(&pr.FocusAreas, "focus_areas")},
		{Name: "locations", Set: refsTo(p, d, &pr.Locations, "locations", TypeLocation)},
		{Name: "services", Set: refsTo(p, d, &pr.Services, "services", TypeService)},
		{Name: "languages", Set: d.StringsTo(&pr.Languages, "languages")},
		{Name: "accepting_referrals", Set: func(v *yaml.Node) {
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
		{Name: "accepting_referrals_note", Set: func(v *yaml.Node) {
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				return
			}
			pr.ReferralsNote = strings.TrimSpace(d.String(v, "accepting_referrals_note"))
			if strings.ContainsAny(pr.ReferralsNote, "\r\n") {
				d.Errorf(v, "accepting_referrals_note must be one short line, e.g. \"ages 0–5 only\"; put longer explanations in the bio")
				pr.ReferralsNote = ""
			}
		}},
	}
	// A qualifier alone ("ages 0–5 only") would read as a yes, so it needs
	// a stated answer to qualify.
	after := func() {
		if pr.ReferralsNote != "" && pr.AcceptingReferrals == nil && !badAccepting {
			d.Diags.Errorf(d.File, p.Line("accepting_referrals_note"), 1, diag.RuleFrontMatter,
				"accepting_referrals_note needs accepting_referrals; add \"accepting_referrals: true\" (or false) so the note qualifies a stated answer")
		}
	}
	return fields, after
}

func locationSchema(p *Page, d *schema.Decoder) ([]schema.Field, func()) {
	l := &Location{}
	p.Typed = l
	return []schema.Field{
		{Name: "address", Set: func(v *yaml.Node) {
			a := &l.Address
			d.Object(v, "address", []schema.Field{
				{Name: "street", Required: true, Set: d.StringTo(&a.Street, "address.street")},
				{Name: "city", Required: true, Set: d.StringTo(&a.City, "address.city")},
				{Name: "region", Set: d.StringTo(&a.Region, "address.region")},
				{Name: "postal_code", Set: d.StringTo(&a.PostalCode, "address.postal_code")},
				{Name: "country", Set: d.StringTo(&a.Country, "address.country")},
			})
		}},
		// A location's own lines are full numbers: a short service
		// number cannot be an office's phone or fax.
		{Name: "phone", Set: d.PhoneTo(&l.Phone, "phone", nil)},
		{Name: "fax", Set: d.PhoneTo(&l.Fax, "fax", nil)},
		{Name: "email", Set: d.StringTo(&l.Email, "email")},
		{Name: "ereferral", Set: d.StringTo(&l.EReferral, "ereferral")},
		{Name: "services", Set: refsTo(p, d, &l.Services, "services", TypeService)},
		{Name: "hours", Set: func(v *yaml.Node) {
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
	}, nil
}

const serviceScaffold = `---
title: %s
description: One sentence for referring clinicians.
specialty: 
conditions: []
providers: []   # provider slugs, e.g. jose-nunez
locations: []   # location slugs, e.g. loop
guide:          # guide slug
visit_length: 
results: 
---

## Who we see

## Conditions we treat

## What the visit involves

## How results reach you
`

const guideScaffold = `---
title: When to refer — %s
description: 
audience: Primary care clinicians and care coordinators
service:        # service slug
escalation:     # a line key from kitgen.yaml "lines"
reviewed:       # YYYY-MM-DD: fill in the date once a clinician has reviewed this guide
---

## Red flags

## Urgent referral

## Routine referral

## Documents to send

## Before the visit
`

const providerScaffold = `---
title: %s
description: 
credentials: MD
role: 
specialty: 
education: []
board_certifications: []
focus_areas: []
locations: []
services: []
languages: [English]
accepting_referrals: 
accepting_referrals_note: 
---

Bio in the third person.

## Clinical focus
`

const locationScaffold = `---
title: %s
description: 
address:
  street: 
  city: 
  region: 
  postal_code: 
phone: "(312) 555-0100"
fax: "(312) 555-0101"
email: 
ereferral: 
hours:
  - {days: Mo-Fr, opens: "08:00", closes: "17:00"}
services: []
---

Parking, transit and building access.
`
