package content

import (
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema/schematest"
)

// auditCommon sets every key every page has. translates is left out: on
// a page that is not a translation it is always an error (tested in
// TestTranslatesSlips), so no valid document has it.
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

func auditKind(file, doc string, unset map[string]string) schematest.Kind {
	return schematest.Kind{File: file, Doc: doc, Offset: 1, Unset: unset,
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
			schematest.Audit(t, auditKind(doc.file, auditCommon+doc.fm,
				map[string]string{"translates": "an error on a page that is not a translation (TestTranslatesSlips)"}))
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
`, nil))
	})
}

// TestCodesAreQuoted checks the front-matter fields that are codes — phone
// and fax numbers, postal codes, e-mail and web addresses, NPIs — where a
// number is a slip that would publish something other than what the
// editor sees (YAML tools drop leading zeros), and prose fields, where a
// number is its text.
func TestCodesAreQuoted(t *testing.T) {
	for _, c := range []struct{ file, fm, want string }{
		{"content/locations/l.md", "phone: 3125550150\n", `content/locations/l.md:3:8: error: front-matter: phone must be text, not the number 3125550150; quote it ("3125550150") so it is read exactly as written`},
		{"content/locations/l.md", "fax: 3125550151\n", `content/locations/l.md:3:6: error: front-matter: fax must be text, not the number 3125550151`},
		{"content/locations/l.md", "address: {street: 1 Main St, city: Boston, postal_code: 02134}\n", `content/locations/l.md:3:57: error: front-matter: address.postal_code must be text, not the number 02134; quote it ("02134")`},
		{"content/locations/l.md", "email: 12\n", `content/locations/l.md:3:8: error: front-matter: email must be text, not the number 12`},
		{"content/locations/l.md", "ereferral: {name: Portal, url: 12}\n", `content/locations/l.md:3:32: error: front-matter: ereferral.url must be text, not the number 12`},
		{"content/locations/l.md", "lines: [{label: Scheduling, phone: 3125550152}]\n", `content/locations/l.md:3:36: error: front-matter: lines.phone must be text, not the number 3125550152`},
		{"content/locations/l.md", "after_hours: {label: On call, phone: 3125550159}\n", `content/locations/l.md:3:38: error: front-matter: after_hours.phone must be text, not the number 3125550159`},
		{"content/locations/l.md", "departments: [{name: Lab, phone: 3125550154, hours: [{days: Mo, opens: \"08:00\", closes: \"12:00\"}]}]\n", `content/locations/l.md:3:34: error: front-matter: departments.phone must be text, not the number 3125550154`},
		{"content/providers/p.md", "npi: 1234567893\n", `content/providers/p.md:3:6: error: front-matter: npi must be text, not the number 1234567893; quote it ("1234567893")`},
	} {
		_, got := decodeOne(t, c.file, c.fm)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s with\n%s\nfindings:\n%s\nwant a line starting\n%s", c.file, c.fm, got, c.want)
		}
	}
	p, f := decodeOne(t, "content/services/s.md", "specialty: 2024\nvisit_length: 60\nconditions: [1, 2]\n")
	if s := p.Service(); f != "" || s.Specialty != "2024" || s.VisitLength != "60" || strings.Join(s.Conditions, ",") != "1,2" {
		t.Errorf("prose numbers read as %+v, findings %s", p.Service(), f)
	}
}

// TestTranslatesSlips checks the values of translates:, keyed by the
// source's section ids (so not reached by the field audit), and the key
// on a page that is not a translation, where it is always an error: a fingerprint
// is text in quotes, as kitgen translations mark writes it; an empty one
// is the section left unmarked.
func TestTranslatesSlips(t *testing.T) {
	decodeTr := func(fm string) (*Page, string) {
		var l diag.List
		p, _ := decodePage("content/services/x.es.md", []byte("---\ntitle: T\n"+fm+"---\n\nCuerpo.\n"), []string{"en-US", "es-US"}, &l)
		return p, findings(&l)
	}
	for _, c := range []struct{ fm, want string }{
		{"translates: {\"(top)\": false}\n", `content/services/x.es.md:3:23: error: front-matter: translates: the fingerprint of (top) must be text in quotes, not the boolean false; run kitgen translations mark again`},
		{"translates: {\"(top)\": 12345678}\n", `content/services/x.es.md:3:23: error: front-matter: translates: the fingerprint of (top) must be text in quotes, not the number 12345678`},
	} {
		if _, got := decodeTr(c.fm); !strings.Contains(got, c.want) {
			t.Errorf("%s: findings\n%s\nwant\n%s", c.fm, got, c.want)
		}
	}
	if _, got := decodeOne(t, "content/services/s.md", "translates: {a: b}\n"); !strings.Contains(got, "content/services/s.md:3:13: error: front-matter: translates: belongs to a translation") {
		t.Errorf("translates: on a page that is not a translation: findings\n%s", got)
	}
	for _, fm := range []string{"translates: {\"(top)\": ~, a: \"0a0b0c0d\"}\n", "translates:\n  (top):\n  a: \"0a0b0c0d\"\n"} {
		p, got := decodeTr(fm)
		if got != "" || len(p.Translates) != 1 || p.Translates["a"] != "0a0b0c0d" {
			t.Errorf("%s: translates %v, findings %s; want (top) left unmarked", fm, p.Translates, got)
		}
	}
}
