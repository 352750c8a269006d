package pdf

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/kit"
)

// TestKeepTogether sets a phone number, a number with its unit and a short
// parenthesis after fillers one character longer each time, so that in
// some paragraph each of them reaches the end of a line, and reads the
// PDF back: none may be split across lines, and the hyphens must come out
// as U+002D, also where the source has U+2011 (non-breaking hyphen).
func TestKeepTogether(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	var body []kit.Node
	const n = 23
	for k := range n {
		body = append(body, para(txt("Call "+strings.Repeat("x", 40+3*k)+" at (312) 555-0150 if LDL ≥ 12 mg/dL (PDF or fax) or 555‑0151.")))
	}
	d := cardiology()
	d.Blocks = []kit.Block{{Kind: kit.Section, Title: "Numbers", Body: body}}
	out, err := exec.Command(pdftotext, writeTemp(t, render(t, d)), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"(312) 555-0150", "≥ 12 mg/dL", "(PDF or fax)", "555-0151."} {
		if got := strings.Count(text, want); got != n {
			t.Errorf("%q is on one line %d times, want %d", want, got, n)
		}
	}
	if strings.ContainsAny(text, "\u2010\u2011\u2013") {
		t.Errorf("a hyphen was drawn as another character")
	}
	// The fillers must have pushed each phrase across a line end at
	// least once, or the test proves nothing.
	lines := strings.Split(text, "\n")
	moved := map[string]bool{}
	for _, l := range lines {
		for _, p := range []string{"(312)", "≥", "(PDF"} {
			if strings.HasPrefix(l, p) {
				moved[p] = true
			}
		}
	}
	if len(moved) != 3 {
		t.Errorf("only %v started a line; the test must wrap each phrase", moved)
	}
	if t.Failed() {
		t.Logf("extracted text:\n%s", text)
	}
}

// TestKeepTogetherRules checks which neighbouring words are joined.
func TestKeepTogetherRules(t *testing.T) {
	l := &layout{fonts: testFonts(t), s: 10}
	for _, c := range []struct{ in, want string }{
		{"call (312) 555-0150 now", "call|(312) 555-0150|now"},
		{"+44 20 7946 0958 today", "+44 20 7946 0958|today"},
		{"EF ≤ 40% or LDL ≥ 190 mg/dL, and", "EF|≤ 40%|or|LDL|≥ 190 mg/dL,|and"},
		{"rate < 40 or > 150 bpm", "rate|< 40|or|> 150 bpm"},
		{"for 3 days, then 60–90 minutes", "for|3 days,|then|60–90 minutes"},
		{"send (PDF or fax) today", "send|(PDF or fax)|today"},
		{"a (long aside that runs on) here", "a|(long|aside|that|runs|on)|here"},
		{"12 patients in 2025 were seen", "12|patients|in|2025|were|seen"},
		{"", ""},
		{"≥", "≥"},
	} {
		var got []string
		for _, w := range l.words(plain(c.in), textStyle{size: 10}) {
			got = append(got, w.text())
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%q: words %q, want %q", c.in, strings.Join(got, "|"), c.want)
		}
	}
}
