package check_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// guide is a complete guide with the given body (starting on line 9).
func guide(body string) string {
	return `---
title: Cardiology referral guide
reviewed: 2026-03-01
audience: Primary care clinicians
escalation: cardio
---

` + "\n" + body
}

// kitQuoting is a kit definition that quotes one section of a page.
func kitQuoting(section string) string {
	return `title: Cardiology kit
audience: Referring clinicians
page: guides/cardiology
blocks:
  - section: ` + section + `
  - contact: loop
`
}

func TestFrontMatter(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		name:  "invalid YAML",
		rule:  "front-matter",
		files: map[string]string{"content/a.md": "---\ntitle: T\n  bad: indent\n---\n\nBody\n"},
		want:  []string{e("front-matter", "content/a.md", 3, 0)},
		fixed: map[string]string{"content/a.md": "---\ntitle: T\ndescription: indent\n---\n\nBody\n"},
	}, {
		name:  "invalid TOML",
		rule:  "front-matter",
		files: map[string]string{"content/a.md": "+++\ntitle = \"T\nweight = 2\n+++\n\nBody\n"},
		want:  []string{e("front-matter", "content/a.md", 2, 0)},
		fixed: map[string]string{"content/a.md": "+++\ntitle = \"T\"\nweight = 2\n+++\n\nBody\n"},
	}, {
		name:  "wrong type",
		rule:  "front-matter",
		files: map[string]string{"content/a.md": "---\ntitle: T\nweight: heavy\n---\n"},
		want:  []string{e("front-matter", "content/a.md", 3, 9)},
		fixed: map[string]string{"content/a.md": "---\ntitle: T\nweight: 3\n---\n"},
	}, {
		name:  "missing required field",
		rule:  "front-matter",
		files: map[string]string{"content/a.md": "---\ndescription: A page without a title.\n---\n"},
		want:  []string{e("front-matter", "content/a.md", 2, 1)},
		fixed: map[string]string{"content/a.md": "---\ntitle: T\ndescription: A page with a title.\n---\n"},
	}, {
		name:  "unknown key",
		rule:  "front-matter",
		files: map[string]string{"content/a.md": "---\ntitle: T\ncolour: red\n---\n"},
		want:  []string{e("front-matter", "content/a.md", 3, 1)},
		fixed: map[string]string{"content/a.md": "---\ntitle: T\n---\n"},
	}, {
		name:  "bad date",
		rule:  "front-matter",
		files: map[string]string{"content/a.md": "---\ntitle: T\ndate: 2026-13-45\n---\n"},
		want:  []string{e("front-matter", "content/a.md", 3, 7)},
		fixed: map[string]string{"content/a.md": "---\ntitle: T\ndate: 2026-12-15\n---\n"},
	}})
}

