package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/publish"
	"github.com/kitgen/kitgen/internal/source"
)

// Session keeps a built site in memory between rebuilds, for kitgen serve.
// Its first Build runs the whole pipeline, exactly as Build does, and keeps
// the model, the HTML writer and the resolved kits. Rebuild then takes the
// files that changed on disk and redoes only what they affect: an edited
// page, the pages that show its front matter (its section list, the home
// page, pages whose layouts list its section), the kits that quote it with
// their PDFs and kit pages, and the pages that link to those kits. Whenever
// an edit could reach further than that (settings, layouts, assets, kit
// definitions, new, deleted or renamed pages, a location's contact facts)
// it falls back to a full build.
//
// An update either succeeds completely or changes nothing that is served:
// a failing update keeps its output aside and reports every finding of the
// site, as a build would; the next successful update publishes it together
// with its own. A Session is not safe for concurrent use.
type Session struct {
	opts Options
	b    *builder // the model of the last successful full build, kept up to date
	// needFull is set when the model cannot be trusted (a failed full build)
	// so the next change rebuilds everything.
	needFull bool

	byFile  map[string]*content.Page // content file → page of the model
	files   []string                 // the keys of byFile, sorted
	deps    map[string]*layoutDeps   // layout file → what it reads of other pages
	fonts   *pdf.Fonts
	docHash map[string]string // kit id → hash of the Doc its PDF was rendered from

	// Findings by origin, so an update replaces exactly those it redoes.
	global      []diag.Diagnostic            // settings, layouts, assets, ledger and files outside the model
	pageDiags   map[string][]diag.Diagnostic // decoding and checking a page, by content file
	renderDiags map[string][]diag.Diagnostic // re-rendering a page for another page's edit, by content file
	kitDiags    map[string][]diag.Diagnostic // rendering a kit, by kit id
	resolveDiag []diag.Diagnostic            // resolving kits against the model
	siteDiags   []diag.Diagnostic            // the cross-page checks
	filesDiags  []diag.Diagnostic            // sitemap, 404 page and the other site-wide files

	// scratch holds output rendered by updates that failed, published by
	// the next update that succeeds; stale lists served files to delete
	// then (a kit's PDF under its previous version number).
	scratch string
	stale   map[string]bool

	cleanup sync.WaitGroup // background removal of replaced output
}

// Update describes one build of a Session.
type Update struct {
	Full     bool     // the whole site was rebuilt and swapped in
	Written  []string // files whose bytes changed, slash-separated, relative to Dest; nil after a full build
	Pages    int      // pages rendered
	Kits     int      // kit PDFs rendered
	Diags    []diag.Diagnostic
	Errors   int
	Warnings int
	Duration time.Duration
}

// NewSession prepares a session that builds opts.Source into opts.Dest.
// Dest is replaced wholesale by full builds and edited in place by
// incremental ones, so it should be a folder only the session uses.
func NewSession(opts Options) (*Session, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		return nil, errors.New("a session needs its own output folder")
	}
	if opts.Today.IsZero() {
		opts.Today = Today()
	}
	opts.CheckOnly = false
	if err := checkSource(opts.Source); err != nil {
		return nil, err
	}
	if err := publish.Check(opts.Source, opts.Dest); err != nil {
		return nil, err
	}
	return &Session{opts: opts}, nil
}

// Build rebuilds the whole site. It returns ErrFailed when the site has
// errors; Dest then keeps the last good output.
func (s *Session) Build() (*Update, error) {
	start := time.Now()
	s.dropScratch()
	b := &builder{opts: s.opts, res: &Result{Dest: s.opts.Dest}, diags: &diag.List{}, fsys: source.Dir(s.opts.Source)}
	tx, err := publish.Begin(s.opts.Dest, publish.Options{Source: s.opts.Source, Private: true})
	if err != nil {
		s.needFull = true
		return &Update{Full: true}, err
	}
	defer s.closeLater(tx)
	b.tx = tx
	err = b.run()
	raw := b.diags.Sorted()
	u := &Update{Full: true, Pages: b.res.Pages, Kits: len(b.kits)}
	s.finish(u, b.site, raw, start)
	if err != nil {
		s.needFull = true
		return u, err
	}
	if u.failed(s.opts.Strict) {
		s.needFull = true
		return u, ErrFailed
	}
	if err := tx.Commit(); err != nil {
		s.needFull = true
		return u, err
	}
	// After the swap the staging folder holds the previous output.
	s.adopt(b, raw)
	return u, nil
}

