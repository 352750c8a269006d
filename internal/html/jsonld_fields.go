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
