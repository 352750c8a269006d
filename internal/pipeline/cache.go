package pipeline

import (
	"crypto/sha256"
	"encoding/binary"
	"path"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/pdf"
)

// Cache is what the stages keep between runs, each entry keyed by what
// produced it and holding the findings that producing it gave: the
// decoded page of each content file, what rendering each page read, the
// PDF of each resolved kit and the parsed kit fonts. Build runs the stages
// over an empty cache it then drops; the dev server keeps one, so a run
// after an edit decodes, renders and checks only what the edit reaches.
// The stages own the entries; a caller only makes a Cache and passes it.
type Cache struct {
	files     []string // content files, in walk order
	walkDiags []diag.Diagnostic
	pages     map[string]*pageEntry // content file → decoded page
	entries   []*pageEntry          // the same, in the order of files
	langs     string                // languages: the pages were decoded with (translations depend on it)
	renders   map[string]*renderEntry
	pdfs      map[string]*pdfEntry // kit id → rendered PDF
	// partnerPDFs are partners' copies of kits, by partner id/kit id;
	// prepared, the kits laid out for them, by kit id.
	partnerPDFs map[string]*pdfEntry
	prepared    map[string]*preparedEntry
	site        *siteCheck           // the cross-page checks
	found       *gathered            // the last run's findings, as findings gathered them
	sitemap     sum                  // what the last sitemap.xml was written from, besides the pages
	model       map[string]pageState // content path → what pages read of it, last run
	kitsOf      map[string]sum       // content path → its kits as its callout shows them, last run
	// allLayouts is the last layoutsKey and the global sum it was made
	// with. order and orderEntries are the last run's pages and their
	// render entries, index by index: a page that is the same decoded
	// page at the same index needs no lookup by URL (see renderPages).
	allLayouts   struct{ of, sum sum }
	order        []*content.Page
	orderEntries []*renderEntry
	orderLayouts sum // the layoutsKey of the run that set order
	i18n         *i18nEntry
	fonts        *pdf.Fonts
	fontsSum     string // fonts.Fingerprint()
	fontErr      error
	loaded       bool // fonts were loaded (fontErr may be set)
	// retain is false for a cache that is dropped after one run, which
	// then skips the bookkeeping only a next run would read.
	retain bool
}

// i18nEntry is the translation tables as read for a set of languages.
type i18nEntry struct {
	langs string
	set   *i18n.Set
	diags []diag.Diagnostic
}

// NewCache returns an empty cache to keep between runs.
func NewCache() *Cache { return &Cache{retain: true} }

// pageEntry is one content file as decoded.
type pageEntry struct {
	page  *content.Page // nil for a file that is not a page (a draft left out is still one)
	ok    bool          // the front matter decoded
	diags []diag.Diagnostic
	own   sum // the decoded page: file, front matter and body
	meta  sum // what other pages read of it: file and front matter
}

// renderEntry is one page as last rendered: what it was rendered from,
// what it read, and its findings (its own checks and rendering).
type renderEntry struct {
	own     sum        // the page's own source
	layout  sum        // its layout set, with everything every page reads
	checks  sum        // what the per-page checks read besides the page
	deps    []html.Dep // what it read of other pages
	values  []sum      // each dep's value when it was rendered
	diags   []diag.Diagnostic
	written bool   // rendered without error, so its output exists
	rel     string // its output file
	links   sum    // what the cross-page checks read of it (see linkSum)
}

// pdfEntry is a kit's PDF, and its fax cover sheet, as rendered from one
// Doc with one set of fonts.
type pdfEntry struct {
	key   sum
	data  []byte // nil when it could not be rendered
	cover []byte // the fax cover sheet (kit.FaxCover); nil for a kit without one
	diags []diag.Diagnostic
}

// sum is a SHA-256 hash of something a stage read.
type sum [32]byte

// hasher builds a sum from strings and byte slices, each length-prefixed
// so that no two different sequences hash alike.
type hasher struct{ b []byte }

func (h *hasher) str(s string) *hasher {
	h.b = binary.AppendUvarint(h.b, uint64(len(s)))
	h.b = append(h.b, s...)
	return h
}

func (h *hasher) bytes(b []byte) *hasher {
	h.b = binary.AppendUvarint(h.b, uint64(len(b)))
	h.b = append(h.b, b...)
	return h
}

func (h *hasher) sum() sum { return sha256.Sum256(h.b) }

// pageSums returns what a decoded page is made of (own) and what other
// pages read of it (meta: the front matter, from which every field of a
// page but its body is decoded, and the file, from which its address is).
// An implied page (a section or home page without a file) is made of its
// address and the title and description it was given.
func pageSums(p *content.Page) (own, meta sum) {
	var h hasher
	h.str(p.File).str(p.URL)
	if p.File == "" {
		h.str(p.Title).str(p.Description)
	}
	h.bytes(p.Front)
	meta = h.sum()
	h.bytes(p.Body)
	return h.sum(), meta
}

// changes is the set of site paths a dev-server run was told changed.
type changes struct {
	all   bool            // anything may have changed
	paths map[string]bool // slash-separated, relative to the site root
}

func allChanged() changes { return changes{all: true} }

// newChanges makes the set of changed paths; "*" means anything.
func newChanges(paths []string) changes {
	c := changes{paths: map[string]bool{}}
	for _, p := range paths {
		if p == "*" {
			return allChanged()
		}
		c.paths[path.Clean(p)] = true
	}
	return c
}

// has reports whether p, or a folder holding it, changed.
func (c changes) has(p string) bool {
	if c.all || c.paths[p] {
		return true
	}
	for q := range c.paths {
		if strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

// under reports whether anything at or under dir changed.
func (c changes) under(dir string) bool {
	if c.all {
		return true
	}
	for q := range c.paths {
		if q == dir || strings.HasPrefix(q, dir+"/") || strings.HasPrefix(dir, q+"/") {
			return true
		}
	}
	return false
}