// Rebuild brings the output up to date after the given files or folders
// changed (paths relative to the site root; "*" for "anything may have
// changed"). It returns an empty update when nothing the site reads
// changed, and ErrFailed when the site has errors.
func (s *Session) Rebuild(changed []string) (*Update, error) {
	if s.b == nil || s.needFull {
		return s.Build()
	}
	full, files := s.plan(changed)
	if full {
		return s.Build()
	}
	if len(files) == 0 {
		return &Update{}, nil
	}
	s.b.w.ResetCache() // a cached partial may show what changed
	return s.incremental(files)
}

// Stylesheets returns the site's published stylesheets, as the pages of
// the last good build link them.
func (s *Session) Stylesheets() []*html.Asset {
	if s.b == nil {
		return nil
	}
	return s.b.w.Assets.CSS()
}

// Close removes what the session keeps outside Dest and waits for the
// removal of replaced output.
func (s *Session) Close() {
	s.dropScratch()
	s.cleanup.Wait()
}

// closeLater closes a full build's transaction in the background: it
// removes the replaced output, which can take a while.
func (s *Session) closeLater(tx *publish.Tx) {
	s.cleanup.Add(1)
	go func() {
		defer s.cleanup.Done()
		tx.Close()
	}()
}

func (u *Update) failed(strict bool) bool {
	return u.Errors > 0 || (strict && u.Warnings > 0)
}

// finish filters the findings through the site's rule settings, as Build
// does, and counts them.
func (s *Session) finish(u *Update, site *content.Site, raw []diag.Diagnostic, start time.Time) {
	ds := raw
	if site != nil {
		ds = check.Filter(site, raw)
	}
	u.Diags = ds
	for _, d := range ds {
		if d.Severity == diag.Error {
			u.Errors++
		} else {
			u.Warnings++
		}
	}
	u.Duration = time.Since(start)
}

// adopt keeps the model of a successful full build and sorts its findings
// by origin. The cross-page checks are run once more on their own to tell
// their findings apart from the per-page ones they share files with.
func (s *Session) adopt(b *builder, raw []diag.Diagnostic) {
	s.b, s.needFull = b, false
	s.byFile, s.files = map[string]*content.Page{}, nil
	for _, p := range b.site.Pages {
		if p.File != "" {
			s.byFile[p.File] = p
		}
	}
	s.deps = map[string]*layoutDeps{}
	s.fonts = nil
	s.docHash = map[string]string{}
	for _, r := range b.kits {
		s.docHash[r.Def.ID] = docHash(r.Doc)
	}

	siteList := &diag.List{}
	check.Site(b.check, siteList)
	s.siteDiags = siteList.Sorted()
	pending := map[diag.Diagnostic]int{}
	for _, d := range s.siteDiags {
		pending[d]++
	}
	kitByFile := map[string]string{}
	for _, r := range b.kits {
		kitByFile[r.Def.File] = r.Def.ID
	}
	s.global, s.resolveDiag, s.filesDiags = nil, nil, nil
	s.pageDiags = map[string][]diag.Diagnostic{}
	s.renderDiags = map[string][]diag.Diagnostic{}
	s.kitDiags = map[string][]diag.Diagnostic{}
	for _, d := range raw {
		if pending[d] > 0 {
			pending[d]--
			continue
		}
		switch {
		case s.byFile[d.File] != nil:
			s.pageDiags[d.File] = append(s.pageDiags[d.File], d)
		case kitByFile[d.File] != "":
			id := kitByFile[d.File]
			s.kitDiags[id] = append(s.kitDiags[id], d)
		default:
			s.global = append(s.global, d)
		}
	}
}