func TestLinks(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		name:  "page and anchor that do not exist",
		rule:  "links",
		files: map[string]string{"content/a.md": page("See [the plan](/nope/) and [parking](/locations/loop/#parking).\n")},
		want:  []string{e("links", "content/a.md", 5, 5), e("links", "content/a.md", 5, 28)},
		fixed: map[string]string{"content/a.md": page("See [the office](../locations/loop/) and [directions](/locations/loop/#getting-here).\n")},
	}, {
		name:  "anchor on the same page",
		rule:  "links",
		files: map[string]string{"content/a.md": page("Jump to [details](#details).\n\n## Detail\n")},
		want:  []string{e("links", "content/a.md", 5, 9)},
		fixed: map[string]string{"content/a.md": page("Jump to [details](#details).\n\n## Details\n")},
	}, {
		name:  "tel and mailto",
		rule:  "links",
		files: map[string]string{"content/a.md": page("[Call](tel:555-0100) or [write](mailto:intake.example.org) or [both](mailto:a@b@example.org).\n")},
		want:  []string{e("links", "content/a.md", 5, 1), e("links", "content/a.md", 5, 25), e("links", "content/a.md", 5, 63)},
		fixed: map[string]string{"content/a.md": page("[Call](tel:+1-312-555-0100) or [write](mailto:intake@example.org?subject=Referral) or [call 911](tel:911).\n")},
	}, {
		// tel: links go through the same phone model as the contact
		// facts: no country code, a short number the site does not
		// allow, nine digits.
		name:  "tel links the phone model rejects",
		rule:  "links",
		files: map[string]string{"content/a.md": page("[a](tel:3125550100) [b](tel:211) [c](tel:+1-312-555-010) [d](tel:+13125550100;ext=12)\n")},
		want:  []string{e("links", "content/a.md", 5, 1), e("links", "content/a.md", 5, 21), e("links", "content/a.md", 5, 34)},
		fixed: map[string]string{"content/a.md": page("[a](tel:+13125550100) [b](tel:988) [c](tel:+1-312-555-0101) [d](tel:+13125550100;ext=12)\n")},
	}, {
		// Kits quote content, so a broken link in a quoted section is
		// reported once, in the page it is written in.
		name: "in a section a kit quotes",
		rule: "links",
		files: map[string]string{
			"content/guides/cardiology.md": guide("## Red flags\n\nSee the [protocol](/protocols/chest-pain/).\n"),
			"kits/cardiology.yaml":         kitQuoting("guides/cardiology#red-flags"),
		},
		want:  []string{e("links", "content/guides/cardiology.md", 11, 9)},
		fixed: map[string]string{"content/guides/cardiology.md": guide("## Red flags\n\nSee the [Loop office](/locations/loop/).\n")},
	}})
}

func TestDuplicateURL(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		name: "slug taken by another page",
		rule: "duplicate-url",
		files: map[string]string{
			"content/a.md": "---\ntitle: A\n---\n",
			"content/b.md": "---\ntitle: B\nslug: a\n---\n",
		},
		want:  []string{e("duplicate-url", "content/b.md", 3, 1)},
		fixed: map[string]string{"content/b.md": "---\ntitle: B\nslug: b-page\n---\n"},
	}})
}

func TestKits(t *testing.T) {
	long := strings.Repeat("- A criterion long enough to wrap across the column of a one-page kit, twice over, at least.\n", 300)
	runRuleCases(t, []ruleCase{{
		name: "missing page and heading",
		rule: "kit-missing",
		files: map[string]string{
			"content/guides/cardiology.md": guide("## Red flags\n\nChest pain at rest.\n"),
			"kits/cardiology.yaml": `title: Cardiology kit
audience: Referring clinicians
page: services/cardiology
blocks:
  - section: guides/cardiology#urgent
  - page: guides/pulmonology
`,
		},
		want: []string{e("kit-missing", "kits/cardiology.yaml", 3, 7), e("kit-missing", "kits/cardiology.yaml", 5, 14), e("kit-missing", "kits/cardiology.yaml", 6, 11)},
		fixed: map[string]string{"kits/cardiology.yaml": `title: Cardiology kit
audience: Referring clinicians
page: guides/cardiology
blocks:
  - section: guides/cardiology#red-flags
  - page: guides/cardiology
`},
	}, {
		name: "content that does not fit one page",
		rule: "kit-overflow",
		files: map[string]string{
			"content/guides/cardiology.md": guide("## Red flags\n\n" + long),
			"kits/cardiology.yaml":         kitQuoting("guides/cardiology#red-flags"),
		},
		want:  []string{e("kit-overflow", "kits/cardiology.yaml", 1, 1)},
		fixed: map[string]string{"content/guides/cardiology.md": guide("## Red flags\n\nChest pain at rest.\n")},
	}, {
		name: "unrecorded version in CI",
		rule: "kit-version",
		opts: pipeline.Options{Locked: true},
		files: map[string]string{
			"content/guides/cardiology.md": guide("## Red flags\n\nChest pain at rest.\n"),
			"kits/cardiology.yaml":         kitQuoting("guides/cardiology#red-flags"),
		},
		want: []string{e("kit-version", "kits/cardiology.yaml", 1, 1)},
	}})
}

