package html

import (
	"bytes"
	"html/template"
	"sort"
	"sync"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/i18n"
)

// DepKind says what part of the model a render read.
type DepKind uint8

const (
	// DepPage is one page, named by its content path, read for its front
	// matter (title, description, typed fields); also recorded when the
	// page does not exist, so its arrival is noticed.
	DepPage DepKind = iota + 1
	// DepSection is the list of regular pages of a section, in list order,
	// with the front matter of each.
	DepSection
	// DepKits is the kits that quote a page (named by its content path),
	// as the page's "download the kit" callout shows them.
	DepKits
)

// Dep is one thing other than its own page that a rendered page read. A
// page is rendered again only when its own source, its layout set, the
// site-wide settings or one of its Deps changed, so every template
// function that returns model data records what it returned here.
type Dep struct {
	Kind DepKind
	Name string
}

// recorder collects the Deps of one render.
type recorder struct{ deps map[Dep]bool }

func (r *recorder) add(kind DepKind, name string) { r.deps[Dep{kind, name}] = true }

// Renderer renders pages for one worker and records what each page reads
// (see Dep). Template sets are parsed per Renderer, because the template
// functions are bound to its recorder. A Renderer is not safe for
// concurrent use; make one per worker.
type Renderer struct {
	w     *Writer
	tmpl  map[string]*template.Template // the sets pages are rendered with, by layout
	plain map[string]*template.Template // the sets as written, when tmpl's are minified
	rec   recorder
	tr    *i18n.Table  // the strings of the page being rendered
	out   bytes.Buffer // the page Render returned last
}

// Renderer returns a new Renderer of the writer's site.
func (w *Writer) Renderer() *Renderer {
	return &Renderer{w: w, tmpl: map[string]*template.Template{}, plain: map[string]*template.Template{}, rec: recorder{deps: map[Dep]bool{}}}
}

// Deps returns what the renders since the last call read, sorted, and
// starts a new record.
func (r *Renderer) Deps() []Dep {
	out := make([]Dep, 0, len(r.rec.deps))
	for d := range r.rec.deps {
		out = append(out, d)
	}
	clear(r.rec.deps)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// cachedPartial is a partialCached result with what rendering it read,
// which every page that reuses it has read too.
type cachedPartial struct {
	html template.HTML
	deps []Dep
}

// shared renders for callers without a Renderer of their own (kit pages,
// the kits index, the 404 page), one at a time.
type shared struct {
	mu sync.Mutex
	r  *Renderer
}

// pageDeps records what a page's layout data takes from other pages: the
// pages its front matter names (which its JSON-LD describes), a list
// page's entries and the kits that quote it.
func (r *Renderer) pageDeps(p *content.Page) {
	for _, ref := range p.Refs {
		if ref.Section != "" {
			r.rec.add(DepPage, ref.Section+"/"+ref.Name)
		}
	}
	if p.Kind == content.KindSection {
		r.rec.add(DepSection, p.Section)
	}
	r.rec.add(DepKits, p.Path)
}
