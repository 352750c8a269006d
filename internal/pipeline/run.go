package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	kitgen "github.com/kitgen/kitgen"
	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/route"
	"github.com/kitgen/kitgen/internal/source"
)

// run is one pass of the stages over a cache. Each stage reads the
// products of the stages before it and sets its own, which nothing
// changes afterwards:
//
//	loadSettings  kitgen.yaml                → cfg, canonical
//	loadContent   content/ (cache.pages)     → site
//	newWriter     layouts/, assets/          → w, global
//	resolveKits   kits/, the ledger          → kits, refs, kitsOf
//	resolveMessages messages/                → templates, checked and resolved
//	resolvePartners partners/, the ledger    → partners, their revisions
//	renderPDFs    kits (cache.pdfs)          → each kit's PDF and size
//	renderPartnerPDFs (cache.partnerPDFs)    → each partner's copy of each kit
//	renderPages   site (cache.renders)       → every page, checked
//	writeKitPages kits                       → kit pages, index, feed
//	writePartnerPages                        → partners' landing pages
//	checkSite     routes (cache.site)        → links, references, layouts
//	checkMessageLinks, composeDrafts         → messages' links; kitgen mail's drafts
//	writeSiteFiles                           → sitemap, 404, robots, _headers
//
// Findings that belong to a cache entry are kept in it and gathered by
// findings; the others go to diags.
type run struct {
	opts    Options
	fsys    fs.FS
	cache   *Cache
	changed changes
	out     output
	res     *Result
	diags   *diag.List

	cfg        *config.Config
	cfgSrc     []byte
	canonical  string // base_url of kitgen.yaml, which kits are fingerprinted against
	site       *content.Site
	w          *html.Writer
	layouts    fs.FS
	assets     fs.FS
	global     sum // what every page reads: settings, options, assets, navigation
	layoutSum  map[string]sum
	allLayouts sum // global and every layout file (see layoutsKey)

	kits      []*kit.Resolved
	refs      map[string]*html.KitRef // kit id → what layouts see
	kitsOf    map[*content.Page][]*html.KitRef
	titles    map[string]string // source file → page title, for changelogs
	ledger    *kit.Ledger
	policy    kit.Policy              // what the build may do about changed kits
	archived  map[string]map[int]bool // kit id → archived versions (kits/archive)
	toArchive map[string][]byte       // archive files to write when recording
	held      map[string][]byte       // kit id → recorded PDF of a translated kit held back (kitlangs.go)

	diff         *modelDiff // what changed in the model since the last run (kept cache only)
	linksChanged bool       // a page rendered again has other links, references or heading ids
	check        *check.Input
	rendered     []*content.Page     // pages rendered by this run, not taken from the cache
	pageDiags    [][]diag.Diagnostic // each page's render findings, by index in site.Pages (kept cache only)
	pdfsRendered int                 // kit PDFs rendered by this run
	partners     partnerState
	tryPage      map[string]*content.Page // layout → the page kitgen check renders of it
	siteDiag     []diag.Diagnostic
	msgs         messageRun // message templates (messages.go)
}

// outcome is what a run of the stages gives its driver.
type outcome struct {
	res         *Result           // pages, kits and files as a build reports them
	findings    []diag.Diagnostic // every finding of the site, sorted and filtered
	rendered    int               // pages rendered, not taken from the cache
	all         bool              // every page was rendered
	pdfs        int               // kit PDFs rendered, not taken from the cache
	partnerPDFs int               // partner copies of kits rendered, not taken from the cache
	stylesheets []*html.Asset
	record      func() error // writes the kit versions and archive files the run records
}

// runStages runs every stage over the cache with the changed paths,
// writing to out. The error is for I/O problems only; content problems
// are findings.
func runStages(opts Options, cache *Cache, changed changes, out output) (*outcome, error) {
	res := &Result{Dest: opts.Dest}
	b := &run{opts: opts, fsys: source.Dir(opts.Source), cache: cache, changed: changed, out: out, res: res, diags: &diag.List{}}
	err := b.stages()
	o := &outcome{res: res, findings: b.findings(), rendered: len(b.rendered), pdfs: b.pdfsRendered, partnerPDFs: b.partners.rendered, record: b.record}
	o.all = len(b.rendered) == len(b.site.Pages)
	if b.w != nil {
		o.stylesheets = b.w.Assets.CSS()
	}
	return o, err
}

