package content

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/diag"
)

// findings formats diagnostics the way kitgen prints them, one a line.
func findings(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Sorted() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDecodeLocation(t *testing.T) {
	src := `---
title: Loop office
date: 2026-06-10
address:
  street: 350 N. Clarkson Street
  city: Chicago
  region: IL
  postal_code: "60654"
phone: "(312) 555-0150"
fax: "(312) 555-0151"
hours:
  - {days: "Mo-Fr", opens: "7:30", closes: "17:30"}
  - {days: "Sa", opens: "08:00", closes: "12:00"}
---

Parking behind the building.
`
	var l diag.List
	p := Decode("content/locations/loop.md", []byte(src), &l)
	if p == nil {
		t.Fatalf("Decode returned nil:\n%s", findings(&l))
	}
	if f := findings(&l); f != "" {
		t.Errorf("unexpected findings:\n%s", f)
	}
	if p.URL != "/locations/loop/" || p.Path != "locations/loop" || p.Section != "locations" || p.Type != TypeLocation || p.Kind != KindPage {
		t.Errorf("page identity = %q %q %q %q %v", p.URL, p.Path, p.Section, p.Type, p.Kind)
	}
	if want := time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC); !p.Date.Equal(want) || p.Date.Location() != time.UTC {
		t.Errorf("Date = %v, want %v in UTC", p.Date, want)
	}
	l2 := p.Location()
	if l2 == nil || l2.Phone != "(312) 555-0150" || l2.Fax != "(312) 555-0151" || l2.Address.PostalCode != "60654" {
		t.Fatalf("Location = %+v", l2)
	}
	if got := strings.Join(l2.Address.Lines(), " / "); got != "350 N. Clarkson Street / Chicago, IL 60654" {
		t.Errorf("address lines = %q", got)
	}
	if len(l2.Hours) != 2 || l2.Hours[0].Text() != "Mon–Fri 7:30 a.m.–5:30 p.m." || l2.Hours[0].Spec() != "Mo-Fr 07:30-17:30" {
		t.Errorf("hours = %+v", l2.Hours)
	}
	for key, line := range map[string]int{"title": 2, "address": 4, "phone": 9, "hours": 11} {
		if p.Lines[key] != line {
			t.Errorf("line of %s = %d, want %d", key, p.Lines[key], line)
		}
	}
	if p.BodyLine != 15 || !strings.HasPrefix(string(p.Body), "\nParking") {
		t.Errorf("body starts at line %d with %q", p.BodyLine, p.Body)
	}
}

