package content

import (
	"regexp"
	"strconv"
	"time"

	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// WaitKinds are the kinds of appointment a wait time may be given for,
// with the word printed before the time.
var WaitKinds = []struct{ Key, Label string }{
	{"urgent", "Urgent"},
	{"expedited", "Expedited"},
	{"routine", "Routine"},
}

// WaitTime is how long a new patient of one kind waits for a first
// appointment, as of a date: referring offices ask it first, and a stale
// one misleads, so it carries the date it was measured.
type WaitTime struct {
	Kind     string // a key of WaitKinds
	Min, Max int    // Max == Min for a single number
	Unit     string // "days" or "weeks"
	AsOf     time.Time
	// Line and Col are where as_of is written, for the freshness check.
	Line, Col int
}

// Label is the kind as printed: "Routine".
func (w WaitTime) Label() string {
	for _, k := range WaitKinds {
		if k.Key == w.Kind {
			return k.Label
		}
	}
	return w.Kind
}

// Span is the time alone: "8–12 weeks", "1 week", "2 days".
func (w WaitTime) Span() string {
	n := strconv.Itoa(w.Min)
	if w.Max != w.Min {
		n += "–" + strconv.Itoa(w.Max)
	}
	unit := w.Unit
	if w.Max == 1 {
		unit = unit[:len(unit)-1]
	}
	return n + " " + unit
}

// Text is the wait time as pages and kits print it: "Routine: 8–12 weeks
// (as of November 1, 2026)".
func (w WaitTime) Text() string {
	return w.Label() + ": " + w.Span() + " (as of " + w.AsOf.Format("January 2, 2006") + ")"
}

// spanRE is "8", "8-12" or "8–12".
var spanRE = regexp.MustCompile(`^\s*([0-9]{1,3})\s*(?:[-–]\s*([0-9]{1,3}))?\s*$`)

const waitHint = `write e.g. "- {kind: routine, weeks: 8-12, as_of: 2026-11-01}"`

// waitTimesTo decodes a list of wait times into dst.
func waitTimesTo(d *schema.Decoder, dst *[]WaitTime, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		seen := map[string]bool{}
		d.List(v, key, func(item *yaml.Node) {
			w := WaitTime{}
			units := 0
			span := func(unit string) func(*yaml.Node) {
				return func(v *yaml.Node) {
					units++
					w.Unit = unit
					s, ok := d.Text(v, key+"."+unit)
					if !ok {
						w.Unit = ""
						return
					}
					m := spanRE.FindStringSubmatch(s)
					if m == nil {
						d.Errorf(v, "%s %q is not a number of %s; write one number or a range, e.g. %s: 8-12", unit, s, unit, unit)
						w.Unit = ""
						return
					}
					w.Min, _ = strconv.Atoi(m[1])
					w.Max = w.Min
					if m[2] != "" {
						w.Max, _ = strconv.Atoi(m[2])
					}
					if w.Max < w.Min {
						d.Errorf(v, "%s %q runs backwards; write the shorter time first, e.g. %d-%d", unit, s, w.Max, w.Min)
						w.Unit = ""
					}
				}
			}
			ok := d.Object(item, "a wait time", []schema.Field{
				{Name: "kind", Required: true, Hint: waitHint, Set: func(v *yaml.Node) {
					var ok bool
					if w.Kind, ok = d.Text(v, key+".kind"); !ok {
						return
					}
					if w.Label() == w.Kind {
						d.Errorf(v, "kind %q is not a kind of wait kitgen knows; use urgent, expedited or routine", w.Kind)
						w.Kind = ""
						return
					}
					if seen[w.Kind] {
						d.Errorf(v, "%s has two %s wait times; keep the current one", key, w.Kind)
						w.Kind = ""
					}
					seen[w.Kind] = true
				}},
				{Name: "weeks", Set: span("weeks")},
				{Name: "days", Set: span("days")},
				{Name: "as_of", Required: true, Hint: `add the date the wait was measured, e.g. "as_of: 2026-11-01"`, Set: func(v *yaml.Node) {
					w.AsOf = d.Date(v, key+".as_of")
					w.Line, w.Col = d.Pos(v)
				}},
			})
			if !ok {
				return
			}
			if units != 1 {
				d.Errorf(item, "a wait time needs exactly one of weeks or days; %s", waitHint)
				return
			}
			if w.Kind != "" && w.Unit != "" && !w.AsOf.IsZero() {
				*dst = append(*dst, w)
			}
		})
	}
}
