package content

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// maxAge bounds every age in front matter: a larger number is a typo (an
// age written as a birth year, say), not a patient.
const maxAge = 130

// AgeRange is who a service or guide sees, by age in years: "ages: 0-17",
// or {min: 0, max: 17, new_patients_max: 16} when new patients must be
// younger than the patients the service keeps seeing.
type AgeRange struct {
	Min int
	// Max is the oldest age seen; -1 for no upper limit ("18-").
	Max int
	// NewMax is the oldest age at which a new patient is taken; -1 when
	// it is the same as Max.
	NewMax int
	// Set is false when the front matter does not say.
	Set bool
}

// Text is the range as pages and kits print it: "Ages 0–17 (new patients
// up to 16)", "Ages 18 and over"; "" when not set.
func (a AgeRange) Text() string {
	if !a.Set {
		return ""
	}
	s := "Ages " + strconv.Itoa(a.Min) + "–" + strconv.Itoa(a.Max)
	if a.Max < 0 {
		s = "Ages " + strconv.Itoa(a.Min) + " and over"
	}
	if a.NewMax >= 0 {
		s += " (new patients up to " + strconv.Itoa(a.NewMax) + ")"
	}
	return s
}

// Schema is the range in schema.org's typicalAgeRange notation, "0-17"
// or "18-"; "" when not set.
func (a AgeRange) Schema() string {
	if !a.Set {
		return ""
	}
	if a.Max < 0 {
		return strconv.Itoa(a.Min) + "-"
	}
	return strconv.Itoa(a.Min) + "-" + strconv.Itoa(a.Max)
}

// ageTextRE is "0-17", "0–17", "18-" or "18+", with optional spaces.
var ageTextRE = regexp.MustCompile(`^\s*([0-9]{1,3})\s*(?:[-–]\s*([0-9]{1,3})?|\+)\s*$`)

const agesHint = `write "ages: 0-17" (or "18-" for 18 and over), or {min: 0, max: 17, new_patients_max: 16}`

// agesTo decodes an age range into dst.
func agesTo(d *schema.Decoder, dst *AgeRange, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		a := AgeRange{Max: -1, NewMax: -1}
		switch v.Kind {
		case yaml.ScalarNode:
			s, ok := d.Text(v, key)
			if !ok {
				return
			}
			m := ageTextRE.FindStringSubmatch(s)
			if m == nil {
				d.Errorf(v, "%s %q is not an age range; %s", key, s, agesHint)
				return
			}
			a.Min, _ = strconv.Atoi(m[1])
			if m[2] != "" {
				a.Max, _ = strconv.Atoi(m[2])
			}
		case yaml.MappingNode:
			var minSet bool
			age := func(dst *int, k string) func(*yaml.Node) {
				return func(v *yaml.Node) {
					n := d.Int(v, key+"."+k)
					if v.Tag == "!!int" && (n < 0 || n > maxAge) {
						d.Errorf(v, "%s.%s %d is not an age in years; use a number from 0 to %d", key, k, n, maxAge)
						return
					}
					*dst = n
					if k == "min" {
						minSet = true
					}
				}
			}
			if !d.Object(v, key, []schema.Field{
				{Name: "min", Required: true, Hint: agesHint, Set: age(&a.Min, "min")},
				{Name: "max", Set: age(&a.Max, "max")},
				{Name: "new_patients_max", Set: age(&a.NewMax, "new_patients_max")},
			}) || !minSet {
				return
			}
		default:
			d.Errorf(v, "%s must be an age range; %s", key, agesHint)
			return
		}
		line, col := d.Pos(v)
		bad := func(format string, args ...any) {
			d.Diags.Errorf(d.File, line, col, d.Rule, format, args...)
		}
		switch {
		case a.Min > maxAge || a.Max > maxAge:
			bad("%s: an age above %d is not an age in years; %s", key, maxAge, agesHint)
		case a.Max >= 0 && a.Max < a.Min:
			bad("%s: the oldest age %d is below the youngest %d; write the youngest first, e.g. \"ages: %d-%d\"", key, a.Max, a.Min, a.Max, a.Min)
		case a.NewMax >= 0 && (a.NewMax < a.Min || (a.Max >= 0 && a.NewMax > a.Max)):
			bad("%s: new_patients_max %d is outside the range %s; it is the oldest age at which a new patient is taken", key, a.NewMax, strings.TrimPrefix(AgeRange{Min: a.Min, Max: a.Max, NewMax: -1, Set: true}.Text(), "Ages "))
		default:
			a.Set = true
			*dst = a
		}
	}
}