// TestDecodeFindings lists what editors get wrong, each with the exact
// finding kitgen prints.
func TestDecodeFindings(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // findings, one a line; "" for none
		nilPage         bool
	}{
		{name: "no front matter", file: "content/about.md", src: "Just text.\n", nilPage: true,
			want: "content/about.md:1:1: error: front-matter: no front matter; start the file with a line ---, then title: …, then a closing ---"},
		{name: "unclosed", file: "content/about.md", src: "---\ntitle: About\n\nText.\n", nilPage: true,
			want: "content/about.md:1:1: error: front-matter: front matter opened with --- is never closed; add a line --- after the last front-matter key"},
		{name: "unclosed after blank lines", file: "content/about.md", src: "\n\n+++\ntitle = \"About\"\n", nilPage: true,
			want: "content/about.md:3:1: error: front-matter: front matter opened with +++ is never closed; add a line +++ after the last front-matter key"},
		{name: "empty", file: "content/about.md", src: "---\n---\nText.\n", nilPage: true,
			want: `content/about.md:2:1: error: front-matter: front matter is empty; add at least "title: …"`},
		{name: "yaml syntax", file: "content/about.md", src: "---\ntitle: About\ntags: [a, b\n---\n", nilPage: true,
			want: "content/about.md:3: error: front-matter: invalid YAML: did not find expected ',' or ']'; check the indentation and put values that contain \": \" or start with a special character in quotes"},
		{name: "yaml syntax on the first line", file: "content/about.md", src: "---\ntitle: [About\n---\n", nilPage: true,
			want: "content/about.md:2: error: front-matter: invalid YAML: did not find expected ',' or ']'; check the indentation and put values that contain \": \" or start with a special character in quotes"},
		{name: "missing title", file: "content/about.md", src: "---\ndescription: x\n---\n", nilPage: true,
			want: `content/about.md:2:1: error: front-matter: front matter is missing required field "title"; add a line such as "title: Cardiology"`},
		{name: "title a list", file: "content/about.md", src: "---\ntitle: [a]\n---\n", nilPage: true,
			want: "content/about.md:2:8: error: front-matter: title must be text, not a list"},
		{name: "unknown key", file: "content/about.md", src: "---\ntitle: About\nslgu: about-us\n---\n", nilPage: true,
			want: `content/about.md:3:1: error: front-matter: unknown key "slgu" in front matter; did you mean "slug"?`},
		{name: "duplicate key", file: "content/about.md", src: "---\ntitle: About\ntitle: Again\n---\n", nilPage: true,
			want: `content/about.md:3:1: error: front-matter: key "title" appears twice in front matter; keep one`},
		{name: "bad date", file: "content/about.md", src: "---\ntitle: About\ndate: 06/10/2026\n---\n", nilPage: true,
			want: `content/about.md:3:7: error: front-matter: date "06/10/2026" is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-01`},
		{name: "draft not a bool", file: "content/about.md", src: "---\ntitle: About\ndraft: maybe\n---\n", nilPage: true,
			want: `content/about.md:3:8: error: front-matter: draft must be true or false, not the text "maybe"`},
		{name: "weight not a number", file: "content/about.md", src: "---\ntitle: About\nweight: first\n---\n", nilPage: true,
			want: `content/about.md:3:9: error: front-matter: weight must be a whole number, not the text "first"`},
		{name: "slug escapes", file: "content/services/x.md", src: "---\ntitle: X\nslug: ../../evil\n---\n", nilPage: true,
			want: `content/services/x.md:3:7: error: front-matter: slug "../../evil" is not a valid URL segment; use letters, digits, '-', '_' or '.', with no '/' or '..'`},
		{name: "slug dotdot", file: "content/services/x.md", src: "---\ntitle: X\nslug: ..\n---\n", nilPage: true,
			want: `content/services/x.md:3:7: error: front-matter: slug ".." is not a valid URL segment; use letters, digits, '-', '_' or '.', with no '/' or '..'`},
		{name: "slug with dots inside", file: "content/services/x.md", src: "---\ntitle: X\nslug: a..b\n---\n", nilPage: true,
			want: `content/services/x.md:3:7: error: front-matter: slug "a..b" is not a valid URL segment; use letters, digits, '-', '_' or '.', with no '/' or '..'`},
		{name: "slug backslash", file: "content/services/x.md", src: "---\ntitle: X\nslug: 'a\\b'\n---\n", nilPage: true,
			want: `content/services/x.md:3:7: error: front-matter: slug "a\\b" is not a valid URL segment; use letters, digits, '-', '_' or '.', with no '/' or '..'`},
		{name: "hours", file: "content/locations/x.md", nilPage: true,
			src: "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: \"(312) 555-0150\"\nfax: \"(312) 555-0151\"\nhours:\n  - {days: Monday, opens: \"8\", closes: \"17:00\"}\n---\n",
			want: "content/locations/x.md:7:12: error: front-matter: days \"Monday\" is not a day range kitgen understands; use two-letter codes such as Mo-Fr, Sa or Mo,We,Fr\n" +
				"content/locations/x.md:7:27: error: front-matter: opens \"8\" is not a time; write 24-hour HH:MM in quotes, e.g. \"07:30\""},
		{name: "address missing city", file: "content/locations/x.md", nilPage: true,
			src:  "---\ntitle: X\naddress:\n  street: 1 Main St\nphone: \"(312) 555-0150\"\nfax: \"(312) 555-0151\"\n---\n",
			want: `content/locations/x.md:4:3: error: front-matter: address is missing required field "city"; add a line "city: …"`},
		{name: "phone with nine digits", file: "content/locations/x.md", nilPage: true,
			src:  "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: \"(312) 555-015\"\nfax: \"(312) 555-0151\"\n---\n",
			want: `content/locations/x.md:4:8: error: front-matter: phone "(312) 555-015" has 9 digits; a North American number has 10 (area code first), e.g. (312) 555-0142, and an international one starts with + and its country code`},
		{name: "fax without area code", file: "content/locations/x.md", nilPage: true,
			src:  "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: \"(312) 555-0150\"\nfax: 555-0151\n---\n",
			want: `content/locations/x.md:5:6: error: front-matter: fax "555-0151" has no area code; write all 10 digits, e.g. (312) 555-0142`},
		{name: "phone empty", file: "content/locations/x.md", nilPage: true,
			src:  "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: \"\"\nfax: \"(312) 555-0151\"\n---\n",
			want: `content/locations/x.md:4:8: error: front-matter: phone "" is empty; write the number, e.g. (312) 555-0142, or leave the key out`},
		{name: "phone short", file: "content/locations/x.md", nilPage: true,
			src:  "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: \"911\"\nfax: \"(312) 555-0151\"\n---\n",
			want: `content/locations/x.md:4:8: error: front-matter: phone "911" is a short service number; write the full number with its area code, e.g. (312) 555-0142`},
		{name: "phone not text", file: "content/locations/x.md", nilPage: true,
			src:  "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: [3125550150]\nfax: \"(312) 555-0151\"\n---\n",
			want: `content/locations/x.md:4:8: error: front-matter: phone must be text, not a list`},
		{name: "toml unknown key", file: "content/about.md", src: "+++\ntitle = \"About\"\n\ndescriptoin = \"x\"\n+++\n", nilPage: true,
			want: `content/about.md:4:1: error: front-matter: unknown key "descriptoin" in front matter; did you mean "description"?`},
		{name: "byte order mark and CRLF", file: "content/about.md", src: "\ufeff---\r\ntitle: About\r\n---\r\n\r\nText.\r\n"},
		{name: "---yaml opener", file: "content/about.md", src: "---yaml\ntitle: About\n---\nText.\n"},
		{name: "---toml opener", file: "content/about.md", src: "---toml\ntitle = \"About\"\n---\nText.\n"},
		{name: "a thematic break in the body", file: "content/about.md", src: "---\ntitle: About\n---\nText.\n\n---\n\nMore.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l diag.List
			p := Decode(tt.file, []byte(tt.src), &l)
			if got := strings.TrimSuffix(findings(&l), "\n"); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			if (p == nil) != tt.nilPage {
				t.Errorf("page = %v, want nil: %v", p, tt.nilPage)
			}
			if p != nil && p.Title != "About" {
				t.Errorf("title = %q", p.Title)
			}
		})
	}
}

