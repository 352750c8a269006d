package pdf

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/kitgen/kitgen/internal/kit"
)

// A partner copy of a kit is the public kit with another footer: the
// partner's name and referral code, and a link and QR code to the
// partner's landing page instead of the kit's page. A site draws one per
// partner and kit — a thousand for two hundred partners — so the body is
// laid out once (Prepare) and each copy lays out only its footer and
// draws (Prepared.Partner): the body takes the same place on the page,
// at the same size, as in the public kit.

// Mark is what a partner copy carries that the public kit does not.
type Mark struct {
	Name string // the partner's display name
	Code string // the referral code, as written (K7QX-W)
	URL  string // absolute URL of the partner's landing page
}

// Prepared is a kit laid out once for drawing partner copies of it. It
// is safe for concurrent use.
type Prepared struct {
	d      *kit.Doc
	f      *Fonts
	p      paper
	body   []op  // the public layout's ops without its footer
	kids   []kid // the document element's kids without the footer's
	size   float64
	bottom float64

	mu    sync.Mutex
	faces map[string]*embedded // by face, resource name and runes

	drawOnce sync.Once
	drawn    *drawnBody // nil when the body could not be drawn
}

// drawnBody is the body of a Prepared kit drawn once, for the copies
// whose fonts are embedded with the same characters: the PDF's frame,
// the content stream up to the footer and how it numbered the structure
// tree.
type drawnBody struct {
	fr     *frame
	faces  []*face // in the order of first use
	embeds map[*face]*embedded
	has    map[*face]map[rune]bool // the runes of each face's embedded subset
	need   map[*face][]rune        // of those, the ones only the footer has
	c      content                 // the content stream after the body
	mcids  []*marked               // the marked content of each MCID
	annots []op                    // the body's link annotations
}

// Prepare lays d out as Render does. Its errors are Render's.
func Prepare(d *kit.Doc, f *Fonts) (*Prepared, error) {
	pg, p, sp, err := fit(d, f)
	if err != nil {
		return nil, err
	}
	if sp.Left() < 0 {
		return nil, &OverflowError{Kit: d.ID, Over: -sp.Left(), MinSize: sp.MinSize, Space: sp}
	}
	// layoutPage appends the footer's ops and structure last.
	foot, err := layoutFooter(d, f, p)
	if err != nil {
		return nil, err
	}
	return &Prepared{d: d, f: f, p: p, size: pg.size, bottom: pg.bottom,
		body:  pg.ops[:len(pg.ops)-len(foot.ops)],
		kids:  pg.root.kids[:len(pg.root.kids)-1],
		faces: map[string]*embedded{}}, nil
}

// Partner draws the partner copy of the kit for m. When the partner's
// footer leaves the body less room than the public one (a long name
// wraps), the body is fitted again above it, which may set it smaller.
func (k *Prepared) Partner(m Mark) ([]byte, error) {
	if m.Code == "" || m.URL == "" {
		return nil, errors.New("pdf: a partner copy needs a code and a landing page")
	}
	d, layFooter := k.partner(m)
	foot, err := layFooter(k.p)
	if err != nil {
		return nil, fmt.Errorf("kits/%s.yaml: kit %q: %w", d.ID, d.ID, err)
	}
	if err := glyphError(d.ID, foot.missing); err != nil {
		return nil, err
	}
	if k.bottom <= foot.top-0.7*k.size*mmPerPt {
		if b := k.drawFooter(d, foot); b != nil {
			return b, nil
		}
		return k.drawWhole(d, foot)
	}
	pg, _, sp, err := fitAbove(d, k.f, layFooter)
	if err != nil {
		return nil, err
	}
	if sp.Left() < 0 {
		return nil, &OverflowError{Kit: d.ID, Over: -sp.Left(), MinSize: sp.MinSize, Space: sp}
	}
	return drawCopy(d, k.p, pg, k.embed)
}

// partner returns the kit as m's copy prints it, and how to lay out
// its footer.
func (k *Prepared) partner(m Mark) (*kit.Doc, func(paper) (*footer, error)) {
	d := *k.d
	d.URL = m.URL
	return &d, func(p paper) (*footer, error) {
		return layoutFooterText(&d, k.f, p, func(l *layout, x, y, w float64) float64 { return l.partnerFooterText(&d, m, x, y, w) })
	}
}