// stages runs every stage in order.
func (b *run) stages() error {
	b.loadSettings()
	b.loadContent()
	b.newWriter()
	b.resolveKits()
	b.check = &check.Input{Site: b.site, Kits: b.kits, Layouts: b.layouts, Assets: b.assets, Today: b.opts.Today}
	b.checkKitNotes()
	b.resolveMessages()
	b.resolvePartners()
	b.renderPDFs()
	b.renderPartnerPDFs()
	b.renderPages()
	b.writeKitPages()
	b.writePartnerPages()
	b.checkSite()
	b.checkMessageLinks()
	b.composeDrafts()
	b.writeSiteFiles()
	return b.out.err()
}

// loadSettings reads kitgen.yaml.
func (b *run) loadSettings() {
	b.cfg = config.Load(b.fsys, b.diags)
	if data, err := fs.ReadFile(b.fsys, config.FileName); err == nil {
		b.cfgSrc = data
		check.Placeholders(config.FileName, data, 1, b.diags)
	}
	b.canonical = b.cfg.BaseURL
	if b.opts.BaseURL != "" {
		b.cfg.BaseURL = config.NormalizeBaseURL(b.opts.BaseURL)
	}
}

// loadContent decodes the content files and assembles the site. A file
// the run was not told changed is taken from the cache as decoded before;
// the folder is listed again only when a change may have added or
// removed a file.
func (b *run) loadContent() {
	c := b.cache
	relisted := false
	if langs := strings.Join(b.cfg.Languages, " "); langs != c.langs {
		// Which files are translations depends on languages:.
		c.langs, c.files, c.pages = langs, nil, nil
	}
	if c.files == nil || b.relist() {
		list := &diag.List{}
		c.files = content.Files(b.fsys, b.cfg.Languages, list)
		b.cache.walkDiags = list.Sorted()
		relisted = true
	}
	files := c.files
	collectSooner(len(files))
	entries := make([]*pageEntry, len(files))
	// Unless the folder was listed again, last run's entries are in the
	// same order as files: no lookup by name.
	last := c.entries
	if relisted || len(last) != len(files) {
		last = nil
	}
	var todo []int
	for i, f := range files {
		var e *pageEntry
		if last != nil {
			e = last[i]
		} else {
			e = c.pages[f]
		}
		if e != nil && !b.changed.has(f) {
			entries[i] = e
			continue
		}
		todo = append(todo, i)
	}
	parallel(len(todo), 2, func(_, j int) {
		i := todo[j]
		if !c.retain {
			// A build's findings need no entry to live in. A build parses
			// each page once, in renderPages, and reads its body again
			// then rather than holding every body until then; kitgen
			// check, which renders next to nothing, keeps them: the second
			// read would be a tenth of its time.
			load := content.LoadFront
			if b.opts.CheckOnly {
				load = content.LoadFile
			}
			p, ok := load(b.fsys, files[i], b.cfg.Languages, b.diags)
			entries[i] = &pageEntry{page: p, ok: ok}
			return
		}
		list := &diag.List{}
		p, ok := content.LoadFile(b.fsys, files[i], b.cfg.Languages, list)
		e := &pageEntry{page: p, ok: ok, diags: list.Sorted()}
		if p != nil {
			e.own, e.meta = pageSums(p)
		}
		entries[i] = e
	})
	pages := make([]*content.Page, len(files))
	decoded := make([]bool, len(files))
	for i, e := range entries {
		pages[i], decoded[i] = e.page, e.ok
	}
	switch {
	case !c.retain:
	case relisted:
		next := make(map[string]*pageEntry, len(files))
		for i, e := range entries {
			next[files[i]] = e
		}
		c.pages = next
	default:
		// The same files as last run: only the decoded ones are new.
		for _, i := range todo {
			c.pages[files[i]] = entries[i]
		}
	}
	if c.retain {
		c.entries = entries
	}
	b.site = content.Assemble(b.cfg, pages, decoded, content.Options{Drafts: b.opts.Drafts}, b.diags)
	if len(b.cfg.Languages) > 1 {
		// Every run, since a translation falls behind when its source's
		// text changes; only the sources of translations are read again.
		b.res.Translations = content.CheckTranslations(b.fsys, b.site, b.diags)
	}
}