func TestDecodeTOMLPositions(t *testing.T) {
	src := "+++\ntitle = \"About\"\n\ntags = [\"a\", \"b\"]\nweight = 3\n+++\n\nBody.\n"
	var l diag.List
	p := Decode("content/about.md", []byte(src), &l)
	if p == nil {
		t.Fatalf("Decode returned nil:\n%s", findings(&l))
	}
	if p.Lines["title"] != 2 || p.Lines["tags"] != 4 || p.Lines["weight"] != 5 {
		t.Errorf("lines = %v", p.Lines)
	}
	if strings.Join(p.Tags, ",") != "a,b" || p.Weight != 3 {
		t.Errorf("tags %v weight %d", p.Tags, p.Weight)
	}
	if p.BodyLine != 7 {
		t.Errorf("BodyLine = %d, want 7", p.BodyLine)
	}
}

func TestDecodePaths(t *testing.T) {
	page := "---\ntitle: T\n---\n"
	tests := []struct {
		file, url, path, section string
		kind                     Kind
		typ                      string
	}{
		{"content/_index.md", "/", "", "", KindHome, TypePage},
		{"content/services/_index.md", "/services/", "services", "services", KindSection, TypeService},
		{"content/services/cardiology.md", "/services/cardiology/", "services/cardiology", "services", KindPage, TypeService},
		{"content/services/sleep/index.md", "/services/sleep/", "services/sleep", "services", KindPage, TypeService},
		{"content/about.md", "/about/", "about", "", KindPage, TypePage},
		{"content/news/2026/update.md", "/news/2026/update/", "news/2026/update", "news", KindPage, TypePage},
	}
	for _, tt := range tests {
		var l diag.List
		p := Decode(tt.file, []byte(page), &l)
		if p == nil {
			t.Errorf("%s: nil page:\n%s", tt.file, findings(&l))
			continue
		}
		if p.URL != tt.url || p.Path != tt.path || p.Section != tt.section || p.Kind != tt.kind || p.Type != tt.typ {
			t.Errorf("%s: got %q %q %q %v %q, want %q %q %q %v %q", tt.file, p.URL, p.Path, p.Section, p.Kind, p.Type, tt.url, tt.path, tt.section, tt.kind, tt.typ)
		}
	}

	var l diag.List
	p := Decode("content/services/cardiology.md", []byte("---\ntitle: T\nslug: heart\n---\n"), &l)
	if p == nil || p.URL != "/services/heart/" {
		t.Errorf("slug: page %+v\n%s", p, findings(&l))
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/services/cardiology.md":  {Data: []byte("---\ntitle: Cardiology\nweight: 2\n---\n")},
		"content/services/heart.md":       {Data: []byte("---\ntitle: Heart\nslug: cardiology\n---\n")},
		"content/services/pulmonology.md": {Data: []byte("---\ntitle: Pulmonology\nweight: 1\n---\n")},
		"content/services/draft.md":       {Data: []byte("---\ntitle: Draft\ndraft: true\n---\n")},
		"content/services/.hidden.md":     {Data: []byte("not even front matter")},
		"content/services/backup.md~":     {Data: []byte("not even front matter")},
		"content/.git/x.md":               {Data: []byte("not even front matter")},
		"content/about.md":                {Data: []byte("---\ntitle: About\n---\n")},
		"content/broken.md":               {Data: []byte("---\ntitle: [\n---\n")},
		"content/kits/_index.md":          {Data: []byte("---\ntitle: Our kits\n---\n")},
		"content/kits/cardiology.md":      {Data: []byte("---\ntitle: A kit page by hand\n---\n")},
		"content/sitemap.xml.md":          {Data: []byte("---\ntitle: Sitemap\n---\n")},
	}
	var l diag.List
	site := Load(fsys, config.Default(), Options{}, &l)
	want := "content/broken.md:2: error: front-matter: invalid YAML: did not find expected node content; check the indentation and put values that contain \": \" or start with a special character in quotes\n" +
		"content/kits/_index.md:1:1: error: duplicate-url: the URL /kits/ is where kitgen writes the referral kits index and kit pages, so this page would be lost; rename or move the file, or give it a different slug\n" +
		"content/kits/cardiology.md:1:1: error: duplicate-url: the URL /kits/cardiology/ is where kitgen writes the referral kits index and kit pages, so this page would be lost; rename or move the file, or give it a different slug\n" +
		"content/services/heart.md:3:1: error: duplicate-url: this page and content/services/cardiology.md both want the URL /services/cardiology/; rename one file or give it a different slug\n" +
		"content/sitemap.xml.md:1:1: error: duplicate-url: the URL /sitemap.xml/ is where kitgen writes sitemap.xml, so this page would be lost; rename or move the file, or give it a different slug\n"
	if got := findings(&l); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	var paths []string
	for _, p := range site.Pages {
		paths = append(paths, p.Path)
	}
	if got := strings.Join(paths, ","); got != ",about,services,services/cardiology,services/pulmonology" {
		t.Errorf("pages = %q", got)
	}
	if site.Home() == nil || site.Home().Title != config.Default().Title {
		t.Errorf("implied home page = %+v", site.Home())
	}
	if s := site.Page("services"); s == nil || s.Kind != KindSection || s.Title != "Services" {
		t.Errorf("implied section page = %+v", s)
	}
	var titles []string
	for _, p := range site.Of("services") {
		titles = append(titles, p.Title)
	}
	if got := strings.Join(titles, ","); got != "Pulmonology,Cardiology" {
		t.Errorf("services in list order = %q, want by weight", got)
	}
	if site.PageByURL("/services/cardiology/").Title != "Cardiology" {
		t.Errorf("PageByURL")
	}

	l = diag.List{}
	site = Load(fsys, config.Default(), Options{Drafts: true}, &l)
	if site.Page("services/draft") == nil {
		t.Errorf("drafts are left out with Drafts set")
	}
}

