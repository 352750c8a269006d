package content_test

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// page decodes and parses a page whose body is body, as content/x.md.
func page(t *testing.T, body string) (*content.Page, *content.Document, []diag.Diagnostic) {
	t.Helper()
	var l diag.List
	p := content.Decode("content/x.md", []byte("---\ntitle: X\n---\n"+body), &l)
	if p == nil {
		return nil, nil, l.Sorted()
	}
	return p, content.Parse(p), l.Sorted()
}

// TestLimits: each input that makes goldmark's time grow with the square
// of its size (measured: 480 KB of "[a](" took 69 s, a list nested 5,000
// deep over 90 s) is cut off at a limit no editor reaches, and the page
// gets an error at the line where the limit was reached. The inputs are
// close to the largest page kitgen reads, so a limit that stops working
// shows as a test that runs for minutes.
func TestLimits(t *testing.T) {
	const mb = content.MaxPageSize - 100
	prose := "Text before.\n\n"
	tests := []struct {
		name, body string
		line       int // file line of the error; the body starts on line 4
		want       string
	}{
		{"unclosed links", prose + strings.Repeat("[a](", mb/4), 6, "links that are never finished"},
		{"open brackets", prose + strings.Repeat("[", mb), 6, `more than 32 "[" are open at once`},
		{"nested brackets", prose + strings.Repeat(strings.Repeat("[", 30)+strings.Repeat("]", 30), mb/60), 6, "more than 50000 links and images"},
		{"unclosed links on lines", prose + strings.Repeat("[a](\n", mb/5), 0, "links that are never finished"},
		{"reference openers", "[a]: /b\n\n" + strings.Repeat("[a][", mb/4), 6, `more than 32 "[" are open at once`},
		{"images", prose + strings.Repeat("![a", mb/6) + strings.Repeat("](b)", mb/8), 6, `more than 32 "[" are open at once`},
		{"nested list on one line", prose + strings.Repeat("- ", mb/2) + "a\n", 6, "nest more than 16 levels deep"},
		{"nested block quotes", prose + strings.Repeat(">", mb) + " a\n", 6, "nest more than 16 levels deep"},
		{"quotes and lists", prose + strings.Repeat("> - ", mb/4) + "a\n", 6, "nest more than 16 levels deep"},
		{"indented list", prose + func() string {
			var b strings.Builder
			for i := 0; b.Len() < mb-4000; i++ {
				b.WriteString(strings.Repeat("  ", i) + "- a\n")
			}
			return b.String()
		}(), 22, "nest more than 16 levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, doc, ds := page(t, tt.body)
			if p == nil {
				t.Fatalf("not decoded: %v", ds)
			}
			if len(doc.Problems) == 0 {
				t.Fatal("no limit reported")
			}
			pr := doc.Problems[0]
			if !strings.Contains(pr.Message, tt.want) || (tt.line > 0 && pr.Line != tt.line) || pr.Line < p.BodyLine || pr.Col < 1 {
				t.Errorf("problem %+v, want %q at line %d", pr, tt.want, tt.line)
			}
		})
	}
}

// TestNoLimitOnOrdinaryPages: the limits are far from what editors write:
// a page of ordinary prose and links near the size limit, a table of
// links, a list nested 16 deep and 32 brackets open stay within them.
func TestNoLimitOnOrdinaryPages(t *testing.T) {
	var b strings.Builder
	for b.Len() < content.MaxPageSize-200 {
		b.WriteString("Refer patients with [chest pain](/guides/cardiology/#red-flags) to *cardiology*; see [the form](/forms/a.pdf \"Form\").\n\n")
	}
	table := "| Provider | Page |\n|---|---|\n" + strings.Repeat("| Dr. A | [profile](/providers/a/) |\n", 5000)
	nested := ""
	for i := 0; i < content.MaxNesting; i++ {
		nested += strings.Repeat("  ", i) + "- level\n"
	}
	for name, body := range map[string]string{
		"prose":    b.String(),
		"table":    table,
		"nested":   nested,
		"quotes":   strings.Repeat(">", content.MaxNesting) + " deep\n",
		"brackets": strings.Repeat("[", content.MaxOpenBrackets) + " a\n",
	} {
		p, doc, ds := page(t, body)
		if p == nil {
			t.Fatalf("%s: not decoded: %v", name, ds)
		}
		if len(doc.Problems) > 0 {
			t.Errorf("%s: %+v", name, doc.Problems)
		}
	}
}

// TestPageSizeLimit: a page over 1 MiB is refused at line 1, before it is
// parsed; one just under is read.
func TestPageSizeLimit(t *testing.T) {
	head := "---\ntitle: X\n---\n"
	var l diag.List
	if p := content.Decode("content/x.md", []byte(head+strings.Repeat("a", content.MaxPageSize-len(head)+1)), &l); p != nil {
		t.Fatal("a page over the limit was decoded")
	}
	ds := l.Sorted()
	if len(ds) != 1 || ds[0].Line != 1 || !strings.Contains(ds[0].Message, "reads pages of up to 1 MiB — split it") {
		t.Fatalf("findings %v", ds)
	}
	l = diag.List{}
	if p := content.Decode("content/x.md", []byte(head+strings.Repeat("a", content.MaxPageSize-len(head))), &l); p == nil {
		t.Fatalf("a page of exactly the limit was refused: %v", l.Sorted())
	}
}
