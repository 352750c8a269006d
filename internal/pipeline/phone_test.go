package pipeline_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// requireTool returns the path of a command-line tool, skipping the test
// when it is missing unless KITGEN_REQUIRE_TOOLS=1 (as in CI).
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := fmt.Sprintf("%s not found (apt-get install -y %s)", name, pkg)
	if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s; KITGEN_REQUIRE_TOOLS=1 requires it", msg)
	}
	t.Skip(msg)
	return ""
}

// TestPhoneNumbersAgree writes the location's and the on-call line's
// numbers in shapes other than the display form, builds, and reads every
// output back: the site page, its JSON-LD, the kit page and the kit PDF
// (its text with pdftotext, its link annotations with qpdf) must show and
// dial the same numbers, with RFC 3966 tel: URIs.
func TestPhoneNumbersAgree(t *testing.T) {
	qpdf := requireTool(t, "qpdf", "qpdf")
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	site := writeSite(t, "testdata/golden/site.txtar")
	edit := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(site, file)
		b, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(b), old) {
			t.Fatalf("%s does not contain %q", file, old)
		}
		writeFile(t, site, file, strings.Replace(string(b), old, new, 1))
	}
	edit("content/locations/loop.md", `phone: "(312) 555-0150"`, `phone: 312.555.0150`)
	edit("content/locations/loop.md", `fax: "(312) 555-0151"`, `fax: "+1 312 555 0151"`)
	edit("kitgen.yaml", `phone: "(312) 555-0110"`, `phone: "1-312-555-0110 ext. 7"`)
	res, err := pipeline.Build(pipeline.Options{Source: site, Today: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatal(err)
	}
	out := filepath.Join(site, "public")
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	location := read("locations/loop/index.html")
	for _, want := range []string{
		`<a href="tel:&#43;13125550150">(312) 555-0150</a>`,
		`(312) 555-0151`,
		`"telephone":"+1 312-555-0150"`,
		`"faxNumber":"+1 312-555-0151"`,
	} {
		if !strings.Contains(location, want) {
			t.Errorf("location page lacks %s", want)
		}
	}
	if strings.Contains(location, "312.555.0150") || strings.Contains(location, "+1 312 555 0151") {
		t.Error("location page shows a number as typed rather than in the display form")
	}
	guide := read("guides/cardiology-referral/index.html")
	if !strings.Contains(guide, `<a href="tel:&#43;13125550110;ext=7">(312) 555-0110 ext. 7</a>`) {
		t.Error("guide page does not show the on-call line in the display form with its tel: URI")
	}
	kitPage := read("kits/cardiology/index.html")
	for _, want := range []string{
		`<a href="tel:+13125550150">(312) 555-0150</a>`,
		`<a href="tel:+13125550110;ext=7"><strong>(312) 555-0110 ext. 7</strong></a>`,
	} {
		if !strings.Contains(kitPage, want) {
			t.Errorf("kit page lacks %s", want)
		}
	}

	pdf := filepath.Join(out, "kits", "cardiology", "cardiology-latest.pdf")
	qdf := filepath.Join(t.TempDir(), "kit.qdf")
	if b, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", pdf, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	raw, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	var tels []string
	for _, m := range regexp.MustCompile(`/URI \((tel:[^)]*)\)`).FindAllStringSubmatch(string(raw), -1) {
		tels = append(tels, m[1])
	}
	sort.Strings(tels)
	if want := []string{"tel:+13125550110;ext=7", "tel:+13125550150"}; strings.Join(tels, " ") != strings.Join(want, " ") {
		t.Errorf("kit PDF tel: links %q, want %q", tels, want)
	}
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(312) 555-0150", "(312) 555-0151", "(312) 555-0110 ext. 7"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("kit PDF text lacks %s:\n%s", want, text)
		}
	}
}
