package schema

import (
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kitgen/kitgen/internal/source"
)

// EReferralTo returns a Set function for an e-referral channel, written
// as its name ("Lakeshore Partner Portal") or as {name, url} when it is
// on the web; it stores the name and the address (absolute http or
// https) into name and addr. A location takes one.
func (d *Decoder) EReferralTo(name, addr *string, key string) func(*yaml.Node) {
	return d.EReferralCodeTo(name, addr, nil, key)
}

// EReferralCodeTo is EReferralTo for a channel that may take a partner's
// referral code in its address: code_param names the query parameter,
// stored into param. kitgen.yaml's contact and a partner file take one; a
// location, whose pages are public and carry no code, does not.
func (d *Decoder) EReferralCodeTo(name, addr, param *string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		if v.Kind != yaml.MappingNode {
			*name = d.String(v, key)
			return
		}
		fields := []Field{
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
		}
		if param != nil {
			fields = append(fields, Field{Name: "code_param", Set: func(v *yaml.Node) {
				// false or a number is not a parameter name: "code_param:
				// false" would otherwise add ?false=CODE to the address.
				s, ok := d.Code(v, key+".code_param")
				if !ok {
					return
				}
				if !source.ValidName(s) {
					d.Errorf(v, "%s.code_param %q must be a query parameter name, e.g. code_param: referral_code; remove it to leave the code out of the address", key, s)
					return
				}
				*param = s
			}})
		}
		d.Object(v, key, fields)
		if param != nil && *param != "" && *addr == "" {
			d.Errorf(v, "%s.code_param needs %s.url, the address the code is added to", key, key)
		}
	}
}

// WebURL reports whether s is an absolute http or https URL with a host.
func WebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}