func TestFreshness(t *testing.T) {
	loop := strings.Replace(baseSite["content/locations/loop.md"], "reviewed: 2026-01-10", "reviewed: 2025-05-01", 1)
	short := strings.Replace(baseSite["kitgen.yaml"], "review_interval_days: 365", "review_interval_days: 30", 1)
	runRuleCases(t, []ruleCase{{
		name:  "past the review interval",
		rule:  "freshness",
		files: map[string]string{"content/locations/loop.md": loop},
		want:  []string{w("freshness", "content/locations/loop.md", 3, 1)},
		fixed: map[string]string{"content/locations/loop.md": baseSite["content/locations/loop.md"]},
	}, {
		name:  "the site's own interval",
		rule:  "freshness",
		files: map[string]string{"kitgen.yaml": short},
		want:  []string{w("freshness", "content/locations/loop.md", 3, 1)},
		fixed: map[string]string{"kitgen.yaml": baseSite["kitgen.yaml"]},
	}, {
		// A guide must say when it was reviewed; the finding is freshness,
		// the same rule as an old date, at the front matter. Content
		// loading reports it, as a warning, so the guide still builds.
		name:  "guide without reviewed",
		rule:  "freshness",
		files: map[string]string{"content/guides/cardiology.md": strings.Replace(guide("Body.\n"), "reviewed: 2026-03-01\n", "", 1)},
		want:  []string{w("freshness", "content/guides/cardiology.md", 2, 1)},
		fixed: map[string]string{"content/guides/cardiology.md": guide("Body.\n")},
	}, {
		// "kitgen new guide" writes the key with no date: an empty date
		// is the same gap as a missing one, reported where it is.
		name:  "guide with an empty reviewed",
		rule:  "freshness",
		files: map[string]string{"content/guides/cardiology.md": strings.Replace(guide("Body.\n"), "reviewed: 2026-03-01\n", "reviewed:   # fill in\n", 1)},
		want:  []string{w("freshness", "content/guides/cardiology.md", 3, 1)},
		fixed: map[string]string{"content/guides/cardiology.md": guide("Body.\n")},
	}, {
		// A free page need not say when it was reviewed.
		name:  "free page with an empty reviewed",
		rule:  "freshness",
		files: map[string]string{"content/a.md": "---\ntitle: A page\nreviewed:\n---\n\nText.\n"},
	}})
}

func TestPlaceholder(t *testing.T) {
	yaml := baseSite["kitgen.yaml"]
	runRuleCases(t, []ruleCase{{
		// The marker is found wherever it is written: in a front-matter
		// value, a YAML comment, the text and an HTML comment of a page,
		// and kitgen.yaml; the column is the marker's.
		name: "every leftover placeholder, where it is written",
		rule: "placeholder",
		files: map[string]string{
			"kitgen.yaml": strings.Replace(yaml, "title: Test Practice\n", "title: Test Practice  # TODO: your practice's name\n", 1),
			"content/a.md": "---\ntitle: \"TODO: a title\"\ndescription: Intake.  # TODO: one sentence\n---\n\n" +
				"TODO: Say who you see.\n\nText <!-- TODO: parking -->\n",
		},
		want: []string{
			w("placeholder", "kitgen.yaml", 1, 25),
			w("placeholder", "content/a.md", 2, 9),
			w("placeholder", "content/a.md", 3, 25),
			w("placeholder", "content/a.md", 6, 1),
			w("placeholder", "content/a.md", 8, 11),
		},
		fixed: map[string]string{
			"kitgen.yaml":  yaml,
			"content/a.md": page("We see adults.\n\nText.\n"),
		},
	}, {
		// Only the marker with its colon counts: a page may talk about
		// to-dos, and "TODO" alone is a word.
		name:  "TODO without a colon",
		rule:  "placeholder",
		files: map[string]string{"content/a.md": page("Keep a TODO list; todo: lower case is not the marker.\n")},
	}, {
		name:  "the rule can be turned off",
		rule:  "placeholder",
		files: map[string]string{"content/a.md": page("TODO: Say who you see.\n"), "kitgen.yaml": yaml + "  rules: {placeholder: off}\n"},
	}})
}