// plan sorts changed paths into content files to update in place, or says
// that only a full build is safe.
func (s *Session) plan(changed []string) (full bool, files []string) {
	seen := map[string]bool{}
	for _, c := range changed {
		if c == "*" {
			return true, nil
		}
		c = path.Clean(filepath.ToSlash(c))
		if !source.Input(c) {
			continue // output folders, version control, notes, editors' files
		}
		top, _, _ := strings.Cut(c, "/")
		if top != content.Dir || c == content.Dir {
			// Settings, layouts, assets, kit definitions, or all content.
			return true, nil
		}
		info, err := os.Lstat(filepath.Join(s.opts.Source, filepath.FromSlash(c)))
		exists := err == nil
		switch {
		case exists && info.IsDir():
			// A folder that appeared at once (moved or copied in) brings
			// pages no file event announces.
			if s.hasMarkdown(c) {
				return true, nil
			}
		case !strings.HasSuffix(c, ".md"):
			if !exists && s.hasPagesUnder(c) {
				return true, nil // a folder was deleted or renamed
			}
		case s.byFile[c] != nil && exists && info.Mode().IsRegular():
			if !seen[c] {
				seen[c] = true
				files = append(files, c)
			}
		case s.byFile[c] != nil:
			return true, nil // deleted or renamed away
		case exists && !s.stillExcluded(c):
			return true, nil // a new page
		}
	}
	sort.Strings(files)
	return false, files
}

func (s *Session) hasPagesUnder(dir string) bool {
	for f := range s.byFile {
		if strings.HasPrefix(f, dir+"/") {
			return true
		}
	}
	return false
}

