package kit

import (
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema/schematest"
)

// TestDefinitionAudit writes false, ~, null and nothing into every key of
// a kit definition, blocks and blocks inside columns included, and leaves
// each out: each is an error at the value that says how to fix it, or
// reads as the key left out. The keys come from the decoder.
func TestDefinitionAudit(t *testing.T) {
	schematest.Audit(t, schematest.Kind{
		File: "kits/cardiology.yaml",
		Doc: `title: Cardiology referral kit
audience: Referring primary care clinicians
page: services/cardiology
paper: letter
change_note: the red flags name chest pain at rest
blocks:
  - {section: "guides/cardiology-referral#red-flags", title: Red flags, style: urgent}
  - {page: guides/cardiology-referral, checklist: true}
  - {contact: loop}
  - {providers: [jose-nunez, ana-lima]}
  - {facts: locations/loop, show: [phone, fax]}
  - columns:
      - {section: "guides/cardiology-referral#documents", title: Send, style: urgent}
      - {page: guides/cardiology-referral, checklist: true}
      - {contact: loop}
      - {providers: [jose-nunez]}
      - {facts: locations/loop, show: [phone]}
`,
		Unset: map[string]string{"blocks[].columns[].columns": "columns inside columns is an error (TestParseDefFindings)"},
		Decode: func(doc []byte) (any, []diag.Diagnostic) {
			var l diag.List
			def := ParseDef("kits/cardiology.yaml", doc, &l)
			if def != nil {
				def.Raw = nil // the file's bytes: they differ by the line left out
			}
			return def, l.Sorted()
		},
	})
}
