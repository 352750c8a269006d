package html

import (
	"io/fs"
	"testing"

	kitgen "github.com/kitgen/kitgen"
	"github.com/kitgen/kitgen/internal/content"
)

// TestPageTypesHaveLayouts checks that every page type of the model has a
// row here whose layout the built-in theme provides, so a site with only
// content/ renders each type with its own layout, not the generic page.
func TestPageTypesHaveLayouts(t *testing.T) {
	for _, pt := range content.PageTypes {
		row, ok := pageTypes[pt.Section]
		if !ok {
			t.Errorf("page type %q has no row in pageTypes", pt.Name)
			continue
		}
		if _, err := fs.Stat(kitgen.Theme, "layouts/"+row.Layout); err != nil {
			t.Errorf("page type %q: the theme has no layout %s", pt.Name, row.Layout)
		}
	}
	for section := range pageTypes {
		if content.TypeOf(section).Section != section {
			t.Errorf("pageTypes has a row for %q, which is no page type of the model", section)
		}
	}
}