func (s *Session) hasMarkdown(dir string) bool {
	found := false
	_ = fs.WalkDir(source.Dir(s.opts.Source), dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".md") && !source.Ignored(p) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// stillExcluded reports a file that is not in the model because it is a
// draft and stays one, so saving it again needs no build.
func (s *Session) stillExcluded(file string) bool {
	if s.opts.Drafts {
		return false
	}
	src, err := fs.ReadFile(source.Dir(s.opts.Source), file)
	if err != nil {
		return false
	}
	p := content.Decode(file, src, &diag.List{})
	return p != nil && p.Draft
}

// incremental updates the model for edited content files and re-renders
// what they affect.
func (s *Session) incremental(files []string) (*Update, error) {
	start := time.Now()
	b := s.b
	site := b.site
	edited := map[*content.Page]bool{}
	var metaChanged []*content.Page
	// The cross-page checks read links and heading anchors; they are run
	// again only when an edit changed those (or more than a body).
	before := map[*content.Page]*content.Document{}
	crossPage := false
	for _, f := range files {
		src, err := fs.ReadFile(source.Dir(s.opts.Source), f)
		if err != nil {
			return s.Build()
		}
		local := &diag.List{}
		np := content.Decode(f, src, local)
		old := s.byFile[f]
		if np == nil {
			// The model keeps the last good version of the page, so other
			// pages and kits still resolve; the findings fail the update.
			s.pageDiags[f] = local.Sorted()
			delete(s.renderDiags, f)
			continue
		}
		if np.URL != old.URL || np.Path != old.Path || np.Kind != old.Kind || np.Section != old.Section ||
			np.Type != old.Type || (np.Draft && !s.opts.Drafts) {
			return s.Build()
		}
		if (old.Menu || np.Menu) && !sameMeta(old, np) {
			// Every page's navigation lists the menu pages by title and
			// weight, and the writer builds it once per build.
			return s.Build()
		}
		if !sameMeta(old, np) {
			if old.Location() != nil || np.Location() != nil {
				// Locations hold the canonical contact facts that every
				// page's contact check and many layouts read.
				return s.Build()
			}
			metaChanged = append(metaChanged, old)
		}
		if old.Doc == nil {
			crossPage = true
		} else {
			before[old] = old.Doc
		}
		// Update in place: lists, kits and indexes hold this pointer.
		*old = *np
		s.pageDiags[f] = local.Sorted()
		delete(s.renderDiags, f)
		edited[old] = true
	}

	out, err := s.scratchOutput()
	if err != nil {
		s.needFull = true
		return nil, err
	}
	b.out = out
	// A fresh check input: the rules derive their settings from the model
	// once per input.
	b.check = &check.Input{Site: site, Kits: b.kits, Layouts: b.check.Layouts, Assets: b.check.Assets, Today: s.opts.Today}

	affected := map[*content.Page]bool{}
	for p := range edited {
		affected[p] = true
	}
	siteFiles := false
	if len(metaChanged) > 0 {
		siteFiles = true
		s.addShowing(metaChanged, affected)
	}

	// Kits are resolved and their PDFs rendered before the pages, as in a
	// full build: pages show each kit's version and file size.
	u := &Update{}
	withKits := len(b.kits) > 0 || s.hasKitDefs()
	if withKits {
		oldRefs := s.resolveKits()
		s.renderPDFs(u, oldRefs, out)
		changedKits, effective := s.kitChanges(oldRefs)
		for _, r := range changedKits {
			for _, p := range r.Pages {
				affected[p] = true
			}
		}
		siteFiles = siteFiles || effective
		b.check.Kits = b.kits
	}

	s.renderPages(affected, edited, out)
	u.Pages += len(affected)
	if withKits {
		s.writeKitPages(out)
	}

	if crossPage || len(metaChanged) > 0 || linksChanged(before) {
		list := &diag.List{}
		b.check.Routes = b.routes()
		check.Site(b.check, list)
		s.siteDiags = list.Sorted()
	}
	if siteFiles {
		list := &diag.List{}
		b.diags = list
		b.writeSiteFiles()
		s.filesDiags = list.Sorted()
	}
	if err := out.err(); err != nil {
		s.needFull = true
		return nil, err
	}

	s.finish(u, site, s.allDiags(), start)
	if u.failed(s.opts.Strict) {
		return u, ErrFailed
	}
	written, err := s.commit()
	if err != nil {
		s.needFull = true
		return u, err
	}
	u.Written = written
	u.Duration = time.Since(start)
	return u, nil
}

// linksChanged reports whether any edited page's links or heading anchors
// differ from before the edit.
func linksChanged(before map[*content.Page]*content.Document) bool {
	for p, old := range before {
		now := p.Doc
		if now == nil || !slices.Equal(old.Links, now.Links) || len(old.Headings) != len(now.Headings) {
			return true
		}
		for i := range old.Headings {
			if old.Headings[i].ID != now.Headings[i].ID {
				return true
			}
		}
	}
	return false
}

// sameMeta reports whether two versions of a page differ only in their
// body (and positions), so no other page shows anything that changed.
func sameMeta(a, b *content.Page) bool {
	x, y := *a, *b
	for _, p := range []*content.Page{&x, &y} {
		p.Body, p.BodyLine, p.Lines, p.Doc, p.Silence = nil, 0, nil, nil, nil
		p.Front, p.FrontLine = nil, 0 // as written: comments do not show
	}
	return reflect.DeepEqual(x, y)
}

// addShowing adds the pages that show the front matter of the changed
// pages: the home page, their section lists, and every page whose layout
// reads pages of their sections (a service lists its providers and
// locations, a provider its locations and services).
func (s *Session) addShowing(changed []*content.Page, affected map[*content.Page]bool) {
	site := s.b.site
	sections := map[string]bool{}
	for _, p := range changed {
		sections[p.Section] = true
		if p.Kind == content.KindPage {
			if sp := site.Page(p.Section); sp != nil && sp.Kind != content.KindPage {
				affected[sp] = true
			}
		}
	}
	if h := site.Home(); h != nil {
		affected[h] = true
	}
	type key struct {
		kind         content.Kind
		section, typ string
	}
	layouts := map[key]*layoutDeps{}
	for _, p := range site.Pages {
		k := key{p.Kind, p.Section, p.Type}
		d, ok := layouts[k]
		if !ok {
			d = s.layoutDeps(s.b.w.LayoutFor(p))
			layouts[k] = d
		}
		if d.reads(sections) {
			affected[p] = true
		}
	}
}

func (s *Session) layoutDeps(name string) *layoutDeps {
	if d, ok := s.deps[name]; ok {
		return d
	}
	d := analyzeLayout(s.b.check.Layouts, name)
	s.deps[name] = d
	return d
}

func (s *Session) hasKitDefs() bool {
	m, _ := fs.Glob(s.b.fsys, kit.Dir+"/*.yaml")
	for _, f := range m {
		if path.Base(f) != kit.LedgerName {
			return true
		}
	}
	return false
}

// resolveKits resolves every kit again (cheap: quoted pages keep their
// syntax trees) and returns the kits' summaries as they were before.
func (s *Session) resolveKits() (oldRefs map[string]*html.KitRef) {
	b := s.b
	oldRefs = b.refs
	list := &diag.List{}
	b.diags = list
	b.kits, b.res.Kits = nil, nil
	b.resolveKits()
	s.resolveDiag = list.Sorted()
	for id := range oldRefs {
		if b.refs[id] == nil {
			delete(s.kitDiags, id)
		}
	}
	return oldRefs
}

// renderPDFs renders the PDFs of the kits whose content, version or
// findings changed, and keeps the size and rendition of the others.
func (s *Session) renderPDFs(u *Update, oldRefs map[string]*html.KitRef, out *output) {
	b := s.b
	var render []int
	for i, r := range b.kits {
		id := r.Def.ID
		old := oldRefs[id]
		if old == nil || s.docHash[id] != docHash(r.Doc) || len(s.kitDiags[id]) > 0 || old.Size == 0 {
			render = append(render, i)
			continue
		}
		ref := b.refs[id]
		ref.Size, ref.Rendition = old.Size, old.Rendition
		b.res.Kits[i].Size = old.Size
	}
	if len(render) > 0 {
		s.renderKitPDFs(render, out)
		u.Kits = len(render)
	}
}

// kitChanges returns the kits whose summary, as pages show it, changed,
// and whether an effective date (in the sitemap) did. A PDF under its
// previous version number is deleted when the update is published.
func (s *Session) kitChanges(oldRefs map[string]*html.KitRef) (changed []*kit.Resolved, effective bool) {
	b := s.b
	for _, r := range b.kits {
		id := r.Def.ID
		ref, old := b.refs[id], oldRefs[id]
		if old == nil || kitSummaryChanged(old, ref) {
			changed = append(changed, r)
		}
		if old == nil || !old.Effective.Equal(ref.Effective) {
			effective = true
		}
		if old != nil && old.PDF != ref.PDF && !publishes(ref, old.PDF) {
			s.stale[strings.TrimPrefix(old.PDF, "/")] = true
			delete(s.stale, strings.TrimPrefix(ref.PDF, "/"))
		}
	}
	return changed, effective
}

// publishes reports whether a kit's page links url as one of its versions
// (an archived version stays published after a newer one appears).
func publishes(ref *html.KitRef, url string) bool {
	for _, c := range ref.Changelog {
		if c.PDF == url {
			return true
		}
	}
	return false
}

// writeKitPages writes every kit's page and the kits index, keeping the
// findings of each kit apart.
func (s *Session) writeKitPages(out *output) {
	b := s.b
	for _, r := range b.kits {
		id := r.Def.ID
		ref := b.refs[id]
		if ref.Size == 0 {
			continue // the PDF failed, which fails the update
		}
		if ref.Rendition == "" {
			ref.Rendition = html.KitRendition(r.Doc)
		}
		list := &diag.List{}
		b.writeKitPage(r, list, out)
		s.kitDiags[id] = append(s.kitDiags[id], list.Sorted()...)
	}
	list := &diag.List{}
	b.diags = list
	b.writeKitsIndex()
	s.resolveDiag = append(s.resolveDiag, list.Sorted()...)
}

// kitSummaryChanged reports whether what pages say about a kit (the
// callout with version, date, size and download link) changed.
func kitSummaryChanged(a, b *html.KitRef) bool {
	return a.Title != b.Title || a.Audience != b.Audience || a.URL != b.URL || a.PDF != b.PDF ||
		a.Latest != b.Latest || a.Version != b.Version || !a.Effective.Equal(b.Effective) ||
		a.Size != b.Size || a.Draft != b.Draft || a.Page != b.Page
}

func docHash(d *kit.Doc) string {
	data, err := json.Marshal(d)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	return string(sum[:])
}

// renderKitPDFs renders the PDFs of the kits at the given indexes of
// b.kits, with fonts parsed once per session, keeping each kit's findings.
func (s *Session) renderKitPDFs(idx []int, out *output) {
	b := s.b
	for _, i := range idx {
		s.kitDiags[b.kits[i].Def.ID] = nil
	}
	if s.fonts == nil {
		fonts, err := loadKitFonts(b.fsys)
		if err != nil {
			id := b.kits[idx[0]].Def.ID
			s.kitDiags[id] = append(s.kitDiags[id], diag.Diagnostic{File: "assets/fonts", Severity: diag.Error, Rule: diag.RuleKit,
				Message: fmt.Sprintf("%v; remove the font or replace it with a valid TrueType file", err)})
			return
		}
		s.fonts = fonts
	}
	kits := make([]*kit.Resolved, len(idx))
	lists := make([]*diag.List, len(idx))
	for j, i := range idx {
		kits[j], lists[j] = b.kits[i], &diag.List{}
	}
	pdfs := renderKitPDFs(kits, s.fonts, lists)
	for j, i := range idx {
		r := b.kits[i]
		id := r.Def.ID
		if pdfs[j] != nil {
			b.writeKitPDF(i, pdfs[j], lists[j], out)
			s.docHash[id] = docHash(r.Doc)
		} else {
			delete(s.docHash, id)
			b.refs[id].Rendition = html.KitRendition(r.Doc)
		}
		s.kitDiags[id] = lists[j].Sorted()
	}
}

// renderPages renders the affected pages with a bounded pool of workers.
// Edited pages also run the per-page checks; the others are rendered only
// because they show something of an edited page.
func (s *Session) renderPages(affected, edited map[*content.Page]bool, out *output) {
	pages := make([]*content.Page, 0, len(affected))
	for p := range affected {
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Path < pages[j].Path })
	lists := make([]*diag.List, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(pages)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				lists[i] = &diag.List{}
				s.b.renderPage(pages[i], edited[pages[i]], lists[i], out)
			}
		}()
	}
	for i := range pages {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i, p := range pages {
		if p.File == "" {
			continue // an implied list page has no findings of its own
		}
		ds := lists[i].Sorted()
		if edited[p] {
			s.pageDiags[p.File] = append(s.pageDiags[p.File], ds...)
		} else if len(ds) > 0 {
			s.renderDiags[p.File] = ds
		} else {
			delete(s.renderDiags, p.File)
		}
	}
}

