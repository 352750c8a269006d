package pipeline

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/partner"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/route"
)

// PartnerResult describes one partner of a build: what kitgen partners
// lists and exports for the intake system.
type PartnerResult struct {
	ID, Name, Segment, Code string
	File                    string // partners/<id>.yaml
	Revision                int    // the ledger revision its copies carry
	Draft                   bool   // an unrecorded change (preview)
	New                     bool   // Revision was recorded by this build
	Changed                 []string
	Landing                 string // absolute URL of its landing page
	Kits                    []PartnerKitResult
}

// PartnerKitResult is one kit a partner gets.
type PartnerKitResult struct {
	ID      string
	Version int
	File    string // site-relative URL of the partner's copy
	Size    int    // 0 when it could not be rendered
	PDF     []byte // with Options.Mail: the bytes published as File
}

// partnerState is what the partner stages share within a run.
type partnerState struct {
	list     []*partner.Partner
	results  []*PartnerResult // by index of list
	rendered int              // partner copies rendered, not taken from the cache
	mu       sync.Mutex
}

// preparedEntry is a kit laid out once for its partner copies.
type preparedEntry struct {
	key  sum // the public kit's pdfKey
	kit  *pdf.Prepared
	diag error
}

// resolvePartners loads partners/, checks each partner against the kits
// and the text rules, and settles its revision in the ledger under the
// build's policy (see kit.Ledger.DecidePartner). It runs after the kits
// are resolved, whose versions the partners' copies carry.
func (b *run) resolvePartners() {
	list := partner.Load(b.fsys, b.diags)
	if len(list) == 0 {
		return
	}
	ids := make([]string, len(b.kits))
	for i, r := range b.kits {
		ids[i] = r.Def.ID
	}
	partner.Validate(list, ids, b.diags)
	for _, p := range list {
		check.Text(b.check, p.File, p.NameLine, p.NameCol, p.Name, b.diags)
		check.Text(b.check, p.File, p.NoteLine, p.NoteCol, p.Note, b.diags)
		check.Text(b.check, p.File, p.EmailLine, p.EmailCol, p.EmailName, b.diags)
		check.Text(b.check, p.File, p.EmailLine, p.EmailCol, p.Email, b.diags)
	}
	b.partners.list = list
	for _, p := range list {
		var kits []string
		if p.Kits != nil {
			kits = append([]string(nil), p.Kits...)
		}
		pr := kit.PartnerPrint{Name: p.Name, Code: p.Code, Kits: kits, Landing: partnerURL(b.canonical, p.Code)}
		dec := b.ledger.DecidePartner(p.ID, p.File, pr, b.policy, b.opts.Today, b.diags)
		res := &PartnerResult{ID: p.ID, Name: p.Name, Segment: p.Segment, Code: p.Code, File: p.File,
			Revision: dec.Entry.Revision, Draft: dec.Draft, New: dec.Recorded, Changed: dec.Entry.Changed, Landing: partnerURL(b.site.Config.BaseURL, p.Code)}
		for _, r := range b.kits {
			// A kit in another language (kitlangs.go) goes to a partner
			// that lists it, not to every partner; and not while it is
			// held for a translation behind, since it is served as
			// recorded, from text that is no longer the content's, and a
			// copy drawn now would not be that version.
			translated := r.Doc.Language != b.site.Config.Language
			if p.GetsKit(r.Def.ID) && (!translated || p.Kits != nil) && b.held[r.Def.ID] == nil {
				res.Kits = append(res.Kits, PartnerKitResult{ID: r.Def.ID, Version: r.Doc.Version, File: route.PartnerPDF(p.Code, r.Def.ID, r.Doc.Version)})
			}
		}
		b.partners.results = append(b.partners.results, res)
	}
	b.res.Partners = b.partners.results
}

// partnerURL is the absolute address of a partner's landing page on the
// site at base.
func partnerURL(base, code string) string {
	return strings.TrimSuffix(base, "/") + route.PartnerPage(code)
}

