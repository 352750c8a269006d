package schema

import (
	"github.com/kitgen/kitgen/internal/phone"
	"gopkg.in/yaml.v3"
)

// How a field that expects text reads a YAML value. The rule is the same
// for every field of every file kitgen reads (kitgen.yaml, front matter,
// kits, partners, messages, translation tables):
//
//   - true or false, in any case, is a yes/no and never the word: "phone:
//     true" or "name: false" is a slip, and published as text it would say
//     something nobody wrote. It is an error that says to quote the word.
//   - null (~, null, or nothing after the colon) is the field left out:
//     Object never passes it to a field, so the field's required rule
//     applies; Text given one returns ok false and reports nothing. It is
//     never the text "~" or "null".
//   - a number or a date is its literal text where the field is prose
//     ("title: 2024"). Code refuses them: a phone, fax, postal code,
//     address or identifier written as a number is a slip a reader of the
//     file cannot see (YAML tools drop its leading zeros and its
//     formatting), and quoting it costs nothing.
//   - in a list, an item that is null, true or false is an error at the
//     item: an empty "- " line is a half-finished edit, not an item.

// Text decodes a scalar as text for people to read. ok is false when v is
// null (the field left out) or when v is not text, which is reported.
func (d *Decoder) Text(v *yaml.Node, key string) (s string, ok bool) {
	return d.text(v, key, false, false)
}

// Code decodes a scalar that is a phone or fax number, a postal code, an
// address (URL, e-mail) or an identifier: as Text, but a number or a date
// is an error that says to quote it.
func (d *Decoder) Code(v *yaml.Node, key string) (s string, ok bool) {
	return d.text(v, key, false, true)
}

// String is Text without ok, for fields whose zero value is their absence.
func (d *Decoder) String(v *yaml.Node, key string) string {
	s, _ := d.Text(v, key)
	return s
}

// StringTo returns a Set function storing text into dst.
func (d *Decoder) StringTo(dst *string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) { *dst = d.String(v, key) }
}

// CodeTo returns a Set function storing a code (see Code) into dst.
func (d *Decoder) CodeTo(dst *string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) { *dst, _ = d.Code(v, key) }
}

// text reads v as text under the rule above, or reports it; item says v
// is an item of the list key, where null is an error too.
func (d *Decoder) text(v *yaml.Node, key string, item, code bool) (string, bool) {
	what := key
	if item {
		what = "each item of " + key
	}
	if v.Kind != yaml.ScalarNode {
		d.Errorf(v, "%s must be text, not %s", what, Describe(v))
		return "", false
	}
	switch v.ShortTag() {
	case "!!str":
		return v.Value, true
	case "!!null":
		if item {
			d.Errorf(v, "an item of %s is empty; write the item, or remove it from the list", key)
		}
		return "", false
	case "!!bool":
		d.Errorf(v, "%s must be text, not the boolean %s; quote it (\"%s\") if you mean the word", what, v.Value, v.Value)
		return "", false
	case "!!int", "!!float", "!!timestamp":
		if code {
			d.Errorf(v, "%s must be text, not %s; quote it (\"%s\") so it is read exactly as written", what, Describe(v), v.Value)
			return "", false
		}
	}
	return v.Value, true
}

// IsText reports whether Text reads v as text without a finding: a
// scalar that is not null, true or false.
func IsText(v *yaml.Node) bool {
	if v.Kind != yaml.ScalarNode {
		return false
	}
	t := v.ShortTag()
	return t != "!!null" && t != "!!bool"
}

// Strings decodes a list of text values; a single text value is accepted as
// a one-item list, as editors often write "tags: cardiology". An item that
// is not text is reported and left out, so a caller that needs every item
// compares the list's length with Items(v)'s.
func (d *Decoder) Strings(v *yaml.Node, key string) []string {
	return d.strings(v, key, false)
}

// Codes is Strings for a list of codes (see Code).
func (d *Decoder) Codes(v *yaml.Node, key string) []string {
	return d.strings(v, key, true)
}

func (d *Decoder) strings(v *yaml.Node, key string, code bool) []string {
	if v.Kind == yaml.ScalarNode {
		if s, ok := d.text(v, key, false, code); ok {
			return []string{s}
		}
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.Errorf(v, "%s must be a list (one \"- item\" per line, or [a, b]), not %s", key, Describe(v))
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		if s, ok := d.text(item, key, true, code); ok {
			out = append(out, s)
		}
	}
	return out
}

// Items returns the item nodes of a value Strings reads: the list's
// items, or the value itself when it is a single one, so a finding about
// one item can point at it.
func Items(v *yaml.Node) []*yaml.Node {
	if v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return []*yaml.Node{v}
}

// StringsTo returns a Set function storing a list into dst.
func (d *Decoder) StringsTo(dst *[]string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) { *dst = d.Strings(v, key) }
}

// Phone decodes a phone number and returns it in its display form, the
// one every writer prints; a number nobody could dial is reported with how
// to write it. short says which short service numbers (911, 988) the
// field accepts; nil accepts none.
func (d *Decoder) Phone(v *yaml.Node, key string, short func(digits string) bool) string {
	s, ok := d.Code(v, key)
	if !ok {
		return ""
	}
	n, err := phone.Parse(s)
	switch {
	case err != nil:
		d.Errorf(v, "%s %q %v", key, s, err)
		return ""
	case n.Kind() == phone.Short && short == nil:
		d.Errorf(v, "%s %q is a short service number; write the full number with its area code, e.g. (312) 555-0142", key, s)
		return ""
	case n.Kind() == phone.Short && !short(n.Key()):
		d.Errorf(v, "%s %q is a short number kitgen does not know; write the full number with its area code, or, if %s is right, add it to check.allow_numbers in kitgen.yaml", key, s, s)
		return ""
	}
	return n.Display()
}

// PhoneTo returns a Set function storing a phone number into dst.
func (d *Decoder) PhoneTo(dst *string, key string, short func(digits string) bool) func(*yaml.Node) {
	return func(v *yaml.Node) { *dst = d.Phone(v, key, short) }
}
