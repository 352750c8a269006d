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
	// Unless, when set, says which pages do without the key.
	Unless func(p *Page) bool
}

// virtual reports whether p is a virtual location, which has no address.
func virtual(p *Page) bool { l := p.Location(); return l != nil && l.Virtual }

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
			{"audience", diag.RuleFrontMatter, `say who the guide is for, e.g. "audience: Primary care clinicians"`, nil},
			{"escalation", diag.RuleFrontMatter, "name the line in kitgen.yaml (lines:) to call when a referral is urgent", nil},
			{"reviewed", diag.RuleFreshness, `add "reviewed: YYYY-MM-DD" with the date a clinician last reviewed this guide`, nil},
		},
		Scaffold: guideScaffold,
	},
	{
		Name: "program", Section: TypeProgram, NavTitle: "Programs",
		Schema: programSchema,
		Recommended: []Recommended{
			{"audience", diag.RuleFrontMatter, `say whom the program is for, e.g. "audience: Children with persistent asthma and their parents"`, nil},
			{"schedule", diag.RuleFrontMatter, `say when it meets, e.g. "schedule: Four Tuesday evenings, 6–7:30 pm"`, nil},
		},
		Scaffold: programScaffold,
	},
	{
		Name: "provider", Section: TypeProvider, NavTitle: "Providers",
		Schema: providerSchema,
		Recommended: []Recommended{
			{"credentials", diag.RuleFrontMatter, `add a line such as "credentials: MD, FACC"`, nil},
		},
		Scaffold: providerScaffold,
	},
	{
		Name: "location", Section: TypeLocation, NavTitle: "Locations",
		Schema: locationSchema,
		Recommended: []Recommended{
			{"address", diag.RuleFrontMatter, "a location is where the practice's address is written once, for every page and kit; a location patients reach by video says \"virtual: true\" instead", virtual},
			{"phone", diag.RuleFrontMatter, "a location is where the practice's phone is written once, for every page and kit", nil},
			// Referrals for video visits are often faxed to the intake
			// line of kitgen.yaml, so a virtual location may have none.
			{"fax", diag.RuleFrontMatter, "a location is where the practice's fax is written once, for every page and kit", virtual},
		},
		Scaffold: locationScaffold,
	},
	{
		Name: "page", Section: TypePage,
		Scaffold: "---\ntitle: %s\ndescription: \nmenu:           # true to list the page in the main navigation, ordered by weight:\n---\n\nWrite the page here.\n",
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
func (p *Page) Service() *Service { s, _ := p.typed().(*Service); return s }

// Guide returns the page's guide front matter, or nil.
func (p *Page) Guide() *Guide { g, _ := p.typed().(*Guide); return g }

// Provider returns the page's provider front matter, or nil.
func (p *Page) Provider() *Provider { pr, _ := p.typed().(*Provider); return pr }

// Location returns the page's location front matter, or nil.
func (p *Page) Location() *Location { l, _ := p.typed().(*Location); return l }

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
func (p *Page) Program() *Program { pr, _ := p.typed().(*Program); return pr }

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
		{Name: "ages", Set: agesTo(d, &s.Ages, "ages")},
		{Name: "wait_times", Set: waitTimesTo(d, &s.WaitTimes, "wait_times")},
		{Name: "telehealth", Set: optBoolTo(d, &s.Telehealth, "telehealth")},
		{Name: "insurance", Set: insuranceTo(d, &s.Insurance, "insurance")},
		{Name: "forms", Set: formsTo(d, &s.Forms, "forms")},
	}, nil
}

