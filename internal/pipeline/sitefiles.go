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

	var ids []string
	var h hasher
	h.bytes(b.global[:])
	for _, r := range b.kits {
		ids = append(ids, r.Def.ID)
		h.str(r.Def.ID).str(r.Doc.Effective.String())
	}
	b.writeSitemap(h.sum())
	b.out.write(file(route.Robots), b.w.Robots())
	b.out.write(file(route.Headers), append(b.w.Headers(ids), b.partnerHeaders()...))
}

// file is the output file of a URL the build itself names.
func file(u string) string {
	f, _ := route.File(u)
	return f
}

// writeSitemap writes sitemap.xml: every page with the date it was last
// reviewed, the kits index and each kit's page with its effective date.
// A dev-server run in which no page came, went or changed front matter,
// and no kit's date (key) changed, keeps the last run's.
func (b *run) writeSitemap(key sum) {
	c, rel := b.cache, file(route.Sitemap)
	if c.retain && c.sitemap == key && !b.diff.all && len(b.diff.paths) == 0 {
		b.out.keep(rel)
		return
	}
	var entries []html.SitemapEntry
	for _, p := range b.site.Pages {
		entries = append(entries, html.SitemapEntry{URL: p.URL, LastMod: html.LastMod(p), Alternates: b.w.Alternates(p)})
	}
	entries = append(entries, html.SitemapEntry{URL: route.KitsIndex})
	for _, r := range b.kits {
		entries = append(entries, html.SitemapEntry{URL: route.KitPage(r.Def.ID), LastMod: r.Doc.Effective})
	}
	b.out.write(rel, b.w.Sitemap(entries))
	if c.retain {
		c.sitemap = key
	}
}