// allDiags gathers the findings of every origin, sorted, without
// duplicates. Page findings are gathered in file order, so the sort that
// follows finds them almost in place: on a site of ten thousand pages with
// a warning each, this is most of an update's bookkeeping.
func (s *Session) allDiags() []diag.Diagnostic {
	l := &diag.List{}
	add := func(ds []diag.Diagnostic) {
		for _, d := range ds {
			l.Add(d)
		}
	}
	if s.files == nil {
		for f := range s.byFile {
			s.files = append(s.files, f)
		}
		sort.Strings(s.files)
	}
	for _, f := range s.files {
		add(s.pageDiags[f])
		add(s.renderDiags[f])
	}
	add(s.global)
	add(s.resolveDiag)
	add(s.siteDiags)
	add(s.filesDiags)
	for _, ds := range s.kitDiags {
		add(ds)
	}
	return l.Sorted()
}

// scratchOutput returns an output writing into the scratch folder, next to
// Dest so that publishing a file is a rename.
func (s *Session) scratchOutput() (*output, error) {
	if s.scratch == "" {
		d := filepath.Clean(s.opts.Dest)
		dir, err := os.MkdirTemp(filepath.Dir(d), ".kitgen-"+filepath.Base(d)+"-update-")
		if err != nil {
			return nil, err
		}
		s.scratch = dir
		s.stale = map[string]bool{}
	}
	return &output{f: publish.NewFolder(s.scratch, s.opts.Dest)}, nil
}

func (s *Session) dropScratch() {
	if s.scratch != "" {
		os.RemoveAll(s.scratch)
		s.scratch, s.stale = "", nil
	}
}

// commit moves the files of the scratch folder whose bytes differ from the
// served ones into Dest, each with one rename so a reader never sees half
// a file, and returns their paths.
func (s *Session) commit() ([]string, error) {
	if s.scratch == "" {
		return nil, nil
	}
	dest := s.opts.Dest
	var written []string
	err := filepath.WalkDir(s.scratch, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(s.scratch, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dest, rel)
		if same(p, target) {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(p, target); err != nil {
			return err
		}
		written = append(written, filepath.ToSlash(rel))
		return nil
	})
	for rel := range s.stale {
		if err := os.Remove(filepath.Join(dest, filepath.FromSlash(rel))); err == nil {
			written = append(written, rel)
		}
	}
	s.dropScratch()
	sort.Strings(written)
	return written, err
}

// same reports whether two files have the same bytes.
func same(a, b string) bool {
	x, err := os.ReadFile(a)
	if err != nil {
		return false
	}
	y, err := os.ReadFile(b)
	return err == nil && bytes.Equal(x, y)
}
