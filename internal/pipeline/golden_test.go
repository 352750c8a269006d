package pipeline_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenPages are one page of each type of the site in
// testdata/golden/site.txtar: output path → golden file.
var goldenPages = []struct{ out, golden string }{
	{"index.html", "home.html"},
	{"services/index.html", "section.html"},
	{"services/cardiology/index.html", "service.html"},
	{"guides/cardiology-referral/index.html", "guide.html"},
	{"providers/jose-nunez/index.html", "provider.html"},
	{"providers/ingrid-sorensen/index.html", "provider-not-accepting.html"},
	{"providers/samuel-okafor/index.html", "provider-not-stated.html"},
	{"providers/amelie-durand/index.html", "provider-qualified.html"},
	{"locations/loop/index.html", "location.html"},
	{"locations/evanston/index.html", "location-minimal.html"},
	{"locations/video/index.html", "location-virtual.html"},
	{"services/sleep/index.html", "service-minimal.html"},
	{"guides/sleep-referral/index.html", "guide-minimal.html"},
	{"programs/heart-failure-self-care/index.html", "program.html"},
	{"programs/sleep-group/index.html", "program-minimal.html"},
	{"about/index.html", "page.html"},
	{"providers/index.html", "providers.html"},
	{"kits/index.html", "kits.html"},
	{"kits/cardiology/index.html", "kit.html"},
	{"404.html", "404.html"},
}

var (
	// Hashed asset names and their integrity values change with every CSS
	// or JS edit, and a kit's size with every change to the PDF writer;
	// neither is what these files are about.
	assetHashRE = regexp.MustCompile(`(/assets/[^"]+)\.[0-9a-f]{10}\.(css|js)`)
	integrityRE = regexp.MustCompile(`integrity="sha(256|384|512)-[A-Za-z0-9+/=]+"`)
	kitSizeRE   = regexp.MustCompile(`\d+ KB\)`)
)

func normalize(b []byte) []byte {
	b = assetHashRE.ReplaceAll(b, []byte("$1.HASH.$2"))
	b = integrityRE.ReplaceAll(b, []byte(`integrity="sha$1-SRI"`))
	b = kitSizeRE.ReplaceAll(b, []byte("N KB)"))
	return b
}

// buildGolden builds the golden site on a fixed date and returns its output
// folder.
func buildGolden(t *testing.T) string {
	t.Helper()
	site := writeSite(t, "testdata/golden/site.txtar")
	res, err := pipeline.Build(pipeline.Options{Source: site, Today: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		got = append(got, fmt.Sprint(d))
	}
	if strings.Join(got, "\n") != strings.Join(goldenFindings, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(goldenFindings, "\n"))
	}
	return filepath.Join(site, "public")
}

// goldenFindings are the warnings the golden site is built to give: its
// minimal pages leave out fields a full page should have, and still build.
var goldenFindings = []string{
	`content/guides/sleep-referral.md:2:1: warning: front-matter: front matter has no "escalation"; name the line in kitgen.yaml (lines:) to call when a referral is urgent`,
	`content/locations/evanston.md:2:1: warning: front-matter: front matter has no "fax"; a location is where the practice's fax is written once, for every page and kit`,
	`content/programs/sleep-group.md:2:1: warning: front-matter: front matter has no "audience"; say whom the program is for, e.g. "audience: Children with persistent asthma and their parents"`,
}

// TestGolden compares one page of each type with its golden file.
func TestGolden(t *testing.T) {
	out := buildGolden(t)
	for _, g := range goldenPages {
		got, err := os.ReadFile(filepath.Join(out, g.out))
		if err != nil {
			t.Error(err)
			continue
		}
		got = normalize(got)
		path := filepath.Join("testdata/golden", g.golden)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v; run go test -run TestGolden -update to create it", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s; if the change is intended, run go test -run TestGolden -update and read the diff\n%s",
				g.out, path, firstDiff(string(got), string(want)))
		}
	}
}

// firstDiff shows the first differing line of two texts with its number.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + gl + "\n  want: " + wl
		}
	}
	return ""
}

