package crosscheck

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The generated sites: a practice with one to three locations, one to four
// providers, a service, its guide with an on-call line, and a kit that
// quotes the guide's red flags, every provider and a location's contact
// block. Every typed fact takes its true, false, absent and empty values
// somewhere across the seeds, and names come from many scripts.

// phone is a number as the source writes it and the ten NANP digits it
// stands for.
type phone struct{ written, digits string }

// e164 is the number as an RFC 3966 tel: URI must carry it.
func (p phone) e164() string { return "+1" + p.digits }

type hoursRow struct{ days, opens, closes string }

type location struct {
	slug, title               string
	street, city, region, zip string
	phone                     phone
	fax                       *phone // nil: no fax line
	email                     string // "": key absent
	hours                     []hoursRow
}

// presence says how an optional field appears in the front matter.
type presence int

const (
	given presence = iota
	absent
	empty
)

type provider struct {
	slug, name  string
	credentials string
	credState   presence
	accepting   *bool // nil: key absent
	location    string
	npi         string // "": key absent
	video       video
}

// waitTime is a service's wait for a routine first visit.
type waitTime struct {
	min, max int       // weeks
	asOf     time.Time // within 90 days before the build
}

// text is how every output words it.
func (w waitTime) text() string {
	n := strconv.Itoa(w.min)
	if w.max != w.min {
		n += "–" + strconv.Itoa(w.max)
	}
	unit := " weeks"
	if w.max == 1 {
		unit = " week"
	}
	return "Routine: " + n + unit + " (as of " + w.asOf.Format("January 2, 2006") + ")"
}

// newNPI returns a random NPI with a valid check digit: the Luhn digit
// of 80840 and the first nine digits, computed here independently of
// kitgen's own check.
func newNPI(r *rand.Rand) string {
	first := fmt.Sprintf("1%08d", r.IntN(100000000))
	s := "80840" + first
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return first + strconv.Itoa((10-sum%10)%10)
}

type site struct {
	seed      uint64
	practice  string
	baseURL   string
	contact   phone
	oncall    phone
	locations []location
	providers []provider
	kitID     string
	kitTitle  string
	wait      *waitTime // the service's routine wait; nil: key absent
	ages      ages      // the service's and the guide's ages
	video     video     // the service's telehealth
}

// video is a telehealth key: true, false, absent, or written with no value.
type video int

const (
	videoAbsent video = iota
	videoYes
	videoNo
	videoEmpty
)

// yaml is the front-matter line, "" for an absent key.
func (v video) yaml() string {
	return [...]string{"", "telehealth: true\n", "telehealth: false\n", "telehealth:\n"}[v]
}

// text is what a page says beside "Video visits", "" for nothing.
func (v video) text() string { return [...]string{"", "Offered", "Not offered", ""}[v] }

// ages is an age range; min < 0 is an absent key, max < 0 no upper
// limit, newMax < 0 no other limit for new patients.
type ages struct{ min, max, newMax int }

func (a ages) yaml() string {
	switch {
	case a.min < 0:
		return ""
	case a.newMax >= 0:
		return fmt.Sprintf("ages: {min: %d, max: %d, new_patients_max: %d}\n", a.min, a.max, a.newMax)
	case a.max < 0:
		return fmt.Sprintf("ages: %d-\n", a.min)
	}
	return fmt.Sprintf("ages: %d-%d\n", a.min, a.max)
}

// text is how pages print the range.
func (a ages) text() string {
	switch {
	case a.min < 0:
		return ""
	case a.max < 0:
		return fmt.Sprintf("Ages %d and over", a.min)
	case a.newMax >= 0:
		return fmt.Sprintf("Ages %d–%d (new patients up to %d)", a.min, a.max, a.newMax)
	}
	return fmt.Sprintf("Ages %d–%d", a.min, a.max)
}

var names = []string{
	"José Núñez", "Ngọc Anh Trần", "Ελένη Παπαδοπούλου", "Олег Смирнов", "Siobhán Ó Briain",
	"Zoë Adeyemi-Łukasik", "Björn Ødegård", "Chloé Dubois", "Nguyễn Thị Hương", "Anna Kowalski",
	"Ana María Pérez", "Đặng Văn Lâm", "Ирина Петрова", "Γιώργος Νικολάου", "Mary O'Connor",
}

var credentials = []string{"MD", "DO", "MD, FACC", "MD, PhD", "NP", "DO, FACP"}

var cities = []struct{ city, region, zip string }{
	{"Chicago", "IL", "60654"}, {"Evanston", "IL", "60201"}, {"Tucson", "AZ", "85701"},
	{"El Paso", "TX", "79901"}, {"Santa Fe", "NM", "87501"},
}

