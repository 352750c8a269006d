package diag

import (
	"sort"
	"strings"
)

// Rule is the id a finding is reported under, printed in every finding and
// used in kitgen.yaml (check.rules) and pages' silence entries. Every rule
// is a row of Rules.
type Rule string

// The rules, in the order of Rules.
const (
	RuleFrontMatter  Rule = "front-matter"
	RuleDuplicateURL Rule = "duplicate-url"
	RuleContent      Rule = "content"
	RuleConfig       Rule = "config"
	RuleLinks        Rule = "links"
	RuleReferences   Rule = "references"
	RuleFreshness    Rule = "freshness"
	RuleStaleWait    Rule = "stale-wait-time"
	RulePlaceholder  Rule = "placeholder"
	RuleContact      Rule = "contact"
	RuleA11y         Rule = "a11y"
	RulePrivacy      Rule = "privacy"
	RuleRawHTML      Rule = "raw-html"
	RulePatientData  Rule = "patient-data"
	RuleClaims       Rule = "claims"
	RuleKit          Rule = "kit"
	RuleKitMissing   Rule = "kit-missing"
	RuleKitOverflow  Rule = "kit-overflow"
	RuleKitFont      Rule = "kit-font"
	RuleKitVersion   Rule = "kit-version"
	RuleKitSize      Rule = "kit-size"
	RuleKitArchive   Rule = "kit-archive"
	RuleLedger       Rule = "ledger"
	RulePartner      Rule = "partner"
	RuleLayout       Rule = "layout"
	RuleURL          Rule = "url"
	RuleAssets       Rule = "assets"
	RuleMessage      Rule = "message"
	RuleI18n         Rule = "i18n"
	RuleTranslation  Rule = "translation"
)

// RuleInfo is one row of the rule list.
type RuleInfo struct {
	ID Rule
	// Severity is what the rule's findings are unless check.rules says
	// otherwise; Finds says which findings of a rule are the other kind.
	Severity Severity
	// Adjustable rules may be turned off, down or up in check.rules and
	// silenced on a page. The others report what means a page or kit
	// cannot be built as written, so no setting hides them.
	Adjustable bool
	// Finds is one line saying what the rule reports, as the README's
	// table of rules shows it.
	Finds string
}

