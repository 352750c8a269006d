package html

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/source"
	"github.com/tdewolff/minify/v2"
)

// Asset is one file of assets/ as published.
type Asset struct {
	Src       string // path under assets/, e.g. css/main.css
	URL       string // site-relative, e.g. /assets/css/main.3f2a9c1b7d.css
	Integrity string // Subresource Integrity value (sha384-…), CSS and JS only
	Data      []byte
}

// Assets are the published files of assets/, by source path.
type Assets struct {
	byPath  map[string]*Asset
	All     []*Asset // sorted by Src
	css, js []*Asset // selected once: every page asks for them
}

// Get returns the asset published for a source path, or nil.
func (a *Assets) Get(src string) *Asset { return a.byPath[src] }

// CSS returns the stylesheets, in path order.
func (a *Assets) CSS() []*Asset { return a.css }

// JS returns the scripts, in path order.
func (a *Assets) JS() []*Asset { return a.js }

func (a *Assets) ext(e string) []*Asset {
	var out []*Asset
	for _, x := range a.All {
		if strings.HasSuffix(x.Src, e) && !strings.HasPrefix(x.Src, "fonts/") && !strings.HasPrefix(x.Src, source.WellKnown+"/") {
			out = append(out, x)
		}
	}
	return out
}

// Hashed reports whether a published URL carries a content hash (and so
// may be cached forever).
func (a *Asset) Hashed() bool { return a.Integrity != "" }

// Tag returns the <link> or <script> element for a CSS or JS asset.
func (a *Asset) Tag() template.HTML {
	if strings.HasSuffix(a.Src, ".css") {
		return template.HTML(`<link rel="stylesheet" href="` + template.HTMLEscapeString(a.URL) + `" integrity="` + a.Integrity + `">`)
	}
	return template.HTML(`<script src="` + template.HTMLEscapeString(a.URL) + `" integrity="` + a.Integrity + `" defer></script>`)
}

// BuildAssets reads every file of fsys (assets/ overlaid on the theme's),
// minifies CSS and JS, and gives them content-hashed names so a CDN can
// cache them forever. Fonts for PDF kits (assets/fonts/*.ttf) are not
// published, nor is anything hidden except .well-known/, which is
// published at the site root as given. Only regular files are read (see
// package source), and names must be source.ValidName: they are written
// into _headers and addresses.
func BuildAssets(fsys fs.FS, m *minify.M, min bool, diags *diag.List) *Assets {
	a := &Assets{byPath: map[string]*Asset{}}
	wellKnown := func(p string) bool { return p == source.WellKnown }
	source.Walk(fsys, ".", wellKnown, func(p string, err error) {
		if err != nil {
			source.Report(diags, "assets/", p, diag.RuleAssets, err)
			return
		}
		if strings.HasPrefix(p, "fonts/") && (strings.HasSuffix(p, ".ttf") || strings.HasSuffix(p, ".otf")) {
			return
		}
		if !source.ValidPath(strings.TrimPrefix(p, source.WellKnown+"/")) {
			diags.Errorf("assets/"+p, 0, 0, diag.RuleAssets, "the name %q is published as an address and in _headers; use only letters, digits, '-', '_' and '.' in asset file and folder names", p)
			return
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			source.Report(diags, "assets/", p, diag.RuleAssets, err)
			return
		}
		if strings.HasPrefix(p, source.WellKnown+"/") {
			// Published at the site root exactly as written, where
			// clients look for security.txt and the like.
			x := &Asset{Src: p, URL: "/" + p, Data: data}
			a.byPath[p] = x
			a.All = append(a.All, x)
			return
		}
		x := &Asset{Src: p, URL: "/assets/" + p, Data: data}
		ext := path.Ext(p)
		if ext == ".css" || ext == ".js" {
			if min {
				mt := "text/css"
				if ext == ".js" {
					mt = "application/javascript"
				}
				out, err := m.Bytes(mt, data)
				if err != nil {
					diags.Errorf("assets/"+p, 0, 0, diag.RuleAssets, "cannot minify: %v; fix the syntax error", err)
				} else {
					x.Data = out
				}
			}
			sum := sha256.Sum256(x.Data)
			x.URL = "/assets/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
			sri := sha512.Sum384(x.Data)
			x.Integrity = "sha384-" + base64.StdEncoding.EncodeToString(sri[:])
		}
		a.byPath[p] = x
		a.All = append(a.All, x)
	})
	sort.Slice(a.All, func(i, j int) bool { return a.All[i].Src < a.All[j].Src })
	a.css, a.js = a.ext(".css"), a.ext(".js")
	return a
}
