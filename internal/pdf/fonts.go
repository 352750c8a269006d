package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// style selects one of the faces of a Fonts.
type style int

const (
	regular style = iota
	bold
	italic
	boldItalic
	mono
	numStyles
)

// styleOf returns the face an inline run with these flags is set in. Code
// ignores bold and italic: there is only one monospaced face.
func styleOf(b, i, code bool) style {
	switch {
	case code:
		return mono
	case b && i:
		return boldItalic
	case b:
		return bold
	case i:
		return italic
	}
	return regular
}

// Fonts are the parsed typefaces a kit is set in. They are parsed once by
// LoadFonts and shared read-only by every kit rendered in a build, so they
// are safe for concurrent use.
type Fonts struct {
	faces [numStyles]*face
}

// face is one TrueType font: its bytes, which fpdf embeds (subset) in each
// document, and the advance widths used to lay text out without a PDF.
type face struct {
	family string // fpdf font family name, unique per distinct face
	ttf    []byte
	// widths holds the advance width of every BMP rune in 1/1000 em, exactly
	// as fpdf computes it, or -1 where the font has no glyph. fpdf only reads
	// a font's BMP cmap, so runes above U+FFFF are never drawable.
	widths []int32
}

// fontFiles names the TTFs LoadFonts reads from a site's assets/fonts
// directory, by style.
var fontFiles = [...]string{
	regular:    "Regular.ttf",
	bold:       "Bold.ttf",
	italic:     "Italic.ttf",
	boldItalic: "BoldItalic.ttf",
}

// LoadFonts parses the typefaces kits are set in. With a nil fsys it uses
// the Go fonts (golang.org/x/image/font/gofont). Otherwise fsys is a site's
// assets/fonts directory with Regular.ttf, Bold.ttf, Italic.ttf and
// BoldItalic.ttf; only Regular.ttf is required, a missing style falls back
// to it, and code is always set in Go Mono. A font that cannot be parsed is
// an error naming its file.
func LoadFonts(fsys fs.FS) (*Fonts, error) {
	var files [numStyles][]byte
	var names [numStyles]string
	if fsys == nil {
		files = [numStyles][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF, gomono.TTF}
		names = [numStyles]string{"goregular", "gobold", "goitalic", "gobolditalic", "gomono"}
	} else {
		for s, name := range fontFiles {
			b, err := fs.ReadFile(fsys, name)
			switch {
			case errors.Is(err, fs.ErrNotExist) && style(s) != regular:
				continue
			case err != nil:
				return nil, fmt.Errorf("fonts: %w", err)
			}
			files[s], names[s] = b, name
		}
		files[mono], names[mono] = gomono.TTF, "gomono"
	}

	f := &Fonts{}
	for s := range numStyles {
		if files[s] == nil {
			f.faces[s] = f.faces[regular]
			continue
		}
		fc, err := parseFace(fmt.Sprintf("kf%d", s), files[s])
		if err != nil {
			return nil, fmt.Errorf("fonts: %s: %w", names[s], err)
		}
		f.faces[s] = fc
	}
	return f, nil
}

// parseFace checks that b is a TrueType font fpdf can embed and records its
// advance widths as fpdf computes them. fpdf's parser neither returns its
// errors nor guards against malformed tables, so checkTTF runs first and
// fpdf's parse runs under recover.
func parseFace(family string, b []byte) (fc *face, err error) {
	covered, err := checkTTF(b)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			fc, err = nil, fmt.Errorf("unsupported TrueType font: %v", r)
		}
	}()
	p := fpdf.New("P", "pt", "Letter", "")
	p.AddUTF8FontFromBytes(family, "", bytes.Clone(b)) // see draw: fpdf may write into it
	p.SetFont(family, "", 10)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("unsupported TrueType font: %w", err)
	}

	fc = &face{family: family, ttf: b, widths: make([]int32, 0x10000)}
	var rb [utf8.UTFMax]byte
	for r := range rune(0x10000) {
		fc.widths[r] = -1
		if r < ' ' || (r >= 0xD800 && r < 0xE000) || !covered[r] {
			continue
		}
		n := utf8.EncodeRune(rb[:], r)
		fc.widths[r] = int32(p.GetStringSymbolWidth(string(rb[:n])))
	}
	if fc.widths[' '] < 0 {
		return nil, errors.New("font has no space character")
	}
	return fc, nil
}

// Fingerprint returns a hash of the font files kits are set in, by style,
// so a kit's recorded version changes when its typefaces do.
func (f *Fonts) Fingerprint() string {
	h := sha256.New()
	for s := range numStyles {
		sum := sha256.Sum256(f.faces[s].ttf)
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// has reports whether the face can draw r.
func (fc *face) has(r rune) bool {
	return r >= 0 && r < 0x10000 && fc.widths[r] >= 0
}

// width returns the width of s, already cleaned for this face, at size pt,
// in mm.
func (fc *face) width(s string, size float64) float64 {
	var w int64
	for _, r := range s {
		if fc.has(r) {
			w += int64(fc.widths[r])
		}
	}
	return float64(w) * size / 1000 * mmPerPt
}

// clean makes s drawable in the face: tabs and line breaks become spaces,
// other control characters and invisible format characters (zero-width
// space, soft hyphen, BOM) are dropped, and invalid UTF-8 and characters the
// font lacks become U+FFFD (or "?"), so a reader sees that something could
// not be shown rather than losing it silently.
func (fc *face) clean(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || r < ' ' || !fc.has(r) || unicode.Is(unicode.Cf, r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) && (r < ' ' || !fc.has(r)):
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// Drawn as nothing in any typeface.
		case fc.has(r):
			b.WriteRune(r)
		case fc.has(utf8.RuneError):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
