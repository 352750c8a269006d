package pdf

import (
	"regexp"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/kit"
)

// TestEmbedsOnlyUsedFonts checks that a kit embeds the faces it draws and
// no others: each embedded face costs fpdf several milliseconds per PDF.
// A provider list, a contact block and bold text use two faces; an
// italic run adds a third.
func TestEmbedsOnlyUsedFonts(t *testing.T) {
	doc := func(extra ...kit.Inline) *kit.Doc {
		return &kit.Doc{
			ID: "k", Title: "Kit", Audience: "Clinicians", Practice: "Practice", Language: "en-US",
			Version: 1, Effective: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), URL: "https://example.org/kits/k/",
			Blocks: []kit.Block{
				{Kind: kit.Section, Title: "Send", Body: []kit.Node{{Kind: kit.Paragraph, Inlines: append([]kit.Inline{{Text: "Plain and "}, {Text: "bold", Bold: true}}, extra...)}}},
				{Kind: kit.ProviderList, Title: "Providers", Providers: []kit.Provider{{Name: "José Núñez", Credentials: "MD", Role: "Cardiologist", Focus: []string{"Heart failure"}}}},
				{Kind: kit.ContactBlock, Title: "Contact", Contact: &kit.Contact{Name: "Loop", Phone: "(312) 555-0150", Fax: "(312) 555-0151"}},
			},
		}
	}
	// The font descriptors are written twice, by fpdf and renamed by the
	// tagging update; the font programs they point to are counted once.
	programs := func(b []byte) int {
		refs := map[string]bool{}
		for _, m := range regexp.MustCompile(`/FontFile2 (\d+) 0 R`).FindAllSubmatch(b, -1) {
			refs[string(m[1])] = true
		}
		return len(refs)
	}
	if n := programs(render(t, doc())); n != 2 {
		t.Errorf("a kit without italics embeds %d fonts, want 2 (regular and bold)", n)
	}
	if n := programs(render(t, doc(kit.Inline{Text: " and italic", Italic: true}))); n != 3 {
		t.Errorf("a kit with italics embeds %d fonts, want 3", n)
	}
}
