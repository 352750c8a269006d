package pipeline

import (
	"strings"

	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/route"
)

// writeSiteFiles writes what the whole site shares: assets, 404 page,
// sitemap, robots.txt and the CDN's _headers.
func (b *run) writeSiteFiles() {
	for _, a := range b.w.Assets.All {
		b.out.write(strings.TrimPrefix(a.URL, "/"), a.Data)
	}
	page, err := b.w.Render("404.html", &html.Data{Title: "Page not found · " + b.site.Config.Title, Canonical: b.w.AbsURL(route.NotFound)})
	if err != nil {
		layoutError(b.diags, err, "layouts/404.html")
	} else {
		b.out.write(file(route.NotFound), page)
	}

	var entries []html.SitemapEntry
	for _, p := range b.site.Pages {
		entries = append(entries, html.SitemapEntry{URL: p.URL, LastMod: html.LastMod(p)})
	}
	entries = append(entries, html.SitemapEntry{URL: route.KitsIndex})
	var ids []string
	for _, r := range b.kits {
		entries = append(entries, html.SitemapEntry{URL: route.KitPage(r.Def.ID), LastMod: r.Doc.Effective})
		ids = append(ids, r.Def.ID)
	}
	b.out.write(file(route.Sitemap), b.w.Sitemap(entries))
	b.out.write(file(route.Robots), b.w.Robots())
	b.out.write(file(route.Headers), b.w.Headers(ids))
}

// file is the output file of a URL the build itself names.
func file(u string) string {
	f, _ := route.File(u)
	return f
}
