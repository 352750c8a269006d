package content

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// HeadingID turns a heading's text into its anchor id the way GitHub and
// Hugo do, so an author can guess it: letters (of any script, lower-cased),
// marks, digits and "_" are kept; spaces become "-", and so does every
// kind of dash, so "8–12 weeks" is 8-12-weeks; other punctuation is
// dropped. "Información para familias" is información-para-familias.
// A heading with nothing left is "heading". HeadingID does not make ids
// unique; a page's second "Red flags" is red-flags-1 (see headingIDs).
func HeadingID(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '\u2212':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "heading"
	}
	return b.String()
}

// legacyHeadingID is the id goldmark's default generator gave a heading
// before HeadingID, which dropped every non-ASCII character and turned "_"
// into "-". Kit references written against it keep resolving, with a
// warning naming the new id, for one release.
func legacyHeadingID(text string) string {
	text = strings.Trim(text, " \t\n\v\f\r")
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b.WriteByte(c)
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '-' || c == '_':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "heading"
	}
	return b.String()
}

// headingIDs gives one document's headings their ids (goldmark's
// parser.IDs): HeadingID, with -1, -2… added to make repeats unique, as
// GitHub does.
type headingIDs struct {
	used
}

// used hands out unique ids: the first "x" is x, the next x-1, x-2…,
// skipping any already taken.
type used struct {
	seen map[string]bool
	n    map[string]int
}

func (u *used) unique(id string) string {
	if u.seen == nil {
		u.seen, u.n = map[string]bool{}, map[string]int{}
	}
	if !u.seen[id] {
		u.seen[id] = true
		return id
	}
	for i := u.n[id] + 1; ; i++ {
		if s := fmt.Sprintf("%s-%d", id, i); !u.seen[s] {
			u.seen[s], u.n[id] = true, i
			return s
		}
	}
}

var _ parser.IDs = (*headingIDs)(nil)

// Generate returns the id of a heading whose source line is value.
func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	return []byte(h.unique(HeadingID(string(value))))
}

// Put records an id given explicitly, so generated ones avoid it.
func (h *headingIDs) Put(value []byte) {
	h.unique(string(value))
}
