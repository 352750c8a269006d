package pipeline

import (
	"strconv"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/route"
)

// siteCheck is the cross-page checks' findings and the route table they
// resolved links against, with the sum of what they read.
type siteCheck struct {
	key    sum
	routes *route.Table
	diags  []diag.Diagnostic
}

// checkSite runs the cross-page checks (links, references, layouts and
// assets) against the build's route table. With a kept cache, a run in
// which nothing they read changed takes the findings of the last run.
func (b *run) checkSite() {
	c := b.cache
	var key sum
	if c.retain {
		key = b.siteKey()
		if s := c.site; s != nil && s.key == key && !b.diff.all && len(b.diff.paths) == 0 && !b.linksChanged {
			b.res.Routes = s.routes
			return
		}
	}
	b.check.Routes = b.routes()
	b.res.Routes = b.check.Routes
	if !c.retain {
		check.Site(b.check, b.diags)
		return
	}
	list := &diag.List{}
	check.Site(b.check, list)
	c.site = &siteCheck{key: key, routes: b.check.Routes, diags: list.Sorted()}
}

// siteKey sums what the cross-page checks read besides the pages (whose
// addresses, links, references and heading ids the run compares with the
// last run's; see modelChanges and linkSum): the settings, every other
// site-wide input and the layouts (layoutsKey), the pages whose front matter has
// errors, and each kit's pages and recorded versions (routes links may
// point at).
func (b *run) siteKey() sum {
	var h hasher
	h.bytes(b.allLayouts[:])
	for _, p := range b.site.Broken() {
		h.str(p.URL).str(p.File)
	}
	for _, r := range b.kits {
		h.str(r.Def.ID).str(r.Def.File)
		if ref := b.refs[r.Def.ID]; ref != nil {
			h.str(ref.PDF)
		}
		for _, e := range b.ledger.Kits[r.Def.ID] {
			h.str(strconv.Itoa(e.Version))
		}
	}
	return h.sum()
}

// linkSum sums what the cross-page checks read of a rendered page besides
// its address: its links and front-matter references, with their
// positions (findings name them), and its heading ids (links' anchors).
func linkSum(p *content.Page) sum {
	var h hasher
	for _, r := range p.Refs {
		h.str(r.Key).str(r.Section).str(r.Name).str(strconv.Itoa(r.Line)).str(strconv.Itoa(r.Col))
	}
	if d := p.Doc; d != nil {
		h.str("doc")
		for _, l := range d.Links {
			h.str(l.Dest).str(strconv.FormatBool(l.Image)).str(strconv.Itoa(l.Line)).str(strconv.Itoa(l.Col))
		}
		for _, hd := range d.Headings {
			h.str(hd.ID)
		}
	}
	return h.sum()
}
