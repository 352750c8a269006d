package content

import (
	"bytes"
	"hash/maphash"
	"io/fs"

	"github.com/kitgen/kitgen/internal/diag"
)

// LoadFront is LoadFile for a run that parses each page once and then
// drops its body, as a build does: the page keeps its decoded front matter
// and a copy of it as written, but not the file's bytes, and Parse reads
// the body from fsys again when the page is parsed. Holding every file's
// text from loading until its page was rendered was over half of a
// build's live heap (27 of 49 MB on the 10,000-page corpus, 350 MB of
// 100,000 pages); the price is a second open and read of each file.
func LoadFront(fsys fs.FS, file string, langs []string, diags *diag.List) (p *Page, ok bool) {
	return loadFile(fsys, file, langs, true, diags)
}

// unread is where the body of a page loaded by LoadFront is.
type unread struct {
	fsys    fs.FS
	start   int    // offset of the body in the file
	headSum uint64 // the file before the body: front matter and delimiters
}

var headSeed = maphash.MakeSeed()

// leaveUnread drops p's body, which split made the tail of src, and
// records where to read it again.
func leaveUnread(fsys fs.FS, src []byte, p *Page) {
	start := len(src) - len(p.Body)
	p.unread = &unread{fsys: fsys, start: start, headSum: maphash.Bytes(headSeed, src[:start])}
	p.Body = nil
	// Front is a slice of the front-matter parser's buffer, twice the
	// file's size; a copy lets it go.
	p.Front = bytes.Clone(p.Front)
}

// readBody reads p's body from its file again. A file whose front matter
// is no longer what was decoded changed during the build: its body is
// not read, and the Problem says so.
func (u *unread) readBody(p *Page) ([]byte, *Problem) {
	src, _, err := readPage(u.fsys, p.File)
	if err == nil && len(src) >= u.start && maphash.Bytes(headSeed, src[:u.start]) == u.headSum {
		return src[u.start:], nil
	}
	line := p.FrontLine - 1 // the opening delimiter
	if err != nil {
		return nil, &Problem{Line: line, Col: 1, Message: "the file could not be read again while kitgen was building: " + err.Error() + "; build again"}
	}
	return nil, &Problem{Line: line, Col: 1, Message: "the front matter changed while kitgen was building; build again once the file is saved"}
}
