package content

import (
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// optBoolTo decodes true or false into dst, leaving it nil when the key
// is written with no value: an empty key says nothing, so it must not
// read as "no".
func optBoolTo(d *schema.Decoder, dst **bool, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		b := d.Bool(v, key)
		if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
			*dst = &b
		}
	}
}

// TelehealthText is how pages and kits say whether video visits are
// offered: "Offered", "Not offered", or "" when the front matter does not
// say.
func TelehealthText(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "Offered"
	}
	return "Not offered"
}
