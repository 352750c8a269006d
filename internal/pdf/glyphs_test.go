package pdf

import (
	"errors"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/kit"
)

// TestGlyphErrorSources checks that a character no kit font can draw is
// reported at the file and line its text comes from, whichever part of the
// kit shows it, and that a kit without such characters renders.
func TestGlyphErrorSources(t *testing.T) {
	const hindi = "अनीता"
	src := func(file string, line int) kit.Source { return kit.Source{File: file, Line: line} }
	provider := func(name, creds string) kit.Provider {
		return kit.Provider{Name: name, Credentials: creds, Role: "Neurologist",
			Source: src("content/providers/a.md", 2), Lines: map[string]int{"title": 2, "credentials": 3, "role": 4}}
	}
	tests := []struct {
		name string
		edit func(d *kit.Doc)
		want string // file:line the finding is at; "" for no error
	}{
		{"none", func(d *kit.Doc) {}, ""},
		{"kit title", func(d *kit.Doc) { d.Title += " " + hindi }, "kits/cardiology.yaml:1"},
		{"audience", func(d *kit.Doc) { d.Audience = hindi }, "kits/cardiology.yaml:2"},
		{"practice", func(d *kit.Doc) { d.Practice = hindi }, "kitgen.yaml"},
		{"quoted heading", func(d *kit.Doc) { d.Blocks[2].Title = hindi }, "content/services/cardiology.md:8"},
		{"title set in the kit file", func(d *kit.Doc) {
			d.Blocks[2].Title, d.Blocks[2].TitleSource = hindi, src("kits/cardiology.yaml", 9)
		}, "kits/cardiology.yaml:9"},
		{"paragraph", func(d *kit.Doc) {
			d.Blocks[2].Body[0].Line = 14
			d.Blocks[2].Body[0].Inlines[0].Text = hindi
		}, "content/services/cardiology.md:14"},
		{"escalation line", func(d *kit.Doc) {
			d.Blocks[0].Body = append(d.Blocks[0].Body, kit.Node{Kind: kit.Paragraph, Inlines: []kit.Inline{{Text: hindi, Bold: true}},
				File: "kitgen.yaml", Line: 12})
		}, "kitgen.yaml:12"},
		{"table cell", func(d *kit.Doc) {
			d.Blocks[2].Body[1].Line = 20
			d.Blocks[2].Body[1].Rows[0][2] = kit.Cell{{Text: hindi}}
		}, "content/services/cardiology.md:20"},
		{"provider name", func(d *kit.Doc) { d.Blocks[3].Providers = []kit.Provider{provider(hindi, "MD")} }, "content/providers/a.md:2"},
		{"credentials", func(d *kit.Doc) { d.Blocks[3].Providers = []kit.Provider{provider("Anita Rao", hindi)} }, "content/providers/a.md:3"},
		{"contact phone", func(d *kit.Doc) {
			c := d.Blocks[4].Contact
			c.Phone, c.Source, c.Lines = hindi, src("content/locations/a.md", 1), map[string]int{"title": 2, "phone": 7}
		}, "content/locations/a.md:7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := cardiology()
			d.TitleSource, d.AudienceSource, d.SettingsSource = src("kits/cardiology.yaml", 1), src("kits/cardiology.yaml", 2), src("kitgen.yaml", 0)
			tt.edit(d)
			_, err := Render(d, testFonts(t))
			var ge *GlyphError
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				return
			}
			if !errors.As(err, &ge) {
				t.Fatalf("err = %v, want *GlyphError", err)
			}
			if len(ge.Missing) != 1 {
				t.Fatalf("%d texts reported, want 1: %v", len(ge.Missing), err)
			}
			m := ge.Missing[0]
			if got := position(m.Source.File, m.Source.Line); got != tt.want {
				t.Errorf("reported at %s, want %s", got, tt.want)
			}
			if !strings.HasPrefix(m.Message(), `"अ" (U+0905), "न" (U+0928), "ी" (U+0940) and 2 more in "`) ||
				!strings.Contains(m.Message(), "cannot be drawn by any kit font; add a TrueType font that has them to assets/fonts/ as Fallback-1-Regular.ttf") {
				t.Errorf("message = %s", m.Message())
			}
		})
	}
}