// renderPartnerPDFs draws every partner's copy of every kit it gets whose
// public PDF rendered, and writes it under the partner's landing page. A
// kit is laid out once for all its copies (pdf.Prepare), cached by its
// PDF's key; a copy is cached by that key and what the partner prints,
// so an edit to one partner file draws only that partner's copies again.
func (b *run) renderPartnerPDFs() {
	c := b.cache
	if len(b.partners.list) == 0 || c.fonts == nil {
		c.partnerPDFs, c.prepared = nil, nil
		return
	}
	type job struct {
		p   int // index in b.partners.list
		k   int // index in the result's Kits
		r   *kit.Resolved
		key sum
		rel string
	}
	kits := map[string]*kit.Resolved{}
	for _, r := range b.kits {
		kits[r.Def.ID] = r
	}
	next := map[string]*pdfEntry{}
	var jobs, todo []job
	need := map[string]bool{}
	for i, p := range b.partners.list {
		res := b.partners.results[i]
		mark := b.mark(p)
		for k, pk := range res.Kits {
			r := kits[pk.ID]
			pub := c.pdfs[pk.ID]
			if pub == nil || pub.data == nil {
				continue
			}
			var h hasher
			h.bytes(pub.key[:]).str(mark.Name).str(mark.Code).str(mark.URL)
			j := job{p: i, k: k, r: r, key: h.sum(), rel: strings.TrimPrefix(pk.File, "/")}
			jobs = append(jobs, j)
			if e := c.partnerPDFs[p.ID+"/"+pk.ID]; e != nil && e.key == j.key {
				next[p.ID+"/"+pk.ID] = e
				continue
			}
			todo = append(todo, j)
			need[pk.ID] = true
		}
	}
	b.prepareKits(need)
	// Two workers per core, as for pages: each copy ends in writing a
	// file, and while one worker waits on it another draws.
	parallel(len(todo), 2, func(_, i int) {
		j := todo[i]
		p := b.partners.list[j.p]
		e := &pdfEntry{key: j.key}
		list := &diag.List{}
		if pe := c.prepared[j.r.Def.ID]; pe != nil && pe.kit != nil {
			data, err := pe.kit.Partner(b.mark(p))
			partnerError(list, p, j.r.Def.ID, err)
			e.data = data
		}
		if e.data != nil {
			b.out.write(j.rel, e.data)
		}
		e.diags = list.Sorted()
		b.partners.mu.Lock()
		next[p.ID+"/"+j.r.Def.ID] = e
		b.partners.mu.Unlock()
	})
	b.partners.rendered = len(todo)
	fresh := map[string]bool{}
	for _, j := range todo {
		fresh[b.partners.list[j.p].ID+"/"+j.r.Def.ID] = true
	}
	for _, j := range jobs {
		p := b.partners.list[j.p]
		e := next[p.ID+"/"+j.r.Def.ID]
		if e.data == nil {
			continue
		}
		b.partners.results[j.p].Kits[j.k].Size = len(e.data)
		if b.opts.Mail {
			b.partners.results[j.p].Kits[j.k].PDF = e.data
		}
		if !fresh[p.ID+"/"+j.r.Def.ID] {
			b.out.keep(j.rel)
		}
	}
	c.partnerPDFs = next
}

// prepareKits lays out, once, each kit in need whose layout is not
// cached for its current PDF.
func (b *run) prepareKits(need map[string]bool) {
	c := b.cache
	next := map[string]*preparedEntry{}
	var todo []*kit.Resolved
	for _, r := range b.kits {
		pub := c.pdfs[r.Def.ID]
		if pub == nil || pub.data == nil {
			continue
		}
		if e := c.prepared[r.Def.ID]; e != nil && e.key == pub.key {
			next[r.Def.ID] = e
			continue
		}
		if need[r.Def.ID] {
			todo = append(todo, r)
		}
	}
	entries := make([]*preparedEntry, len(todo))
	parallel(len(todo), 1, func(_, i int) {
		k, err := pdf.Prepare(todo[i].Doc, c.fonts)
		entries[i] = &preparedEntry{key: c.pdfs[todo[i].Def.ID].key, kit: k, diag: err}
	})
	for i, r := range todo {
		next[r.Def.ID] = entries[i]
	}
	c.prepared = next
}

// mark is what a partner's copies print.
func (b *run) mark(p *partner.Partner) pdf.Mark {
	return pdf.Mark{Name: p.Name, Code: p.Code, URL: partnerURL(b.site.Config.BaseURL, p.Code)}
}

// partnerError reports why a partner's copy of a kit could not be drawn,
// at the partner file: the copy differs from the public kit only in what
// the partner file says.
func partnerError(diags *diag.List, p *partner.Partner, kitID string, err error) {
	var oe *pdf.OverflowError
	var ge *pdf.GlyphError
	switch {
	case err == nil:
	case errors.As(err, &oe):
		diags.Errorf(p.File, p.NameLine, p.NameCol, diag.RulePartner, "kit %q does not fit on one page with the footer of %s's copy, which needs %.1f mm more; shorten the name", kitID, p.Name, oe.Over)
	case errors.As(err, &ge):
		diags.Errorf(p.File, p.NameLine, p.NameCol, diag.RulePartner, "no kit font can draw some characters of the name %q; write it with other characters, or add a font that has them to assets/fonts/", p.Name)
	default:
		diags.Errorf(p.File, 1, 1, diag.RulePartner, "cannot render %s's copy of kit %q: %v", p.Name, kitID, err)
	}
}

