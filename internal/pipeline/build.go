// Package build runs kitgen's pipeline: Load (settings, content, kit
// definitions, ledger), Resolve (kits quote the model), Render (pages,
// kits, site-wide files into a staging directory, checking as it goes) and
// Publish (swap the staging directory in). A build that finds an error
// publishes nothing, so the previous output stays exactly as it was.
package pipeline

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	kitgen "github.com/kitgen/kitgen"
	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/publish"
	"github.com/kitgen/kitgen/internal/route"
	"github.com/kitgen/kitgen/internal/source"
)

// Options say what to build and how.
type Options struct {
	Source  string // site root
	Dest    string // output folder; default <Source>/public
	BaseURL string // overrides kitgen.yaml's base_url
	Drafts  bool   // include draft pages
	Strict  bool   // warnings fail the build
	// Locked refuses kit content whose version is not in the ledger (CI).
	Locked bool
	// Preview gives changed kits the version they would get, marked as
	// drafts, and never writes the ledger (kitgen serve).
	Preview bool
	// CheckOnly runs every stage but writes nothing (kitgen check).
	CheckOnly bool
	// Today is the effective date of newly recorded kit versions.
	Today time.Time
	// Inject is added to every page before </body> (serve's reload script).
	Inject template.HTML
	// Progress, when set, is called as pages and kit PDFs are done, with
	// what ("pages" or "kits") and how many of how many; it may be called
	// from several goroutines at once.
	Progress func(what string, done, total int)
}

// Result summarises a build.
type Result struct {
	Pages    int // HTML pages written
	Files    int // files written in all
	Kits     []KitResult
	Diags    []diag.Diagnostic
	Errors   int
	Warnings int
	Duration time.Duration
	Dest     string
	Ledger   bool         // the ledger was updated
	Archived []string     // kit archive files written (kits/archive/<id>-vN.pdf)
	Routes   *route.Table // every URL the build wrote, as the link check saw them
}

// KitResult describes one kit of the build.
type KitResult struct {
	ID, Title string
	Version   int
	Effective time.Time
	Size      int
	File      string // site-relative URL of the versioned PDF
	Changed   []string
	New       bool // a version recorded by this build
	Upgraded  bool // its latest entry was rewritten in the current fingerprint scheme
	Draft     bool
}

// ErrFailed is returned when content problems stop a build; the findings
// are in Result.Diags.
var ErrFailed = errors.New("build failed")

