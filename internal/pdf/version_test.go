package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"golang.org/x/image/font/gofont/gomono"
)

// layoutDigests holds, for each LayoutVersion, the SHA-256 of the
// reference kit (cardiology) rendered in the built-in fonts: the Go fonts
// up to version 2, DejaVu Sans since version 3. Published kit PDFs are
// immutable, so output may only change together with LayoutVersion.
var layoutDigests = map[int]string{
	1: "2cb45555f36adceefa7559832364dce20538f89a00124017ee6e38e84c3c8020",
	2: "7aa751bcac4d3fa545c9c6513ba43b0e4e644f8973898120ff4efc528bab08b5", // tel: links in global form (tel:+1…)
	3: "8579c85a337ceedf37af2cfe0ec69c6e5c5ec035b6aef028da1b3f281d23344c", // DejaVu Sans built in, fallback fonts
	4: "3ef5290e1e03f71646fd91dc5a507d6043fa32e83e602ba9d940da83f6cc6469", // fonts cut down before fpdf parses them
	5: "3ef5290e1e03f71646fd91dc5a507d6043fa32e83e602ba9d940da83f6cc6469", // phone numbers and quantities kept on one line (the reference kit breaks no line there)
	6: "6948cf3d049c8e74f709c332b9aabf1876991c2f2476e7ebf120f8c37b76cd38", // tagged PDF/UA-1: structure tree, marked content, XMP, PDF 1.7
	7: "210e18de66109fb47aa7cf98133c931e7b373b4228a7375f42a3b3eb9500a73a", // fonts embedded by kitgen, not fpdf: glyph-number encoding, same pixels
}

// TestLayoutVersion fails when Render's output changes while LayoutVersion
// stays the same: kits fingerprinted with the old version would be
// published with new bytes under their old version number.
func TestLayoutVersion(t *testing.T) {
	data, err := Render(cardiology(), testFonts(t))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	got := hex.EncodeToString(sum[:])
	if want := layoutDigests[LayoutVersion]; got != want {
		t.Errorf("the reference kit renders to %s, but LayoutVersion %d rendered %q; if this change to the PDF output is intended, bump LayoutVersion and add the new digest to layoutDigests", got, LayoutVersion, want)
	}
}

// TestRenderLeavesFontsAlone: rendering must not change the font bytes it
// embeds (fpdf writes into them while subsetting), or the next kit of the
// build, and the fonts' fingerprint, would differ.
func TestRenderLeavesFontsAlone(t *testing.T) {
	mono := sha256.Sum256(gomono.TTF)
	f, err := LoadFonts(nil)
	if err != nil {
		t.Fatal(err)
	}
	fp := f.Fingerprint()
	d := cardiology()
	first, err := Render(d, f)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := Render(d, f)
	if !bytes.Equal(first, second) {
		t.Error("rendering the same kit twice gives different bytes")
	}
	if f.Fingerprint() != fp || sha256.Sum256(gomono.TTF) != mono {
		t.Error("rendering changed the fonts' bytes")
	}
	if again, _ := LoadFonts(nil); again.Fingerprint() != fp {
		t.Error("the built-in fonts load differently after a render")
	}
}