// relist reports whether a change may have added or removed a content
// file: a changed path under content/ that is not a file the cache knows,
// or one that is no longer a regular file.
func (b *run) relist() bool {
	if b.changed.all {
		return true
	}
	for p := range b.changed.paths {
		if p == content.Dir {
			return true
		}
		if !isUnder(p, content.Dir) {
			continue
		}
		if b.cache.pages[p] == nil {
			return true
		}
		fi, err := os.Lstat(filepath.Join(b.opts.Source, filepath.FromSlash(p)))
		if err != nil || !fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

func isUnder(p, dir string) bool {
	return len(p) > len(dir) && p[:len(dir)] == dir && p[len(dir)] == '/'
}

// newWriter prepares the HTML writer (layouts and assets) and sums what
// every page reads besides the model: settings, options, assets and the
// navigation.
func (b *run) newWriter() {
	b.layouts = html.Overlay{Top: sub(b.fsys, "layouts"), Base: sub(kitgen.Theme, "layouts")}
	b.assets = html.Overlay{Top: sub(b.fsys, "assets"), Base: sub(kitgen.Theme, "assets")}
	b.w = html.New(b.site, b.layouts, b.assets, b.diags)
	b.w.I18n = b.loadI18n()
	if len(b.cfg.Languages) > 0 {
		b.w.I18n.Check(b.layouts, b.diags)
	}
	b.w.Inject = b.opts.Inject
	b.w.KitsOf = func(p *content.Page) []*html.KitRef { return b.kitsOf[p] }
	if !b.cache.retain {
		return
	}
	var h hasher
	h.bytes(b.cfgSrc).str(b.cfg.BaseURL).str(string(b.opts.Inject)).str(strconv.FormatBool(b.opts.Drafts))
	h.str(b.opts.Today.String())
	for _, a := range b.w.Assets.All {
		h.str(a.URL).str(a.Integrity)
	}
	for _, lang := range b.languages() {
		for _, n := range b.w.InfoIn(lang).Nav {
			h.str(n.Title).str(n.URL)
		}
	}
	h.bytes(b.w.I18n.Bytes())
	b.global = h.sum()
	b.layoutSum = map[string]sum{}
	b.allLayouts = b.layoutsKey()
}

// layoutsKey sums global and every layout file, so that while it stays the
// same, each page's layout (see html.Writer.LayoutFor) and its layoutKey
// do too. The layouts are read again only when the run was told that
// something under layouts/ changed, or global did.
func (b *run) layoutsKey() sum {
	c := b.cache
	if c.allLayouts.of == b.global && c.allLayouts.sum != (sum{}) && !b.changed.under("layouts") {
		return c.allLayouts.sum
	}
	var h hasher
	h.bytes(b.global[:])
	_ = fs.WalkDir(b.layouts, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			data, _ := fs.ReadFile(b.layouts, p)
			h.str(p).bytes(data)
		}
		return nil
	})
	s := h.sum()
	c.allLayouts.of, c.allLayouts.sum = b.global, s
	return s
}

// loadI18n reads the translation tables. A kept cache keeps them, with
// their findings, until something under i18n/ or the languages change:
// the shipped tables they start from are part of kitgen, and parsing them
// again was a tenth of a dev-server run after an edit.
func (b *run) loadI18n() *i18n.Set {
	c := b.cache
	langs := strings.Join(b.languages(), " ")
	if e := c.i18n; c.retain && e != nil && e.langs == langs && !b.changed.under(i18n.Dir) {
		for _, d := range e.diags {
			b.diags.Add(d)
		}
		return e.set
	}
	list := &diag.List{}
	set := i18n.Load(b.fsys, b.languages(), list)
	b.diags.Merge(list)
	if c.retain {
		c.i18n = &i18nEntry{langs: langs, set: set, diags: list.Sorted()}
	}
	return set
}