func guideSchema(p *Page, d *schema.Decoder) ([]schema.Field, func()) {
	g := &Guide{}
	p.Typed = g
	return []schema.Field{
		{Name: "audience", Set: d.StringTo(&g.Audience, "audience")},
		{Name: "service", Set: refTo(p, d, &g.Service, "service", TypeService)},
		{Name: "escalation", Set: refTo(p, d, &g.Escalation, "escalation", "")},
		{Name: "ages", Set: agesTo(d, &g.Ages, "ages")},
		{Name: "forms", Set: formsTo(d, &g.Forms, "forms")},
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
		{Name: "languages", Set: languagesTo(d, &pr.Languages, "languages")},
		{Name: "npi", Set: npiTo(d, &pr.NPI, "npi")},
		{Name: "clinic_days", Set: clinicDaysTo(d, &pr.ClinicDays, "clinic_days")},
		{Name: "telehealth", Set: optBoolTo(d, &pr.Telehealth, "telehealth")},
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
	fields := []schema.Field{
		{Name: "address", Set: func(v *yaml.Node) {
			a := &l.Address
			d.Object(v, "address", []schema.Field{
				{Name: "street", Required: true, Set: d.StringTo(&a.Street, "address.street")},
				{Name: "city", Required: true, Set: d.StringTo(&a.City, "address.city")},
				{Name: "region", Set: d.StringTo(&a.Region, "address.region")},
				{Name: "postal_code", Set: d.CodeTo(&a.PostalCode, "address.postal_code")},
				{Name: "country", Set: d.StringTo(&a.Country, "address.country")},
			})
		}},
		// A location's own lines are full numbers: a short service
		// number cannot be an office's phone or fax.
		{Name: "phone", Set: d.PhoneTo(&l.Phone, "phone", nil)},
		{Name: "fax", Set: d.PhoneTo(&l.Fax, "fax", nil)},
		{Name: "email", Set: d.CodeTo(&l.Email, "email")},
		{Name: "ereferral", Set: d.EReferralTo(&l.EReferral, &l.EReferralURL, "ereferral")},
		{Name: "services", Set: refsTo(p, d, &l.Services, "services", TypeService)},
		{Name: "hours", Set: hoursTo(d, &l.Hours, "hours")},
		{Name: "virtual", Set: func(v *yaml.Node) { l.Virtual = d.Bool(v, "virtual") }},
		{Name: "instructions", Set: d.StringTo(&l.Instructions, "instructions")},
		{Name: "lines", Set: linesTo(d, &l.Lines, "lines")},
		{Name: "after_hours", Set: func(v *yaml.Node) {
			if pl, ok := phoneLine(d, v, "after_hours", "after_hours"); ok {
				l.AfterHours = &pl
			}
		}},
		{Name: "departments", Set: departmentsTo(d, &l.Departments, "departments")},
		{Name: "closures", Set: closuresTo(d, &l.Closures, "closures")},
		{Name: "insurance", Set: insuranceTo(d, &l.Insurance, "insurance")},
	}
	after := func() {
		// An address on a virtual location would be printed as where
		// patients go; say which it is.
		if l.Virtual && len(l.Address.Lines()) > 0 {
			d.Diags.Errorf(d.File, p.Line("address"), 1, diag.RuleFrontMatter,
				"a virtual location has no street address patients visit; remove address (keep the phone and instructions), or remove \"virtual: true\" if patients come here")
		}
	}
	return fields, after
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
ages:           # e.g. 0-17, or {min: 0, max: 17, new_patients_max: 16}
wait_times: []  # e.g. [{kind: routine, weeks: 8-12, as_of: 2026-11-01}]
telehealth:     # true if video visits are offered, false if not
insurance:      # {plans: [Medicaid, Blue Cross PPO], check: how to confirm coverage}
forms: []       # PDFs in assets/forms/, e.g. [referral-form.pdf]
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
ages:           # who the guide is about, e.g. 0-17
forms: []       # PDFs in assets/forms/, e.g. [referral-form.pdf]
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
npi:            # the 10-digit NPI, in quotes
clinic_days:    # e.g. Tu,Th
telehealth:     # true if the provider offers video visits
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
ereferral:      # a name, or {name: Partner Portal, url: https://…}
hours:
  - {days: Mo-Fr, opens: "08:00", closes: "17:00"}
services: []
virtual:        # true for a video-visit location, which has no address
instructions:   # how a visit here works, e.g. for video visits
lines: []       # e.g. [{label: Scheduling, phone: "(312) 555-0102", hours: [{days: Mo-Fr, opens: "08:00", closes: "16:00"}]}]
after_hours:    # e.g. {label: On-call nurse, phone: "(312) 555-0109"}
departments: [] # e.g. [{name: Sleep lab, hours: [{days: Mo-Th, opens: "20:00", closes: "23:59"}]}]
closures: []    # e.g. [{date: 2026-11-26, reason: Thanksgiving}]
insurance:      # {plans: [Medicaid, Blue Cross PPO], check: how to confirm coverage}
---

Parking, transit and building access.
`
