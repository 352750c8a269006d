package check_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// FuzzCheck feeds one file, as strangers write them, through the whole
// load-and-check path: decoded and parsed as a page, checked on its own,
// then as part of a small site (also as its layout) through the cross-page
// rules and the filter. Nothing may panic.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		baseSite["content/locations/loop.md"],
		claimPage,
		page("Call (312) 555-0199, MRN 1234567, DOB 04/12/1961, 123-45-6789.\n\n![](https://t.example/p.gif) [here](tel:1) [x](mailto:a@@b)\n"),
		"+++\ntitle = \"T\"\nsilence = [{rule = \"claims\", reason = \"r\"}]\n+++\n\n#### Low\n\n# Again\n",
		trackingLayout,
		// Shapes that took minutes to parse before kitgen's limits, at
		// sizes that now take milliseconds.
		page(strings.Repeat("[a](", 8000)),
		page(strings.Repeat("> - ", 1000) + "a\n"),
	} {
		f.Add([]byte(s))
	}
	cfg := []byte(baseSite["kitgen.yaml"] + "  claims: [miracle]\n  allow_scripts: [cdn.example.org]\n")
	loop := []byte(baseSite["content/locations/loop.md"])
	f.Fuzz(func(t *testing.T, src []byte) {
		// One input may take at most two seconds: inputs of the fuzzer's
		// sizes load and check in milliseconds, so more means work that
		// grows faster than the input, even on a busy machine.
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("input took %v: some work grows faster than the input", d.Round(time.Millisecond))
			}
		}()
		diags := &diag.List{}
		site := &content.Site{Config: config.Default()}
		if p := content.Decode("content/guides/fuzz.md", src, diags); p != nil {
			content.Parse(p)
			in := &check.Input{Site: site, Today: today}
			check.Page(in, p, diags)
		}

		fsys := fstest.MapFS{
			"kitgen.yaml":               {Data: cfg},
			"content/_index.md":         {Data: src},
			"content/guides/a.md":       {Data: src},
			"content/locations/loop.md": {Data: loop},
		}
		c := config.Load(fsys, diags)
		site = content.Load(fsys, c, content.Options{}, diags)
		in := &check.Input{Site: site, Layouts: fstest.MapFS{"page.html": {Data: src}}, Today: today}
		for _, p := range site.Pages {
			content.Parse(p)
			check.Page(in, p, diags)
			p.Doc.Release()
		}
		check.Site(in, diags)
		check.Filter(site, diags.Sorted())
	})
}
