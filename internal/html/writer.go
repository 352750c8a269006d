// Package html is the HTML writer: it renders the content model with
// html/template layouts (the site's own, falling back to the built-in
// theme), builds hashed and minified assets, and writes the site-wide files
// (sitemap, robots.txt, _headers, 404).
package html

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/source"
	"github.com/tdewolff/minify/v2"
	mcss "github.com/tdewolff/minify/v2/css"
	mhtml "github.com/tdewolff/minify/v2/html"
	mjs "github.com/tdewolff/minify/v2/js"
	mjson "github.com/tdewolff/minify/v2/json"
	msvg "github.com/tdewolff/minify/v2/svg"
	mxml "github.com/tdewolff/minify/v2/xml"
)

// Writer renders pages of one site. It is safe for concurrent use once
// built by New.
type Writer struct {
	site   *content.Site
	cfg    *config.Config
	layout fs.FS
	min    *minify.M
	minify bool
	shared shared
	cached sync.Map // partialCached results (cachedPartial), by partial name and variant
	has    sync.Map // layout file name → whether it exists
	mins   sync.Map // layout file name → its source minified (minifiedLayout)
	once   sync.Once
	Info   *SiteInfo
	infos  map[string]*SiteInfo // Info as a page in each other language sees it (see InfoIn)
	Assets *Assets
	// I18n holds the strings of the site's languages, which layouts read
	// with t; the default language's are used when it is nil.
	I18n *i18n.Set
	// KitsOf returns the kits that quote a page, for "download the kit"
	// links. Set by the build before rendering.
	KitsOf func(p *content.Page) []*KitRef
	// Inject is added before </body> of every page (the live-reload script
	// of kitgen serve); empty in builds.
	Inject template.HTML
}

// SiteInfo is what every layout sees as .Site.
type SiteInfo struct {
	Title, BaseURL, Language, Description string
	Contact                               config.Contact
	Nav                                   []NavItem
	Config                                *config.Config
	site                                  *content.Site
}

// NavItem is one entry of the main navigation. Key names its title in
// the translation tables (nav_services, nav_kits, …); a menu page has
// none and shows its own title.
type NavItem struct{ Title, URL, Key string }

// KitRef is what layouts know about a referral kit.
type KitRef struct {
	ID, Title, Audience string
	URL                 string // kit page, site-relative
	PDF                 string // immutable versioned file, site-relative
	Latest              string // stable alias of the current version
	Version             int
	Effective           time.Time
	Size                int // bytes of the PDF
	Draft               bool
	Page                *content.Page // the page the kit belongs to
	Changelog           []Change
	Rendition           template.HTML // accessible HTML version of the kit
	// FaxCover is the site-relative URL of the kit's fax cover sheet, ""
	// for a kit that names no fax number; FaxCoverSize is its bytes.
	FaxCover     string
	FaxCoverSize int
	// Lang is the language of a kit's translation (es-US), "" for a
	// kit in the site's default language.
	Lang string
}

// Change is one ledger entry as shown on the kit page.
type Change struct {
	Version   int
	Effective time.Time
	Files     []string // source files that changed
	What      []string // the same, as readers know them (page titles)
	Note      string   // the editor's one-line reason for the version (change_note), or ""
	// Sections lists the quoted sections whose words changed since the
	// version before; nil when either version's quoted text is not kept.
	Sections []kit.SectionChange
	PDF      string // site-relative URL of that version's PDF; empty when it cannot be published
	Size     int    // bytes of an earlier version's PDF (the current one's is KitRef.Size)
	// Words is the translation table of the kit's language, for the
	// words Details adds; nil for kitgen's English.
	Words *i18n.Table
}

// Data is the dot of every layout.
type Data struct {
	Site      *SiteInfo
	Page      *content.Page
	Title     string // <title>
	Canonical string
	Content   template.HTML
	Pages     []*content.Page // a list page's entries
	Kits      []*KitRef       // kits quoting this page; every kit on /kits/
	Kit       *KitRef         // the kit on a kit page
	Partner   *PartnerRef     // the partner on its landing page
	// Private marks a page that search engines must not index and that
	// loads no script: a partner's landing page.
	Private bool
	JSONLD  template.JS
	Assets  *Assets
	Inject  template.HTML
	// Alternates are the page in every language it is published in, the
	// default first, for hreflang links and the language switch; nil
	// for a page that has no translation.
	Alternates []Alternate
	// Lang is the page's language tag (its html lang attribute), and the
	// language of the strings its layout shows; Render sets it.
	Lang string

	// Description is the page's meta description; Render takes it from
	// the page or the kit when it is empty.
	Description string
}

