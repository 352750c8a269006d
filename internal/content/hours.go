package content

import (
	"fmt"
	"strings"
)

var dayNames = map[string]string{"Mo": "Mon", "Tu": "Tue", "We": "Wed", "Th": "Thu", "Fr": "Fri", "Sa": "Sat", "Su": "Sun"}

// DaysText turns schema.org day codes ("Mo-Fr", "Sa", "Mo,We") into the
// words people read ("Mon–Fri"). ok is false for codes it does not know.
func DaysText(days string) (string, bool) {
	var parts []string
	for _, group := range strings.Split(days, ",") {
		group = strings.TrimSpace(group)
		ends := strings.Split(group, "-")
		if len(ends) > 2 {
			return "", false
		}
		var names []string
		for _, e := range ends {
			n, ok := dayNames[strings.TrimSpace(e)]
			if !ok {
				return "", false
			}
			names = append(names, n)
		}
		parts = append(parts, strings.Join(names, "–"))
	}
	return strings.Join(parts, ", "), true
}

// Clock12 formats "07:30" as "7:30 a.m.", the style US patients read.
func Clock12(hhmm string) string {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil {
		return hhmm
	}
	suffix := "a.m."
	if h >= 12 {
		suffix = "p.m."
	}
	if h == 0 {
		h = 12
	} else if h > 12 {
		h -= 12
	}
	return fmt.Sprintf("%d:%02d %s", h, m, suffix)
}

// Text is the hours row as people read it: "Mon–Fri 7:30 a.m.–5:30 p.m.".
func (h Hours) Text() string {
	days, _ := DaysText(h.Days)
	return days + " " + Clock12(h.Opens) + "–" + Clock12(h.Closes)
}

// Spec is the hours row in schema.org openingHours notation.
func (h Hours) Spec() string { return h.Days + " " + h.Opens + "-" + h.Closes }

// Lines returns the address as printed lines.
func (a Address) Lines() []string {
	var out []string
	if a.Street != "" {
		out = append(out, a.Street)
	}
	city := a.City
	if a.Region != "" {
		city += ", " + a.Region
	}
	if a.PostalCode != "" {
		city += " " + a.PostalCode
	}
	if strings.TrimSpace(city) != "" {
		out = append(out, strings.TrimSpace(city))
	}
	return out
}