// drawWhole draws the copy of d with foot below the body as laid out
// once, drawing the body again.
func (k *Prepared) drawWhole(d *kit.Doc, foot *footer) ([]byte, error) {
	root, marks := cloneTree(&elem{role: "Document", kids: k.kids}, false)
	ops := make([]op, len(k.body), len(k.body)+len(foot.ops))
	for i, o := range k.body {
		if o.mark != nil {
			o.mark = marks[o.mark]
		}
		ops[i] = o
	}
	root.kids = append(root.kids, kid{elem: foot.tag})
	return drawCopy(d, k.p, &page{size: k.size, ops: append(ops, foot.ops...), root: root}, k.embed)
}

// drawCopy draws a partner copy's page.
func drawCopy(d *kit.Doc, p paper, pg *page, embed func(fc *face, runes []rune, res string) *embedded) ([]byte, error) {
	b, err := draw(d, p, pg, embed)
	if err != nil {
		return nil, fmt.Errorf("kits/%s.yaml: kit %q: %w", d.ID, d.ID, err)
	}
	return b, nil
}

// embed returns the face cut down to runes and every printable ASCII
// character, shared by the copies that use the same: partners' names
// and codes differ, but mostly in ASCII letters, so most copies share
// every face, and its font program is compressed once.
func (k *Prepared) embed(fc *face, runes []rune, res string) *embedded {
	all := subsetRunes(fc, runes)
	key := fmt.Sprintf("%p\x00%s\x00%s", fc, res, string(all))
	k.mu.Lock()
	defer k.mu.Unlock()
	e := k.faces[key]
	if e == nil {
		e = embedFace(fc, all, res)
		k.faces[key] = e
	}
	return e
}

