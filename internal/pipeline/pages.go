package pipeline

import (
	"encoding/json"
	"errors"
	"sync/atomic"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
)

// renderPages is the page stage. A page whose cached rendering is still
// current — same own source, same layout set and site-wide inputs, same
// inputs of the per-page checks, and every Dep it recorded unchanged — is
// kept as it is. Every other page is parsed, checked, rendered and written
// by one pool of workers, each with its own html.Renderer, and its cache
// entry records what it read. The syntax tree is dropped after rendering,
// so memory stays flat however many pages there are.
func (b *run) renderPages() {
	c := b.cache
	pages := b.site.Pages
	entries := make([]*renderEntry, len(pages))
	vals := &depValues{b: b, memo: map[html.Dep]sum{}}
	var checks sum
	if c.retain {
		checks = b.checksKey()
		vals.changed = b.modelChanges()
		b.diff = vals.changed
	}
	// A page that is the same decoded page as at its index last run has
	// the same own sum, and while no layout and nothing site-wide changed
	// (allLayouts), the same layout key: only the checks and Deps are left
	// to compare, without hashing or looking up anything by URL.
	aligned := c.retain && len(c.order) == len(pages) && c.orderLayouts == b.allLayouts
	var todo []int
	if c.retain {
		b.pageDiags = make([][]diag.Diagnostic, len(pages))
	}
	for i, p := range pages {
		if aligned && c.order[i] == p {
			if e := c.orderEntries[i]; e.checks == checks && vals.same(e) {
				entries[i] = e
				b.pageDiags[i] = e.diags
				if e.written {
					b.out.keep(e.rel)
				}
				continue
			}
		} else if c.retain {
			if e := c.renders[p.URL]; e != nil && e.own == b.own(p) && e.checks == checks &&
				e.layout == b.layoutKey(b.w.LayoutFor(p)) && vals.same(e) {
				entries[i] = e
				b.pageDiags[i] = e.diags
				if e.written {
					b.out.keep(e.rel)
				}
				continue
			}
		}
		todo = append(todo, i)
	}
	if b.opts.CheckOnly {
		b.tryPages()
	}
	renderers := make([]*html.Renderer, maxWorkers())
	var deps [][]html.Dep
	if c.retain {
		deps = make([][]html.Dep, len(pages))
	}
	// One worker per core. Each spends part of its time in write system
	// calls, but a second worker per core to render meanwhile made the
	// 10,000-page corpus 5–9% slower, on the RAM disk and on ext4 alike:
	// the workers' caches and allocations contend more than the writes wait.
	var written, done atomic.Int64
	parallel(len(todo), 1, func(worker, j int) {
		if renderers[worker] == nil {
			renderers[worker] = b.w.Renderer()
		}
		r, i := renderers[worker], todo[j]
		if b.opts.Progress != nil {
			defer func() { b.opts.Progress("pages", int(done.Add(1)), len(todo)) }()
		}
		if !c.retain {
			// A build keeps no entries: findings go straight to the run's.
			if b.renderPage(r, pages[i], b.diags) {
				written.Add(1)
			}
			r.Deps()
			return
		}
		list := &diag.List{}
		ok := b.renderPage(r, pages[i], list)
		if ok {
			written.Add(1)
		}
		rel, _ := html.OutputPath(pages[i].URL)
		entries[i] = &renderEntry{diags: list.Sorted(), written: ok, rel: rel}
		b.pageDiags[i] = entries[i].diags
		deps[i] = r.Deps()
	})
	b.res.Pages += int(written.Load())
	for _, i := range todo {
		b.rendered = append(b.rendered, pages[i])
	}
	if !c.retain {
		return
	}
	next := c.renders
	if next == nil || b.diff.all || len(b.diff.paths) > 0 {
		// Pages came or went: keep the entries of this run's pages only.
		next = make(map[string]*renderEntry, len(pages))
		for i, p := range pages {
			next[p.URL] = entries[i]
		}
	}
	for _, i := range todo {
		p, e := pages[i], entries[i]
		e.own, e.checks, e.layout, e.deps = b.own(p), checks, b.layoutKey(b.w.LayoutFor(p)), deps[i]
		e.links = linkSum(p)
		if old := c.renders[p.URL]; old == nil || old.links != e.links {
			b.linksChanged = true
		}
		next[p.URL] = e
		e.values = make([]sum, len(e.deps))
		for k, d := range e.deps {
			e.values[k] = vals.of(d)
		}
	}
	c.renders = next
	c.order, c.orderEntries, c.orderLayouts = pages, entries, b.allLayouts
}

