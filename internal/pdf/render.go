// Package pdf writes a referral kit as a one-page PDF.
//
// Render lays the kit out at a base body size and, while the content does
// not fit, at smaller sizes down to the kit's minimum; only a layout that
// fits is drawn. The output depends on nothing but the kit.Doc and the
// fonts: the same input gives the same bytes.
package pdf

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/kit"
)

// LayoutVersion identifies how this package lays out and writes a kit. It
// is part of every kit's fingerprint, so a kitgen release that draws kits
// differently records new versions instead of changing the bytes of a
// published <id>-vN.pdf, which the site serves as immutable. The rule:
// bump it in the same commit as any change to this package (or to the
// go-pdf/fpdf version) that changes the bytes Render returns for the same
// kit.Doc and fonts. TestLayoutVersion in render_test.go holds a digest of
// a reference kit and fails until it is bumped.
const LayoutVersion = 7

const (
	baseSize       = 10.5 // pt, body size a kit is first tried at
	sizeStep       = 0.5  // pt
	defaultMinSize = 8.0  // pt, when the kit does not set one
	maxMinSize     = 24.0 // pt; a larger minimum is a configuration mistake
)

// Render writes d as a one-page PDF set in f. It returns *GlyphError when
// some text has characters no font of f can draw, *OverflowError when the
// content does not fit at d.MinFontSize (8 pt when zero), and another
// error when d cannot be drawn at all (an unknown paper size, a table too
// wide for the page, a URL too long for a QR code). It never returns a PDF
// of more than one page and never drops text to make it fit.
func Render(d *kit.Doc, f *Fonts) ([]byte, error) {
	pg, p, sp, err := fit(d, f)
	if err != nil {
		return nil, err
	}
	if sp.Left() < 0 {
		e := &OverflowError{Kit: d.ID, Over: -sp.Left(), MinSize: sp.MinSize, Space: sp}
		if b := crossing(pg.blocks, pg.limit); b != nil {
			e.Block, e.BlockTitle = b.Source, displayTitle(b)
		}
		return nil, e
	}
	b, err := draw(d, p, pg, embedFace)
	if err != nil {
		return nil, fmt.Errorf("kits/%s.yaml: kit %q: %w", d.ID, d.ID, err)
	}
	return b, nil
}

// Measure lays d out as Render does, at the body size Render settles on,
// and says how much room each block takes and how much is left; for a
// kit that does not fit, at its minimum size, with negative room left.
// Its errors are Render's, but for *OverflowError.
func Measure(d *kit.Doc, f *Fonts) (*Space, error) {
	_, _, sp, err := fit(d, f)
	return sp, err
}

// fit lays d out at the base body size and, while it does not fit, at
// smaller sizes down to its minimum. It returns the last layout tried.
func fit(d *kit.Doc, f *Fonts) (*page, paper, *Space, error) {
	return fitAbove(d, f, func(p paper) (*footer, error) { return layoutFooter(d, f, p) })
}

