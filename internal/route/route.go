// Package route is the URL space of a built site: every URL the build
// writes, the file under the output folder behind it, and the source that
// owns it (a content page, a kit definition, an asset, or the build
// itself for site-wide files).
//
// The URL patterns of generated outputs exist here once. Writers call
// KitPage, KitPDF, KitLatest and the constants below rather than
// formatting a kit's address themselves, so the site, the kit PDFs, the
// feed, the sitemap and the CDN headers cannot disagree about where a file
// is.
//
// A Table is plain data, built by the build from its model before the
// checks run: the link check asks it whether a link's target exists and
// which #fragments that target has. Nothing in a Table is computed on
// demand, so it can be built once, inspected in tests and compared
// between builds.
package route

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// URLs of the outputs the build writes once per site.
const (
	Home      = "/"
	NotFound  = "/404.html"
	KitsIndex = "/kits/" // the kits index; every kit's files are below it
	Feed      = "/kits/feed.xml"
	Sitemap   = "/sitemap.xml"
	Robots    = "/robots.txt"
	Headers   = "/_headers" // the CDN's header rules; a file, never served as a page
)

// A kit's translation is published under an id of its own, the kit's id
// and the language's code: cardiology.es (see KitLang). Its page is in
// the translated site (/es/kits/cardiology/), beside the translated pages
// it quotes; its PDFs stay in the kit's folder (/kits/cardiology/
// cardiology.es-v2.pdf), so every recorded version of a kit, in any
// language, is under one folder that the CDN caches as immutable and a
// deploy never deletes, and a downloaded file says its language.

// KitLang returns the id of a kit's translation into the language with
// code (the first part of its tag): KitLang("cardiology", "es") is
// cardiology.es.
func KitLang(id, code string) string { return id + "." + code }

// kitParts splits an id into the kit's and a translation's language code
// ("" for a kit in the default language): two lowercase letters after the
// last dot. Kit file names may hold dots; a kit file named like a
// translation (kits/cardiology.es.yaml) is an error of the build.
func kitParts(id string) (kitID, code string) {
	i := strings.LastIndexByte(id, '.')
	if i <= 0 || len(id)-i-1 != 2 || strings.Trim(id[i+1:], "abcdefghijklmnopqrstuvwxyz") != "" {
		return id, ""
	}
	return id[:i], id[i+1:]
}

// kitDir is the folder of a kit's files, its translations' too: /kits/<id>/.
func kitDir(id string) string {
	kitID, _ := kitParts(id)
	return KitsIndex + kitID + "/"
}

// KitPage returns the URL of a kit's page: /kits/<id>/, and for a
// translation /<code>/kits/<id>/.
func KitPage(id string) string {
	if kitID, code := kitParts(id); code != "" {
		return "/" + code + KitsIndex + kitID + "/"
	}
	return KitsIndex + id + "/"
}

// KitPDF returns the URL of one recorded version of a kit's PDF, a file
// that never changes once published: /kits/<id>/<id>-v<N>.pdf
// (/kits/cardiology/cardiology.es-v2.pdf for a translation).
func KitPDF(id string, version int) string {
	return fmt.Sprintf("%s%s-v%d.pdf", kitDir(id), id, version)
}

// KitLatest returns the URL of the always-current copy of a kit's PDF:
// /kits/<id>/<id>-latest.pdf.
func KitLatest(id string) string { return kitDir(id) + id + "-latest.pdf" }

// KitFaxCover returns the URL of a kit's fax cover sheet, generated from
// the kit on every build: /kits/<id>/<id>-fax-cover.pdf. It is not a
// version (KitVersions does not match it), so it is never cached as
// immutable.
func KitFaxCover(id string) string { return kitDir(id) + id + "-fax-cover.pdf" }

// KitVersions returns a pattern matching the URL of every version of a
// kit's PDF (KitPDF), in the wildcard syntax of CDN header rules:
// /kits/<id>/<id>-v*.
func KitVersions(id string) string { return kitDir(id) + id + "-v*" }

