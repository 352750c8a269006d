package check_test

import (
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// rawPage has an HTML block (an embedded form), an inline script, an
// inline image split over two lines, a comment and HTML in a quote. The
// body starts on line 5.
var rawPage = page(`<iframe src="https://forms.example/referral" title="Referral form"></iframe>

Call us <script src="https://evil.example/a.js"></script> today. <!-- a note for editors -->

Our <img
  src="https://pixel.example/p.gif" alt=""> office.

> <div class="note">Quoted</div>
`)

// markdownPage says the same in Markdown.
var markdownPage = page(`[Referral form](https://forms.example/referral)

Call us today.

Our office.

> Quoted
`)

func TestRawHTML(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		// Comments and closing tags are not reported: a comment is meant
		// not to be shown, and a closing tag belongs to its opening tag.
		name:  "HTML in content is reported where it is written",
		rule:  "raw-html",
		files: map[string]string{"content/a.md": rawPage},
		want: []string{
			w("raw-html", "content/a.md", 5, 1),
			w("raw-html", "content/a.md", 7, 9),
			w("raw-html", "content/a.md", 9, 5),
			w("raw-html", "content/a.md", 12, 3),
		},
		fixed: map[string]string{"content/a.md": markdownPage},
	}, {
		name:  "a comment alone is not",
		rule:  "raw-html",
		files: map[string]string{"content/a.md": page("Text.\n\n<!-- TODO: add parking details -->\n")},
	}, {
		name:  "the rule can be turned off",
		rule:  "raw-html",
		files: map[string]string{"content/a.md": rawPage, "kitgen.yaml": baseSite["kitgen.yaml"] + "  rules: {raw-html: off}\n"},
	}})
}

// TestRawHTMLStrict: the warning fails a --strict build, so CI catches a
// pasted embed.
func TestRawHTMLStrict(t *testing.T) {
	res := checkSite(t, map[string]string{"content/a.md": page("<div>Hours</div>\n")}, pipeline.Options{Strict: true})
	if got := findings(res.Diags, "raw-html"); len(got) != 1 || got[0] != w("raw-html", "content/a.md", 5, 1) {
		t.Fatalf("raw-html findings: %q", got)
	}
}

func TestRawHTMLPrivacy(t *testing.T) {
	runRuleCases(t, []ruleCase{{
		// What raw HTML would load from another site is an error at the
		// address, even though kitgen leaves the HTML out: it is what the
		// editor meant to publish.
		name:  "script, frame and pixel in raw HTML",
		rule:  "privacy",
		files: map[string]string{"content/a.md": rawPage},
		want: []string{
			e("privacy", "content/a.md", 5, 14),
			e("privacy", "content/a.md", 7, 22),
			e("privacy", "content/a.md", 10, 8),
		},
		fixed: map[string]string{"content/a.md": markdownPage},
	}, {
		name:  "first-party addresses in raw HTML",
		rule:  "privacy",
		files: map[string]string{"content/a.md": page(`<img src="/assets/favicon.svg" alt=""> <iframe src="https://partners.example.org/form/"></iframe>` + "\n")},
	}, {
		// The browser decodes character references in a destination, so
		// &#104;ttps://… is an https address: a remote pixel.
		name:  "character references in an image address",
		rule:  "privacy",
		files: map[string]string{"content/a.md": page("![p](&#104;ttps://tracker.example/p.gif)\n\n![q](&#x2F;&#x2F;tracker.example/q.gif)\n")},
		want:  []string{e("privacy", "content/a.md", 5, 1), e("privacy", "content/a.md", 7, 1)},
		fixed: map[string]string{"content/a.md": page("![p](/assets/favicon.svg)\n")},
	}})
}