// TestPlaceholderMessage checks that a finding says what to fill in, and
// that --strict refuses a site with one left.
func TestPlaceholderMessage(t *testing.T) {
	src := writeSite(t, map[string]string{"content/a.md": page("TODO: Say who you see.\n")})
	res, err := pipeline.Build(pipeline.Options{Source: src, CheckOnly: true, Preview: true, Strict: true, Today: today})
	if !errors.Is(err, pipeline.ErrFailed) {
		t.Errorf("--strict with a placeholder left: err = %v, want the build to fail", err)
	}
	var msgs []string
	for _, d := range res.Diags {
		if d.Rule == "placeholder" {
			msgs = append(msgs, d.String())
		}
	}
	want := `content/a.md:5:1: warning: placeholder: a placeholder is left to fill in (Say who you see); write your own text in its place and delete the "TODO:" note`
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("findings %q, want [%q]", msgs, want)
	}
}

func TestContact(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		name: "numbers that are not the practice's",
		rule: "contact",
		files: map[string]string{"content/a.md": page(
			"Call (312) 555-0199 for intake.\n" +
				"Fax 312.555.0198 or +1 312 555 0197.\n" +
				"Our old line was 555-0196, or [call us](tel:+13125550195).\n")},
		want: []string{
			e("contact", "content/a.md", 5, 6),
			e("contact", "content/a.md", 6, 5), e("contact", "content/a.md", 6, 21),
			e("contact", "content/a.md", 7, 18), e("contact", "content/a.md", 7, 31),
		},
		fixed: map[string]string{"content/a.md": page(
			"Call (312) 555-0100 for intake.\n" +
				"Fax 312.555.0101 or +1 312 555 0150.\n" +
				"Our old line was 555-0151, or [call us](tel:+13125550110).\n")},
	}, {
		name: "the same number however it is written, and what is not a phone number",
		rule: "contact",
		files: map[string]string{"content/a.md": page(
			"Intake (312) 555-0100, 312.555.0101, 312-555-0110, +1 312 555 0150, 1-312-555-0151, 312 555 0100 and 555-0100.\n\n" +
				"Call 911 or 988; poison control (800) 222-1222 or 1-800-222-1222.\n\n" +
				"ZIP 60654-1234, reviewed 2026-01-10 and 04/12/2025, in 3–5 days or 3-5 days, 100-1500 mg, 2,000 pg/mL, $1,200.50.\n\n" +
				"NPI 1234567890, order 123-456-7890, ext. 123, 7:30–17:30, version 1.2.3, ICD-10 I48.91.\n\n" +
				"In code: `(312) 555-0199`.\n\n" +
				"```\n312-555-0199\n```\n")},
	}, {
		name: "in a section a kit quotes",
		rule: "contact",
		files: map[string]string{
			"content/guides/cardiology.md": guide("## Red flags\n\nCall the cardiologist on (312) 555-0111.\n"),
			"kits/cardiology.yaml":         kitQuoting("guides/cardiology#red-flags"),
		},
		want:  []string{e("contact", "content/guides/cardiology.md", 11, 26)},
		fixed: map[string]string{"content/guides/cardiology.md": guide("## Red flags\n\nCall the cardiologist on (312) 555-0110.\n")},
	}})
}

func TestA11y(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		name: "alt text, headings and link text",
		rule: "a11y",
		files: map[string]string{"content/a.md": page(
			"![](/img/map.png)\n\n" +
				"#### Details\n\n" +
				"## Fine\n\n" +
				"# Another title\n\n" +
				"See [click here](/locations/loop/) or [](/locations/loop/) or [Read more](/locations/loop/) or [](/locations/loop/).\n")},
		want: []string{
			e("a11y", "content/a.md", 5, 1),
			w("a11y", "content/a.md", 7, 1),
			w("a11y", "content/a.md", 11, 1),
			w("a11y", "content/a.md", 13, 5), e("a11y", "content/a.md", 13, 39), w("a11y", "content/a.md", 13, 63), e("a11y", "content/a.md", 13, 96),
		},
		fixed: map[string]string{"content/a.md": page(
			"![Map of the Loop office](/img/map.png)\n\n" +
				"## Details\n\n" +
				"## Fine\n\n" +
				"### Another title\n\n" +
				"See [the Loop office](/locations/loop/) or [directions](/locations/loop/) or [the Loop office page](/locations/loop/).\n")},
	}, {
		name:  "body starting below h2",
		rule:  "a11y",
		files: map[string]string{"content/a.md": page("### Starts low\n\nText.\n")},
		want:  []string{w("a11y", "content/a.md", 5, 1)},
		fixed: map[string]string{"content/a.md": page("## Starts right\n\n### Then lower\n")},
	}})
}