var streets = []string{"350 N. Clarkson Street, Suite 1200", "1000 Lake Shore Drive", "12 Avenida Córdoba", "77 Main Street, Floor 3"}

// newPhone draws a valid NANP number (area and exchange codes start with
// 2–9; 555-01xx is reserved for fiction) and writes it in one of the ways
// editors do.
func newPhone(r *rand.Rand) phone {
	area := fmt.Sprintf("%d%d%d", 2+r.IntN(8), r.IntN(10), r.IntN(10))
	line := fmt.Sprintf("01%02d", r.IntN(100))
	digits := area + "555" + line
	var w string
	switch r.IntN(5) {
	case 0:
		w = fmt.Sprintf("(%s) 555-%s", area, line)
	case 1:
		w = fmt.Sprintf("%s-555-%s", area, line)
	case 2:
		w = fmt.Sprintf("%s.555.%s", area, line)
	case 3:
		w = fmt.Sprintf("+1 %s 555 %s", area, line)
	default:
		w = fmt.Sprintf("1-%s-555-%s", area, line)
	}
	return phone{written: w, digits: digits}
}

// newSite draws a site from seed. Seeds 0 to 5 cover each accepting and
// credentials state on the first provider, so a short run still sees them.
func newSite(seed uint64) *site {
	r := rand.New(rand.NewPCG(seed, 0x6b697467656e))
	s := &site{
		seed:     seed,
		practice: []string{"Lakeshore Specialty Partners", "Clínica del Río", "Northside Children’s Specialists"}[r.IntN(3)],
		baseURL:  fmt.Sprintf("https://referrals-%d.clinic.example/", seed),
		contact:  newPhone(r),
		oncall:   newPhone(r),
		kitID:    "referral",
		kitTitle: "Referral kit",
	}
	for i := range 1 + r.IntN(3) {
		c := cities[r.IntN(len(cities))]
		l := location{
			slug:   fmt.Sprintf("office-%d", i+1),
			title:  fmt.Sprintf("%s office %d", c.city, i+1),
			street: streets[r.IntN(len(streets))], city: c.city, region: c.region, zip: c.zip,
			phone: newPhone(r),
		}
		if r.IntN(3) > 0 {
			f := newPhone(r)
			l.fax = &f
		}
		if r.IntN(2) == 0 {
			l.email = fmt.Sprintf("office%d@clinic.example", i+1)
		}
		if r.IntN(4) > 0 {
			l.hours = append(l.hours, hoursRow{"Mo-Fr", fmt.Sprintf("%02d:30", 7+r.IntN(2)), "17:00"})
			if r.IntN(2) == 0 {
				l.hours = append(l.hours, hoursRow{"Sa", "09:00", "12:00"})
			}
		}
		s.locations = append(s.locations, l)
	}
	perm := r.Perm(len(names))
	for i := range 1 + r.IntN(4) {
		p := provider{
			slug:     fmt.Sprintf("provider-%d", i+1),
			name:     names[perm[i]],
			location: s.locations[r.IntN(len(s.locations))].slug,
		}
		state := r.IntN(3)
		if i == 0 {
			state = int(seed % 3)
		}
		switch state {
		case 0:
			t := true
			p.accepting = &t
		case 1:
			f := false
			p.accepting = &f
		}
		cs := r.IntN(3)
		if i == 0 {
			cs = int(seed/3) % 3
		}
		p.credState = presence(cs)
		if p.credState == given {
			p.credentials = credentials[r.IntN(len(credentials))]
		}
		if r.IntN(2) == 0 {
			p.npi = newNPI(r)
		}
		p.video = video(r.IntN(4))
		if i == 0 {
			p.video = video(seed % 4)
		}
		s.providers = append(s.providers, p)
	}
	s.video = video((seed + 1) % 4)
	s.ages = []ages{{-1, -1, -1}, {18, -1, -1}, {0, 17, -1}, {0, 21, 17}}[(seed/2)%4]
	if r.IntN(3) > 0 {
		w := &waitTime{min: 1 + r.IntN(6), asOf: effective.AddDate(0, 0, -r.IntN(90))}
		w.max = w.min + r.IntN(3)*2
		s.wait = w
	}
	return s
}

// q quotes a string for YAML.
func q(s string) string { return fmt.Sprintf("%q", s) }