// writePartnerPages writes each partner's landing page: its kits and how
// to refer quoting its code. A partner none of whose copies could be
// drawn gets none. Pages are rendered on the pool, two workers per core
// as for the site's pages, each with a renderer of its own.
func (b *run) writePartnerPages() {
	cfg := b.site.Config
	renderers := make([]*html.Renderer, 2*maxWorkers())
	var written atomic.Int64
	parallel(len(b.partners.list), 2, func(worker, i int) {
		p, res := b.partners.list[i], b.partners.results[i]
		ref := &html.PartnerRef{Name: p.Name, Code: p.Code, Fax: p.Fax, EReferral: p.EReferral, EReferralURL: p.EReferralURL, Phone: cfg.Contact.Phone}
		param := p.CodeParam
		if p.Fax == "" && p.EReferral == "" {
			// A partner with no destination of its own refers through the
			// site's, which fills in the code as the site's channel takes it.
			ref.Fax, ref.EReferral, ref.EReferralURL = cfg.Contact.Fax, cfg.Contact.EReferral, cfg.Contact.EReferralURL
			param = cfg.Contact.CodeParam
		}
		if param != "" && ref.EReferralURL != "" {
			ref.EReferralURL, ref.Prefilled = withQuery(ref.EReferralURL, param, p.Code), true
		}
		for _, k := range res.Kits {
			kref := b.refs[k.ID]
			if k.Size == 0 || kref == nil {
				continue
			}
			ref.Kits = append(ref.Kits, html.PartnerKit{Title: kref.Title, Audience: kref.Audience, Version: k.Version,
				Effective: kref.Effective, PDF: k.File, Size: k.Size, Page: kref.URL})
		}
		if len(ref.Kits) == 0 {
			return
		}
		if renderers[worker] == nil {
			renderers[worker] = b.w.Renderer()
		}
		u := route.PartnerPage(p.Code)
		d := &html.Data{Partner: ref, Private: true, Title: b.w.T("partner_heading", p.Name) + " · " + cfg.Title,
			Description: b.w.T("partner_description", p.Name, p.Code), Canonical: b.w.AbsURL(u)}
		page, err := renderers[worker].Render("partner.html", d)
		renderers[worker].Deps() // a landing page is rendered again every run
		if err != nil {
			layoutError(b.diags, err, p.File)
			return
		}
		b.out.write(file(u), page)
		written.Add(1)
	})
	b.res.Pages += int(written.Load())
}

// withQuery returns u with the query parameter name set to value. The
// address's own query is kept as written, its order and escapes, but for
// a parameter of the same name, which value replaces.
func withQuery(u, name, value string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	var q []string
	for _, kv := range strings.Split(pu.RawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if uk, err := url.QueryUnescape(k); kv == "" || err == nil && uk == name {
			continue
		}
		q = append(q, kv)
	}
	pu.RawQuery = strings.Join(append(q, url.QueryEscape(name)+"="+url.QueryEscape(value)), "&")
	pu.ForceQuery = false
	return pu.String()
}

// partnerRoutes are the landing pages and partner copies of the build.
func (b *run) partnerRoutes() []route.Route {
	var rs []route.Route
	for i, p := range b.partners.list {
		rs = append(rs, route.Route{URL: route.PartnerPage(p.Code), Kind: route.KindPartner, Source: p.File})
		for _, k := range b.partners.results[i].Kits {
			rs = append(rs, route.Route{URL: k.File, Kind: route.KindPartnerPDF, Source: p.File})
		}
	}
	return rs
}

// partnerHeaders are the CDN header rules of the partners' pages: never
// indexed, and never cached by a browser longer than the site, so a
// partner sees a new version as soon as it is published.
func (b *run) partnerHeaders() []byte {
	if len(b.partners.list) == 0 {
		return nil
	}
	return []byte("\n" + route.PartnerPages() + "\n  X-Robots-Tag: noindex, nofollow\n")
}

// partnerSlots are the findings of the partner copies the run used, one
// slot per copy, and of kits that could not be laid out for them.
func (b *run) partnerSlots() [][]diag.Diagnostic {
	var slots [][]diag.Diagnostic
	for _, k := range slices.Sorted(maps.Keys(b.cache.partnerPDFs)) {
		slots = append(slots, b.cache.partnerPDFs[k].diags)
	}
	for _, id := range slices.Sorted(maps.Keys(b.cache.prepared)) {
		if e := b.cache.prepared[id]; e.diag != nil {
			slots = append(slots, []diag.Diagnostic{{File: "kits/" + id + ".yaml", Line: 1, Col: 1, Severity: diag.Error, Rule: diag.RuleKit, Message: "cannot lay out the kit for partner copies: " + e.diag.Error()}})
		}
	}
	return slots
}
