package pipeline_test

import (
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReferralsAgree reads each golden provider's referral status back
// from every output that shows it: the provider page, the directory, the
// provider lists of service and location pages, the kit page and the kit
// PDF (through pdftotext). They must say the same thing; a provider who
// is not accepting must never read as accepting, and one whose front
// matter does not say must not be given an answer. (The JSON-LD's
// isAcceptingNewPatients is checked in TestGoldenPages.)
func TestReferralsAgree(t *testing.T) {
	out := buildGolden(t)
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	directory := read("providers/index.html")
	service := read("services/cardiology/index.html")
	location := read("locations/evanston/index.html")
	kitPage := read("kits/cardiology/index.html")
	kitPDF := pdfText(t, filepath.Join(out, "kits/cardiology/cardiology-latest.pdf"))
	if n := strings.Count(kitPDF, "accepting new referrals"); kitPDF != "" && n != 2 {
		t.Errorf("the kit PDF mentions referrals %d times, want 2 (one qualified yes, one no):\n%s", n, kitPDF)
	}

	for _, tt := range []struct {
		slug, role string
		label      string // beside "New referrals" on the site
		caveat     string // after the role where a listing implies a yes; "" for none
		accepting  bool   // whether "Accepting" may appear at all
	}{
		{"jose-nunez", "Interventional cardiologist", "Accepting", "", true},
		{"amelie-durand", "Pediatric cardiologist", "Accepting (ages 0–5 only)", "accepting new referrals: ages 0–5 only", true},
		{"ingrid-sorensen", "Pulmonologist", "Not accepting (reopens in March 2027)", "not accepting new referrals: reopens in March 2027", false},
		{"samuel-okafor", "", "Not stated", "", false},
	} {
		t.Run(tt.slug, func(t *testing.T) {
			url := "/providers/" + tt.slug + "/"
			page := text(mainOf(t, read("providers/"+tt.slug+"/index.html")))
			entry := text(entryOf(t, directory, `href="`+url+`"`))
			for what, s := range map[string]string{"provider page": page, "directory entry": entry} {
				if !strings.Contains(s, "New referrals "+tt.label) {
					t.Errorf("%s does not say %q:\n%s", what, "New referrals "+tt.label, s)
				}
				if !tt.accepting && strings.Contains(strings.ToLower(s), " accepting new referrals") {
					t.Errorf("%s says accepting:\n%s", what, s)
				}
				if !tt.accepting && strings.Contains(s, "Accepting") {
					t.Errorf("%s says Accepting:\n%s", what, s)
				}
			}

			lists := map[string]string{
				"kit page": text(entryOf(t, kitPage, "/providers/"+tt.slug+"/")),
			}
			if strings.Contains(service, `href="`+url+`"`) {
				lists["service page"] = text(entryOf(t, service, `href="`+url+`"`))
			}
			if strings.Contains(location, `href="`+url+`"`) {
				lists["location page"] = text(entryOf(t, location, `href="`+url+`"`))
			}
			for what, s := range lists {
				if tt.caveat != "" && !strings.Contains(s, "("+tt.caveat+")") {
					t.Errorf("%s does not say %q:\n%s", what, tt.caveat, s)
				}
				if tt.caveat == "" && strings.Contains(s, "referrals") {
					t.Errorf("%s says something about referrals where nothing is to be said:\n%s", what, s)
				}
			}

			// pdftotext reads a row of provider columns line by line, so
			// the role and what follows it are what can be matched.
			if kitPDF != "" && tt.role != "" {
				if tt.caveat != "" && !strings.Contains(kitPDF, tt.role+" ("+tt.caveat+")") {
					t.Errorf("the kit PDF does not say %q after %q:\n%s", tt.caveat, tt.role, kitPDF)
				}
				if tt.caveat == "" && strings.Contains(kitPDF, tt.role+" (") {
					t.Errorf("the kit PDF adds something after %q where nothing is to be said:\n%s", tt.role, kitPDF)
				}
			}
		})
	}
}

// mainOf returns the main element of a page: what it says, without the
// head's metadata.
func mainOf(t *testing.T, page string) string {
	t.Helper()
	i, j := strings.Index(page, "<main"), strings.Index(page, "</main>")
	if i < 0 || j < i {
		t.Fatal("the page has no main element")
	}
	return page[i:j]
}

// entryOf returns the list item of page that contains marker.
func entryOf(t *testing.T, page, marker string) string {
	t.Helper()
	i := strings.Index(page, marker)
	if i < 0 {
		t.Fatalf("no %s in the page", marker)
	}
	start := strings.LastIndex(page[:i], "<li")
	end := strings.Index(page[i:], "</li>")
	if start < 0 || end < 0 {
		t.Fatalf("%s is not in a list item", marker)
	}
	return page[start : i+end]
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// text is the visible text of an HTML fragment, with runs of white space
// (and tag boundaries) as one space.
func text(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(h, " "))), " ")
}

// pdfText extracts a PDF's text with pdftotext, with runs of white space as
// one space. Without poppler-utils it returns "" (the HTML outputs are
// still checked), unless KITGEN_REQUIRE_TOOLS=1 makes that a failure.
func pdfText(t *testing.T, file string) string {
	t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
			t.Fatal("pdftotext not found (apt-get install -y poppler-utils); KITGEN_REQUIRE_TOOLS=1 requires it")
		}
		t.Log("pdftotext not found (apt-get install -y poppler-utils); the kit PDF is not read back")
		return ""
	}
	b, err := exec.Command(exe, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return strings.Join(strings.Fields(string(b)), " ")
}