// Rules is every rule kitgen reports. kitgen check, the settings in
// kitgen.yaml, silence entries and the README's table of rules all come
// from it: to add a rule, add a constant and a row here, then the row
// RulesTable prints to the README (a test compares them).
var Rules = []RuleInfo{
	{RuleFrontMatter, Error, false, "invalid YAML/TOML, wrong types, missing required fields, unknown keys, bad dates; recommended fields a page type should have (warnings)"},
	{RuleDuplicateURL, Error, false, "two pages that want the same address, or a page at an address kitgen writes itself"},
	{RuleContent, Error, false, "files under `content/` that cannot be read (a symbolic link is a warning)"},
	{RuleConfig, Error, false, "problems in `kitgen.yaml`, including unknown rule ids in `check.rules`"},
	{RuleLinks, Error, true, "internal links and `#anchors` that go nowhere — to pages, kit pages, kit PDFs (`<id>-latest.pdf` and each recorded `<id>-v<N>.pdf`), the feed and other files the build writes — malformed `mailto:` links, and `tel:` links that are not a number or lack the country code (`tel:+13125550150`)"},
	{RuleReferences, Error, false, "front-matter names that resolve to nothing: a guide's `service:` or `escalation:` line, a service's `providers:`, `locations:` or `guide:`, a provider's `locations:` or `services:`, a location's `services:`, a program's `service:` (with the name you probably meant); `forms:` naming a file that is not in `assets/forms/`"},
	{RuleFreshness, Warning, true, "pages past `reviewed` + `review_interval_days`, guides without `reviewed` or with it empty, location `closures` that are over"},
	{RuleStaleWait, Warning, true, "wait times whose `as_of` is more than `wait_time_days` (90 by default) before the build's date (an `as_of` after that date is a `front-matter` error)"},
	{RulePlaceholder, Warning, true, "text marked `TODO:` (the placeholders of `kitgen init` and `kitgen new`) left in `kitgen.yaml` or a content file, front matter and comments included"},
	{RuleContact, Error, true, "phone or fax numbers in text that are not the canonical numbers of a location or `kitgen.yaml`"},
	{RuleA11y, Error, true, "images without alt text, links without text; skipped heading levels and link text like \"click here\" (warnings)"},
	{RulePrivacy, Error, true, "external scripts, frames, tracking pixels and third-party fonts in content (raw HTML included) or layouts"},
	{RuleRawHTML, Warning, true, "HTML written in content, which kitgen leaves out of pages and kits (HTML comments are not reported)"},
	{RulePatientData, Error, true, "text that looks like a patient identifier (MRN, date of birth with a name, SSN), in content and in partner files' names and notes"},
	{RuleClaims, Error, true, "overstated outcome claims (\"guaranteed\", \"100% success\", \"best in the nation\", \"cure\"), in content and in partner files' names and notes"},
	{RuleKit, Error, false, "kit definitions that cannot be read or are malformed, PDFs that cannot be rendered, fonts in `assets/fonts/` that cannot be loaded"},
	{RuleKitMissing, Error, false, "kits quoting a missing page, heading, provider or location; a heading by its old id (warning)"},
	{RuleKitOverflow, Error, false, "kits that do not fit one page at the smallest allowed type size"},
	{RuleKitFont, Error, false, "kit text with a character no kit font can draw (see [Kit fonts](#kit-fonts))"},
	{RuleKitVersion, Error, false, "kits whose content changed without a recorded version: an error in CI or with `--locked`, a warning when building for another `--base-url`"},
	{RuleKitSize, Warning, true, "kit PDFs over the email size budget (`size_budget_kb`)"},
	{RuleKitArchive, Warning, true, "recorded kit versions whose PDF is missing from `kits/archive/`"},
	{RuleLedger, Error, false, "a damaged or truncated `kits/ledger.yaml`, or kit archive files the ledger has no version for"},
	{RulePartner, Error, false, "partner files (`partners/<id>.yaml`) that are malformed, name a kit that is not defined, or have a code that is mistyped, another partner's or easily mistaken for one; partner kits whose change is not recorded in the ledger (in CI or with `--locked`)"},
	{RuleLayout, Error, false, "layouts that do not parse or fail while rendering a page"},
	{RuleURL, Error, false, "page addresses that would be written outside the output folder"},
	{RuleAssets, Error, false, "files under `assets/` that cannot be read or minified"},
	{RuleMessage, Error, false, "message templates in `messages/`: placeholder typos, quoted facts, sections or kits that do not exist, more than one `kit_cover`"},
	{RuleI18n, Error, false, "translation tables in `i18n/` that cannot be read or are malformed, and strings a layout uses that a configured language has no text for"},
	{RuleTranslation, Warning, true, "translations of pages and messages behind their source (`translates:` older than the source, naming the sections that changed), never marked, with no source, or with other headings than the source (see [Languages](#languages))"},
}

// LookupRule returns the row of a rule id, and whether there is one.
func LookupRule(id string) (RuleInfo, bool) {
	for _, r := range Rules {
		if string(r.ID) == id {
			return r, true
		}
	}
	return RuleInfo{}, false
}

// RuleIDs returns the ids of the rules, adjustable ones only when
// adjustableOnly is set, sorted.
func RuleIDs(adjustableOnly bool) []string {
	var out []string
	for _, r := range Rules {
		if r.Adjustable || !adjustableOnly {
			out = append(out, string(r.ID))
		}
	}
	sort.Strings(out)
	return out
}

// RulesTable returns the README's table of rules, one Markdown row per
// rule in the order of Rules.
func RulesTable() string {
	var b strings.Builder
	b.WriteString("| rule | default | adjustable | finds |\n|---|---|---|---|\n")
	for _, r := range Rules {
		adj := "no"
		if r.Adjustable {
			adj = "yes"
		}
		b.WriteString("| `" + string(r.ID) + "` | " + r.Severity.String() + " | " + adj + " | " + r.Finds + " |\n")
	}
	return b.String()
}