func TestParsePositions(t *testing.T) {
	src := "---\ntitle: Guide\n---\n\nIntro with [a link](/services/x/#who).\n\n## Red flags\n\n- See ![chart](/img/c.png \"c\") and <https://example.org>.\n\n### Sub *part*\n"
	var l diag.List
	p := Decode("content/about.md", []byte(src), &l)
	if p == nil {
		t.Fatal(findings(&l))
	}
	d := Parse(p)
	if Parse(p) != d {
		t.Error("Parse is not idempotent")
	}
	var hs []string
	for _, h := range d.Headings {
		hs = append(hs, h.ID+"@"+strconv.Itoa(h.Line))
	}
	if got := strings.Join(hs, " "); got != "red-flags@7 sub-part@11" {
		t.Errorf("headings = %s", got)
	}
	if d.Heading("sub-part").Text != "Sub part" {
		t.Errorf("heading text = %q", d.Heading("sub-part").Text)
	}
	var ls []string
	for _, k := range d.Links {
		ls = append(ls, k.Dest+"@"+strconv.Itoa(k.Line)+":"+strconv.Itoa(k.Col))
	}
	if got := strings.Join(ls, " "); got != "/services/x/#who@5:12 /img/c.png@9:7 https://example.org@9:36" {
		t.Errorf("links = %s", got)
	}
	d.Release()
	if d.AST != nil || !d.HasAnchor("red-flags") {
		t.Error("Release must drop the tree and keep the anchors")
	}
}