// Today returns the date new kit versions take: SOURCE_DATE_EPOCH when set
// (reproducible builds), otherwise the current UTC date.
func Today() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			t := time.Unix(n, 0).UTC()
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	t := time.Now().UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Build runs the whole pipeline. It returns ErrFailed (with the findings
// in the result) when the content has errors, or warnings under Strict;
// other errors are I/O problems.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, "public")
	}
	if opts.Today.IsZero() {
		opts.Today = Today()
	}
	res := &Result{Dest: opts.Dest}
	if err := checkSource(opts.Source); err != nil {
		return res, err
	}
	b := &builder{opts: opts, res: res, diags: &diag.List{}, fsys: source.Dir(opts.Source)}
	if !opts.CheckOnly {
		tx, err := publish.Begin(opts.Dest, publish.Options{Source: opts.Source})
		if err != nil {
			return res, err
		}
		defer tx.Close()
		b.tx = tx
	}
	err := b.run()
	ds := b.diags.Sorted()
	if b.site != nil {
		ds = check.Filter(b.site, ds)
	}
	filtered := &diag.List{}
	for _, d := range ds {
		filtered.Add(d)
	}
	b.diags = filtered
	res.Diags = ds
	res.Errors, res.Warnings = b.diags.Count()
	res.Duration = time.Since(start)
	if err != nil {
		return res, err
	}
	if b.diags.Failed(opts.Strict) {
		return res, ErrFailed
	}
	if opts.CheckOnly {
		return res, nil
	}
	// Record, then publish: the site never serves a kit version that the
	// ledger and the archive do not hold.
	if err := b.record(); err != nil {
		return res, err
	}
	if err := publishSite(b.tx); err != nil {
		if res.Ledger || len(res.Archived) > 0 {
			return res, fmt.Errorf("the new kit versions are recorded in %s, but %s could not be replaced: %w; run kitgen build again to publish them", kit.LedgerFile, opts.Dest, err)
		}
		return res, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// publishSite swaps a build's staging folder in; tests replace it to make
// publishing fail.
var publishSite = (*publish.Tx).Commit

type builder struct {
	opts  Options
	res   *Result
	diags *diag.List
	fsys  fs.FS
	tx    *publish.Tx // nil when the build only checks
	tried sync.Map    // layouts a check has rendered once
	out   *output

	site   *content.Site
	w      *html.Writer
	kits   []*kit.Resolved
	refs   map[string]*html.KitRef // kit id → what layouts see
	kitsOf map[*content.Page][]*html.KitRef
	keep   map[*content.Page]bool // bodies kits quote, kept after rendering
	titles map[string]string      // source file → page title, for changelogs
	ledger *kit.Ledger
	check  *check.Input

	canonical string // base_url of kitgen.yaml, which kits are fingerprinted against
	elsewhere bool   // deployed at another address (--base-url): records nothing
	fonts     *pdf.Fonts
	archived  map[string]map[int]bool // kit id → archived versions (kits/archive)
	toArchive map[string][]byte       // archive files to write when recording
}

func (b *builder) run() error {
	b.out = &output{}
	if b.tx != nil {
		b.out.f = b.tx.Folder()
	}
	cfg := config.Load(b.fsys, b.diags)
	if data, err := fs.ReadFile(b.fsys, config.FileName); err == nil {
		check.Placeholders(config.FileName, data, 1, b.diags)
	}
	b.canonical = cfg.BaseURL
	if b.opts.BaseURL != "" {
		cfg.BaseURL = config.NormalizeBaseURL(b.opts.BaseURL)
	}
	b.site = content.Load(b.fsys, cfg, content.Options{Drafts: b.opts.Drafts}, b.diags)

	layouts := html.Overlay{Top: sub(b.fsys, "layouts"), Base: sub(kitgen.Theme, "layouts")}
	assets := html.Overlay{Top: sub(b.fsys, "assets"), Base: sub(kitgen.Theme, "assets")}
	b.w = html.New(b.site, layouts, assets, b.diags)
	b.w.Inject = b.opts.Inject

	b.resolveKits()
	b.check = &check.Input{Site: b.site, Kits: b.kits, Layouts: layouts, Assets: assets, Today: b.opts.Today}

	var rels []string
	for _, p := range b.site.Pages {
		if rel, ok := html.OutputPath(p.URL); ok {
			rels = append(rels, rel)
		}
	}
	b.out.mkdirs(rels)
	b.renderPDFs()
	b.renderPages()
	b.writeKitPages()
	b.check.Routes = b.routes()
	b.res.Routes = b.check.Routes
	check.Site(b.check, b.diags)
	b.writeSiteFiles()
	b.out.prune()
	if err := b.out.err(); err != nil {
		return err
	}
	b.res.Files = b.out.count()
	return nil
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

// renderPages renders every page with a bounded pool of workers. Each
// worker parses a body, runs the per-page checks, renders, writes, and
// drops the syntax tree unless a kit quotes the page, so memory stays flat
// however many pages there are.
func (b *builder) renderPages() {
	pages := b.site.Pages
	jobs := make(chan *content.Page, 64)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var done atomic.Int64
	// Twice as many workers as cores: each spends part of its time in
	// write system calls, and while it waits there another can render.
	for i := 0; i < 2*runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for p := range jobs {
				if b.renderPage(p, true, b.diags, b.out) {
					n++
				}
				if b.opts.Progress != nil {
					b.opts.Progress("pages", int(done.Add(1)), len(pages))
				}
			}
			mu.Lock()
			b.res.Pages += n
			mu.Unlock()
		}()
	}
	for _, p := range pages {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
}

// renderPage parses p, runs the per-page checks when checks is set,
// renders it and writes it to out, with findings going to diags. The
// syntax tree is dropped afterwards unless a kit quotes the page, and the
// body too unless a dev server may render the page again.
func (b *builder) renderPage(p *content.Page, checks bool, diags *diag.List, out *output) bool {
	content.Parse(p)
	if checks {
		check.Page(b.check, p, diags)
	}
	defer func() {
		if b.keep[p] {
			return
		}
		p.Doc.Release()
		if !b.opts.Preview || b.opts.CheckOnly {
			p.Body = nil
		}
	}()
	rel, ok := html.OutputPath(p.URL)
	if !ok {
		diags.Errorf(p.File, p.Line("slug"), 1, diag.RuleURL, "the URL %s would be written outside the output folder; rename the file or set a plain slug", p.URL)
		return false
	}
	layout := b.w.LayoutFor(p)
	if b.opts.CheckOnly {
		// kitgen check renders one page per layout, which finds template
		// errors, and leaves rendering every page to the build: checking
		// the 10,000-page corpus then costs about half a repeat build.
		if _, seen := b.tried.LoadOrStore(layout, true); seen {
			return true
		}
	}
	d, err := b.w.PageData(p)
	if err == nil {
		var page []byte
		page, err = b.w.Render(layout, d)
		if err == nil {
			out.write(rel, page)
			return true
		}
	}
	layoutError(diags, err, p.File)
	return false
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

// checkSource refuses a site folder that does not exist or holds no site,
// rather than building an empty one that CI would deploy.
func checkSource(source string) error {
	fi, err := os.Stat(source)
	switch {
	case err != nil && errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the site folder %s does not exist; pass the site's folder with -s, or start a new site with \"kitgen init %s\"", source, source)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("the site folder %s is a file, not a folder; pass the site's folder with -s", source)
	}
	for _, name := range []string{config.FileName, "content"} {
		if _, err := os.Stat(filepath.Join(source, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s is not a kitgen site: it has neither %s nor content/; pass the site's folder with -s, or start a new site with \"kitgen init DIR\"", source, config.FileName)
}