// subsetRunes returns runes and the printable ASCII characters fc has,
// sorted, each once: what a partner copy's subset of fc holds.
func subsetRunes(fc *face, runes []rune) []rune {
	all := slices.Clone(runes)
	for r := rune(' '); r <= '~'; r++ {
		if fc.has(r) {
			all = append(all, r)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// cloneTree copies a structure tree, so that drawing (which numbers the
// marked content) never touches the tree another copy is drawn from; with
// ids, the copy keeps the numbers drawing gave the tree. It returns the
// copy and where each marked content went.
func cloneTree(e *elem, ids bool) (*elem, map[*marked]*marked) {
	marks := map[*marked]*marked{}
	var clone func(e *elem) *elem
	clone = func(e *elem) *elem {
		c := &elem{role: e.role, alt: e.alt, scope: e.scope, kids: make([]kid, len(e.kids))}
		for i, k := range e.kids {
			if k.elem != nil {
				c.kids[i] = kid{elem: clone(k.elem)}
				continue
			}
			m := &marked{parent: c, annot: k.mark.annot}
			if ids {
				m.ids = slices.Clone(k.mark.ids)
			}
			marks[k.mark] = m
			c.kids[i] = kid{mark: m}
		}
		return c
	}
	return clone(e), marks
}

// drawBody draws the body once for drawFooter. A body that cannot be
// drawn leaves k.drawn nil; each copy then reports why.
func (k *Prepared) drawBody() {
	defer func() {
		if r := recover(); r != nil {
			k.drawn = nil
		}
	}()
	fr, err := newFrame(k.d, k.p)
	if err != nil {
		return
	}
	b := &drawnBody{fr: fr, embeds: map[*face]*embedded{}, has: map[*face]map[rune]bool{}, need: map[*face][]rune{}}
	// A copy's fonts are embedded with the characters of the body and of
	// its footer, whose text is the same for every copy but for the name,
	// code and address, which are mostly ASCII, which every subset has.
	// The body is drawn with the faces as a footer in ASCII has them.
	_, layFooter := k.partner(Mark{Name: "Partner", Code: "CODE-1", URL: "https://partner.example/"})
	seed, err := layFooter(k.p)
	if err != nil {
		return
	}
	faces, used := facesOf(k.body, nil, nil)
	_, footUsed := facesOf(seed.ops, nil, nil)
	for i, fc := range faces {
		all := slices.Concat(used[fc], footUsed[fc])
		b.embeds[fc] = k.embed(fc, all, fmt.Sprintf("F%d", i+1))
		body := map[rune]bool{}
		for _, r := range subsetRunes(fc, used[fc]) {
			body[r] = true
		}
		b.has[fc] = map[rune]bool{}
		for _, r := range subsetRunes(fc, all) {
			b.has[fc][r] = true
			if !body[r] {
				b.need[fc] = append(b.need[fc], r)
			}
		}
	}
	b.faces = faces
	t := &tagged{}
	c := newContent(fr, k.p)
	c.write(k.body, b.embeds, t)
	b.c, b.annots = *c, t.annots
	b.mcids = make([]*marked, len(t.parents))
	var walk func(e *elem)
	walk = func(e *elem) {
		for _, kd := range e.kids {
			if kd.elem != nil {
				walk(kd.elem)
			} else if !kd.mark.annot {
				for _, id := range kd.mark.ids {
					b.mcids[id] = kd.mark
				}
			}
		}
	}
	walk(&elem{kids: k.kids})
	k.drawn = b
}

// drawFooter draws the copy of d with foot on the body drawn once, when
// each face of the body is embedded for this copy with the same subset
// as for the body drawn once, so the body's text is encoded as it would
// be for this copy: the same bytes as drawWhole. It returns nil
// otherwise, or when the body could not be drawn; the copy is then drawn
// whole.
func (k *Prepared) drawFooter(d *kit.Doc, foot *footer) []byte {
	k.drawOnce.Do(k.drawBody)
	b := k.drawn
	if b == nil {
		return nil
	}
	fFaces, fUsed := facesOf(foot.ops, nil, nil)
	for _, fc := range b.faces {
		// The subset of fc for this copy is the body's exactly when the
		// footer has no character the body's lacks and every one the
		// body's has for its footer.
		in := map[rune]bool{}
		for _, r := range fUsed[fc] {
			if !b.has[fc][r] {
				return nil
			}
			in[r] = true
		}
		for _, r := range b.need[fc] {
			if !in[r] {
				return nil
			}
		}
	}
	root, marks := cloneTree(&elem{role: "Document", kids: k.kids}, true)
	root.kids = append(root.kids, kid{elem: foot.tag})
	t := newTagged(d, k.p, root)
	t.parents = make([]*elem, len(b.mcids), len(b.mcids)+64)
	for i, m := range b.mcids {
		t.parents[i] = marks[m].parent
	}
	for _, a := range b.annots {
		a.mark = marks[a.mark]
		t.annots = append(t.annots, a)
	}
	embeds := maps.Clone(b.embeds)
	for _, fc := range b.faces {
		t.fonts = append(t.fonts, b.embeds[fc])
	}
	for _, fc := range fFaces {
		if embeds[fc] == nil {
			e := k.embed(fc, fUsed[fc], fmt.Sprintf("F%d", len(t.fonts)+1))
			embeds[fc] = e
			t.fonts = append(t.fonts, e)
		}
	}
	c := b.c
	c.b = append(make([]byte, 0, len(b.c.b)+8<<10), b.c.b...)
	c.write(foot.ops, embeds, t)
	out, err := t.finish(b.fr.splice(c.end(), t.room()))
	if err != nil {
		return nil
	}
	return out
}

// partnerFooterText sets a partner copy's footer lines: the version,
// then who the copy is for and the code to quote, then the landing page
// where the public kit has its own page.
func (l *layout) partnerFooterText(d *kit.Doc, m Mark, x, y, w float64) float64 {
	y = l.versionText(d, x, y, w)
	y = l.para("P", []kit.Inline{{Text: say(d, "partner_prepared_for", m.Name)}, {Text: say(d, "partner_quote_code", m.Code), Bold: true}},
		textStyle{size: footerSize + 1, color: accentDark}, x, y, w)
	l.src = d.SettingsSource
	y += 0.3
	y = l.para("P", []kit.Inline{{Text: say(d, "partner_your_kits")}, {Text: m.URL, Link: m.URL}},
		textStyle{size: footerSize, color: muted}, x, y, w)
	y = l.para("P", plain(say(d, "scan_the_code")),
		textStyle{size: footerSize, color: muted}, x, y, w)
	if d.Practice != "" {
		y = l.para("P", plain(d.Practice), textStyle{size: footerSize, color: muted}, x, y, w)
	}
	return y
}
