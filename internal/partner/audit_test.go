package partner

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema/schematest"
)

// TestPartnerAudit writes false, ~, null and nothing into every key of a
// partner file, and leaves each out: each is an error at the value that
// says how to fix it, or reads as the key left out.
func TestPartnerAudit(t *testing.T) {
	schematest.Audit(t, schematest.Kind{
		File: "partners/north.yaml",
		Doc: `name: Northside Family Medicine
segment: primary-care
code: ` + goodCode + `
kits: [cardiology, pulmonology]
fax: "(312) 555-0199"
ereferral: {name: Northside portal, url: "https://portal.example.org/in", code_param: ref}
email: referrals@northside.example
note: Lunch-and-learn every first Tuesday.
`,
		Decode: func(doc []byte) (any, []diag.Diagnostic) {
			var l diag.List
			p := Parse("partners/north.yaml", doc, &l)
			if p != nil {
				p.Raw = nil // the file's bytes: they differ by the line left out
			}
			return p, l.Sorted()
		},
	})
}

// TestPartnerCodesAreQuoted checks the partner fields that are codes: a
// number there is a slip to quote, at its line and column.
func TestPartnerCodesAreQuoted(t *testing.T) {
	head := "name: N\nsegment: s\ncode: " + goodCode + "\n"
	for _, c := range []struct{ src, want string }{
		{"name: N\nsegment: s\ncode: 12345\n", `partners/north.yaml:3:7: error: partner: code must be text, not the number 12345; quote it ("12345")`},
		{head + "fax: 3125550199\n", `partners/north.yaml:4:6: error: partner: fax must be text, not the number 3125550199`},
		{head + "email: 12\n", `partners/north.yaml:4:8: error: partner: email must be text, not the number 12`},
		{head + "ereferral: {name: P, url: 12}\n", `partners/north.yaml:4:27: error: partner: ereferral.url must be text, not the number 12`},
		{head + "ereferral: {name: P, url: \"https://x.org\", code_param: 1}\n", `partners/north.yaml:4:56: error: partner: ereferral.code_param must be text, not the number 1`},
		{head + "kits: [cardiology, false]\n", `partners/north.yaml:4:20: error: partner: each item of kits must be text, not the boolean false; quote it ("false")`},
	} {
		_, ds := parse(t, c.src)
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), c.want) {
			t.Errorf("%q: findings %v\nwant one starting %q", c.src, ds, c.want)
		}
	}
}
