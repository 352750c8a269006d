package content

import "testing"

// TestBareURLStaysText: GFM's linkify is off, so only written links are
// links; an <https://…> autolink still is one.
func TestBareURLStaysText(t *testing.T) {
	p := &Page{File: "content/a.md", Body: []byte("See https://example.org/a and <https://example.org/b>.\n"), BodyLine: 4}
	d := Parse(p)
	if len(d.Links) != 1 || d.Links[0].Dest != "https://example.org/b" {
		t.Errorf("links %+v, want only the <…> autolink", d.Links)
	}
}