// fitAbove is fit with the footer that layFooter lays out.
func fitAbove(d *kit.Doc, f *Fonts, layFooter func(paper) (*footer, error)) (*page, paper, *Space, error) {
	if d == nil || f == nil {
		return nil, paper{}, nil, errors.New("pdf: Render needs a kit and fonts")
	}
	where := fmt.Sprintf("kits/%s.yaml: kit %q", d.ID, d.ID)
	p, ok := papers[strings.ToLower(d.Paper)]
	if !ok {
		return nil, p, nil, fmt.Errorf("%s: unknown paper size %q; use \"letter\" or \"a4\"", where, d.Paper)
	}
	minSize := d.MinFontSize
	if math.IsNaN(minSize) || minSize <= 0 {
		minSize = defaultMinSize
	}
	if minSize > maxMinSize {
		return nil, p, nil, fmt.Errorf("%s: minimum font size %g pt is larger than %g pt; lower kits.min_font_size in kitgen.yaml", where, minSize, maxMinSize)
	}

	foot, err := layFooter(p)
	if err != nil {
		return nil, p, nil, fmt.Errorf("%s: %w", where, err)
	}
	// The sizes a kit may be set at, largest first; it is set at the
	// first that fits, or at the last, the minimum, to report how much it
	// overflows.
	var sizes []float64
	for s := max(baseSize, minSize); ; s = max(s-sizeStep, minSize) {
		sizes = append(sizes, s)
		if s <= minSize {
			break
		}
	}
	pages := make([]*page, len(sizes))
	at := func(i int) (*page, error) {
		if pages[i] == nil {
			pg, err := layoutPage(d, f, p, foot, sizes[i])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			if err := glyphError(d.ID, slices.Concat(foot.missing, pg.missing)); err != nil {
				return nil, err
			}
			pages[i] = pg
		}
		return pages[i], nil
	}
	done := func(pg *page) (*page, paper, *Space, error) { return pg, p, space(d, pg, minSize), nil }
	pg, err := at(0)
	if err != nil {
		return nil, p, nil, err
	}
	if pg.fits() || len(sizes) == 1 {
		return done(pg)
	}
	// A smaller size never makes a kit taller, so the first size that fits
	// is searched for from an estimate rather than by trying every size:
	// wrapped text takes room with about the square of the size, single
	// lines in proportion to it.
	est := sizes[0] * math.Pow(max(pg.limit-pg.top, 1)/max(pg.bottom-pg.top, 1), 1/1.5)
	k := min(max(int(math.Ceil((sizes[0]-est)/sizeStep)), 1), len(sizes)-1)
	if pg, err = at(k); err != nil {
		return nil, p, nil, err
	}
	if pg.fits() {
		for k > 1 {
			up, err := at(k - 1)
			if err != nil {
				return nil, p, nil, err
			}
			if !up.fits() {
				break
			}
			k, pg = k-1, up
		}
		return done(pg)
	}
	for k < len(sizes)-1 {
		k++
		if pg, err = at(k); err != nil {
			return nil, p, nil, err
		}
		if pg.fits() {
			break
		}
	}
	return done(pg)
}

// crossing returns the first block, innermost, that ends below limit.
func crossing(blocks []placed, limit float64) *kit.Block {
	for _, pb := range blocks {
		if pb.bottom <= limit {
			continue
		}
		if c := crossing(pb.children, limit); c != nil {
			return c
		}
		return pb.block
	}
	return nil
}

// draw writes a page's display list as a PDF: fpdf writes the frame
// (frame.go), kitgen the page's content (content.go), and the tagging
// update adds the fonts and the structure. A panic in any of them is
// reported, not allowed to crash the build. embed makes the embedded
// faces: embedFace, or a partner copy's cache.
func draw(d *kit.Doc, p paper, pg *page, embed func(fc *face, runes []rune, res string) *embedded) (out []byte, err error) {
	fr, err := newFrame(d, p)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("writing the PDF failed (is a font damaged?): %v", r)
		}
	}()
	// Only faces the page uses are embedded, each cut down to the
	// characters the page draws with it (see subset).
	faces, used := facesOf(pg.ops, nil, nil)
	t := newTagged(d, p, pg.root)
	embeds := map[*face]*embedded{}
	for i, fc := range faces {
		e := embed(fc, used[fc], fmt.Sprintf("F%d", i+1))
		embeds[fc] = e
		t.fonts = append(t.fonts, e)
	}
	c := newContent(fr, p)
	c.write(pg.ops, embeds, t)
	return t.finish(fr.splice(c.end(), t.room()))
}

// facesOf adds the faces of the text ops to faces, in the order of
// first use, and their runes to used.
func facesOf(ops []op, faces []*face, used map[*face][]rune) ([]*face, map[*face][]rune) {
	if used == nil {
		used = map[*face][]rune{}
	}
	for _, o := range ops {
		if o.kind != opText {
			continue
		}
		if _, ok := used[o.face]; !ok {
			faces = append(faces, o.face)
		}
		used[o.face] = append(used[o.face], []rune(o.text)...)
	}
	return faces, used
}

// newTagged starts the tagging update of d's page.
func newTagged(d *kit.Doc, p paper, root *elem) *tagged {
	date := d.Effective
	if date.IsZero() {
		date = time.Unix(0, 0).UTC()
	}
	return &tagged{root: root, lang: language(d.Language), date: date, pageH: p.h * ptPerMM,
		title: fmt.Sprintf("%s — v%d", d.Title, d.Version), author: d.Practice, subject: d.Audience, keywords: strings.Join(d.Keywords, ", ")}
}

// language returns tag if it looks like a BCP 47 tag, else "en-US". fpdf
// writes the tag into the catalog unescaped, so nothing else may pass.
func language(tag string) string {
	if tag == "" || len(tag) > 35 {
		return "en-US"
	}
	for _, r := range tag {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return "en-US"
		}
	}
	return tag
}
