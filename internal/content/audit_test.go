package content

import (
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema/schematest"
)

// auditCommon sets every key every page has. translates is left out: on
// a page that is not a translation it is always an error (tested in
// TestTranslationErrors), so no valid document has it.
const auditCommon = `title: Cardiology
description: Heart care for adults.
date: 2026-01-05
reviewed: 2026-02-01
lastmod: 2026-02-02
draft: false
tags: [heart, valves]
weight: 3
slug: heart
silence:
  - {rule: claims, reason: quoted from a published trial}
`

// auditDocs are, for each page type of PageTypes, a file of that type and
// front matter that sets every key of its schema.
var auditDocs = map[string]struct{ file, fm string }{
	TypeService: {"content/services/cardiology.md", `specialty: Cardiology
conditions: [Atrial fibrillation, Heart failure]
providers: [jose-nunez, ana-lima]
locations: [loop]
guide: cardiology-referral
visit_length: 60 minutes
results: Within two business days
ages: {min: 0, max: 17, new_patients_max: 16}
wait_times:
  - {kind: routine, weeks: 8-12, as_of: 2026-11-01}
  - {kind: urgent, days: 2, as_of: 2026-11-01}
telehealth: true
insurance: {plans: [Medicaid, Blue Cross PPO], check: Call intake with the member ID}
forms: [referral-form.pdf, {file: fax-cover.pdf, title: Fax cover sheet}]
`},
	TypeGuide: {"content/guides/cardiology-referral.md", `audience: Primary care clinicians
service: cardiology
escalation: cardiology-urgent
ages: 0-17
forms:
  - referral-form.pdf
`},
	TypeProgram: {"content/programs/asthma.md", `audience: Children with asthma
ages: 6–17
schedule: Four Tuesday evenings
service: pulmonology
`},
	TypeProvider: {"content/providers/jose-nunez.md", `credentials: MD, FACC
role: Cardiologist
specialty: Cardiology
education: [Rush Medical College]
board_certifications: [Cardiovascular disease]
focus_areas: [Heart failure, Valve disease]
locations: [loop]
services: [cardiology]
languages: [English, Spanish]
npi: "1234567893"
clinic_days: Tu,Th
telehealth: false
accepting_referrals: true
accepting_referrals_note: ages 18 and over
`},
	TypeLocation: {"content/locations/loop.md", `address: {street: 1 Main St, city: Chicago, region: IL, postal_code: "60601", country: US}
phone: "(312) 555-0150"
fax: "(312) 555-0151"
email: loop@lakeshore.example
ereferral: {name: Partner Portal, url: "https://portal.example.org/referrals"}
services: [cardiology]
hours:
  - {days: Mo-Fr, opens: "08:00", closes: "17:00"}
virtual: false
instructions: Park in the Wabash garage.
lines:
  - {label: Scheduling, phone: "(312) 555-0152", hours: [{days: Mo-Fr, opens: "08:00", closes: "16:00"}]}
after_hours: {label: On-call physician, phone: "(312) 555-0159", hours: [{days: Mo-Su, opens: "17:00", closes: "23:59"}]}
departments:
  - {name: Sleep lab, phone: "(312) 555-0154", hours: [{days: Mo-Th, opens: "20:00", closes: "23:59"}]}
closures: [2026-11-26, {date: 2026-12-24, through: 2026-12-25, reason: Holidays}]
insurance: {plans: [Medicaid], check: Call intake}
`},
	TypePage: {"content/about.md", "menu: true\n"},
}

// frontMatterRead is what the front matter of a page decodes into: the
// model the empty value of a key is compared with the key left out in.
type frontMatterRead struct {
	Title, Description string
	Date, Reviewed     time.Time
	Draft, Menu        bool
	Tags               []string
	Weight             int
	Slug, URL          string
	Silence            []Silence
	Typed              any
	Refs               []Ref
	Translates         map[string]string
}

func auditKind(file, doc string) schematest.Kind {
	return schematest.Kind{File: file, Doc: doc, Offset: 1,
		Unset: map[string]string{"translates": "an error on a page that is not a translation (TestTranslationErrors)"},
		Decode: func(fm []byte) (any, []diag.Diagnostic) {
			var l diag.List
			p, ok := decodePage(file, append(append([]byte("---\n"), fm...), "---\n\nBody.\n"...), []string{"en-US", "es-US"}, &l)
			if !ok {
				return nil, l.Sorted()
			}
			return frontMatterRead{p.Title, p.Description, p.Date, p.Reviewed, p.Draft, p.Menu, p.Tags, p.Weight, p.Slug, p.URL,
				p.Silence, p.Typed, p.Refs, p.Translates}, l.Sorted()
		}}
}

// TestFrontMatterAudit writes false, ~, null and nothing into every key of
// every page type (and of a translation), and leaves each out: each is an
// error at the value that says how to fix it, or reads as the key left
// out. The keys come from the decoder; a page type without a document
// here, or a key its document does not set, fails the test.
func TestFrontMatterAudit(t *testing.T) {
	for _, pt := range PageTypes {
		doc, ok := auditDocs[pt.Section]
		if !ok {
			t.Errorf("page type %s has no audit document; add one to auditDocs", pt.Name)
			continue
		}
		t.Run(pt.Name, func(t *testing.T) {
			schematest.Audit(t, auditKind(doc.file, auditCommon+doc.fm))
		})
	}
	t.Run("translation", func(t *testing.T) {
		schematest.Audit(t, auditKind("content/services/cardiology.es.md", `title: Cardiología
description: Atención del corazón.
draft: false
slug: cardiologia
translates: {"(top)": "4c0a3f00", who-we-see: "918bd445"}
silence:
  - {rule: claims, reason: citado de un ensayo publicado}
`))
	})
}
