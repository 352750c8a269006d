package build

import (
	"strings"

	"github.com/kitgen/kitgen/internal/html"
)

// writeSiteFiles writes what the whole site shares: assets, 404 page,
// sitemap, robots.txt and the CDN's _headers.
func (b *builder) writeSiteFiles() {
	for _, a := range b.w.Assets.All {
		b.out.write(strings.TrimPrefix(a.URL, "/"), a.Data)
	}
	page, err := b.w.Render("404.html", &html.Data{Title: "Page not found · " + b.site.Config.Title, Canonical: b.w.AbsURL("/404.html")})
	if err != nil {
		layoutError(b.diags, err, "layouts/404.html")
	} else {
		b.out.write("404.html", page)
	}

	var entries []html.SitemapEntry
	for _, p := range b.site.Pages {
		entries = append(entries, html.SitemapEntry{URL: p.URL, LastMod: html.LastMod(p)})
	}
	entries = append(entries, html.SitemapEntry{URL: "/kits/"})
	var ids []string
	for _, r := range b.kits {
		entries = append(entries, html.SitemapEntry{URL: "/kits/" + r.Def.ID + "/", LastMod: r.Doc.Effective})
		ids = append(ids, r.Def.ID)
	}
	b.out.write("sitemap.xml", b.w.Sitemap(entries))
	b.out.write("robots.txt", b.w.Robots())
	b.out.write("_headers", b.w.Headers(ids))
}
