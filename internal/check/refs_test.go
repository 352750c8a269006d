package check_test

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// typed pages whose references all resolve against baseSite and each
// other; the cases below break one name at a time.
var (
	refService = "---\ntitle: Cardiology\nproviders: [jose-nunez]\nlocations: [loop]\nguide: cardiology\n---\n\nAdults.\n"
	refGuide   = "---\ntitle: Guide\naudience: Clinicians\nreviewed: 2026-03-01\nservice: cardiology\nescalation: cardio\n---\n\n## Red flags\n"
	refProv    = "---\ntitle: José Núñez\ncredentials: MD\nlocations: [loop]\nservices: [cardiology]\n---\n\nCardiologist.\n"
)

func refFiles(service, guide, provider string) map[string]string {
	return map[string]string{
		"content/services/cardiology.md":  service,
		"content/guides/cardiology.md":    guide,
		"content/providers/jose-nunez.md": provider,
	}
}

func TestReferences(t *testing.T) {
	good := refFiles(refService, refGuide, refProv)
	runRuleCases(t, []ruleCase{{
		name:  "all resolve",
		rule:  "references",
		files: good,
	}, {
		name:  "service names a provider, location and guide that do not exist",
		rule:  "references",
		files: refFiles(strings.NewReplacer("[jose-nunez]", "[jose-nunez, jose-nunes]", "[loop]", "[lop]", "guide: cardiology", "guide: cardio").Replace(refService), refGuide, refProv),
		want: []string{
			e("references", "content/services/cardiology.md", 3, 25),
			e("references", "content/services/cardiology.md", 4, 13),
			e("references", "content/services/cardiology.md", 5, 8),
		},
		fixed: good,
	}, {
		name:  "guide names a service and a line that do not exist",
		rule:  "references",
		files: refFiles(refService, strings.NewReplacer("service: cardiology", "service: cardiolgy", "escalation: cardio", "escalation: cardio-urgent").Replace(refGuide), refProv),
		want: []string{
			e("references", "content/guides/cardiology.md", 5, 10),
			e("references", "content/guides/cardiology.md", 6, 13),
		},
		fixed: good,
	}, {
		name:  "provider names a location and a service that do not exist",
		rule:  "references",
		files: refFiles(refService, refGuide, strings.NewReplacer("[loop]", "[evanston]", "[cardiology]", "cardiology-care").Replace(refProv)),
		want: []string{
			e("references", "content/providers/jose-nunez.md", 4, 13),
			e("references", "content/providers/jose-nunez.md", 5, 11),
		},
		fixed: good,
	}, {
		name: "location names a service that does not exist",
		rule: "references",
		files: map[string]string{"content/locations/evanston.md": "---\ntitle: Evanston\naddress: {street: 1 Elm St, city: Evanston}\nphone: \"(312) 555-0150\"\nfax: \"(312) 555-0151\"\nservices: [pulmonology]\n---\n",
			"content/services/cardiology.md": refService, "content/guides/cardiology.md": refGuide, "content/providers/jose-nunez.md": refProv},
		want: []string{e("references", "content/locations/evanston.md", 6, 12)},
	}, {
		name: "program names a service that does not exist",
		rule: "references",
		files: map[string]string{"content/programs/heart.md": "---\ntitle: Heart failure self-care\naudience: Adults\nschedule: Thursdays\nservice: cardiolgy\n---\n",
			"content/services/cardiology.md": refService, "content/guides/cardiology.md": refGuide, "content/providers/jose-nunez.md": refProv},
		want: []string{e("references", "content/programs/heart.md", 5, 10)},
		fixed: map[string]string{"content/programs/heart.md": "---\ntitle: Heart failure self-care\naudience: Adults\nschedule: Thursdays\nservice: cardiology\n---\n",
			"content/services/cardiology.md": refService, "content/guides/cardiology.md": refGuide, "content/providers/jose-nunez.md": refProv},
	}, {
		// Empty values name nothing, so there is nothing to resolve; an
		// absent escalation is the guide's own warning (front-matter).
		name:  "empty and absent values",
		rule:  "references",
		files: refFiles("---\ntitle: Cardiology\nproviders: []\nlocations: \"\"\nguide: \"\"\n---\n", "---\ntitle: Guide\naudience: Clinicians\nreviewed: 2026-03-01\nservice: \"\"\n---\n", "---\ntitle: José Núñez\ncredentials: MD\n---\n"),
	}})
}