// renderPage parses p, runs the per-page checks, renders it and writes it,
// with findings going to diags, and reports whether it wrote the page. The
// syntax tree is dropped afterwards, and the body and front matter as
// written too unless the cache is kept for a next run, which may parse the
// page again and sums both (pageSums): in a build nothing reads them after
// the page's own checks.
func (b *run) renderPage(r *html.Renderer, p *content.Page, diags *diag.List) bool {
	content.Parse(p)
	check.Page(b.check, p, diags)
	defer func() {
		p.Doc.Release()
		if !b.cache.retain {
			p.Body, p.Front = nil, nil
		}
	}()
	rel, ok := html.OutputPath(p.URL)
	if !ok {
		diags.Errorf(p.File, p.Line("slug"), 1, diag.RuleURL, "the URL %s would be written outside the output folder; rename the file or set a plain slug", p.URL)
		return false
	}
	layout := b.w.LayoutFor(p)
	if b.opts.CheckOnly && b.tryPage[layout] != p {
		// kitgen check renders one page per layout (see tryPages).
		return true
	}
	d, err := r.PageData(p)
	if err == nil {
		var page []byte
		page, err = r.Render(layout, d)
		if err == nil {
			b.out.write(rel, page)
			return true
		}
	}
	name := p.File
	if name == "" {
		name = p.URL // a section list page implied by its pages
	}
	layoutError(diags, err, name)
	return false
}

// tryPages chooses the page kitgen check renders of each layout, which
// finds template errors and leaves rendering every page to the build:
// the one that lists the fewest pages (a section's list page lists its
// section), the first in site order among equals, so every check renders
// the same pages. Rendering the list of a 3,000-page section was a
// sixteenth of checking the 10,000-page corpus.
func (b *run) tryPages() {
	b.tryPage = map[string]*content.Page{}
	cost := map[string]int{}
	for _, p := range b.site.Pages {
		layout, n := b.w.LayoutFor(p), 0
		if p.Kind != content.KindPage {
			n = len(b.site.Of(p.Section))
		}
		if _, ok := b.tryPage[layout]; !ok || n < cost[layout] {
			b.tryPage[layout], cost[layout] = p, n
		}
	}
}

// layoutError reports a template failure at its layout position.
func layoutError(diags *diag.List, err error, file string) {
	var le *html.LayoutError
	if errors.As(err, &le) {
		diags.Errorf("layouts/"+le.File, le.Line, le.Col, diag.RuleLayout, "%s (while rendering %s); fix the template", le.Msg, file)
		return
	}
	diags.Errorf(file, 0, 0, diag.RuleLayout, "%v", err)
}

// own returns the sum of a page's own source (see pageSums).
func (b *run) own(p *content.Page) sum {
	if e := b.cache.pages[p.File]; p.File != "" && e != nil && e.page == p {
		return e.own
	}
	own, _ := pageSums(p)
	return own
}

// meta returns the sum of what other pages read of p (see pageSums).
func (b *run) meta(p *content.Page) sum {
	if e := b.cache.pages[p.File]; p.File != "" && e != nil && e.page == p {
		return e.meta
	}
	_, meta := pageSums(p)
	return meta
}

// checksKey sums what the per-page checks read besides the page: the
// settings, the date, and the contact facts of every location, which
// decide the numbers text may contain.
func (b *run) checksKey() sum {
	var h hasher
	h.bytes(b.cfgSrc).str(b.opts.Today.String())
	for _, p := range b.site.Pages {
		if p.Location() != nil {
			m := b.meta(p)
			h.bytes(m[:])
		}
	}
	return h.sum()
}

// depValues computes the current value of Deps, once each per run.
type depValues struct {
	b       *run
	memo    map[html.Dep]sum
	changed *modelDiff
}

// same reports whether every Dep of e still has the value it had. Only
// the Deps this run's changes reach are computed again: the others kept
// their values, since every run checks every entry.
func (v *depValues) same(e *renderEntry) bool {
	if v.changed.none() {
		return true
	}
	for i, d := range e.deps {
		if v.changed.reach(d) && v.of(d) != e.values[i] {
			return false
		}
	}
	return true
}