// TestGoldenPages checks what every page of the golden site must have,
// whatever the theme looks like: the language, a skip link to the main
// content, one h1, its canonical URL and Open Graph tags, and the JSON-LD
// its type calls for, with facts taken from front matter.
func TestGoldenPages(t *testing.T) {
	out := buildGolden(t)
	const base = "https://partners.test.example/"
	for _, g := range goldenPages {
		t.Run(g.golden, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(out, g.out))
			if err != nil {
				t.Fatal(err)
			}
			page := string(data)
			canonical := base + strings.TrimSuffix(g.out, "index.html")
			for _, want := range []string{
				`<html lang="en-US">`,
				`<a class="skip-link" href="#main">`,
				`<main id="main"`,
				`<link rel="canonical" href="` + canonical + `">`,
				`<meta property="og:url" content="` + canonical + `">`,
				`<meta property="og:site_name" content="Lakeshore Test Practice">`,
				`<meta property="og:title" content="`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("missing %s", want)
				}
			}
			if n := strings.Count(page, "<h1"); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			for _, bad := range []string{`src="http`, `src="//`, `<link rel="stylesheet" href="http`, `<link rel="stylesheet" href="//`} {
				if strings.Contains(page, bad) {
					t.Errorf("page loads something from elsewhere: %s", bad)
				}
			}
		})
	}

	ld := func(file string) map[string]any {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		page := string(data)
		const open = `<script type="application/ld+json">`
		i := strings.Index(page, open)
		if i < 0 {
			t.Fatalf("%s has no JSON-LD", file)
		}
		j := strings.Index(page[i:], "</script>")
		var v map[string]any
		if err := json.Unmarshal([]byte(page[i+len(open):i+j]), &v); err != nil {
			t.Fatalf("%s: JSON-LD does not parse: %v", file, err)
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("%s: @context is %v", file, v["@context"])
		}
		return v
	}
	check := func(file string, v map[string]any, key string, want any) {
		t.Helper()
		got, _ := json.Marshal(v[key])
		w, _ := json.Marshal(want)
		if string(got) != string(w) {
			t.Errorf("%s: JSON-LD %s = %s, want %s", file, key, got, w)
		}
	}

	loc := ld("locations/loop/index.html")
	check("location", loc, "@type", "MedicalClinic")
	// With the country code, for readers anywhere (phone.International).
	check("location", loc, "telephone", "+1 312-555-0150")
	check("location", loc, "faxNumber", "+1 312-555-0151")
	check("location", loc, "url", base+"locations/loop/")
	check("location", loc, "openingHours", []string{"Mo-Fr 07:30-17:30", "Sa 08:00-12:00"})
	if addr, _ := loc["address"].(map[string]any); addr["postalCode"] != "60654" || addr["streetAddress"] != "350 N. Clarkson Street, Suite 1200" {
		t.Errorf("location: JSON-LD address = %v", loc["address"])
	}

	minLoc := ld("locations/evanston/index.html")
	check("minimal location", minLoc, "telephone", "+1 312-555-0160")
	check("minimal location", minLoc, "faxNumber", nil) // no fax: none claimed
	check("minimal location", minLoc, "email", nil)
	check("minimal location", minLoc, "openingHours", nil)

	// A provider is an IndividualPhysician: a MedicalOrganization, so no
	// Person properties (honorificSuffix), clinics as practicesAt (not
	// hospitalAffiliation, which takes a Hospital), and medicalSpecialty
	// only as members of the MedicalSpecialty enumeration.
	video := map[string]any{"@type": "ServiceChannel", "name": "Video visits", "description": "Visits by secure video (telehealth)"}
	clinic := func(name, url string) map[string]any {
		return map[string]any{"@type": "MedicalClinic", "name": name, "url": url}
	}
	for _, tt := range []struct {
		file        string
		accepting   any // nil when the JSON-LD must not say
		credentials []string
		specialty   any
		practicesAt []map[string]any
		telephone   any
	}{
		{"providers/jose-nunez/index.html", true, []string{"MD", "FACC"}, []string{"https://schema.org/Cardiovascular"},
			[]map[string]any{clinic("Loop office", base+"locations/loop/")}, "+1 312-555-0150"},
		{"providers/amelie-durand/index.html", true, []string{"MD", "PhD"}, []string{"https://schema.org/Cardiovascular", "https://schema.org/Pediatric"},
			[]map[string]any{clinic("Loop office", base+"locations/loop/"), clinic("Evanston office", base+"locations/evanston/")}, "+1 312-555-0150"},
		{"providers/ingrid-sorensen/index.html", false, []string{"MD"}, []string{"https://schema.org/Pulmonary"},
			[]map[string]any{clinic("Evanston office", base+"locations/evanston/")}, "+1 312-555-0160"},
		{"providers/samuel-okafor/index.html", nil, []string{"NP"}, nil, nil, nil},
	} {
		pr := ld(tt.file)
		check(tt.file, pr, "@type", "IndividualPhysician")
		// Video visits: offered (true) is an offered Service with a video
		// channel; not offered (false) and not said (empty) claim nothing.
		var offer any
		if tt.file == "providers/amelie-durand/index.html" {
			offer = map[string]any{"@type": "Offer", "itemOffered": map[string]any{"@type": "Service", "name": "Video visits with Amélie Durand", "availableChannel": video}}
		}
		check(tt.file, pr, "makesOffer", offer)
		check(tt.file, pr, "isAcceptingNewPatients", tt.accepting)
		check(tt.file, pr, "medicalSpecialty", tt.specialty)
		check(tt.file, pr, "telephone", tt.telephone)
		check(tt.file, pr, "honorificSuffix", nil)
		check(tt.file, pr, "hospitalAffiliation", nil)
		var creds []map[string]any
		for _, c := range tt.credentials {
			creds = append(creds, map[string]any{"@type": "EducationalOccupationalCredential", "name": c})
		}
		check(tt.file, pr, "hasCredential", creds)
		var places []map[string]any
		if at, ok := pr["practicesAt"].([]any); ok {
			for _, a := range at {
				m, _ := a.(map[string]any)
				places = append(places, map[string]any{"@type": m["@type"], "name": m["name"], "url": m["url"]})
			}
		}
		check(tt.file, map[string]any{"practicesAt": places}, "practicesAt", tt.practicesAt)
	}
	check("provider", ld("providers/jose-nunez/index.html"), "name", "José Núñez")

	gd := ld("guides/cardiology-referral/index.html")
	check("guide", gd, "@type", "MedicalWebPage")
	check("guide", gd, "lastReviewed", "2026-10-14")
	// The guide is for clinicians, about patients of its ages.
	check("guide", gd, "audience", map[string]any{"@type": "MedicalAudience", "audienceType": "Clinician", "name": "Primary care clinicians and care coordinators"})
	check("guide", gd, "about", map[string]any{"@type": "PeopleAudience", "name": "Ages 18 and over", "suggestedMinAge": 18})
	check("minimal guide", ld("guides/sleep-referral/index.html"), "about", nil)

	// A service line is a Service of the practice, with the ages it sees
	// (no upper limit: no suggestedMaxAge) and video visits as a channel;
	// a service that leaves them out or empty claims neither.
	svc := ld("services/cardiology/index.html")
	check("service", svc, "@type", "Service")
	check("service", svc, "url", base+"services/cardiology/")
	check("service", svc, "serviceType", "Cardiology")
	check("service", svc, "provider", map[string]any{"@type": "MedicalOrganization", "name": "Lakeshore Test Practice", "url": base})
	check("service", svc, "audience", map[string]any{"@type": "PeopleAudience", "name": "Ages 18 and over (new patients up to 85)", "suggestedMinAge": 18})
	check("service", svc, "availableChannel", video)
	minSvc := ld("services/sleep/index.html")
	check("minimal service", minSvc, "@type", "Service")
	check("minimal service", minSvc, "audience", nil)
	check("minimal service", minSvc, "availableChannel", nil)
	check("minimal service", minSvc, "serviceType", nil)

	// A program is a Course the practice provides; the age range is in
	// schema.org's notation, and fields left out or empty are not claimed.
	prog := ld("programs/heart-failure-self-care/index.html")
	check("program", prog, "@type", "Course")
	check("program", prog, "name", "Heart failure self-care program")
	check("program", prog, "url", base+"programs/heart-failure-self-care/")
	check("program", prog, "audience", map[string]any{"@type": "PeopleAudience", "name": "Adults with heart failure and their carers"})
	check("program", prog, "typicalAgeRange", "40-75")
	check("program", prog, "provider", map[string]any{"@type": "MedicalOrganization", "name": "Lakeshore Test Practice", "url": base})
	minProg := ld("programs/sleep-group/index.html")
	check("minimal program", minProg, "@type", "Course")
	check("minimal program", minProg, "audience", nil)
	check("minimal program", minProg, "typicalAgeRange", nil)
	check("minimal program", minProg, "description", nil)

	home := ld("index.html")
	check("home", home, "@type", "WebSite")
	check("home", home, "url", base)

	// Lighthouse's SEO audit wants a meta description on every page a
	// search engine may show; the kit pages have no page of their own to
	// take one from.
	for _, g := range []string{"kits/index.html", "kits/cardiology/index.html", "index.html", "providers/jose-nunez/index.html"} {
		data, _ := os.ReadFile(filepath.Join(out, g))
		m := regexp.MustCompile(`<meta name="description" content="([^"]{20,})">`).FindSubmatch(data)
		if m == nil {
			t.Errorf("%s has no meta description", g)
			continue
		}
		if !strings.Contains(string(data), `<meta property="og:description" content="`+string(m[1])+`">`) {
			t.Errorf("%s: og:description differs from the meta description", g)
		}
	}
	if kit, _ := os.ReadFile(filepath.Join(out, "kits/cardiology/index.html")); !strings.Contains(string(kit), "referring primary care clinicians") {
		t.Errorf("the kit page's description does not say whom the kit is for")
	}

	// draft: false publishes a page; draft: true does not.
	if _, err := os.Stat(filepath.Join(out, "about/index.html")); err != nil {
		t.Errorf("the page with draft: false was not published: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "unfinished/index.html")); err == nil {
		t.Errorf("the page with draft: true was published")
	}

	for _, g := range []string{"about/index.html", "404.html", "kits/index.html"} {
		data, _ := os.ReadFile(filepath.Join(out, g))
		if strings.Contains(string(data), "application/ld+json") {
			t.Errorf("%s has JSON-LD; only home, services, guides, programs, locations and providers describe themselves", g)
		}
	}
}
