package content

import "github.com/kitgen/kitgen/internal/diag"

// SplitFrontMatter separates the front matter of a Markdown file that is
// not a page (a message template) from its body, with the same rules and
// findings as a page's: the raw front matter, whether it is TOML, the
// line of file where it starts, the body and the body's first line. ok is
// false when there is no usable front matter (reported to diags).
func SplitFrontMatter(file string, src []byte, diags *diag.List) (fm []byte, isTOML bool, fmLine int, body []byte, bodyLine int, ok bool) {
	return split(file, src, diags)
}
