package content_test

import (
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// TestEveryAcceptedLanguageIsTranslated: each language name a provider's
// languages: accepts is printed on an English page as kitgen names it,
// and on a Spanish page by a Spanish name of its own from the shipped
// table, not the English one it would fall back to (Spanish writes
// language names in lower case, so the two never match).
func TestEveryAcceptedLanguageIsTranslated(t *testing.T) {
	var l diag.List
	s := i18n.Load(fstest.MapFS{}, []string{"en-US", "es-US"}, &l)
	if ds := l.Sorted(); len(ds) > 0 {
		t.Fatalf("shipped tables have findings: %v", ds)
	}
	en, es := s.For("en-US"), s.For("es-US")
	langs := content.AcceptedLanguages()
	if len(langs) < 150 {
		t.Fatalf("only %d accepted languages: the list is not the one content reads", len(langs))
	}
	for _, lang := range langs {
		if got := en.Languages([]content.Language{lang}); len(got) != 1 || got[0] != lang.Name {
			t.Errorf("en %v: %q, want %q as written", lang, got, lang.Name)
		}
		if text, _, ok := es.Own("lang_" + lang.Name); !ok || text == "" || text == lang.Name {
			t.Errorf("es.yaml has no Spanish name for %s (%q)", lang.Name, text)
		}
	}
}
