package pipeline_test

import (
	"encoding/xml"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// inputSite writes a site of one page and one kit, plus extra files.
func inputSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"kitgen.yaml":                    "title: Test Clinic\nbase_url: https://partners.test.example/\n",
		"content/services/cardiology.md": "---\ntitle: Cardiology\n---\n\n## Red flags\n\nChest pain at rest.\n",
		"kits/cardiology.yaml":           "title: Cardiology kit\naudience: Clinicians\npage: services/cardiology\nblocks:\n  - section: services/cardiology#red-flags\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		writeFile(t, dir, name, data)
	}
	return dir
}

// finding returns the first finding at file, or fails.
func finding(t *testing.T, ds []diag.Diagnostic, file string) diag.Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.File == file {
			return d
		}
	}
	t.Fatalf("no finding at %q; findings:\n%v", file, ds)
	return diag.Diagnostic{}
}

// TestHiddenAssetsNotPublished: nothing in a hidden folder of assets/ is
// published (keys, a vendored repository's .git), except .well-known/,
// which is published at the site root exactly as written.
func TestHiddenAssetsNotPublished(t *testing.T) {
	security := "Contact: mailto:security@test.example\nExpires: 2030-01-01T00:00:00Z\n"
	dir := inputSite(t, map[string]string{
		"assets/.private/key.pem":            "-----BEGIN PRIVATE KEY-----",
		"assets/vendor/.git/config":          "[remote] url = https://token@example.com/",
		"assets/vendor/lib.txt":              "ok",
		"assets/.env":                        "TOKEN=1",
		"assets/css/site.css~":               "backup",
		"assets/.well-known/security.txt":    security,
		"assets/.well-known/sub/.hidden.txt": "no",
	})
	dest := filepath.Join(dir, "public")
	if _, err := pipeline.Build(pipeline.Options{Source: dir}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dest, ".well-known", "security.txt"))
	if err != nil || string(got) != security {
		t.Fatalf(".well-known/security.txt = %q, %v; want it as written", got, err)
	}
	for rel := range readTree(t, dest) {
		for _, bad := range []string{".private", ".git", ".env", "key.pem", "site.css~", ".hidden.txt"} {
			if strings.Contains(rel, bad) {
				t.Errorf("published %s", rel)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "assets", "vendor", "lib.txt")); err != nil {
		t.Errorf("an ordinary asset was not published: %v", err)
	}
	headers, _ := os.ReadFile(filepath.Join(dest, "_headers"))
	if strings.Contains(string(headers), ".well-known") {
		t.Errorf("_headers caches .well-known forever:\n%s", headers)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "services", "cardiology", "index.html"))
	if strings.Contains(string(page), ".well-known") {
		t.Error("a page links a .well-known file as a stylesheet or script")
	}
}

// TestUnsafeNamesRefused: a line break in a kit's or an asset's file name
// would be written into _headers, where it adds a header of the
// attacker's choosing; such names, and spaces or "*", are errors naming
// the file, and the finding stays on one line.
func TestUnsafeNamesRefused(t *testing.T) {
	inject := "x\n  Access-Control-Allow-Origin: *\ny"
	cases := []struct{ file, rule string }{
		{"kits/" + inject + ".yaml", "kit"},
		{"assets/" + inject + ".css", "assets"},
		{"assets/logo *.png", "assets"},
		{"content/services/" + inject + ".md", "content"},
		{"content/about us.md", "content"},
	}
	for _, c := range cases {
		data := "body{}"
		if strings.HasSuffix(c.file, ".yaml") {
			data = "title: K\naudience: A\npage: services/cardiology\nblocks:\n  - page: services/cardiology\n"
		} else if strings.HasSuffix(c.file, ".md") {
			data = "---\ntitle: X\n---\n"
		}
		dir := inputSite(t, map[string]string{c.file: data})
		res, err := pipeline.Build(pipeline.Options{Source: dir})
		if !errors.Is(err, pipeline.ErrFailed) {
			t.Fatalf("%q: build returned %v, want a failure", c.file, err)
		}
		d := finding(t, res.Diags, c.file)
		if string(d.Rule) != c.rule || !strings.Contains(d.Message, "letters, digits, '-', '_' and '.'") {
			t.Errorf("%q: finding %+v", c.file, d)
		}
		if s := d.String(); strings.ContainsAny(s, "\n\r") {
			t.Errorf("%q: finding prints on several lines: %q", c.file, s)
		}
		if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
			t.Errorf("%q: the failed build published", c.file)
		}
	}
	// The same names with only allowed characters build, accents included.
	dir := inputSite(t, map[string]string{"kits/heart_v2.0.yaml": "title: K\naudience: A\npage: services/cardiology\nblocks:\n  - page: services/cardiology\n",
		"assets/img/logo-2x.png": "png", "content/services/cardiología.md": "---\ntitle: Cardiología\n---\n"})
	if res, err := pipeline.Build(pipeline.Options{Source: dir}); err != nil {
		t.Fatalf("valid names: %v\n%v", err, res.Diags)
	}
}

// TestSitemapLocsAreURLs: every <loc> is a valid, percent-encoded URL,
// also for a page whose name has letters outside ASCII.
func TestSitemapLocsAreURLs(t *testing.T) {
	dir := inputSite(t, map[string]string{"content/services/cardiología.md": "---\ntitle: Cardiología\n---\n"})
	if res, err := pipeline.Build(pipeline.Options{Source: dir}); err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	data, err := os.ReadFile(filepath.Join(dir, "public", "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range set.URLs {
		p, err := url.Parse(u.Loc)
		if err != nil || p.String() != u.Loc || strings.ContainsFunc(u.Loc, func(r rune) bool { return r > 0x7e || r <= ' ' }) {
			t.Errorf("<loc>%s</loc> is not a percent-encoded URL (%v)", u.Loc, err)
		}
		if u.Loc == "https://partners.test.example/services/cardiolog%C3%ADa/" {
			found = true
		}
	}
	if !found {
		t.Errorf("no <loc> for the page; sitemap:\n%s", data)
	}
}
