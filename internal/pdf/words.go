package pdf

import (
	"strings"

	"github.com/kitgen/kitgen/internal/kit"
)

// Words is the English text of every fixed string the kit layout prints,
// by its key in the translation tables (internal/i18n). A kit in another
// language carries its own text for these keys in kit.Doc.Words; the
// build puts there only what differs from Words, so an English kit's Doc,
// and with it its fingerprint and bytes, is what it was before the kit
// layout was translated. TestWordsMatchEnglishTable holds the two lists
// together.
var Words = map[string]string{
	"referral_kit":    "Referral kit",
	"version_n":       "Version {0}",
	"effective":       "Effective",
	"kit_draft":       "DRAFT",
	"kit_draft_note":  "DRAFT — not for distribution",
	"current_version": "Current version: {0}",
	"scan_the_code":   "Scan the code or follow the link to check that this copy is still current.",
	"phone":           "Phone",
	"fax":             "Fax",
	"ereferral":       "E-referral",
	"email":           "Email",
	"hours":           "Hours",
	"address":         "Address",
	"fax_cover":       "Fax cover sheet",
	"focus":           "Focus",
	"kit_urgent":      "Urgent",
	"contact":         "Contact",
	"providers":       "Providers",
	"call_n":          "Call {0}",
	"email_n":         "Email {0}",
	"warning":         "Warning",
	"qr_alt":          "QR code of the link to the current version, {0}",

	// A partner's copy of a kit (partner.go).
	"partner_prepared_for": "Prepared for {0} · ",
	"partner_quote_code":   "Quote code {0} when you refer",
	"partner_your_kits":    "Your kits and how to refer: ",
}

// say returns the text of key in d's language with {0} replaced by arg.
func say(d *kit.Doc, key string, arg ...string) string {
	s, ok := d.Words[key]
	if !ok {
		s = Words[key]
	}
	if len(arg) > 0 {
		s = strings.ReplaceAll(s, "{0}", arg[0])
	}
	return s
}

// around splits the text of key at its {0}, for a value set in its own
// style (a link) between the two parts.
func around(d *kit.Doc, key string) (before, after string) {
	before, after, _ = strings.Cut(say(d, key), "{0}")
	return before, after
}
