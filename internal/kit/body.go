package kit

import (
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
)

// Body converts the whole body of p into kit nodes, as a page: block
// quotes it, for writers that are not kits (message drafts), so every
// output reads Markdown through the same converter. Site links become
// absolute against cfg's base_url.
func Body(p *content.Page, cfg *config.Config) []Node {
	content.Parse(p)
	rs := resolver{cfg: cfg}
	return rs.convert(p, p.Doc.AST, nil)
}
