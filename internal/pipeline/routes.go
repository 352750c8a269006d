package pipeline

import (
	"github.com/kitgen/kitgen/internal/route"
)

// routes returns the route table of the build: the site's pages, the kits
// index and feed, each kit's page, latest PDF and every recorded version
// of its PDF (earlier versions stay published where a deploy put them),
// the assets and the site-wide files. It runs after the pages are parsed,
// so pages carry their heading ids, and before the cross-page checks,
// which resolve links against it.
func (b *builder) routes() *route.Table {
	rs := b.site.Routes()
	rs = append(rs,
		route.Route{URL: route.KitsIndex, Kind: route.KindKits},
		route.Route{URL: route.Feed, Kind: route.KindFeed},
		route.Route{URL: route.NotFound, Kind: route.KindSiteFile},
		route.Route{URL: route.Sitemap, Kind: route.KindSiteFile},
		route.Route{URL: route.Robots, Kind: route.KindSiteFile},
		route.Route{URL: route.Headers, Kind: route.KindSiteFile},
	)
	for _, r := range b.kits {
		id, src := r.Def.ID, r.Def.File
		rs = append(rs,
			route.Route{URL: route.KitPage(id), Kind: route.KindKitPage, Source: src},
			route.Route{URL: route.KitLatest(id), Kind: route.KindKitLatest, Source: src},
		)
		if ref := b.refs[id]; ref != nil {
			rs = append(rs, route.Route{URL: ref.PDF, Kind: route.KindKitPDF, Source: src})
		}
		for _, e := range b.ledger.Kits[id] {
			rs = append(rs, route.Route{URL: route.KitPDF(id, e.Version), Kind: route.KindKitPDF, Source: src})
		}
	}
	if b.w != nil && b.w.Assets != nil {
		for _, a := range b.w.Assets.All {
			rs = append(rs, route.Route{URL: a.URL, Kind: route.KindAsset, Source: "assets/" + a.Src})
		}
	}
	return route.NewTable(rs)
}
