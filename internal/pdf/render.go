// Package pdf writes a referral kit as a one-page PDF.
//
// Render lays the kit out at a base body size and, while the content does
// not fit, at smaller sizes down to the kit's minimum; only a layout that
// fits is drawn. The output depends on nothing but the kit.Doc and the
// fonts: the same input gives the same bytes.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

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
	b, err := draw(d, f, p, pg, embedFace)
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

// draw replays a page's display list into a PDF: fpdf writes the page,
// with kitgen's text and marked content in it, and the tagging update
// adds the fonts and the structure. A panic in either is reported, not
// allowed to crash the build.
// embed makes the embedded faces: embedFace, or a partner copy's cache.
func draw(d *kit.Doc, f *Fonts, p paper, pg *page, embed func(fc *face, runes []rune, res string) *embedded) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("writing the PDF failed (is a font damaged?): %v", r)
		}
	}()
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: p.name})
	pdf.SetCompression(true)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true)
	// fpdf stamps the time of rendering when no date is set; a kit's
	// dates are its effective date so that rebuilds give the same bytes.
	date := d.Effective
	if date.IsZero() {
		date = time.Unix(0, 0).UTC()
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle(fmt.Sprintf("%s — v%d", d.Title, d.Version), true)
	pdf.SetAuthor(d.Practice, true)
	pdf.SetSubject(d.Audience, true)
	pdf.SetKeywords(strings.Join(d.Keywords, ", "), true)
	pdf.SetCreator("kitgen", false)
	pdf.SetProducer("kitgen", false)
	pdf.SetLang(language(d.Language))

	// Only faces the page uses are embedded, each cut down to the
	// characters the page draws with it (see subset).
	var faces []*face
	used := map[*face][]rune{}
	for _, o := range pg.ops {
		if o.kind != opText {
			continue
		}
		if _, ok := used[o.face]; !ok {
			faces = append(faces, o.face)
		}
		used[o.face] = append(used[o.face], []rune(o.text)...)
	}
	t := &tagged{root: pg.root, lang: language(d.Language), date: date, pageH: p.h * ptPerMM,
		title: fmt.Sprintf("%s — v%d", d.Title, d.Version), author: d.Practice, subject: d.Audience, keywords: strings.Join(d.Keywords, ", ")}
	embeds := map[*face]*embedded{}
	for i, fc := range faces {
		e := embed(fc, used[fc], fmt.Sprintf("F%d", i+1))
		embeds[fc] = e
		t.fonts = append(t.fonts, e)
	}
	pdf.AddPage()

	var (
		fill   = rgb{-1, -1, -1}
		stroke = rgb{-1, -1, -1}
		lineW  = -1.0
		// The marked-content sequence open in the content stream: the
		// content of seq, or an artifact when seq is nil.
		open bool
		seq  *marked
	)
	for _, o := range pg.ops {
		if o.kind == opLink {
			o.mark.ids = []int{len(t.annots)}
			t.annots = append(t.annots, o)
			continue
		}
		if !open || o.mark != seq {
			if open {
				pdf.RawWriteStr("EMC")
			}
			open, seq = true, o.mark
			if seq == nil {
				pdf.RawWriteStr("/Artifact BMC")
			} else {
				id := len(t.parents)
				seq.ids = append(seq.ids, id)
				t.parents = append(t.parents, seq.parent)
				pdf.RawWriteStr(fmt.Sprintf("/%s <</MCID %d>> BDC", seq.parent.role, id))
			}
		}
		switch o.kind {
		case opText:
			// Text is written directly: its fonts are kitgen's (see
			// embed.go). q and Q keep its colour from fpdf's fill colour.
			e := embeds[o.face]
			pdf.RawWriteStr(fmt.Sprintf("q %.3f %.3f %.3f rg BT /%s %.2f Tf %.2f %.2f Td %s Tj ET Q",
				float64(o.color.r)/255, float64(o.color.g)/255, float64(o.color.b)/255,
				e.res, o.size, o.x*ptPerMM, (p.h-o.y)*ptPerMM, e.encode(o.text)))
		case opFill, opTriangle:
			if o.color != fill {
				pdf.SetFillColor(o.color.r, o.color.g, o.color.b)
				fill = o.color
			}
			if o.kind == opFill {
				pdf.Rect(o.x, o.y, o.w, o.h, "F")
			} else {
				pdf.Polygon([]fpdf.PointType{{X: o.x, Y: o.y + o.h}, {X: o.x + o.w/2, Y: o.y}, {X: o.x + o.w, Y: o.y + o.h}}, "F")
			}
		case opLine:
			if o.color != stroke {
				pdf.SetDrawColor(o.color.r, o.color.g, o.color.b)
				stroke = o.color
			}
			if o.lw != lineW {
				pdf.SetLineWidth(o.lw)
				lineW = o.lw
			}
			pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
		}
	}
	if open {
		pdf.RawWriteStr("EMC")
	}

	if n := pdf.PageCount(); n != 1 {
		return nil, fmt.Errorf("internal error: laid out one page but drew %d", n)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return t.finish(buf.Bytes())
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
