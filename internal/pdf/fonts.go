package pdf

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gomono"
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
	// chains holds, for each style, the faces tried in order for each
	// character: the site's own fonts, its fallback fonts, then the
	// built-in typeface. Code tries Go Mono first, then the regular chain.
	chains [numStyles][]*face
}

// face is one TrueType font: its bytes, which fpdf embeds (subset) in each
// document, and the advance widths used to lay text out without a PDF.
type face struct {
	family string            // fpdf font family name, unique per distinct face
	psName string            // PostScript name, for the embedded font's name
	desc   fpdf.FontDescType // metrics for the font descriptor, as fpdf reads them
	ttf    []byte
	t      *ttf // its tables, for subset
	// widths holds the advance width of every BMP rune in 1/1000 em, exactly
	// as fpdf computes it, or -1 where the font has no glyph. fpdf only reads
	// a font's BMP cmap, so runes above U+FFFF are never drawable.
	widths []int32
}

// builtinFonts holds the built-in kit typeface, DejaVu Sans (licence in
// fonts/LICENSE). It draws Latin, Vietnamese included, Greek and Cyrillic,
// and every symbol the Go fonts it replaced could draw (≥, ≤, →, ∞, box
// drawing); Noto Sans, the other candidate, lacks ≥ and ≤.
//
//go:embed fonts/*.ttf
var builtinFonts embed.FS

var builtinFiles = [...]string{
	regular:    "fonts/DejaVuSans.ttf",
	bold:       "fonts/DejaVuSans-Bold.ttf",
	italic:     "fonts/DejaVuSans-Oblique.ttf",
	boldItalic: "fonts/DejaVuSans-BoldOblique.ttf",
}

// builtin is the built-in faces, parsed once per process: every build of
// a dev-server session, and every site, shares them.
var builtin = sync.OnceValues(func() ([numStyles]*face, error) {
	var faces [numStyles]*face
	for s, name := range builtinFiles {
		b, err := builtinFonts.ReadFile(name)
		if err != nil {
			return faces, err
		}
		if faces[s], err = parseFace(fmt.Sprintf("kd%d", s), b); err != nil {
			return faces, fmt.Errorf("fonts: built-in %s: %w", name, err)
		}
	}
	var err error
	faces[mono], err = parseFace("km", gomono.TTF)
	return faces, err
})

// styleNames are the file name parts of the four styles, as in Regular.ttf
// and Fallback-1-Bold.ttf.
var styleNames = [...]string{
	regular:    "Regular",
	bold:       "Bold",
	italic:     "Italic",
	boldItalic: "BoldItalic",
}

var fallbackName = regexp.MustCompile(`^Fallback-([1-9][0-9]{0,3})-(Regular|Bold|Italic|BoldItalic)\.ttf$`)

// LoadFonts parses the typefaces kits are set in. With a nil fsys kits use
// the built-in typeface (DejaVu Sans). Otherwise fsys is a site's
// assets/fonts directory, which may hold the site's own typeface,
// Regular.ttf, Bold.ttf, Italic.ttf and BoldItalic.ttf, used instead of the
// built-in one, and fallback fonts for characters that one lacks, named
// Fallback-N-Regular.ttf (and -Bold, -Italic, -BoldItalic) for N = 1, 2, ….
// Each character is drawn with the first that has it: the site's typeface
// or the built-in one, the fallbacks in order, then the built-in one. Within one font, a
// missing style falls back to its Regular, which is required; code is set
// in Go Mono. A font that cannot be parsed, a style without its Regular,
// and a .ttf or .otf file with another name are errors naming the file.
func LoadFonts(fsys fs.FS) (*Fonts, error) {
	base, err := builtin()
	if err != nil {
		return nil, err
	}
	// The site's own typeface, or else the built-in one, comes first;
	// the built-in one is always in the chain.
	sets := [][numStyles]*face{base}
	if fsys != nil {
		names, own, err := fontSets(fsys)
		if err != nil {
			return nil, fmt.Errorf("fonts: %w", err)
		}
		if own {
			sets = nil
		}
		n := 0
		for _, set := range names {
			var faces [numStyles]*face
			for s, name := range set {
				if name == "" {
					continue
				}
				b, err := fs.ReadFile(fsys, name)
				if err != nil {
					return nil, fmt.Errorf("fonts: %w", err)
				}
				if faces[s], err = parseFace(fmt.Sprintf("kf%d", n), b); err != nil {
					return nil, fmt.Errorf("fonts: %s: %w", name, err)
				}
				n++
			}
			for s := range mono {
				if faces[s] == nil {
					faces[s] = faces[regular]
				}
			}
			sets = append(sets, faces)
		}
		if own {
			sets = append(sets, base)
		}
	}

	f := &Fonts{}
	for s := range mono {
		for _, set := range sets {
			f.chains[s] = append(f.chains[s], set[s])
		}
	}
	f.chains[mono] = append([]*face{base[mono]}, f.chains[regular]...)
	return f, nil
}

