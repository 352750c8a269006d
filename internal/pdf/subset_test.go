package pdf

import (
	"bytes"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

// TestSubset checks that a face cut down to some characters is a font
// kitgen and fpdf accept, draws exactly those characters with the same
// advance widths and the same outlines, and is much smaller.
func TestSubset(t *testing.T) {
	site, err := parseFace("site", goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	const text = "Ngọc Anh Trần ≥ 3 — “ok” Αθήνα Москва ﬁ"
	for name, fc := range map[string]*face{
		"built-in regular":     testFonts(t).first(regular),
		"built-in bold italic": testFonts(t).first(boldItalic),
		"Go Regular":           site,
	} {
		t.Run(name, func(t *testing.T) {
			b, gids := fc.subset([]rune(text + text))
			if b == nil {
				t.Fatal("subset failed")
			}
			sub, err := parseFace("sub", b)
			if err != nil {
				t.Fatalf("the subset is not a usable font: %v", err)
			}
			composites := 0
			for _, r := range text {
				if sub.widths[r] != fc.widths[r] {
					t.Errorf("%q: width %d in the subset, %d in the font", r, sub.widths[r], fc.widths[r])
				}
				if !fc.has(r) {
					continue
				}
				// A simple glyph's outline is copied byte for byte; a
				// composite one only has its components renumbered.
				g, sg := int(fc.t.gids[r]), int(sub.t.gids[r])
				if gids[r] != uint16(sg) {
					t.Errorf("%q: glyph %d in the subset, subset says %d", r, sg, gids[r])
				}
				full := fc.t.tables["glyf"][fc.t.offs[g]:fc.t.offs[g+1]]
				got := bytes.TrimRight(sub.t.tables["glyf"][sub.t.offs[sg]:sub.t.offs[sg+1]], "\x00")
				if len(fc.t.children[g]) == 0 && !bytes.Equal(got, bytes.TrimRight(full, "\x00")) {
					t.Errorf("%q: outline differs", r)
				}
				if len(fc.t.children[g]) > 0 {
					composites++
				}
				if len(fc.t.children[g]) != len(sub.t.children[sg]) {
					t.Errorf("%q: %d components, want %d", r, len(sub.t.children[sg]), len(fc.t.children[g]))
				}
			}
			if composites == 0 && name != "Go Regular" {
				t.Error("no composite glyph was checked")
			}
			for _, r := range "ZQ€" {
				if fc.has(r) && sub.has(r) {
					t.Errorf("the subset has %q, which was not asked for", r)
				}
			}
			if len(b)*4 > len(fc.ttf) {
				t.Errorf("the subset is %d bytes of the font's %d", len(b), len(fc.ttf))
			}
		})
	}
}
