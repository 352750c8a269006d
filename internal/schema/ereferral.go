package schema

import (
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"
)

// EReferralTo returns a Set function for an e-referral channel, written
// as its name ("Lakeshore Partner Portal") or as {name, url} when it is
// on the web; it stores the name and the address (absolute http or
// https) into name and addr. A location and kitgen.yaml's contact both
// take one.
func (d *Decoder) EReferralTo(name, addr *string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		if v.Kind != yaml.MappingNode {
			*name = d.String(v, key)
			return
		}
		d.Object(v, key, []Field{
			{Name: "name", Required: true, Hint: `name the channel, e.g. "name: Lakeshore Partner Portal"`, Set: d.StringTo(name, key+".name")},
			{Name: "url", Set: func(v *yaml.Node) {
				s, ok := d.Code(v, key+".url")
				if !ok {
					return
				}
				s = strings.TrimSpace(s)
				if !WebURL(s) {
					d.Errorf(v, "%s.url %q is not a web address; write the full address starting with https://, e.g. https://portal.example.org/referrals", key, s)
					return
				}
				*addr = s
			}},
		})
	}
}

// WebURL reports whether s is an absolute http or https URL with a host.
func WebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}
