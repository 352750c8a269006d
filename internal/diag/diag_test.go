package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestSortedAndFormats(t *testing.T) {
	var l List
	l.Warnf("content/b.md", 3, 1, "freshness", "past its review date; review it")
	l.Errorf("content/a.md", 7, 2, "links", "link to /x/ goes nowhere: fix it")
	l.Errorf("content/a.md", 7, 2, "links", "link to /x/ goes nowhere: fix it") // found twice
	ds := l.Sorted()
	if len(ds) != 2 || ds[0].File != "content/a.md" {
		t.Fatalf("Sorted = %v, want a.md first and the duplicate dropped", ds)
	}
	if e, w := l.Count(); e != 2 || w != 1 || !l.Failed(false) {
		t.Errorf("Count = %d, %d", e, w)
	}

	var text bytes.Buffer
	Write(&text, ds, "text")
	want := "content/a.md:7:2: error: links: link to /x/ goes nowhere: fix it\ncontent/b.md:3:1: warning: freshness: past its review date; review it\n"
	if text.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), want)
	}

	var js bytes.Buffer
	Write(&js, ds, "json")
	var back []map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back) != 2 || back[0]["severity"] != "error" || back[1]["line"] != float64(3) {
		t.Errorf("json = %s (%v)", js.String(), err)
	}

	var gh bytes.Buffer
	Write(&gh, []Diagnostic{{File: "content/a,b.md", Line: 2, Col: 1, Severity: Error, Rule: "claims", Message: "100% sure\nsecond line"}}, "github")
	if got := gh.String(); got != "::error file=content/a%2Cb.md,line=2,col=1,title=claims::100%25 sure%0Asecond line\n" {
		t.Errorf("github annotation = %q", got)
	}

	var empty bytes.Buffer
	Write(&empty, nil, "json")
	if strings.TrimSpace(empty.String()) != "[]" {
		t.Errorf("no findings in JSON = %q, want []", empty.String())
	}
}

func TestStrictFailsOnWarnings(t *testing.T) {
	var l List
	l.Warnf("content/a.md", 1, 1, "a11y", "add alt text")
	if l.Failed(false) || !l.Failed(true) {
		t.Errorf("a warning must fail only under --strict")
	}
}

// TestNamesCannotInjectLines: a file name with a line break (git allows
// one) must stay on its finding's line in every format, or it could print
// a GitHub workflow command ("::add-mask::", "::error ...") of its own, or
// an escape sequence that rewrites the terminal.
func TestNamesCannotInjectLines(t *testing.T) {
	ds := []Diagnostic{{File: "assets/x\n::error file=a::forged\x1b[2J.css", Line: 0, Severity: Error, Rule: "assets",
		Message: "name \"x\" \u2028bad\r\nsecond"}}
	for _, format := range []string{"text", "github", "json"} {
		var b bytes.Buffer
		if err := Write(&b, ds, format); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if format != "json" && strings.Count(out, "\n") != 1 {
			t.Errorf("%s: %d lines for one finding:\n%s", format, strings.Count(out, "\n"), out)
		}
		if strings.ContainsAny(out, "\x1b\r\u2028") || strings.Contains(out, "\n::") {
			t.Errorf("%s: raw control characters in %q", format, out)
		}
	}
	want := `assets/x\n::error file=a::forged\x1b[2J.css: error: assets: name "x" \u2028bad\r\nsecond`
	if got := ds[0].String(); got != want {
		t.Errorf("String() = %s\nwant      %s", got, want)
	}
	// Ordinary names and messages are unchanged, accents included.
	d := Diagnostic{File: "content/providers/josé-núñez.md", Line: 3, Col: 1, Severity: Warning, Rule: "a11y", Message: "image has no alt text — add it"}
	if got := d.String(); got != "content/providers/josé-núñez.md:3:1: warning: a11y: image has no alt text — add it" {
		t.Errorf("String() = %s", got)
	}
}
