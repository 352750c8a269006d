package check_test

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// service is a service page whose front matter ends with extra (which
// starts on line 3).
func service(extra string) string {
	return "---\ntitle: Cardiology\n" + extra + "---\n\nWe see adults.\n"
}

// TestStaleWaitTime checks wait-time freshness against the build's date
// (2026-06-01): old, just within the limit, in the future, a limit set
// in kitgen.yaml, and a site that turns the rule off.
func TestStaleWaitTime(t *testing.T) {
	const file = "content/services/cardiology.md"
	runRuleCases(t, []ruleCase{{
		name:  "older than 90 days",
		rule:  "stale-wait-time",
		files: map[string]string{file: service("wait_times:\n  - {kind: routine, weeks: 8-12, as_of: 2026-03-02}\n  - {kind: urgent, days: 2, as_of: 2026-03-03}\n")},
		want:  []string{w("stale-wait-time", file, 4, 41)},
		fixed: map[string]string{file: service("wait_times:\n  - {kind: routine, weeks: 8-12, as_of: 2026-05-20}\n")},
	}, {
		name: "limit from kitgen.yaml",
		rule: "stale-wait-time",
		files: map[string]string{
			"kitgen.yaml": baseSite["kitgen.yaml"] + "wait_time_days: 30\n",
			file:          service("wait_times: [{kind: routine, weeks: 8, as_of: 2026-04-30}]\n"),
		},
		want:  []string{w("stale-wait-time", file, 3, 47)},
		fixed: map[string]string{"kitgen.yaml": baseSite["kitgen.yaml"] + "wait_time_days: 32\n"},
	}, {
		name: "turned off",
		rule: "stale-wait-time",
		files: map[string]string{
			"kitgen.yaml": strings.Replace(baseSite["kitgen.yaml"], "check:\n", "check:\n  rules: {stale-wait-time: off}\n", 1),
			file:          service("wait_times: [{kind: routine, weeks: 8, as_of: 2025-01-01}]\n"),
		},
	}, {
		name:  "in the future",
		rule:  "front-matter",
		files: map[string]string{file: service("wait_times: [{kind: routine, weeks: 8, as_of: 2026-06-02}]\n")},
		want:  []string{e("front-matter", file, 3, 47)},
		fixed: map[string]string{file: service("wait_times: [{kind: routine, weeks: 8, as_of: 2026-06-01}]\n")},
	}})
	res := checkSite(t, map[string]string{"kitgen.yaml": baseSite["kitgen.yaml"] + "wait_time_days: 0\n"}, pipeline.Options{})
	if got := findings(res.Diags, "config"); len(got) != 1 || !strings.Contains(dump(res.Diags), "wait_time_days must be positive") {
		t.Errorf("wait_time_days: 0: findings %q%s", got, dump(res.Diags))
	}
}

// TestForms checks that every form a service or guide lists is in
// assets/forms/.
func TestForms(t *testing.T) {
	const file = "content/guides/cardiology.md"
	pdf := "%PDF-1.4\n%%EOF\n"
	runRuleCases(t, []ruleCase{{
		name: "missing form",
		rule: "references",
		files: map[string]string{
			file:                              "---\ntitle: G\nforms: [referral-form.pdf, {file: fax-cover.pdf, title: Fax cover sheet}]\n---\n\nText.\n",
			"assets/forms/referral-form.pdf":  pdf,
			"content/services/cardiology.md":  service("forms: [consent.pdf]\n"),
			"assets/forms/nested/consent.pdf": pdf,
		},
		want: []string{e("references", file, 3, 35), e("references", "content/services/cardiology.md", 3, 9)},
		fixed: map[string]string{
			"assets/forms/fax-cover.pdf": pdf,
			"assets/forms/consent.pdf":   pdf,
		},
	}})
}

// TestClosuresOver checks that a closure that ended before the build's
// date (2026-06-01) is reported where it is written, and one still to
// come, or ending that day, is not.
func TestClosuresOver(t *testing.T) {
	const file = "content/locations/loop.md"
	loop := func(closures string) string {
		return strings.Replace(baseSite[file], "fax: \"(312) 555-0151\"\n", "fax: \"(312) 555-0151\"\nclosures:\n"+closures, 1)
	}
	runRuleCases(t, []ruleCase{{
		name:  "over",
		rule:  "freshness",
		files: map[string]string{file: loop("  - 2026-05-25\n  - {date: 2026-05-30, through: 2026-05-31}\n  - {date: 2026-05-31, through: 2026-06-01}\n  - 2026-07-03\n")},
		want:  []string{w("freshness", file, 8, 5), w("freshness", file, 9, 5)},
		fixed: map[string]string{file: loop("  - {date: 2026-05-31, through: 2026-06-01}\n  - 2026-07-03\n")},
	}})
}
