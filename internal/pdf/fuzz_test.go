package pdf

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/kitgen/kitgen/internal/kit"
)

// fuzzDoc builds a kit with every kind of block from strings a content
// editor could have written. Lists and table cells are separated by "|".
func fuzzDoc(title, practice, body, items, cells, url string, shape uint8) *kit.Doc {
	in := func(s string, i int) kit.Inline {
		return kit.Inline{Text: s, Bold: shape&1 != 0 && i%2 == 0, Italic: shape&2 != 0, Code: shape&4 != 0 && i%3 == 1, Link: url}
	}
	var listItems [][]kit.Node
	var row []kit.Cell
	for i, s := range strings.Split(items, "|") {
		listItems = append(listItems, []kit.Node{{Kind: kit.Paragraph, Inlines: []kit.Inline{in(s, i)}}})
	}
	for i, s := range strings.Split(cells, "|") {
		row = append(row, kit.Cell{in(s, i)})
	}
	nested := kit.Node{Kind: kit.List, Ordered: shape&8 != 0, Items: append(listItems,
		[]kit.Node{{Kind: kit.List, Items: listItems}})}
	paper := "letter"
	if shape&16 != 0 {
		paper = "a4"
	}
	return &kit.Doc{
		ID: "fuzz", Title: title, Practice: practice, Audience: body, Language: title,
		Keywords: []string{title, body}, Version: int(shape), Draft: shape&32 != 0,
		Effective: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), URL: url, Paper: paper,
		Blocks: []kit.Block{
			{Kind: kit.Urgent, Title: title, Body: []kit.Node{{Kind: kit.Paragraph, Inlines: []kit.Inline{in(body, 0), in(title, 1)}}}},
			{Kind: kit.Columns, Children: []kit.Block{
				{Kind: kit.Section, Title: practice, Body: []kit.Node{nested}},
				{Kind: kit.Section, Title: title, Body: []kit.Node{{Kind: kit.Heading, Level: int(shape % 7), Inlines: []kit.Inline{in(body, 2)}}}},
			}},
			{Kind: kit.Section, Body: []kit.Node{{Kind: kit.Table, Header: row, Rows: [][]kit.Cell{row, row[:len(row)/2]}}}},
			{Kind: kit.ProviderList, Providers: []kit.Provider{{Name: title, Credentials: practice, Role: body, Focus: strings.Split(items, "|"), URL: url}}},
			{Kind: kit.ContactBlock, Contact: &kit.Contact{Name: practice, Phone: cells, Fax: title, Email: body, EReferral: url,
				Hours: strings.Split(items, "|"), Address: []string{body}}},
		},
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Cardiology referral kit", "Lakeshore Heart & Vascular", "Chest pain at rest: call (312) 555-0199.",
		"Syncope|AF with ≥ 3 episodes|José Núñez", "Priority|Seen within|Examples",
		"https://example.org/kits/cardiology/", uint8(0))
	f.Add("", "", "", "", "", "", uint8(255))
	f.Add("Zoë Adeyemi-Łukasik — “DO”", "\xff\xfe bad", "tab\there\nnewline\u200b😀", "||||", "a|b|c|d|e|f|g|h",
		"tel:+13125550142", uint8(42))
	f.Add(strings.Repeat("W", 400), strings.Repeat("long words ", 60), strings.Repeat("x", 3000), "a", "b",
		"https://example.org/"+strings.Repeat("p", 200), uint8(7))
	fonts := testFonts(f)
	f.Fuzz(func(t *testing.T, title, practice, body, items, cells, url string, shape uint8) {
		b, err := Render(fuzzDoc(title, practice, body, items, cells, url, shape), fonts)
		if err != nil {
			var oe *OverflowError
			if errors.As(err, &oe) && !(oe.Over > 0) {
				t.Fatalf("overflow by %v mm", oe.Over)
			}
			return
		}
		n, err := api.PageCount(bytes.NewReader(b), pdfcpuConf())
		if err != nil {
			t.Fatalf("pdfcpu cannot read the PDF: %v", err)
		}
		if n != 1 {
			t.Fatalf("%d pages, want 1", n)
		}
	})
}
