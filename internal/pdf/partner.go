package pdf

import (
	"errors"
	"fmt"
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
	d := *k.d
	d.URL = m.URL
	layFooter := func(p paper) (*footer, error) {
		return layoutFooterText(&d, k.f, p, func(l *layout, x, y, w float64) float64 { return l.partnerFooterText(&d, m, x, y, w) })
	}
	foot, err := layFooter(k.p)
	if err != nil {
		return nil, fmt.Errorf("kits/%s.yaml: kit %q: %w", d.ID, d.ID, err)
	}
	var pg *page
	if k.bottom <= foot.top-0.7*k.size*mmPerPt {
		root, marks := cloneTree(&elem{role: "Document", kids: k.kids})
		ops := make([]op, len(k.body), len(k.body)+len(foot.ops))
		for i, o := range k.body {
			if o.mark != nil {
				o.mark = marks[o.mark]
			}
			ops[i] = o
		}
		root.kids = append(root.kids, kid{elem: foot.tag})
		pg = &page{size: k.size, ops: append(ops, foot.ops...), root: root}
	} else {
		var sp *Space
		if pg, _, sp, err = fitAbove(&d, k.f, layFooter); err != nil {
			return nil, err
		}
		if sp.Left() < 0 {
			return nil, &OverflowError{Kit: d.ID, Over: -sp.Left(), MinSize: sp.MinSize, Space: sp}
		}
	}
	if err := glyphError(d.ID, foot.missing); err != nil {
		return nil, err
	}
	b, err := draw(&d, k.f, k.p, pg, k.embed)
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
	all := slices.Clone(runes)
	for r := rune(' '); r <= '~'; r++ {
		if fc.has(r) {
			all = append(all, r)
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
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

// cloneTree copies a structure tree, so that drawing (which numbers the
// marked content) never touches the tree another copy is drawn from. It
// returns the copy and where each marked content went.
func cloneTree(e *elem) (*elem, map[*marked]*marked) {
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
			marks[k.mark] = m
			c.kids[i] = kid{mark: m}
		}
		return c
	}
	return clone(e), marks
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
