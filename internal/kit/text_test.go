package kit

import (
	"strings"
	"testing"
)

// kitText returns the text of a block's body as a writer reads it: each
// node's runs joined, one node a line, list items flattened.
func kitText(ns []Node) string {
	var b strings.Builder
	var walk func(ns []Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			for _, in := range n.Inlines {
				b.WriteString(in.Text)
			}
			if len(n.Inlines) > 0 {
				b.WriteByte('\n')
			}
			for _, it := range n.Items {
				walk(it)
			}
			for _, row := range append([][]Cell{n.Header}, n.Rows...) {
				for i, c := range row {
					if i > 0 {
						b.WriteString(" | ")
					}
					for _, in := range c {
						b.WriteString(in.Text)
					}
				}
				if len(row) > 0 {
					b.WriteByte('\n')
				}
			}
		}
	}
	walk(ns)
	return strings.TrimSuffix(b.String(), "\n")
}

// TestResolveText checks that kit text holds the characters a reader sees:
// the typographer's curly quotes, apostrophes, dashes and ellipses as
// Unicode characters rather than HTML entities, backslash escapes and
// entity references resolved, and code spans left exactly as written.
func TestResolveText(t *testing.T) {
	src := `---
title: When to refer
audience: Clinicians
escalation: urgent
reviewed: 2026-01-01
---

## The patient's "worst ever" headache

Ask about the child's "worst ever" headache -- sudden... or not.
Literal \*stars\*, \_underscores\_ and \\ backslash; AT&amp;T &copy; &#8805; 3 &#x2264; 4.

- **Don't** wait: 'single' quotes.
- Code stays as written: ` + "`\\*` and `&amp;` and `\"q\"`" + `.

| Sign | Action |
|---|---|
| "Thunderclap" | Call 911 \| now |

![The clinic's "front" door](door.jpg)

## Routine referral

Nothing.
`
	s := site(t, src)
	r, f := resolve(t, s, `title: X kit
audience: Clinicians
page: services/cardiology
blocks:
  - section: guides/x#the-patients-worst-ever-headache
`)
	if f != "" {
		t.Fatal(f)
	}
	b := r.Doc.Blocks[0]
	if want := "The patient’s “worst ever” headache"; b.Title != want {
		t.Errorf("title = %q, want %q", b.Title, want)
	}
	want := `Ask about the child’s “worst ever” headache – sudden… or not. Literal *stars*, _underscores_ and \ backslash; AT&T © ≥ 3 ≤ 4.
Don’t wait: ‘single’ quotes.
Code stays as written: \* and &amp; and "q".
Sign | Action
“Thunderclap” | Call 911 | now
The clinic’s “front” door`
	if got := kitText(b.Body); got != want {
		t.Errorf("body text:\n%s\nwant:\n%s", got, want)
	}
	for _, n := range b.Body {
		for _, in := range n.Inlines {
			if in.Code && in.Text != `\*` && in.Text != "&amp;" && in.Text != `"q"` {
				t.Errorf("code span %q was changed", in.Text)
			}
		}
	}
}

// TestResolveLinkTargets: a link's target in a kit is the address the
// site's page links to, with entity references and backslash escapes
// resolved, so the PDF's link annotation leads where the page's link does.
func TestResolveLinkTargets(t *testing.T) {
	src := `---
title: When to refer
audience: Clinicians
escalation: urgent
reviewed: 2026-01-01
---

## Forms

- [Referral form](&#104;ttps://forms.example/referral?a=1&amp;b=2)
- [Fax cover](/assets/fax\_cover.pdf)
- [Guide](https://forms.example/plain)
`
	s := site(t, src)
	r, f := resolve(t, s, `title: X kit
audience: Clinicians
page: services/cardiology
blocks:
  - section: guides/x#forms
`)
	if f != "" {
		t.Fatal(f)
	}
	var links []string
	var walk func(ns []Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			for _, in := range n.Inlines {
				if in.Link != "" {
					links = append(links, in.Link)
				}
			}
			for _, it := range n.Items {
				walk(it)
			}
		}
	}
	walk(r.Doc.Blocks[0].Body)
	want := []string{"https://forms.example/referral?a=1&b=2", strings.TrimSuffix(s.Config.BaseURL, "/") + "/assets/fax_cover.pdf", "https://forms.example/plain"}
	if strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("link targets %q, want %q", links, want)
	}
}
