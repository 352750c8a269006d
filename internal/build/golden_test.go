package build_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/build"
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
	{"locations/loop/index.html", "location.html"},
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
	res, err := build.Build(build.Options{Source: site, Today: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatal(err)
	}
	for _, d := range res.Diags {
		t.Errorf("unexpected finding: %s", d)
	}
	return filepath.Join(site, "public")
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
	check("location", loc, "telephone", "(312) 555-0150")
	check("location", loc, "faxNumber", "(312) 555-0151")
	check("location", loc, "url", base+"locations/loop/")
	check("location", loc, "openingHours", []string{"Mo-Fr 07:30-17:30", "Sa 08:00-12:00"})
	if addr, _ := loc["address"].(map[string]any); addr["postalCode"] != "60654" || addr["streetAddress"] != "350 N. Clarkson Street, Suite 1200" {
		t.Errorf("location: JSON-LD address = %v", loc["address"])
	}

	pr := ld("providers/jose-nunez/index.html")
	check("provider", pr, "@type", []string{"Physician", "IndividualPhysician"})
	check("provider", pr, "name", "José Núñez")
	check("provider", pr, "honorificSuffix", "MD, FACC")
	check("provider", pr, "telephone", "(312) 555-0150")

	gd := ld("guides/cardiology-referral/index.html")
	check("guide", gd, "@type", "MedicalWebPage")
	check("guide", gd, "lastReviewed", "2026-10-14")

	home := ld("index.html")
	check("home", home, "@type", "WebSite")
	check("home", home, "url", base)

	for _, g := range []string{"services/cardiology/index.html", "404.html", "kits/index.html"} {
		data, _ := os.ReadFile(filepath.Join(out, g))
		if strings.Contains(string(data), "application/ld+json") {
			t.Errorf("%s has JSON-LD; only home, locations, providers and guides describe themselves", g)
		}
	}
}