// write puts the site's files under dir.
func (s *site) write(t *testing.T, dir string) {
	t.Helper()
	files := map[string]string{}
	files["kitgen.yaml"] = fmt.Sprintf(`title: %s
base_url: %s
language: en-US
description: Referral information for clinicians.
review_interval_days: 365
contact:
  name: %s
  phone: %s
  email: referrals@clinic.example
lines:
  oncall: {label: "On-call physician (24/7)", phone: %s}
`, q(s.practice), s.baseURL, q(s.practice+" intake"), q(s.contact.written), q(s.oncall.written))

	files["content/_index.md"] = "---\ntitle: Referrals\ndescription: How to refer.\n---\n\nWelcome, referring clinicians.\n"
	var provSlugs, locSlugs []string
	for _, p := range s.providers {
		provSlugs = append(provSlugs, p.slug)
	}
	for _, l := range s.locations {
		locSlugs = append(locSlugs, l.slug)
	}
	wait := ""
	if w := s.wait; w != nil {
		wait = fmt.Sprintf("wait_times: [{kind: routine, weeks: %d-%d, as_of: %s}]\n", w.min, w.max, w.asOf.Format("2006-01-02"))
	}
	files["content/services/heart.md"] = fmt.Sprintf(`---
title: Heart care
description: Heart care for adults.
specialty: Cardiology
providers: [%s]
locations: [%s]
guide: heart-referral
%s%s%s---

We see adults with heart disease.
`, strings.Join(provSlugs, ", "), strings.Join(locSlugs, ", "), wait, s.ages.yaml(), s.video.yaml())
	files["content/guides/heart-referral.md"] = fmt.Sprintf(`---
title: Heart referral guide
description: When to refer to heart care.
audience: Primary care clinicians
service: heart
escalation: oncall
reviewed: 2026-10-01
%s---

## Red flags

- Chest pain at rest lasting 20 minutes or more: call 911.
- Fainting during exercise (case %d).

## Routine referral

- Stable chest pain for risk assessment.
`, s.ages.yaml(), s.seed)
	for _, l := range s.locations {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s\ndescription: An office.\n", q(l.title))
		fmt.Fprintf(&b, "address: {street: %s, city: %s, region: %s, postal_code: %s}\n", q(l.street), q(l.city), q(l.region), q(l.zip))
		fmt.Fprintf(&b, "phone: %s\n", q(l.phone.written))
		if l.fax != nil {
			fmt.Fprintf(&b, "fax: %s\n", q(l.fax.written))
		}
		if l.email != "" {
			fmt.Fprintf(&b, "email: %s\n", l.email)
		}
		if len(l.hours) > 0 {
			b.WriteString("hours:\n")
			for _, h := range l.hours {
				fmt.Fprintf(&b, "  - {days: %s, opens: %s, closes: %s}\n", q(h.days), q(h.opens), q(h.closes))
			}
		}
		b.WriteString("---\n\nThe office is on the ground floor.\n")
		files["content/locations/"+l.slug+".md"] = b.String()
	}
	for _, p := range s.providers {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s\ndescription: A cardiologist.\n", q(p.name))
		switch p.credState {
		case given:
			fmt.Fprintf(&b, "credentials: %s\n", q(p.credentials))
		case empty:
			b.WriteString("credentials: \"\"\n")
		}
		b.WriteString("role: Cardiologist\nspecialty: Cardiology\n")
		fmt.Fprintf(&b, "locations: [%s]\nservices: [heart]\n", p.location)
		if p.accepting != nil {
			fmt.Fprintf(&b, "accepting_referrals: %t\n", *p.accepting)
		}
		if p.npi != "" {
			fmt.Fprintf(&b, "npi: %s\n", q(p.npi))
		}
		b.WriteString(p.video.yaml())
		b.WriteString("---\n\nSees adults with heart disease.\n")
		files["content/providers/"+p.slug+".md"] = b.String()
	}
	files["kits/"+s.kitID+".yaml"] = fmt.Sprintf(`title: %s
audience: Referring clinicians
page: services/heart
blocks:
  - section: guides/heart-referral#red-flags
    style: urgent
  - providers: [%s]
  - contact: %s
`, s.kitTitle, strings.Join(provSlugs, ", "), s.locations[0].slug)
	// The kit quotes the facts that vary: the wait time, and each NPI.
	if s.wait != nil {
		files["kits/"+s.kitID+".yaml"] += "  - facts: services/heart\n    show: [wait_times]\n"
	}
	for _, p := range s.providers {
		if p.npi != "" {
			files["kits/"+s.kitID+".yaml"] += "  - facts: providers/" + p.slug + "\n    show: [npi]\n"
		}
	}

	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