// New prepares a writer: it parses every layout and builds the assets.
// layouts and assets are overlays of the site's folders on the theme's.
// Problems go to diags.
func New(site *content.Site, layouts fs.FS, assets fs.FS, diags *diag.List) *Writer {
	cfg := site.Config
	w := &Writer{site: site, cfg: cfg, layout: layouts, minify: cfg.Minify}
	w.min = minify.New()
	w.min.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true, KeepSpecialComments: false})
	w.min.AddFunc("text/css", mcss.Minify)
	w.min.AddFunc("application/javascript", mjs.Minify)
	w.min.AddFunc("application/ld+json", mjson.Minify)
	w.min.AddFunc("image/svg+xml", msvg.Minify)
	w.min.AddFunc("application/xml", mxml.Minify)
	w.Info = &SiteInfo{Title: cfg.Title, BaseURL: cfg.BaseURL, Language: cfg.Language, Description: cfg.Description,
		Contact: cfg.Contact, Config: cfg, site: site}
	// The navigation lists the typed sections the site has, in the order
	// of the page-type table, then the kits and the intake page.
	for _, t := range content.PageTypes {
		if t.NavTitle != "" && site.Page(t.Section) != nil {
			w.Info.Nav = append(w.Info.Nav, NavItem{Title: t.NavTitle, URL: "/" + t.Section + "/", Key: "nav_" + t.Section})
		}
	}
	w.Info.Nav = append(w.Info.Nav, NavItem{Title: "Referral kits", URL: "/kits/", Key: "nav_kits"})
	if p := site.Page("referral-intake"); p != nil && !p.Menu {
		w.Info.Nav = append(w.Info.Nav, NavItem{Title: "Referral intake", URL: "/referral-intake/", Key: "referral_intake"})
	}
	menu := menuPages(site)
	for _, p := range menu {
		w.Info.Nav = append(w.Info.Nav, NavItem{Title: p.Title, URL: p.URL})
	}
	// A page in another language links a menu page's translation, by its
	// title, where it has one.
	w.infos = map[string]*SiteInfo{}
	for _, lang := range cfg.Languages[min(1, len(cfg.Languages)):] {
		info := *w.Info
		info.Nav = append([]NavItem(nil), w.Info.Nav[:len(w.Info.Nav)-len(menu)]...)
		for _, p := range menu {
			item := NavItem{Title: p.Title, URL: p.URL}
			for _, t := range site.Translations(p) {
				if t.Lang == lang {
					item = NavItem{Title: t.Title, URL: t.URL}
				}
			}
			info.Nav = append(info.Nav, item)
		}
		w.infos[lang] = &info
	}
	// A layout that is a link or a pipe is reported here, once, at its
	// own path; rendering then treats it as empty.
	source.Walk(layouts, ".", nil, func(p string, err error) {
		if err != nil {
			source.Report(diags, "layouts/", p, diag.RuleLayout, err)
		}
	})
	w.Assets = BuildAssets(assets, w.min, w.minify, diags)
	return w
}

// menuPages are the free pages that asked to be in the navigation
// (menu: true), by weight, then title, then path.
func menuPages(site *content.Site) []*content.Page {
	var pages []*content.Page
	for _, p := range site.Pages {
		if p.Menu && p.Kind == content.KindPage && p.Type == content.TypePage {
			pages = append(pages, p)
		}
	}
	content.SortPages(pages)
	return pages
}

// InfoIn is the site as a page in lang sees it: Info, with the menu
// pages that have a translation into lang linked by the translation.
func (w *Writer) InfoIn(lang string) *SiteInfo {
	if info := w.infos[lang]; info != nil {
		return info
	}
	return w.Info
}

// strings returns the translation tables, or the English one alone when
// the writer was given none.
func (w *Writer) strings() *i18n.Set {
	w.once.Do(func() {
		if w.I18n == nil {
			w.I18n = i18n.Load(nil, []string{w.cfg.Language}, &diag.List{})
		}
	})
	return w.I18n
}

