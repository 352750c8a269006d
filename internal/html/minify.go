package html

import (
	"html/template"
	"io"

	"github.com/tdewolff/minify/v2"
	mcss "github.com/tdewolff/minify/v2/css"
	mhtml "github.com/tdewolff/minify/v2/html"
	mjs "github.com/tdewolff/minify/v2/js"
	msvg "github.com/tdewolff/minify/v2/svg"
)

// Pages are minified by minifying their layouts, once, as templates
// (tdewolff/minify reads Go template actions and leaves them, and the
// space around them, as they are), rather than minifying every rendered
// page: that pass was a sixth of a build's CPU time and made the pages
// of the 10,000-page corpus 3% smaller, of which this keeps two thirds.
// What a page inserts — the Markdown body as goldmark writes it, values
// escaped by html/template, JSON-LD as encoding/json writes it — is not
// minified; it has next to no spare whitespace.
var layoutMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true,
		TemplateDelims: mhtml.GoTemplateDelims})
	m.AddFunc("text/css", mcss.Minify)
	m.AddFunc("application/javascript", mjs.Minify)
	m.AddFunc("image/svg+xml", msvg.Minify)
	return m
}()

// minifiedLayout returns the source of layout file f minified, once per
// writer; the source as written when the minifier cannot read it.
func (w *Writer) minifiedLayout(f string, src []byte) []byte {
	if v, ok := w.mins.Load(f); ok {
		return v.([]byte)
	}
	out, err := layoutMinifier.Bytes("text/html", src)
	if err != nil {
		out = src
	}
	w.mins.Store(f, out)
	return out
}

// template returns the template set pages of a layout are rendered with:
// parsed from the minified layouts when minification is on. A layout that
// does not parse is reported as written, at its own line and column; one
// that parses only as written is used as written.
func (r *Renderer) template(name string) (*template.Template, error) {
	if t, ok := r.tmpl[name]; ok {
		return t, nil
	}
	t, err := r.parseSet(name, r.w.minify)
	if err != nil && r.w.minify {
		t, err = r.plainSet(name)
	}
	if err != nil {
		return nil, err
	}
	r.tmpl[name] = t
	return t, nil
}

// plainSet returns the template set of a layout as written.
func (r *Renderer) plainSet(name string) (*template.Template, error) {
	if t, ok := r.plain[name]; ok {
		return t, nil
	}
	t, err := r.parseSet(name, false)
	if err != nil {
		return nil, err
	}
	r.plain[name] = t
	return t, nil
}

// executeError reports a failed render at its position in the layouts as
// written: the minified layouts' lines and columns are not the editor's,
// so the page is rendered again from the layouts as written, which fail
// at the same action.
func (r *Renderer) executeError(layout string, d *Data, err error) error {
	if r.w.minify {
		if t, perr := r.plainSet(layout); perr == nil {
			if e := t.ExecuteTemplate(io.Discard, "baseof.html", d); e != nil {
				err = e
			}
		}
	}
	return layoutError(err)
}
