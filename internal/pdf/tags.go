package pdf

// A kit is a tagged PDF (PDF/UA-1): besides the drawing, the file holds a
// structure tree that says what each piece of text is (the title, a
// block's heading, a list item, a table cell, a link) in reading order,
// which screen readers and reflowing viewers follow. The layout builds the
// tree while it places text: every op it adds belongs to the element being
// laid out, or is an artifact (backgrounds, rules, underlines) that
// assistive technology skips.

// elem is one structure element.
type elem struct {
	role  string // standard structure type: Document, H1, P, L, LI, Table, Link, Figure, …
	alt   string // Figure: alternate text; Link: what following it does
	scope string // TH: Column or Row
	kids  []kid
}

// kid is one child of an element, in reading order: an element, or
// content drawn for it.
type kid struct {
	elem *elem
	mark *marked
}

// marked is content that belongs to one element: page content, drawn as
// one or more marked-content sequences, or a link annotation.
type marked struct {
	parent *elem
	annot  bool  // a link annotation, not page content
	ids    []int // the MCIDs of its sequences, or the annotation's index, set while drawing
}

// child adds an element with role to e and returns it.
func (e *elem) child(role string) *elem {
	c := &elem{role: role}
	e.kids = append(e.kids, kid{elem: c})
	return c
}

// content returns the marked content that ops added to e now belong to:
// the last kid if it is content, so that consecutive ops share it.
func (e *elem) content() *marked {
	if n := len(e.kids); n > 0 && e.kids[n-1].mark != nil && !e.kids[n-1].mark.annot {
		return e.kids[n-1].mark
	}
	m := &marked{parent: e}
	e.kids = append(e.kids, kid{mark: m})
	return m
}

// enter makes a new element with role, a child of the current one, the
// current element, and returns the function that leaves it again:
//
//	defer l.enter("P")()
func (l *layout) enter(role string) func() {
	outer := l.tag
	l.tag = outer.child(role)
	return func() { l.tag = outer }
}

// add appends a drawing op that belongs to the current element.
func (l *layout) add(o op) {
	o.mark = l.tag.content()
	l.ops = append(l.ops, o)
}

// heading returns the role of a heading at level n, H1 to H6.
func heading(n int) string {
	return "H" + string(rune('0'+min(max(n, 1), 6)))
}
