package content

import (
	"strings"

	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// PhoneLine is one of a location's phone lines beyond its main number
// (scheduling, nurse line, billing), with the hours it is answered.
type PhoneLine struct {
	Label string
	Phone string // display form (phone.Number.Display)
	Hours []Hours
}

// HoursText is the line's hours as printed: "Mon–Fri 8:00 a.m.–4:00 p.m.;
// Sat 9:00 a.m.–12:00 p.m.", or "" when none are given.
func (l PhoneLine) HoursText() string {
	var parts []string
	for _, h := range l.Hours {
		parts = append(parts, h.Text())
	}
	return strings.Join(parts, "; ")
}

// phoneLine decodes one {label, phone, hours} mapping.
func phoneLine(d *schema.Decoder, v *yaml.Node, what, key string) (PhoneLine, bool) {
	var l PhoneLine
	ok := d.Object(v, what, []schema.Field{
		{Name: "label", Required: true, Hint: `say what the line is for, e.g. "label: Scheduling"`, Set: d.StringTo(&l.Label, key+".label")},
		{Name: "phone", Required: true, Hint: `add the number, e.g. phone: "(312) 555-0152"`, Set: d.PhoneTo(&l.Phone, key+".phone", nil)},
		{Name: "hours", Set: hoursTo(d, &l.Hours, key+".hours")},
	})
	return l, ok && v != nil && v.Kind == yaml.MappingNode && l.Label != "" && l.Phone != ""
}

// linesTo decodes a list of phone lines into dst.
func linesTo(d *schema.Decoder, dst *[]PhoneLine, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.List(v, key, func(item *yaml.Node) {
			if l, ok := phoneLine(d, item, "a phone line", key); ok {
				*dst = append(*dst, l)
			}
		})
	}
}

// hoursTo decodes a list of opening-hours rows into dst.
func hoursTo(d *schema.Decoder, dst *[]Hours, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.List(v, key, func(item *yaml.Node) {
			h := Hours{}
			d.Object(item, "an hours entry", []schema.Field{
				{Name: "days", Required: true, Hint: `use schema.org day codes, e.g. "days: Mo-Fr"`, Set: func(v *yaml.Node) {
					var ok bool
					if h.Days, ok = d.Text(v, "days"); !ok {
						return
					}
					if _, ok := DaysText(h.Days); !ok {
						d.Errorf(v, "days %q is not a day range kitgen understands; use two-letter codes such as Mo-Fr, Sa or Mo,We,Fr", h.Days)
					}
				}},
				{Name: "opens", Required: true, Set: func(v *yaml.Node) { h.Opens = clock(d, v, "opens") }},
				{Name: "closes", Required: true, Set: func(v *yaml.Node) { h.Closes = clock(d, v, "closes") }},
			})
			*dst = append(*dst, h)
		})
	}
}