// languages returns the site's languages, the default first: languages:
// of kitgen.yaml, or its one language.
func (b *run) languages() []string {
	if len(b.cfg.Languages) > 0 {
		return b.cfg.Languages
	}
	return []string{b.cfg.Language}
}

// layoutKey sums a layout set as the writer assembles it (baseof.html,
// every partial and the layout), with what every page reads.
func (b *run) layoutKey(name string) sum {
	if s, ok := b.layoutSum[name]; ok {
		return s
	}
	var h hasher
	h.bytes(b.global[:])
	files := []string{"baseof.html"}
	partials, _ := fs.Glob(b.layouts, "partials/*.html")
	files = append(files, partials...)
	for _, f := range append(files, name) {
		data, _ := fs.ReadFile(b.layouts, f)
		h.str(f).bytes(data)
	}
	s := h.sum()
	b.layoutSum[name] = s
	return s
}

// sub returns fsys/dir, or nil when it does not exist.
func sub(fsys fs.FS, dir string) fs.FS {
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}

// parallel calls fn(worker, i) for 0 ≤ i < n on workersPerCore workers
// per core (more than one when part of each call waits in system calls);
// worker numbers a goroutine, below workersPerCore*maxWorkers(). It is the
// one worker pool of the stages: results go to slots by index, so nothing
// depends on scheduling.
func parallel(n, workersPerCore int, fn func(worker, i int)) {
	workers := min(n, workersPerCore*maxWorkers())
	jobs := make(chan int, 64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(w, i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// maxWorkers is the number of cores the pool may use.
func maxWorkers() int { return runtime.GOMAXPROCS(0) }

// routes returns the route table of the build: the site's pages, the kits
// index and feed, each kit's page, latest PDF and every recorded version
// of its PDF (earlier versions stay published where a deploy put them),
// the assets and the site-wide files. It runs after the pages are parsed,
// so pages carry their heading ids, and before the cross-page checks,
// which resolve links against it.
func (b *run) routes() *route.Table {
	rs := b.site.Routes()
	rs = append(rs,
		route.Route{URL: route.KitsIndex, Kind: route.KindKits},
		route.Route{URL: route.Feed, Kind: route.KindFeed},
		route.Route{URL: route.NotFound, Kind: route.KindSiteFile},
		route.Route{URL: route.Sitemap, Kind: route.KindSiteFile},
		route.Route{URL: route.Robots, Kind: route.KindSiteFile},
		route.Route{URL: route.Headers, Kind: route.KindSiteFile},
	)
	for _, r := range b.kits {
		id, src := r.Def.ID, r.Def.File
		rs = append(rs,
			route.Route{URL: route.KitPage(id), Kind: route.KindKitPage, Source: src},
			route.Route{URL: route.KitLatest(id), Kind: route.KindKitLatest, Source: src},
		)
		if ref := b.refs[id]; ref != nil {
			rs = append(rs, route.Route{URL: ref.PDF, Kind: route.KindKitPDF, Source: src})
			if ref.FaxCover != "" {
				rs = append(rs, route.Route{URL: ref.FaxCover, Kind: route.KindKitFaxCover, Source: src})
			}
		}
		for _, e := range b.ledger.Kits[id] {
			rs = append(rs, route.Route{URL: route.KitPDF(id, e.Version), Kind: route.KindKitPDF, Source: src})
		}
	}
	rs = append(rs, b.partnerRoutes()...)
	if b.w != nil && b.w.Assets != nil {
		for _, a := range b.w.Assets.All {
			rs = append(rs, route.Route{URL: a.URL, Kind: route.KindAsset, Source: "assets/" + a.Src})
		}
	}
	return route.NewTable(rs)
}
