package message

import (
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema/schematest"
)

// TestTemplateAudit writes false, ~, null and nothing into every key of a
// message template's front matter, and leaves each out: each is an error
// at the value that says how to fix it, or reads as the key left out.
func TestTemplateAudit(t *testing.T) {
	schematest.Audit(t, schematest.Kind{
		File:   "messages/received.md",
		Offset: 1,
		Doc: `subject: We received your referral
purpose: Tell the referring office the referral arrived
audience: Referring office staff
kit_cover: true
partner_cover: false
`,
		Unset: map[string]string{"translates": "an error in a message that is not a translation (TestMessageTranslates)"},
		Decode: func(fm []byte) (any, []diag.Diagnostic) {
			var l diag.List
			src := append(append([]byte("---\n"), fm...), "---\n\nThank you.\n"...)
			tm := Parse("messages/received.md", src, &l)
			if tm != nil {
				tm.Page = nil // the page the body is read as; it holds the file's bytes
			}
			return tm, l.Sorted()
		},
	})
}

// TestTranslationAudit does the same for a translation of a template,
// whose front matter has its subject and translates: only.
func TestTranslationAudit(t *testing.T) {
	schematest.Audit(t, schematest.Kind{
		File:   "messages/received.es.md",
		Offset: 1,
		Doc:    "subject: Recibimos su derivación\ntranslates: {\"(top)\": \"4c0a3f00\", documents: \"918bd445\"}\n",
		Unset: map[string]string{
			"purpose": "the source's; an error in a translation (TestLoadTranslations)", "audience": "the source's; an error in a translation (TestLoadTranslations)",
			"kit_cover": "the source's; an error in a translation (TestLoadTranslations)", "partner_cover": "the source's; an error in a translation (TestLoadTranslations)",
		},
		Decode: func(fm []byte) (any, []diag.Diagnostic) {
			var l diag.List
			src := append(append([]byte("---\n"), fm...), "---\n\nGracias.\n"...)
			tm := parseIn("messages/received.es.md", src, "es-US", &l)
			if tm == nil {
				return nil, l.Sorted()
			}
			// translates: is kept on the page the body is read as.
			read := struct {
				T          Template
				Translates map[string]string
			}{*tm, tm.Page.Translates}
			read.T.Page = nil
			return read, l.Sorted()
		},
	})
}