// modelDiff is what changed in the model since the last run: the pages
// that appeared, went or whose front matter changed (by content path), the
// sections they are in, and the pages whose kits changed.
type modelDiff struct {
	all      bool
	paths    map[string]bool
	sections map[string]bool
	kits     map[string]bool
}

// none reports whether nothing in the model changed, as after an edit to
// a page's body, so that no Dep can have a new value.
func (m *modelDiff) none() bool {
	return m != nil && !m.all && len(m.paths) == 0 && len(m.sections) == 0 && len(m.kits) == 0
}

// reach reports whether a change may have changed d's value.
func (m *modelDiff) reach(d html.Dep) bool {
	switch {
	case m.all:
		return true
	case d.Kind == html.DepPage:
		return m.paths[d.Name]
	case d.Kind == html.DepSection:
		return m.sections[d.Name]
	default:
		return m.kits[d.Name]
	}
}

// pageState is what the cache remembers of a page of the model for the
// next run's modelDiff.
type pageState struct {
	meta    sum
	section string
}

// modelChanges compares the pages of the model and the kits quoting them
// with the last run's, and remembers them for the next.
func (b *run) modelChanges() *modelDiff {
	c := b.cache
	m := &modelDiff{all: c.model == nil, paths: map[string]bool{}, sections: map[string]bool{}, kits: map[string]bool{}}
	if c.model == nil {
		c.model = make(map[string]pageState, len(b.site.Pages))
	}
	known := 0 // pages that were in the model last run
	aligned := len(c.order) == len(b.site.Pages)
	for i, p := range b.site.Pages {
		if aligned && c.order[i] == p {
			// The same decoded page as last run: the same path, section
			// and front matter.
			known++
			continue
		}
		st := pageState{meta: b.meta(p), section: p.Section}
		old, ok := c.model[p.Path]
		if ok {
			known++
		}
		if !ok || old != st {
			m.paths[p.Path], m.sections[p.Section] = true, true
			if ok {
				m.sections[old.section] = true
			}
			c.model[p.Path] = st
		}
	}
	if known < len(c.model) {
		// Pages went: find them, and forget them.
		now := make(map[string]bool, len(b.site.Pages))
		for _, p := range b.site.Pages {
			now[p.Path] = true
		}
		for path, old := range c.model {
			if !now[path] {
				m.paths[path], m.sections[old.section] = true, true
				delete(c.model, path)
			}
		}
	}
	kits := map[string]sum{}
	vals := &depValues{b: b, memo: map[html.Dep]sum{}}
	for p := range b.kitsOf {
		kits[p.Path] = vals.of(html.Dep{Kind: html.DepKits, Name: p.Path})
	}
	for path, s := range kits {
		if c.kitsOf[path] != s {
			m.kits[path] = true
		}
	}
	for path := range c.kitsOf {
		if _, ok := kits[path]; !ok {
			m.kits[path] = true
		}
	}
	c.kitsOf = kits
	return m
}

// of returns the value of d now: the front matter of the page it names
// (or nothing, when there is no such page), of the pages of the section
// in list order, or the kits quoting a page as its callout shows them.
func (v *depValues) of(d html.Dep) sum {
	if s, ok := v.memo[d]; ok {
		return s
	}
	b := v.b
	var h hasher
	switch d.Kind {
	case html.DepPage:
		if p := b.site.Page(d.Name); p != nil {
			m := b.meta(p)
			h.bytes(m[:])
		}
	case html.DepSection:
		for _, p := range b.site.Of(d.Name) {
			m := b.meta(p)
			h.bytes(m[:])
		}
	case html.DepKits:
		p := b.site.Page(d.Name)
		if p == nil || len(b.kitsOf[p]) == 0 {
			// Most pages are quoted by no kit: nothing to sum, or keep.
			return sum{}
		}
		for _, ref := range b.kitsOf[p] {
			x := *ref
			x.Page = nil
			data, _ := json.Marshal(&x)
			h.bytes(data)
			if ref.Page != nil {
				m := b.meta(ref.Page)
				h.bytes(m[:])
			}
		}
	}
	s := h.sum()
	v.memo[d] = s
	return s
}
