package message

import (
	"fmt"
	"strings"
)

// Kind says what a placeholder stands for.
type Kind int

const (
	// Blank is a part staff fill in before sending: {{referring_office}}.
	Blank Kind = iota
	// Fact is a site fact, quoted the way kits quote it:
	// {{location.loop.phone}}, {{site.fax}}, {{kit.version}}.
	Fact
	// Section quotes a heading's section of a page, on a line of its own:
	// {{section guides/cardiology-referral#documents-to-send}}.
	Section
)

// Placeholder is one {{…}} of a template, where it is written.
type Placeholder struct {
	Raw  string // as written, braces included
	Kind Kind
	// Name is the blank's name, the fact's dotted name or the section's
	// page#heading-id.
	Name string
	Off  int // byte offset of the opening braces in the scanned text
	Line int
	Col  int // byte column, as every finding counts it
	// InSubject is set on the placeholders of a template's subject.
	InSubject bool
}

// Problem is a placeholder that cannot be read, where it is written.
type Problem struct {
	Line, Col int
	Message   string
}

// Scan finds the placeholders of text, whose first byte is at line:col of
// its file. A placeholder opens with {{ and closes with }} on the same
// line; inside, spaces around the name are allowed. It never fails: what
// it cannot read it reports as problems, and goes on.
func Scan(text string, line, col int) ([]Placeholder, []Problem) {
	var out []Placeholder
	var probs []Problem
	lineStart := 0 // offset of the current line's first byte
	startCol := col
	at := func(off int) (int, int) {
		return line, startCol + off - lineStart
	}
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\n':
			line++
			lineStart = i + 1
			startCol = 1
			continue
		case text[i] != '{' || i+1 >= len(text) || text[i+1] != '{':
			continue
		}
		l, c := at(i)
		end := strings.IndexByte(text[i:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		close := strings.Index(text[i+2:end], "}}")
		if close < 0 {
			probs = append(probs, Problem{l, c, "{{ is not closed on its line; write the placeholder as {{name}} on one line, or remove the braces"})
			i++
			continue
		}
		closeAt := i + 2 + close
		// A run of closing braces belongs to the placeholder: {{x}}} is a
		// placeholder with a stray brace inside, not {{x}} and a "}".
		for closeAt+2 < end && text[closeAt+2] == '}' {
			closeAt++
		}
		raw := text[i : closeAt+2]
		inner := strings.TrimSpace(text[i+2 : closeAt])
		p, msg := classify(raw, inner)
		if msg != "" {
			probs = append(probs, Problem{l, c, msg})
		} else {
			p.Off, p.Line, p.Col = i, l, c
			if p.Kind == Section && strings.TrimSpace(text[lineStart:i]+text[closeAt+2:end]) != "" {
				probs = append(probs, Problem{l, c, fmt.Sprintf("%s quotes a whole section, so it goes on a line of its own; move the text around it to lines before or after", raw)})
			} else {
				out = append(out, p)
			}
		}
		i = closeAt + 1
	}
	return out, probs
}

// classify reads the inside of a placeholder, or says why it cannot.
func classify(raw, inner string) (Placeholder, string) {
	p := Placeholder{Raw: raw}
	if inner == "" {
		return p, "{{}} is an empty placeholder; write a name such as {{referring_office}}, or remove the braces"
	}
	if ref, ok := strings.CutPrefix(inner, "section "); ok {
		ref = strings.TrimSpace(ref)
		page, id, found := strings.Cut(ref, "#")
		if !found || page == "" || id == "" || strings.ContainsAny(ref, " \t") {
			return p, fmt.Sprintf("%s must name a page and a heading: {{section guides/cardiology-referral#documents-to-send}}", raw)
		}
		p.Kind, p.Name = Section, ref
		return p, ""
	}
	for _, r := range inner {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return p, fmt.Sprintf("%s is not a placeholder: a name has letters, digits, _, - and dots only, e.g. {{referring_office}} or {{location.loop.phone}}; to quote a section write {{section PAGE#HEADING}}", raw)
		}
	}
	if strings.Contains(inner, ".") {
		if strings.HasPrefix(inner, ".") || strings.HasSuffix(inner, ".") || strings.Contains(inner, "..") {
			return p, fmt.Sprintf("%s has an empty part between dots; write a fact as {{site.phone}}, {{location.SLUG.phone}}, {{kit.version}} or {{kits.ID.url}}", raw)
		}
		p.Kind, p.Name = Fact, inner
		return p, ""
	}
	p.Kind, p.Name = Blank, inner
	return p, ""
}
