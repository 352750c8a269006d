package check

import (
	"bytes"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// PlaceholderMarker is how "kitgen init" and "kitgen new" mark what an
// editor must replace: the text after it says what to fill in. One marker,
// so a leftover is found in values, Markdown and comments alike.
const PlaceholderMarker = "TODO:"

// checkPlaceholders reports every leftover placeholder of a page, in its
// front matter (YAML comments included) and its text.
func checkPlaceholders(p *content.Page, diags *diag.List) {
	Placeholders(p.File, p.Front, p.FrontLine, diags)
	Placeholders(p.File, p.Body, p.BodyLine, diags)
}

// Placeholders reports each line of src (the part of file that starts at
// line first) holding PlaceholderMarker, with the marker's note, as a
// warning: a starter site serves as it is, and --strict refuses to ship
// it until every placeholder is replaced.
func Placeholders(file string, src []byte, first int, diags *diag.List) {
	marker := []byte(PlaceholderMarker)
	if !bytes.Contains(src, marker) {
		return
	}
	for i, line := range bytes.Split(src, []byte("\n")) {
		at := bytes.Index(line, marker)
		if at < 0 {
			continue
		}
		note := strings.TrimSpace(string(line[at+len(marker):]))
		note = strings.TrimSpace(strings.TrimSuffix(note, "-->"))
		note = strings.TrimRight(note, `."'`) // the end of a sentence or a quoted value
		if note == "" {
			note = "the text this marks"
		}
		diags.Warnf(file, first+i, at+1, diag.RulePlaceholder,
			"a placeholder is left to fill in (%s); write your own text in its place and delete the %q note", note, PlaceholderMarker)
	}
}