// Minifier exposes the configured minifier for other outputs (XML, JSON).
func (w *Writer) Minifier() *minify.M { return w.min }

var layoutPosRE = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)`)

// parseSet parses the template set of a layout file: the base, every
// partial, and the file itself, with the functions bound to r's recorder;
// minified, each file as minifiedLayout gives it.
func (r *Renderer) parseSet(name string, minified bool) (*template.Template, error) {
	w := r.w
	var t *template.Template
	t = template.New("baseof.html").Funcs(w.funcs(&t, &r.rec, &r.tr, minified))
	files := []string{"baseof.html"}
	partials, _ := fs.Glob(w.layout, "partials/*.html")
	files = append(files, partials...)
	files = append(files, name)
	for _, f := range files {
		b, err := fs.ReadFile(w.layout, f)
		var nr *source.NotRegularError
		if errors.As(err, &nr) {
			b, err = nil, nil // reported by New
		}
		if err != nil {
			return nil, fmt.Errorf("layouts/%s: %w", f, err)
		}
		if minified {
			b = w.minifiedLayout(f, b)
		}
		target := t
		if f != "baseof.html" {
			target = t.New(f)
		}
		if _, err := target.Parse(string(b)); err != nil {
			return nil, layoutError(err)
		}
	}
	return t, nil
}

// LayoutError is a template problem with its position in layouts/.
type LayoutError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *LayoutError) Error() string {
	return fmt.Sprintf("layouts/%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

func layoutError(err error) error {
	m := layoutPosRE.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return &LayoutError{File: m[1], Line: line, Col: col, Msg: m[4]}
}

// HasLayout reports whether a layout file exists (site or theme).
func (w *Writer) HasLayout(name string) bool {
	if v, ok := w.has.Load(name); ok {
		return v.(bool)
	}
	_, err := fs.Stat(w.layout, name)
	w.has.Store(name, err == nil)
	return err == nil
}

// LayoutFor picks the layout file of a page: the home page, a section's own
// list ("providers-list.html" for the provider directory) or the generic
// list, the page type's layout (see pageTypes), or the generic page.
func (w *Writer) LayoutFor(p *content.Page) string {
	switch p.Kind {
	case content.KindHome:
		return "home.html"
	case content.KindSection:
		if n := p.Section + "-list.html"; w.HasLayout(n) {
			return n
		}
		return "list.html"
	}
	if n := pageTypes[p.Type].Layout; n != "" && w.HasLayout(n) {
		return n
	}
	return "page.html"
}

// Render executes layout with d and returns the page's HTML, minified
// when minification is on (see minifiedLayout). It renders one page at a
// time; workers use a Renderer each.
func (w *Writer) Render(layout string, d *Data) ([]byte, error) {
	w.shared.mu.Lock()
	defer w.shared.mu.Unlock()
	if w.shared.r == nil {
		w.shared.r = w.Renderer()
	}
	defer w.shared.r.Deps()
	page, err := w.shared.r.Render(layout, d)
	return bytes.Clone(page), err
}

// Render executes layout with d and returns the page's HTML, recording
// what it reads of other pages. The bytes are the Renderer's, valid until
// its next Render: a worker writes each page out before rendering the
// next, and copying 10,000 pages was a tenth of what a build allocates.
func (r *Renderer) Render(layout string, d *Data) ([]byte, error) {
	w := r.w
	t, err := r.template(layout)
	if err != nil {
		return nil, err
	}
	d.Assets = w.Assets
	d.Inject = w.Inject
	if d.Lang == "" {
		d.Lang = w.cfg.Language
		if d.Page != nil && d.Page.Lang != "" {
			d.Lang = d.Page.Lang
		}
	}
	d.Site = w.InfoIn(d.Lang)
	r.tr = w.strings().For(d.Lang)
	if d.Title == "" && d.Page != nil {
		d.Title = d.Page.Title
	}
	if d.Description == "" {
		switch {
		case d.Page != nil:
			d.Description = d.Page.Description
		case d.Kit != nil:
			d.Description = KitDescription(d.Kit)
		}
	}
	if d.Description == "" {
		// Search engines show the meta description under the link; a page
		// that has none of its own says what the site is for.
		d.Description = w.Info.Description
	}
	r.out.Reset()
	if err := t.ExecuteTemplate(&r.out, "baseof.html", d); err != nil {
		return nil, r.executeError(layout, d, err)
	}
	return r.out.Bytes(), nil
}

// Body renders a parsed page body to HTML.
func (w *Writer) Body(doc *content.Document) (template.HTML, error) {
	buf := getBuffer()
	defer putBuffer(buf)
	// goldmark wraps any writer that is not already buffered in a new
	// bufio.Writer, 4 KiB per page; a pooled one is reset instead.
	bw := bufWriters.Get().(*bufio.Writer)
	defer bufWriters.Put(bw)
	bw.Reset(buf)
	if err := content.Markdown.Renderer().Render(bw, doc.Source, doc.AST); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// PageData assembles the layout data of a content page whose body has been
// parsed, recording what it takes from other pages.
func (r *Renderer) PageData(p *content.Page) (*Data, error) {
	w := r.w
	r.pageDeps(p)
	d := &Data{Page: p, Canonical: w.AbsURL(p.URL)}
	if p.Doc != nil {
		body, err := w.Body(p.Doc)
		if err != nil {
			return nil, err
		}
		d.Content = body
	}
	if p.Kind == content.KindHome {
		d.Title = w.cfg.Title
	} else {
		d.Title = p.Title + " · " + w.cfg.Title
	}
	if p.Kind == content.KindSection {
		d.Pages = w.site.Of(p.Section)
	}
	if w.KitsOf != nil {
		d.Kits = w.KitsOf(p)
	}
	d.Alternates = r.alternates(p)
	if ld := w.jsonLD(p); ld != nil {
		b, err := json.Marshal(ld)
		if err != nil {
			return nil, err
		}
		d.JSONLD = template.JS(b)
	}
	return d, nil
}

// Alternate is a page in one of the site's languages.
type Alternate struct {
	Lang    string // language tag, e.g. es-US
	Name    string // the language's name in itself (language_name of its table): Español
	URL     string // site-relative
	Current bool   // the page being rendered
}

// alternates is Alternates, recording that the page read them: a
// translation that comes or goes changes the links of its source and of
// every other translation.
func (r *Renderer) alternates(p *content.Page) []Alternate {
	langs := r.w.cfg.Languages
	if len(langs) < 2 {
		return nil
	}
	src := p.SourcePath()
	r.rec.add(DepPage, src)
	for _, l := range langs[1:] {
		r.rec.add(DepPage, path.Join(content.LangCode(l), src))
	}
	return r.w.Alternates(p)
}

// Alternates returns p in every language it is published in: its source
// (or p itself) first, then its translations in the order of languages:;
// nil when there is no translation.
func (w *Writer) Alternates(p *content.Page) []Alternate {
	src := p
	if s := p.Source(); s != nil {
		src = s
	}
	ts := w.site.Translations(src)
	if len(ts) == 0 {
		return nil
	}
	out := []Alternate{{Lang: w.cfg.Language, URL: src.URL, Current: p == src}}
	for _, t := range ts {
		out = append(out, Alternate{Lang: t.Lang, URL: t.URL, Current: p == t})
	}
	for i := range out {
		out[i].Name = w.strings().For(out[i].Lang).T("language_name")
	}
	return out
}

// buffers are reused across pages: rendering allocates a page-sized buffer
// per page otherwise, which was the largest source of garbage in a build.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // a huge list page; let it go
		return
	}
	b.Reset()
	buffers.Put(b)
}

// AbsURL joins a site-relative URL to the base URL.
func (w *Writer) AbsURL(u string) string {
	return strings.TrimSuffix(w.cfg.BaseURL, "/") + "/" + strings.TrimPrefix(u, "/")
}

// OutputPath maps a site-relative page URL to its file under the
// destination: /services/cardiology/ → services/cardiology/index.html.
// ok is false for a URL that would land outside the destination.
func OutputPath(u string) (string, bool) {
	p := strings.Trim(u, "/")
	if p == "" {
		return "index.html", true
	}
	clean := path.Clean(p)
	if clean != p || !fs.ValidPath(clean) || strings.Contains(clean, "\\") {
		return "", false
	}
	for _, seg := range strings.Split(clean, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	return clean + "/index.html", true
}