const trackingLayout = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
<iframe src="//maps.example.com/embed"></iframe>
<style>@import url(https://fonts.example.net/a.css);</style>
<img src="https://pixel.example.com/p.gif" alt="">
<link rel="canonical" href="https://elsewhere.example.org/">
<script src="https://partners.example.org/app.js"></script>
<script src="/assets/app.js"></script>
<script>var u = "https://collect.example.com/beacon";</script>
`

func TestPrivacy(t *testing.T) {
	allow := baseSite["kitgen.yaml"] + `  allow_scripts:
    - www.googletagmanager.com
    - https://fonts.googleapis.com
    - maps.example.com
    - fonts.example.net
    - pixel.example.com
    - collect.example.com
    - https://tracker.example.com
    - cdn.other.example
`
	runRuleCases(t, []ruleCase{{
		name:  "images from another host in content",
		rule:  "privacy",
		files: map[string]string{"content/a.md": page("![Pixel](https://tracker.example.com/p.gif)\n\n![Logo](//cdn.other.example/logo.png)\n\n![Map](https://partners.example.org/map.png)\n")},
		want:  []string{e("privacy", "content/a.md", 5, 1), e("privacy", "content/a.md", 7, 1)},
		fixed: map[string]string{"kitgen.yaml": allow},
	}, {
		name:  "scripts, styles, fonts, frames and pixels in layouts",
		rule:  "privacy",
		files: map[string]string{"layouts/partials/analytics.html": trackingLayout},
		want: []string{
			e("privacy", "layouts/partials/analytics.html", 1, 20),
			e("privacy", "layouts/partials/analytics.html", 2, 30),
			e("privacy", "layouts/partials/analytics.html", 3, 14),
			e("privacy", "layouts/partials/analytics.html", 4, 20),
			e("privacy", "layouts/partials/analytics.html", 5, 11),
			e("privacy", "layouts/partials/analytics.html", 9, 18),
		},
		fixed: map[string]string{"kitgen.yaml": allow},
	}, {
		name: "fonts and imports in assets",
		rule: "privacy",
		files: map[string]string{"assets/css/fonts.css": "body { color: #333 }\n" +
			"@import url(\"https://fonts.googleapis.com/css2?family=Inter\");\n" +
			"@font-face { font-family: X; src: url(https://fonts.example.net/x.woff2) }\n" +
			"@font-face { font-family: Y; src: url(/assets/fonts/y.woff2) }\n"},
		want: []string{
			e("privacy", "assets/css/fonts.css", 2, 14),
			e("privacy", "assets/css/fonts.css", 3, 39),
		},
		fixed: map[string]string{"kitgen.yaml": allow},
	}})
}

func TestPatientData(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		name: "record numbers, dates of birth and SSNs",
		rule: "patient-data",
		files: map[string]string{"content/a.md": page(
			"Patient Jane Doe, born 04/12/1961, was seen.\n\n" +
				"MRN: 00123456\n\n" +
				"medical record number 123456\n\n" +
				"DOB 04/12/1961\n\n" +
				"SSN 123-45-6789 and 078-05-1120\n\n" +
				"```\nMRN 1234567\n```\n")},
		want: []string{
			e("patient-data", "content/a.md", 5, 19),
			e("patient-data", "content/a.md", 7, 1),
			e("patient-data", "content/a.md", 9, 1),
			e("patient-data", "content/a.md", 11, 1),
			e("patient-data", "content/a.md", 13, 1), e("patient-data", "content/a.md", 13, 21),
			e("patient-data", "content/a.md", 16, 1),
		},
		fixed: map[string]string{"content/a.md": page(
			"A patient in her sixties was seen.\n\n" +
				"Include the patient's medical record number.\n\n" +
				"Send the referral through the portal.\n\n" +
				"Include the date of birth on the form.\n\n" +
				"Never email a Social Security number.\n")},
	}, {
		name: "what is not a patient identifier",
		rule: "patient-data",
		files: map[string]string{"content/a.md": page(
			"Call (312) 555-0100 or fax 312-555-0101. Dr. Jane Núñez was born in 1961 and has practiced since 2019.\n\n" +
				"HbA1c 7.5%, LDL 190 mg/dL, ICD-10 I48.91, 3-5 days, ZIP 60654-1234, order 123-456-7890, MRI 12345678.\n\n" +
				"Reviewed 2026-01-10. Patients born after 1965 need screening.\n")},
	}})
}

func TestClaims(t *testing.T) {
	custom := baseSite["kitgen.yaml"] + "  claims: [miracle, \"top-rated\"]\n"
	runRuleCases(t, []ruleCase{{
		name: "overstated outcomes",
		rule: "claims",
		files: map[string]string{
			"kitgen.yaml": custom,
			"content/a.md": page(
				"Results are guaranteed.\n\n" +
					"We are the best in the nation.\n\n" +
					"A **100%** success rate.\n\n" +
					"World-class care that cures.\n\n" +
					"Ranked #1 in Chicago.\n\n" +
					"Best in Chicago.\n\n" +
					"A miracle clinic, Top-Rated.\n"),
		},
		want: []string{
			e("claims", "content/a.md", 5, 13),
			e("claims", "content/a.md", 7, 12),
			e("claims", "content/a.md", 9, 5),
			e("claims", "content/a.md", 11, 1), e("claims", "content/a.md", 11, 23),
			e("claims", "content/a.md", 13, 8),
			e("claims", "content/a.md", 15, 1),
			e("claims", "content/a.md", 17, 3), e("claims", "content/a.md", 17, 19),
		},
		fixed: map[string]string{"content/a.md": page(
			"Results are reported to you within two business days.\n\n" +
				"We see adults from across the Chicago area.\n\n" +
				"A 94% success rate in 2025 (internal audit).\n\n" +
				"Specialist care that treats heart failure.\n\n" +
				"Ranked by patients in a 2025 survey.\n\n" +
				"Based in Chicago.\n\n" +
				"A small clinic.\n")},
	}, {
		name: "words that only look like claims",
		rule: "claims",
		files: map[string]string{"content/a.md": page(
			"Use the secure portal; we procure supplies. We cannot guarantee a date. " +
				"Step #1 is to call. It works best in the morning. Write `guaranteed` in code. See issue#1.\n")},
	}})
}

// TestTelLinkMessages: each finding on a tel: link says how to write it.
func TestTelLinkMessages(t *testing.T) {
	res := checkSite(t, map[string]string{"content/a.md": page("[a](tel:3125550100) [b](tel:211) [c](tel:+1-312-555-010)\n")}, pipeline.Options{})
	var got []string
	for _, d := range res.Diags {
		if d.Rule == "links" {
			got = append(got, d.Message)
		}
	}
	for _, want := range []string{
		"link tel:3125550100 has no country code; write it as tel:+13125550100",
		"link tel:211 dials the short number 211, which kitgen does not know; write the full number with its area code, e.g. tel:+1-312-555-0142, or, if 211 is right, add it to check.allow_numbers in kitgen.yaml",
		"link tel:+1-312-555-010 is not a number a phone can dial: the number has 9 digits after +1",
	} {
		found := false
		for _, m := range got {
			found = found || strings.HasPrefix(m, want)
		}
		if !found {
			t.Errorf("no finding starting %q in %q", want, got)
		}
	}
}
