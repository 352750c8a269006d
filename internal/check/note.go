package check

import (
	"bytes"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
)

// KitNote runs the rules for published words on a kit's change note,
// which the kit page's changelog and the feed show to referring offices:
// patient identifiers, overstated claims, and phone numbers that are not
// the practice's. Findings point into the kit file, at the note's words.
func KitNote(in *Input, def *kit.Definition, diags *diag.List) {
	if def == nil || def.Note == "" {
		return
	}
	r := in.prepare()
	doc := content.TextDocument(def.Raw)
	p := &content.Page{File: def.File, Doc: doc}
	c := &chunk{}
	if off, ok := noteOffset(def); ok {
		c.add([]byte(def.Note), off)
	} else {
		// A quoted note with escapes is not its source bytes; its findings
		// point at where it starts.
		c.addSynthetic([]byte(def.Note), max(lineStart(def.Raw, def.NoteLine)+def.NoteCol-1, 0))
	}
	c.finish()
	checkContact(r, p, c, diags)
	checkPatient(p, c, diags)
	checkClaims(r, p, c, diags)
}

// noteOffset returns the byte offset of the note's text in the kit file,
// and whether the text is written there as it reads.
func noteOffset(def *kit.Definition) (int, bool) {
	start := lineStart(def.Raw, def.NoteLine)
	if start < 0 {
		return 0, false
	}
	line := def.Raw[start:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	// The column counts characters; the note's key and any quote before
	// the text are ASCII, so it counts bytes up to the text.
	at := def.NoteCol - 1
	if at < 0 || at > len(line) {
		return 0, false
	}
	if at < len(line) && (line[at] == '"' || line[at] == '\'') {
		at++
	}
	if !bytes.HasPrefix(line[at:], []byte(def.Note)) {
		return 0, false
	}
	return start + at, true
}

// lineStart returns the byte offset where line n (1-based) of src starts,
// or -1.
func lineStart(src []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src[off:], '\n')
		if j < 0 {
			return -1
		}
		off += j + 1
	}
	return off
}
