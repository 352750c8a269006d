package content

import (
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// Insurance is the plans a location or service accepts, and how a
// referring office confirms a patient's coverage.
type Insurance struct {
	Plans []string
	Check string // how to check, e.g. "Call intake with the member ID"
}

// Empty reports whether the front matter says nothing about insurance.
func (i Insurance) Empty() bool { return len(i.Plans) == 0 && i.Check == "" }

// insuranceTo decodes {plans, check} into dst.
func insuranceTo(d *schema.Decoder, dst *Insurance, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.Object(v, key, []schema.Field{
			{Name: "plans", Required: true, Hint: `list the plans, e.g. plans: [Medicaid, Blue Cross PPO]`, Set: d.StringsTo(&dst.Plans, key+".plans")},
			{Name: "check", Set: d.StringTo(&dst.Check, key+".check")},
		})
	}
}