// File maps a site-relative URL to the file under the output folder that
// serves it: a URL ending in "/" is a folder's index.html
// (/services/cardiology/ → services/cardiology/index.html), any other URL
// is a file (/kits/feed.xml → kits/feed.xml). ok is false for a URL that
// would land outside the output folder.
func File(u string) (file string, ok bool) {
	p := strings.Trim(u, "/")
	if p == "" {
		return "index.html", true
	}
	if path.Clean(p) != p || !fs.ValidPath(p) || strings.Contains(p, "\\") {
		return "", false
	}
	if strings.HasSuffix(u, "/") {
		return p + "/index.html", true
	}
	return p, true
}

// Kind says what writes a route.
type Kind int

const (
	KindPage        Kind = iota // a content page (Source is its Markdown file)
	KindSection                 // a section's list page
	KindHome                    // the home page
	KindKitPage                 // a kit's page (Source is kits/<id>.yaml)
	KindKitPDF                  // a recorded version of a kit's PDF
	KindKitLatest               // the latest copy of a kit's PDF
	KindKits                    // the kits index
	KindFeed                    // the Atom feed of kit versions
	KindAsset                   // a file of assets/
	KindSiteFile                // 404 page, sitemap.xml, robots.txt, _headers
	KindKitFaxCover             // a kit's fax cover sheet
	KindPartner                 // a partner's landing page (Source is partners/<id>.yaml)
	KindPartnerPDF              // a partner's copy of a kit
)

var kindNames = [...]string{"page", "section", "home", "kit page", "kit PDF", "latest kit PDF", "kits index", "feed", "asset", "site file", "kit fax cover sheet", "partner page", "partner kit PDF"}

// String names the kind in messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind %d", int(k))
}

// Route is one URL of the built site.
type Route struct {
	URL    string // site-relative, e.g. /services/cardiology/ or /kits/x/x-v3.pdf
	File   string // under the output folder, e.g. services/cardiology/index.html
	Kind   Kind
	Source string // the file that owns it (content/…, kits/x.yaml, assets/…); "" for the build's own files
	// IDs are the element ids a link's #fragment may name on this page
	// (its heading ids), in page order. They are only meaningful when IDsKnown:
	// for outputs the build generates from layouts (kit pages, lists) or
	// pages whose front matter has errors, any fragment is accepted.
	IDs      []string
	IDsKnown bool
}

// HasID reports whether a link to the route may name #id: the route has
// that id, or its ids are not known.
func (r *Route) HasID(id string) bool {
	if !r.IDsKnown {
		return true
	}
	for _, x := range r.IDs {
		if x == id {
			return true
		}
	}
	return false
}

// Table is every route of a build, sorted by URL.
type Table struct {
	routes []Route
	byURL  map[string]int
	byFile map[string]int
}

// NewTable returns the table of routes. When two routes claim the same
// URL the first one wins; content loading reports such collisions for
// pages, and generated URLs never collide.
func NewTable(routes []Route) *Table {
	t := &Table{byURL: make(map[string]int, len(routes)), byFile: make(map[string]int, len(routes))}
	rs := make([]Route, 0, len(routes))
	seen := make(map[string]bool, len(routes))
	for _, r := range routes {
		if seen[r.URL] {
			continue
		}
		seen[r.URL] = true
		if r.File == "" {
			r.File, _ = File(r.URL)
		}
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].URL < rs[j].URL })
	t.routes = rs
	for i, r := range rs {
		t.byURL[r.URL] = i
		if r.File != "" {
			t.byFile[r.File] = i
		}
	}
	return t
}

// All returns every route, sorted by URL. The slice must not be changed.
func (t *Table) All() []Route { return t.routes }

// Lookup returns the route a site-relative path (no query or fragment)
// reaches, as a static web server resolves it: the URL itself, a folder
// URL without its trailing slash (/kits → /kits/), or the file behind a
// URL (/services/cardiology/index.html).
func (t *Table) Lookup(p string) (*Route, bool) {
	if t == nil {
		return nil, false
	}
	if i, ok := t.byURL[p]; ok {
		return &t.routes[i], true
	}
	if !strings.HasSuffix(p, "/") {
		if i, ok := t.byURL[p+"/"]; ok {
			return &t.routes[i], true
		}
	}
	if i, ok := t.byFile[strings.TrimPrefix(p, "/")]; ok {
		return &t.routes[i], true
	}
	return nil, false
}
