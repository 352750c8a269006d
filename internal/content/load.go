package content

import (
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/route"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
)

// Dir is the folder of Markdown content under the site root.
const Dir = "content"

// Options change what Load keeps.
type Options struct {
	Drafts bool // keep pages marked draft: true
}

// Load reads every Markdown file under content/ of the site root fsys and
// decodes its front matter; bodies are kept as bytes and parsed later by
// Parse, so a caller that streams pages never holds every AST at once.
// Problems of all files go to diags. A page whose front matter is broken
// is left out of the site's pages but is still known to exist (see
// Site.HasErrors), so links, references and kits that name it are not
// reported again as pointing nowhere: its own findings are the root cause.
//
// Files are read and decoded by a bounded pool of workers; results are
// stored by input index and sorted by path, so the model never depends on
// scheduling. Load is Files, LoadFile for each and Assemble; a caller that
// keeps decoded pages between builds calls those itself.
func Load(fsys fs.FS, cfg *config.Config, opts Options, diags *diag.List) *Site {
	langs := cfg.Languages
	files := Files(fsys, langs, diags)
	pages := make([]*Page, len(files))
	decoded := make([]bool, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	// Two workers per core: part of each file's time is spent waiting in
	// the open and read system calls.
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				pages[i], decoded[i] = LoadFile(fsys, files[i], langs, diags)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return Assemble(cfg, pages, decoded, opts, diags)
}

// IsPageName reports whether a file under content/ is a page by its
// name: a Markdown file. Other files there are not read; the dev server's
// watcher asks the same question of the temporary file an editor writes
// before renaming it over a page.
func IsPageName(name string) bool { return strings.HasSuffix(name, ".md") }

// Files returns the site-relative paths of the Markdown files under
// content/ that are pages, in walk order, reporting files that cannot be
// read or whose names cannot be published. langs are the site's
// languages: _index.<lang>.md of one after the first is a translation.
func Files(fsys fs.FS, langs []string, diags *diag.List) []string {
	var files []string
	source.Walk(fsys, Dir, nil, func(p string, err error) {
		if err != nil {
			source.Report(diags, "", p, diag.RuleContent, err)
			return
		}
		// Names starting with "_" (other than a section's _index.md) are
		// not pages: "_" is kept for drafts-in-progress folders and for the
		// dev server's own paths.
		for _, part := range strings.Split(strings.TrimPrefix(p, Dir+"/"), "/") {
			if strings.HasPrefix(part, "_") && part != "_index.md" {
				if l, _ := translationOf(strings.TrimSuffix(part, ".md"), langs); l == "" || !strings.HasPrefix(part, "_index.") {
					return
				}
			}
		}
		if !IsPageName(p) {
			return
		}
		if rel := strings.TrimPrefix(p, Dir+"/"); !source.ValidPath(rel) {
			diags.Errorf(p, 0, 0, diag.RuleContent, "the name %q becomes part of a published address; use only letters, digits, '-', '_' and '.' in file and folder names (e.g. %s)", rel, suggestName(rel))
			return
		}
		files = append(files, p)
	})
	return files
}

// Assemble builds the site from decoded pages (LoadFile's results, in the
// order of Files, which decides which of two pages wanting one URL is
// reported): it leaves out drafts unless opts keeps them, keeps pages whose
// front matter has errors aside as broken, reports pages that want the
// same URL, adds the implied home and section pages, links translations
// to their sources, and sorts. It changes nothing of the pages it is
// given but each translation's link to its source, which it sets anew
// every time, so they can be assembled again.
func Assemble(cfg *config.Config, pages []*Page, decoded []bool, opts Options, diags *diag.List) *Site {
	site := &Site{Config: cfg, byPath: make(map[string]*Page, len(pages)), byURL: make(map[string]*Page, len(pages))}
	var translations []*Page
	for i, p := range pages {
		if p == nil || (p.Draft && !opts.Drafts) {
			continue
		}
		if !decoded[i] {
			site.broken = append(site.broken, p)
			continue
		}
		if p.Lang != "" {
			translations = append(translations, p)
			continue
		}
		if reservedFor(cfg, p.Section) {
			diags.Errorf(p.File, 1, 1, diag.RuleDuplicateURL,
				"the folder content/%s/ is where translations into %q are published; rename the folder", p.Section, p.Section)
			continue
		}
		if other, dup := site.byURL[p.URL]; dup {
			diags.Errorf(p.File, p.Line("slug"), 1, diag.RuleDuplicateURL,
				"this page and %s both want the URL %s; rename one file or give it a different slug", other.File, p.URL)
			continue
		}
		if what := generatedAt(p.URL); what != "" {
			diags.Errorf(p.File, p.Line("slug"), 1, diag.RuleDuplicateURL,
				"the URL %s is where kitgen writes %s, so this page would be lost; rename or move the file, or give it a different slug", p.URL, what)
			continue
		}
		site.byURL[p.URL] = p
		site.byPath[p.Path] = p
		site.Pages = append(site.Pages, p)
	}
	site.addImpliedPages()
	if len(cfg.Languages) > 1 {
		site.linkTranslations(translations, diags)
	}
	sort.Slice(site.broken, func(i, j int) bool { return site.broken[i].Path < site.broken[j].Path })
	// Paths are unique (pages sharing one would share a URL), so any sort
	// gives this order; this one takes pages already in order (the dev
	// server assembles the same 10,000 every run) in one pass.
	slices.SortFunc(site.Pages, func(a, b *Page) int { return strings.Compare(a.Path, b.Path) })
	return site
}

// reservedFor reports whether a top-level folder's name is the code of
// one of the site's other languages, whose translations /<code>/ holds.
func reservedFor(cfg *config.Config, section string) bool {
	for _, l := range cfg.Languages[min(1, len(cfg.Languages)):] {
		if section != "" && LangCode(l) == section {
			return true
		}
	}
	return false
}

// suggestName proposes a publishable name for rel: spaces become "-" and
// anything else outside the allowed characters is dropped.
func suggestName(rel string) string {
	var b strings.Builder
	for _, r := range rel {
		switch {
		case r == '/' || r == ' ':
			if r == ' ' {
				r = '-'
			}
			b.WriteRune(r)
		case source.ValidName(string(r)):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// generatedAt names what the build itself writes at a page URL (the kit
// pages under /kits/, the site-wide files), or "". A content page there
// would be overwritten by it, or collide with it on disk.
func generatedAt(u string) string {
	switch {
	case strings.HasPrefix(u, route.KitsIndex):
		return "the referral kits index and kit pages"
	case strings.HasPrefix(u, route.PartnersRoot):
		return "the partners' landing pages"
	case u == route.NotFound+"/", u == route.Sitemap+"/", u == route.Robots+"/", u == route.Headers+"/":
		return strings.Trim(u, "/")
	}
	return ""
}

// addImpliedPages gives every section a list page and the site a home page
// even when content/ has no _index.md for them, as Hugo does.
func (s *Site) addImpliedPages() {
	if s.byPath[""] == nil {
		s.add(&Page{Kind: KindHome, Type: TypePage, URL: "/", Title: s.Config.Title, Description: s.Config.Description})
	}
	last := "" // pages come folder by folder: look each section up once
	for _, p := range append([]*Page(nil), s.Pages...) {
		if p.Section == "" || p.Kind != KindPage || p.Lang != "" || p.Section == last {
			continue
		}
		last = p.Section
		if s.byPath[p.Section] == nil {
			s.add(&Page{Path: p.Section, Section: p.Section, Kind: KindSection, Type: sectionType(p.Section),
				URL: "/" + p.Section + "/", Title: titleCase(p.Section)})
		}
	}
}

func (s *Site) add(p *Page) {
	s.byPath[p.Path] = p
	s.byURL[p.URL] = p
	s.Pages = append(s.Pages, p)
}

func titleCase(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sectionType(section string) string { return TypeOf(section).Section }

// LoadFile reads and decodes one file. A page whose front matter has
// errors is returned with ok false (see Assemble); a file that cannot be
// read gives a page with only its File set.
//
// langs are the site's languages (languages: of kitgen.yaml, the default
// first): a file named name.<lang>.md for one of the others is a
// translation (see translation.go).
func LoadFile(fsys fs.FS, file string, langs []string, diags *diag.List) (p *Page, ok bool) {
	return loadFile(fsys, file, langs, false, diags)
}

// loadFile is LoadFile, or with front set LoadFront.
func loadFile(fsys fs.FS, file string, langs []string, front bool, diags *diag.List) (p *Page, ok bool) {
	src, size, err := readPage(fsys, file)
	if err != nil {
		source.Report(diags, "", file, diag.RuleContent, err)
		return &Page{File: file}, false
	}
	if size > MaxPageSize {
		tooLarge(file, size, diags)
		// Unread, the page still has its address, as a page with errors.
		p, _ := decodePage(file, nil, langs, &diag.List{})
		return p, false
	}
	p, ok = decodePage(file, src, langs, diags)
	if ok && front {
		leaveUnread(fsys, src, p)
	}
	return p, ok
}

// readPage reads file, or only its size when it is larger than
// MaxPageSize.
func readPage(fsys fs.FS, file string) (src []byte, size int64, err error) {
	return source.ReadUpTo(fsys, file, MaxPageSize)
}

// Decode builds a page from the source of the file at site-relative path
// file (which must be under content/). It returns nil when the front matter
// is missing or unreadable; problems go to diags.
func Decode(file string, src []byte, diags *diag.List) *Page {
	if p, ok := decodePage(file, src, nil, diags); ok {
		return p
	}
	return nil
}

// decodePage is Decode, but a page whose front matter has errors is
// returned too, with ok false: its address (File, Path, URL and, when
// it decoded, Slug and Draft) is still known, which lets the site tell a
// page that has errors from one that does not exist.
func decodePage(file string, src []byte, langs []string, diags *diag.List) (p *Page, ok bool) {
	p = &Page{File: file}
	defer func() {
		if p.Slug != "" && p.Kind == KindPage {
			p.Path = path.Join(path.Dir(p.Path), p.Slug)
			if path.Dir(p.Path) == "." {
				p.Path = p.Slug
			}
		}
		if p.Path == "" {
			p.URL = "/"
		} else {
			p.URL = "/" + p.Path + "/"
		}
	}()
	rel := strings.TrimSuffix(strings.TrimPrefix(file, Dir+"/"), ".md")
	p.Lang, rel = translationOf(rel, langs)
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	switch base {
	case "_index":
		p.Path = dir
		if dir == "" {
			p.Kind = KindHome
		} else {
			p.Kind = KindSection
		}
	case "index": // a leaf bundle: content/services/x/index.md is /services/x/
		p.Path = dir
	default:
		p.Path = rel
	}
	if i := strings.IndexByte(p.Path, '/'); i >= 0 {
		p.Section = p.Path[:i]
	} else if p.Kind == KindSection {
		p.Section = p.Path
	}
	p.Type = sectionType(p.Section)
	if p.Lang != "" {
		p.Path = path.Join(LangCode(p.Lang), p.Path)
	}

	if len(src) > MaxPageSize {
		tooLarge(file, int64(len(src)), diags)
		return p, false
	}
	fm, isTOML, fmLine, body, bodyLine, ok := split(file, src, diags)
	if !ok {
		return p, false
	}
	local := &diag.List{}
	d := &schema.Decoder{File: file, LineOffset: fmLine - 1, Rule: diag.RuleFrontMatter, Diags: local}
	root := d.ParseYAML
	if isTOML {
		root = d.ParseTOML
	}
	node := root(fm)
	if e, _ := local.Count(); e > 0 {
		diags.Merge(local)
		return p, false
	}
	if d.Empty(node, `front matter is empty; add at least "title: …"`) {
		diags.Merge(local)
		return p, false
	}
	if p.Lang != "" {
		decodeTranslation(p, node, d)
	} else {
		decode(p, node, d)
	}
	diags.Merge(local)
	if e, _ := local.Count(); e > 0 {
		return p, false
	}
	p.Front, p.FrontLine = fm, fmLine
	p.Body, p.BodyLine = body, bodyLine
	return p, true
}

// SortPages orders pages as lists show them: by weight (unset last), then
// title, then path.
func SortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		wa, wb := a.Weight, b.Weight
		if wa == 0 {
			wa = 1 << 30
		}
		if wb == 0 {
			wb = 1 << 30
		}
		if wa != wb {
			return wa < wb
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Path < b.Path
	})
}
