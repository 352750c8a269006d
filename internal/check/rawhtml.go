package check

import (
	"regexp"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

var tagNameRE = regexp.MustCompile(`^<([A-Za-z][A-Za-z0-9-]*)`)

// checkRawHTML reports HTML written in a page's Markdown. kitgen leaves it
// out of the page and out of kits, so an editor who pastes a form's
// <iframe> or a <script> would otherwise see it vanish with no message.
// What it would load from another site is a privacy error as well: it
// says what the editor meant to publish. Comments are notes to other
// editors, meant not to be shown, and closing tags belong to an opening
// tag already reported, so neither is reported.
func checkRawHTML(r *ruleset, p *content.Page, diags *diag.List) {
	for i := range p.Doc.HTML {
		h := &p.Doc.HTML[i]
		if strings.HasPrefix(h.Text, "<!--") || strings.HasPrefix(h.Text, "</") {
			continue
		}
		what := "raw HTML"
		if m := tagNameRE.FindStringSubmatch(h.Text); m != nil {
			what = "the HTML element <" + strings.ToLower(m[1]) + ">"
		}
		diags.Warnf(p.File, h.Line, h.Col, diag.RuleRawHTML,
			"%s is left out of the page and of kits: kitgen does not publish HTML written in content; write it in Markdown (for a form or a video, a link such as [Referral form](https://…)), or put the markup in a layout",
			what)
		scan(&layoutScan{file: p.File, data: []byte(h.Text), at: h.Pos, r: r, diags: diags}, true)
	}
}