// fontSets returns the file names of the site's fonts by style: its own
// typeface first, if it has one (own), then its fallbacks in order.
func fontSets(fsys fs.FS) (sets [][mono]string, own bool, err error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, false, err
	}
	byNum := map[int]*[mono]string{}
	for _, e := range entries {
		name := e.Name()
		lower := strings.ToLower(name)
		if e.IsDir() || !(strings.HasSuffix(lower, ".ttf") || strings.HasSuffix(lower, ".otf")) {
			continue
		}
		num, st := -1, style(0)
		for s, sn := range styleNames {
			if name == sn+".ttf" {
				num, st = 0, style(s)
			}
		}
		if m := fallbackName.FindStringSubmatch(name); m != nil {
			num, _ = strconv.Atoi(m[1])
			for s, sn := range styleNames {
				if m[2] == sn {
					st = style(s)
				}
			}
		}
		if num < 0 {
			return nil, false, fmt.Errorf("%s is not a kit font name: name the site's typeface Regular.ttf, Bold.ttf, Italic.ttf and BoldItalic.ttf, and fonts for characters it lacks Fallback-1-Regular.ttf, Fallback-2-Regular.ttf and so on (TrueType .ttf files)", name)
		}
		if byNum[num] == nil {
			byNum[num] = &[mono]string{}
		}
		byNum[num][st] = name
	}
	nums := make([]int, 0, len(byNum))
	for n := range byNum {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		set := *byNum[n]
		if set[regular] == "" {
			prefix := ""
			if n > 0 {
				prefix = fmt.Sprintf("Fallback-%d-", n)
			}
			for _, name := range set {
				if name != "" {
					return nil, false, fmt.Errorf("%s needs %sRegular.ttf beside it: the regular style is what other styles fall back to", name, prefix)
				}
			}
		}
		sets = append(sets, set)
	}
	return sets, byNum[0] != nil, nil
}

// parseFace checks that b is a TrueType font fpdf can embed and records its
// advance widths as fpdf computes them. fpdf's parser neither returns its
// errors nor guards against malformed tables, so checkTTF runs first and
// fpdf's parse runs under recover.
func parseFace(family string, b []byte) (fc *face, err error) {
	t, err := checkTTF(b)
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

	fc = &face{family: family, psName: t.postScriptName(), desc: p.GetFontDesc(family, ""), ttf: b, t: t, widths: make([]int32, 0x10000)}
	if fc.psName == "" {
		fc.psName = "Font-" + family
	}
	var rb [utf8.UTFMax]byte
	for r := range rune(0x10000) {
		fc.widths[r] = -1
		if r < ' ' || (r >= 0xD800 && r < 0xE000) || t.gids[r] == 0 {
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

// Fingerprint returns a hash of the font files kits are set in, by style
// and in the order each style's faces are tried, so a kit's recorded
// version changes when its typefaces or fallbacks do.
func (f *Fonts) Fingerprint() string {
	h := sha256.New()
	for s := range numStyles {
		for _, fc := range f.chains[s] {
			sum := sha256.Sum256(fc.ttf)
			h.Write(sum[:])
		}
		h.Write([]byte{0})
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

// first returns the face text in style s is measured in when no face is
// named: the first of its chain.
func (f *Fonts) first(s style) *face { return f.chains[s][0] }

// faceFor returns the first face of style s's chain that can draw r, or nil.
func (f *Fonts) faceFor(s style, r rune) *face {
	for _, fc := range f.chains[s] {
		if fc.has(r) {
			return fc
		}
	}
	return nil
}

// clean makes text drawable in style s: tabs and line breaks become
// spaces, other control characters and invisible format characters
// (zero-width space, soft hyphen, BOM) are dropped, and invalid UTF-8
// becomes U+FFFD, so a reader sees that something could not be shown
// rather than losing it silently. Characters no face has are left for
// runs to report. The Unicode hyphens U+2010 and U+2011 become the ASCII
// hyphen, which every font draws as a hyphen and every reader copies as
// one; a line never breaks at a hyphen, so nothing is lost.
func (f *Fonts) clean(s style, text string) string {
	ok := true
	for _, r := range text {
		if r == utf8.RuneError || r < ' ' || r == '\u2010' || r == '\u2011' || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) && r != ' ' {
			ok = false
			break
		}
	}
	if ok {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case unicode.IsSpace(r) && (r < ' ' || f.faceFor(s, r) == nil):
			b.WriteByte(' ')
		case r == '\u2010' || r == '\u2011':
			b.WriteByte('-')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// Drawn as nothing in any typeface.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// run is part of a text set in one face.
type run struct {
	text string
	fc   *face
}

// runs splits cleaned text into runs, each character in the first face of
// style s's chain that has it, so a name in a script the site's font lacks
// is still drawn. A character no face has is passed to missing and drawn
// as U+FFFD (or "?") so that the layout can go on.
func (f *Fonts) runs(s style, text string, missing func(rune)) []run {
	chain := f.chains[s]
	all := true
	for _, r := range text {
		if !chain[0].has(r) {
			all = false
			break
		}
	}
	if all {
		return []run{{text, chain[0]}}
	}
	var out []run
	var b strings.Builder
	var cur *face
	for _, r := range text {
		fc := f.faceFor(s, r)
		if fc == nil {
			if r != utf8.RuneError {
				missing(r)
			}
			if r, fc = utf8.RuneError, f.faceFor(s, utf8.RuneError); fc == nil {
				r, fc = '?', chain[0]
			}
		}
		if fc != cur && b.Len() > 0 {
			out = append(out, run{b.String(), cur})
			b.Reset()
		}
		cur = fc
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, run{b.String(), cur})
	}
	return out
}
