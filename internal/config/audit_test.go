package config

import (
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema/schematest"
)

// TestConfigAudit writes false, ~, null and nothing into every setting of
// kitgen.yaml, and leaves each out: each is an error at the value that
// says how to fix it, or reads as the setting left out (its default).
func TestConfigAudit(t *testing.T) {
	schematest.Audit(t, schematest.Kind{
		File: FileName,
		Doc: `title: Lakeshore Specialty Partners
base_url: https://partners.example.org/
language: en-US
languages: [en-US, es-US]
description: Referral guides and kits.
review_interval_days: 365
wait_time_days: 90
minify: true
contact:
  name: Referral Intake
  phone: "(312) 555-0100"
  fax: "(312) 555-0101"
  email: referrals@example.org
  ereferral: {name: Partner Portal, url: "https://portal.example.org/referrals", code_param: referral_code}
  hours: Mon–Fri 7:00 a.m.–6:00 p.m.
lines:
  cardiology-urgent: {label: Cardiology on-call, phone: "(312) 555-0110"}
kits:
  paper: letter
  min_font_size: 8
  size_budget_kb: 200
deploy:
  target: s3://bucket/site
  cloudfront_distribution_id: E2ABCDEF
check:
  allow_numbers: ["911", "(800) 222-1222"]
  claims: [best in class]
  allow_scripts: ["https://cdn.example.org/widget.js"]
  rules: {claims: warning}
`,
		Decode: func(doc []byte) (any, []diag.Diagnostic) {
			var l diag.List
			c := Load(fstest.MapFS{FileName: {Data: doc}}, &l)
			return c, l.Sorted()
		},
	})
}
