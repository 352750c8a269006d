package content

import (
	"time"

	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// Department is a part of a location with hours of its own, such as a
// sleep lab that works nights or an EEG suite open mornings only.
type Department struct {
	Name  string
	Phone string // display form; may be empty
	Hours []Hours
}

// Closure is a day, or a run of days, when a location is closed though its
// hours say it is open: a holiday.
type Closure struct {
	From, Through time.Time // Through == From for one day
	Reason        string    // e.g. "Thanksgiving"; may be empty
	Line, Col     int       // where the closure is written, for the check that it is over
}

// Text is the closure as printed: "Thu, November 26, 2026 (Thanksgiving)",
// "Thu, November 26 – Fri, November 27, 2026", or "Thu, December 24,
// 2026 – Fri, January 1, 2027" across a new year.
func (c Closure) Text() string {
	s := c.From.Format("Mon, January 2, 2006")
	if !c.Through.Equal(c.From) {
		from := "Mon, January 2"
		if c.From.Year() != c.Through.Year() {
			from += ", 2006"
		}
		s = c.From.Format(from) + " – " + c.Through.Format("Mon, January 2, 2006")
	}
	if c.Reason != "" {
		s += " (" + c.Reason + ")"
	}
	return s
}

// departmentsTo decodes a location's departments into dst.
func departmentsTo(d *schema.Decoder, dst *[]Department, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.List(v, key, func(item *yaml.Node) {
			var dep Department
			d.Object(item, "a department", []schema.Field{
				{Name: "name", Required: true, Hint: `name the part of the location, e.g. "name: Sleep lab"`, Set: d.StringTo(&dep.Name, key+".name")},
				{Name: "phone", Set: d.PhoneTo(&dep.Phone, key+".phone", nil)},
				{Name: "hours", Required: true, Hint: `give its hours, e.g. hours: [{days: Mo-Th, opens: "20:00", closes: "23:59"}]`, Set: hoursTo(d, &dep.Hours, key+".hours")},
			})
			if dep.Name != "" {
				*dst = append(*dst, dep)
			}
		})
	}
}

// closuresTo decodes a location's closures into dst: each a date (or a
// mapping with date, through and reason).
func closuresTo(d *schema.Decoder, dst *[]Closure, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.List(v, key, func(item *yaml.Node) {
			var c Closure
			c.Line, c.Col = d.Pos(item)
			if item.Kind == yaml.ScalarNode {
				c.From = d.Date(item, key)
			} else {
				var throughAt *yaml.Node
				d.Object(item, "a closure", []schema.Field{
					{Name: "date", Required: true, Hint: `add the first closed day, e.g. "date: 2026-11-26"`, Set: d.DateTo(&c.From, key+".date")},
					{Name: "through", Set: func(v *yaml.Node) { c.Through, throughAt = d.Date(v, key+".through"), v }},
					{Name: "reason", Set: d.StringTo(&c.Reason, key+".reason")},
				})
				if !c.Through.IsZero() && c.Through.Before(c.From) {
					d.Errorf(throughAt, "through %s is before date %s; the closure runs from date through the last closed day", c.Through.Format("2006-01-02"), c.From.Format("2006-01-02"))
					return
				}
			}
			if c.From.IsZero() {
				return
			}
			if c.Through.IsZero() {
				c.Through = c.From
			}
			*dst = append(*dst, c)
		})
	}
}
