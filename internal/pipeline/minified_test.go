package pipeline

import (
	"testing"

	"github.com/tdewolff/minify/v2"
	mcss "github.com/tdewolff/minify/v2/css"
	mhtml "github.com/tdewolff/minify/v2/html"
	mjs "github.com/tdewolff/minify/v2/js"
	mjson "github.com/tdewolff/minify/v2/json"
	msvg "github.com/tdewolff/minify/v2/svg"
)

// pageMinifier minifies whole pages, as kitgen did before it minified
// layouts instead.
var pageMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", mcss.Minify)
	m.AddFunc("application/javascript", mjs.Minify)
	m.AddFunc("application/ld+json", mjson.Minify)
	m.AddFunc("image/svg+xml", msvg.Minify)
	return m
}()

// FullyMinified returns a page minified whole: one spelling of its
// markup (attribute quotes, character references, spaces between
// blocks), whatever the layouts and Markdown wrote, which is the form the
// tests that look for markup in pages write what they look for in.
func FullyMinified(t testing.TB, page string) string {
	t.Helper()
	out, err := pageMinifier.String("text/html", page)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