// TestReferencesMessages checks what an editor reads: the name meant, or
// the names there are.
func TestReferencesMessages(t *testing.T) {
	res := checkSite(t, refFiles(strings.NewReplacer("[loop]", "[nowhere]", "guide: cardiology", "guide: guides/cardiology").Replace(refService),
		strings.Replace(refGuide, "escalation: cardio", "escalation: cardoi", 1), refProv), pipeline.Options{})
	want := []string{
		`content/guides/cardiology.md:6:13: error: references: escalation: "cardoi" is not a line in kitgen.yaml (lines:), so the page and every kit quoting it would show no number to call; did you mean "cardio"?`,
		`content/services/cardiology.md:4:13: error: references: locations: "nowhere" names no page in content/locations/; locations are: loop`,
		`content/services/cardiology.md:5:8: error: references: guide: "guides/cardiology" names no page in content/guides/; did you mean "cardiology"? write the slug, the file name without .md`,
	}
	var got []string
	for _, d := range res.Diags {
		if d.Rule == "references" {
			got = append(got, d.String())
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReferencesCannotBeTurnedOff: a name that resolves to nothing drops
// content from the site and kits, so it is not a setting.
func TestReferencesCannotBeTurnedOff(t *testing.T) {
	files := refFiles(refService, strings.Replace(refGuide, "escalation: cardio", "escalation: nope", 1), refProv)
	files["kitgen.yaml"] = baseSite["kitgen.yaml"] + "  rules: {references: off}\n"
	res := checkSite(t, files, pipeline.Options{})
	if got := findings(res.Diags, "references"); len(got) != 1 {
		t.Errorf("references findings with the rule set off: %q", got)
	}
	if got := findings(res.Diags, "config"); len(got) != 1 {
		t.Errorf("setting references off is not reported: %s", dump(res.Diags))
	}
}

// TestOneMistakeOneError is the example site with one bad date in a guide
// that four kit blocks, a service's guide: field and several links quote:
// the date is the only error.
func TestOneMistakeOneError(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join("..", "..")
	for _, sub := range []string{"content", "kits", "kitgen.yaml"} {
		copyTree(t, filepath.Join(root, sub), filepath.Join(dir, sub))
	}
	guide := filepath.Join(dir, "content", "guides", "cardiology-referral.md")
	src, err := os.ReadFile(guide)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	line := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "reviewed: ") {
			lines[i], line = "reviewed: 2026-13-45", i+1
		}
	}
	if line == 0 {
		t.Fatal("the example guide has no reviewed: line")
	}
	if err := os.WriteFile(guide, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	// The example's wait times are measured in November 2026; checked on
	// an earlier day they would be in the future, which is an error too.
	exampleDay := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	res, err := pipeline.Build(pipeline.Options{Source: dir, CheckOnly: true, Preview: true, Today: exampleDay})
	if err == nil {
		t.Fatal("the check passed with a bad date")
	}
	var errs []string
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			errs = append(errs, d.String())
		}
	}
	want := fmt.Sprintf(`content/guides/cardiology-referral.md:%d:11: error: front-matter: reviewed "2026-13-45" is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-01`, line)
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("want exactly one error,\n\t%s\ngot %d:\n\t%s", want, len(errs), strings.Join(errs, "\n\t"))
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGeneratedLinks: links to what the build writes besides pages are
// checked against the route table like links to pages.
func TestGeneratedLinks(t *testing.T) {
	kitSite := map[string]string{
		"content/guides/cardiology.md": guide("## Red flags\n\nChest pain.\n"),
		"kits/cardiology.yaml":         kitQuoting("guides/cardiology#red-flags"),
	}
	with := func(body string) map[string]string {
		files := maps.Clone(kitSite)
		files["content/a.md"] = page(body)
		return files
	}
	runRuleCases(t, []ruleCase{{
		name: "kit pages, versions and files that do not exist",
		rule: "links",
		files: with("[a](/kits/no-such-kit/) [b](/kits/cardiology/cardiology-v2.pdf) [c](/kits/cardiology/latest.pdf)\n\n" +
			"[d](/kits/feed.atom) [e](/sitemap.xm) [f](/assets/css/main.css) [g](/kits/cardiology/index.htm)\n"),
		want: []string{
			e("links", "content/a.md", 5, 1), e("links", "content/a.md", 5, 25), e("links", "content/a.md", 5, 65),
			e("links", "content/a.md", 7, 1), e("links", "content/a.md", 7, 22), e("links", "content/a.md", 7, 39), e("links", "content/a.md", 7, 65),
		},
		fixed: with("[a](/kits/cardiology/) [b](/kits/cardiology/cardiology-v1.pdf) [c](/kits/cardiology/cardiology-latest.pdf)\n\n" +
			"[d](/kits/feed.xml) [e](/sitemap.xml) [f](/robots.txt) [g](/kits/cardiology/index.html) [h](/kits) [i](/404.html)\n"),
	}, {
		// Kit pages come from a layout, so their ids are not known and
		// any fragment is accepted; a page's fragment must be a heading.
		name:  "fragments",
		rule:  "links",
		files: with("[a](/kits/cardiology/#changelog) [b](/guides/cardiology/#red-flag)\n"),
		want:  []string{e("links", "content/a.md", 5, 34)},
		fixed: with("[a](/kits/cardiology/#changelog) [b](/guides/cardiology/#red-flags)\n"),
	}})
}
