package check

import (
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// Text runs the patient-data and claims rules over text that is not a
// page, such as a partner's name and note: a partner file is committed
// and its note read by every editor, so patient identifiers have no place
// there either, and a note is where outreach wording is drafted. line and
// col are where text starts in file; each finding is placed from there.
func Text(in *Input, file string, line, col int, text string, diags *diag.List) {
	if text == "" {
		return
	}
	r := in.prepare()
	p := &content.Page{File: file, Doc: &content.Document{Source: []byte(text)}}
	c := &chunk{}
	c.add([]byte(text), 0)
	c.finish()
	local := &diag.List{}
	checkPatient(p, c, local)
	checkClaims(r, p, c, local)
	for _, d := range local.Sorted() {
		// The text's lines count from 0 here; its first line starts at col.
		if d.Line == 0 {
			d.Col += col - 1
		}
		d.Line += line
		diags.Add(d)
	}
}