// TestLocationPhones: a location's numbers are stored in the one display
// form every writer prints, however they were written; an absent one is
// empty (and warned about).
func TestLocationPhones(t *testing.T) {
	for _, c := range []struct{ phone, fax, wantPhone, wantFax string }{
		{`"312.555.0150"`, `+1 312 555 0151`, "(312) 555-0150", "(312) 555-0151"},
		{`"3125550150"`, `"(312) 555-0151 ext. 9"`, "(312) 555-0150", "(312) 555-0151 ext. 9"},
		{`"+44 20 7946 0958"`, "", "+44 20 7946 0958", ""},
	} {
		src := "---\ntitle: X\naddress: {street: 1 Main St, city: Springfield}\nphone: " + c.phone + "\n"
		if c.fax != "" {
			src += "fax: " + c.fax + "\n"
		}
		var l diag.List
		p := Decode("content/locations/x.md", []byte(src+"---\n"), &l)
		if p == nil || p.Location() == nil {
			t.Fatalf("%s: no location:\n%s", src, findings(&l))
		}
		if p.Location().Phone != c.wantPhone || p.Location().Fax != c.wantFax {
			t.Errorf("phone %s, fax %s: stored %q and %q, want %q and %q", c.phone, c.fax, p.Location().Phone, p.Location().Fax, c.wantPhone, c.wantFax)
		}
		if errs, _ := l.Count(); errs > 0 {
			t.Errorf("phone %s, fax %s:\n%s", c.phone, c.fax, findings(&l))
		}
	}
}
