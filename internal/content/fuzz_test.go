package content_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
)

// fuzzFiles are the paths a fuzzed file is decoded as, so every schema
// (and the home and section pages) sees arbitrary input.
var fuzzFiles = []string{
	"content/services/x.md",
	"content/guides/x.md",
	"content/providers/x.md",
	"content/locations/x.md",
	"content/about.md",
	"content/_index.md",
	"content/services/_index.md",
	"content/services/x/index.md",
}

// fuzzBudget is the time one fuzzed input may take. The fuzzer's inputs
// are at most a few hundred kilobytes, which kitgen decodes and parses in
// milliseconds; an input that takes seconds has found work that grows
// faster than its size (as "[a](" repeated and deep nesting did in
// goldmark), which is a failure. Two seconds is a hundred times the
// normal cost, so a busy machine does not trip it.
const fuzzBudget = 2 * time.Second

// budget fails t when the input has taken longer than fuzzBudget.
func budget(t *testing.T, start time.Time) {
	if d := time.Since(start); d > fuzzBudget {
		t.Fatalf("input took %v, more than %v: some work grows faster than the input", d.Round(time.Millisecond), fuzzBudget)
	}
}

// slowInputs have the shapes that took seconds to minutes before kitgen
// limited them (see content.MaxNesting and the TOML key index), at sizes
// that now take milliseconds; TestLimits has them at full size.
func slowInputs() []string {
	var toml strings.Builder
	toml.WriteString("+++\ntitle = \"T\"\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&toml, "k%d = 1\n", i)
	}
	toml.WriteString("+++\n")
	head := "---\ntitle: T\n---\n"
	return []string{
		head + strings.Repeat("[a](", 8000),
		head + strings.Repeat("- ", 2000) + "a\n",
		head + strings.Repeat(">", 4000) + " a\n",
		head + strings.Repeat("[", 8000) + strings.Repeat("]", 8000),
		toml.String(),
	}
}

// FuzzDecode feeds arbitrary bytes to front matter decoding and Markdown
// parsing, what strangers write. It must never panic, every finding must
// carry a usable position, and no page may get a URL that writes outside
// the output folder.
func FuzzDecode(f *testing.F) {
	f.Add(uint8(0), []byte("---\ntitle: Cardiology\nslug: heart\n---\n\n## Who we see\n\n[link](/guides/x/#red-flags)\n"))
	f.Add(uint8(1), []byte("+++\ntitle = \"Guide\"\nreviewed = 2026-01-01\n+++\n# A\n"))
	f.Add(uint8(3), []byte("---\ntitle: L\nhours:\n  - {days: Mo-Fr, opens: \"8:00\", closes: \"17:00\"}\n---\n"))
	f.Add(uint8(0), []byte("---\ntitle: X\nslug: ../../evil\n---\n"))
	f.Add(uint8(4), []byte("\ufeff---yaml\r\ntitle: &a [*a]\r\n---\r\n"))
	// Booleans and nulls where text is expected, and in lists.
	f.Add(uint8(3), []byte("---\ntitle: T\nphone: true\nfax:\nemail: ~\nhours:\n  -\n  - {days: false, opens: NULL, closes: \"17:00\"}\n---\n"))
	f.Add(uint8(2), []byte("---\ntitle: T\ncredentials: False\nlanguages: [English, ~]\nnpi: 1234567893\naccepting_referrals_note: null\n---\n"))
	f.Add(uint8(1), []byte("+++\ntitle = true\ntags = [false]\n+++\n"))
	for _, s := range slowInputs() {
		f.Add(uint8(4), []byte(s))
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		defer budget(t, time.Now())
		file := fuzzFiles[int(which)%len(fuzzFiles)]
		var l diag.List
		p := content.Decode(file, data, &l)
		for _, d := range l.Sorted() {
			if d.File != file || d.Line < 0 || d.Col < 0 || d.Message == "" {
				t.Fatalf("finding without a usable position: %+v", d)
			}
		}
		if e, _ := l.Count(); e > 0 && p != nil {
			t.Fatalf("Decode returned a page and errors:\n%v", l.Sorted())
		}
		if p == nil {
			return
		}
		if !strings.HasPrefix(p.URL, "/") || !strings.HasSuffix(p.URL, "/") {
			t.Fatalf("URL %q", p.URL)
		}
		if out, ok := html.OutputPath(p.URL); ok && !filepath.IsLocal(out) {
			t.Fatalf("URL %q writes to %q, outside the output folder", p.URL, out)
		}
		doc := content.Parse(p)
		for _, h := range doc.Headings {
			if h.Line < p.BodyLine {
				t.Fatalf("heading %q at line %d, before the body (line %d)", h.ID, h.Line, p.BodyLine)
			}
		}
		for _, k := range doc.Links {
			if k.Line < p.BodyLine || k.Col < 0 {
				t.Fatalf("link %q at %d:%d, body starts at line %d", k.Dest, k.Line, k.Col, p.BodyLine)
			}
		}
		doc.Release()
	})
}

// FuzzConfig feeds arbitrary bytes to kitgen.yaml, then loads a page with
// the result: the settings that come out must be usable whatever went in.
func FuzzConfig(f *testing.F) {
	f.Add([]byte("title: T\nbase_url: https://x.example\nkits: {paper: a4, min_font_size: 9}\n"))
	f.Add([]byte("lines:\n  a: {label: On call, phone: \"1\"}\ncheck:\n  rules: {claims: off}\n"))
	f.Add([]byte("base_url: ftp://x\nreview_interval_days: -1\nkits: {min_font_size: 2}\n"))
	f.Add([]byte("title: false\nbase_url: ~\ncontact: {phone: 3125550100, fax: null, email: TRUE}\ncheck: {rules: {claims: ~}, allow_numbers: [911, ~]}\n"))
	f.Add([]byte("contact:\n  ereferral: {name: P, url: \"https://p.example/r?a=1\", code_param: ref}\n"))
	f.Add([]byte("contact:\n  ereferral: {name: P, code_param: false}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer budget(t, time.Now())
		var l diag.List
		cfg := config.Load(fstest.MapFS{config.FileName: {Data: data}}, &l)
		for _, d := range l.Sorted() {
			if d.File != config.FileName || d.Line < 0 || d.Col < 0 {
				t.Fatalf("finding without a usable position: %+v", d)
			}
		}
		// A code is filled in only as a plain parameter of a web address.
		if p := cfg.Contact.CodeParam; p != "" && (!source.ValidName(p) || !schema.WebURL(cfg.Contact.EReferralURL)) {
			t.Fatalf("code_param %q with e-referral address %q", p, cfg.Contact.EReferralURL)
		}
		if !strings.HasSuffix(cfg.BaseURL, "/") {
			t.Fatalf("base URL %q has no trailing slash", cfg.BaseURL)
		}
		if cfg.Kits.Paper != "letter" && cfg.Kits.Paper != "a4" {
			t.Fatalf("paper %q", cfg.Kits.Paper)
		}
		if cfg.Kits.MinFontSize < 6 || cfg.Kits.MinFontSize > 14 {
			t.Fatalf("minimum font size %v", cfg.Kits.MinFontSize)
		}
		if cfg.ReviewIntervalDays <= 0 {
			t.Fatalf("review interval %d", cfg.ReviewIntervalDays)
		}
		site := content.Load(fstest.MapFS{"content/x.md": {Data: []byte("---\ntitle: X\n---\n")}}, cfg, content.Options{}, &l)
		if site.Home() == nil {
			t.Fatal("no home page")
		}
	})
}
