package check

import (
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/route"
)

// Links checks the links of one parsed page that is not part of the site
// (a message template) against in.Routes, as Site checks the site's
// pages: a message's links must lead where a page's would.
func Links(in *Input, p *content.Page, diags *diag.List) {
	r := in.prepare()
	routes := in.Routes
	if routes == nil && in.Site != nil {
		routes = route.NewTable(in.Site.Routes())
	}
	if p.Doc == nil || routes == nil {
		return
	}
	for _, l := range p.Doc.Links {
		if !l.Image {
			checkLink(routes, r, p, l, diags)
		}
	}
}
