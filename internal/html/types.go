package html

import "github.com/kitgen/kitgen/internal/content"

// pageType is the HTML writer's part of a page-type row (content.PageTypes):
// the layout that renders the type's pages and the schema.org description
// search engines get for them (nil for none).
type pageType struct {
	Layout string
	JSONLD func(w *Writer, p *content.Page) map[string]any
}

// pageTypes is keyed by content.PageType.Section. A type without a row, or
// whose layout the site and theme both lack, renders with page.html.
var pageTypes = map[string]pageType{
	content.TypeService:  {Layout: "service.html"},
	content.TypeGuide:    {Layout: "guide.html", JSONLD: (*Writer).guideLD},
	content.TypeProvider: {Layout: "provider.html", JSONLD: (*Writer).physician},
	content.TypeLocation: {Layout: "location.html", JSONLD: func(w *Writer, p *content.Page) map[string]any { return w.clinic(p, true) }},
	content.TypePage:     {Layout: "page.html"},
}
