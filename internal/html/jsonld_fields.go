package html

import (
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/phone"
)

// openingHours describes hours rows as schema.org
// OpeningHoursSpecifications, the structured form that ContactPoint's
// hoursAvailable and a department's hours take.
func openingHours(rows []content.Hours) []any {
	var out []any
	for _, h := range rows {
		days := content.DayNames(h.Days)
		if len(days) == 0 {
			continue
		}
		out = append(out, map[string]any{
			"@type": "OpeningHoursSpecification", "dayOfWeek": days,
			"opens": h.Opens, "closes": h.Closes,
		})
	}
	return out
}

// contactPoint describes a phone line as a ContactPoint, with its label
// as the contactType and the hours it is answered.
func contactPoint(l content.PhoneLine) map[string]any {
	cp := map[string]any{"@type": "ContactPoint", "contactType": l.Label, "telephone": phone.InternationalFormat(l.Phone)}
	if h := openingHours(l.Hours); len(h) > 0 {
		cp["hoursAvailable"] = h
	}
	return cp
}

// locationFields adds a location's phone lines (contactPoint), its
// departments (department, each a MedicalClinic with its own hours) and
// its closures to a MedicalClinic. A closure is a
// specialOpeningHoursSpecification opening and closing at midnight for
// the days from validFrom through validThrough: schema.org's way of
// saying closed on those days.
func locationFields(ld map[string]any, l *content.Location) {
	var points []any
	for _, line := range l.Lines {
		points = append(points, contactPoint(line))
	}
	if l.AfterHours != nil {
		points = append(points, contactPoint(*l.AfterHours))
	}
	if len(points) > 0 {
		ld["contactPoint"] = points
	}
	var deps []any
	for _, d := range l.Departments {
		dep := map[string]any{"@type": "MedicalClinic", "name": d.Name}
		if h := openingHours(d.Hours); len(h) > 0 {
			dep["openingHoursSpecification"] = h
		}
		if d.Phone != "" {
			dep["telephone"] = phone.InternationalFormat(d.Phone)
		}
		deps = append(deps, dep)
	}
	if len(deps) > 0 {
		ld["department"] = deps
	}
	var closed []any
	for _, c := range l.Closures {
		spec := map[string]any{
			"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
			"validFrom": c.From.Format("2006-01-02"), "validThrough": c.Through.Format("2006-01-02"),
		}
		if c.Reason != "" {
			spec["description"] = c.Reason
		}
		closed = append(closed, spec)
	}
	if len(closed) > 0 {
		ld["specialOpeningHoursSpecification"] = closed
	}
}

// providerFields adds a provider's NPI (identifier, a PropertyValue with
// propertyID "NPI") and languages (knowsLanguage, Language items with the
// BCP 47 code as alternateName, as schema.org's examples write them).
func providerFields(ld map[string]any, pr *content.Provider) {
	if pr.NPI != "" {
		ld["identifier"] = map[string]any{"@type": "PropertyValue", "propertyID": "NPI", "value": pr.NPI}
	}
	var langs []any
	for _, l := range pr.Languages {
		langs = append(langs, map[string]any{"@type": "Language", "name": l.Name, "alternateName": l.Code})
	}
	if len(langs) > 0 {
		ld["knowsLanguage"] = langs
	}
}

// ageAudience describes an age range as a PeopleAudience with
// suggestedMinAge and, unless the range is open-ended, suggestedMaxAge,
// its name the range as pages print it. A range with a lower limit for new
// patients keeps the ages seen: the name says the rest. Nil when not set.
func ageAudience(a content.AgeRange) map[string]any {
	if !a.Set {
		return nil
	}
	aud := map[string]any{"@type": "PeopleAudience", "name": a.Text(), "suggestedMinAge": a.Min}
	if a.Max >= 0 {
		aud["suggestedMaxAge"] = a.Max
	}
	return aud
}

// telehealthChannel is video visits as a ServiceChannel, schema.org's
// type for a way a service is delivered (Service.availableChannel). Nil
// unless video visits are offered: "not offered" and "not said" state no
// channel.
func telehealthChannel(b *bool) map[string]any {
	if b == nil || !*b {
		return nil
	}
	return map[string]any{"@type": "ServiceChannel", "name": "Video visits", "description": "Visits by secure video (telehealth)"}
}

// serviceLD describes a service line as a Service offered by the
// practice: its specialty (serviceType), the ages it sees (audience, see
// ageAudience) and video visits (availableChannel, see
// telehealthChannel). A Service rather than a MedicalClinic: a service
// line is what the practice offers, at the locations its page lists.
func (w *Writer) serviceLD(p *content.Page) map[string]any {
	s := p.Service()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Service",
		"name": p.Title, "url": w.AbsURL(p.URL),
		"provider": map[string]any{"@type": "MedicalOrganization", "name": w.cfg.Title, "url": w.cfg.BaseURL},
	}
	if p.Description != "" {
		ld["description"] = p.Description
	}
	if s.Specialty != "" {
		ld["serviceType"] = s.Specialty
	}
	if a := ageAudience(s.Ages); a != nil {
		ld["audience"] = a
	}
	if c := telehealthChannel(s.Telehealth); c != nil {
		ld["availableChannel"] = c
	}
	return ld
}

// telehealthOffer says that a provider offers video visits: an
// IndividualPhysician is an organization, whose offers (makesOffer) are
// Offers of a Service, and availableChannel belongs to a Service. Nil
// unless video visits are offered.
func telehealthOffer(name string, b *bool) map[string]any {
	c := telehealthChannel(b)
	if c == nil {
		return nil
	}
	return map[string]any{"@type": "Offer", "itemOffered": map[string]any{
		"@type": "Service", "name": "Video visits with " + name, "availableChannel": c,
	}}
}
