package pdf

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A line may break at any space, but some spaces join what a reader takes
// in as one thing, and a break there makes a kit misread: "(312)" at the
// end of one line and "555-0150" at the start of the next, or "≥" and
// "12 mg/dL" apart. keepTogether joins such words before lines are
// broken, so the space between them is kept like a non-breaking one
// without changing the characters a reader copies out of the PDF.

var (
	// number is a quantity: "12", "2,000", "0.5", "60–90", "40%".
	number = regexp.MustCompile(`^[(]?\d[\d,.]*(?:[–-]\d[\d,.]*)?%?$`)
	// digitGroup is a part of a phone number that another part may
	// follow: "(312)", "+1", "312".
	digitGroup = regexp.MustCompile(`^(?:\(\d{1,5}\)|\+\d{1,3}|\d{2,5})$`)
	// digitTail is the part that follows: "555-0150", "555.0150",
	// "7946", "0958.", "555-0150)".
	digitTail = regexp.MustCompile(`^\d[\d.-]*\d\)?[.,;:]?$|^\d{2,5}\)?[.,;:]?$`)
	// slashUnit is a compound unit: "mg/dL", "mL/min", "pg/mL".
	slashUnit = regexp.MustCompile(`^[A-Za-zµμ°]{1,5}/[A-Za-z0-9²³.]{1,8}$`)
)

// units are the units of measure and time a number is kept with.
var units = map[string]bool{}

func init() {
	for _, u := range strings.Fields(`% ° °C °F mg mcg µg μg g kg lb lbs oz mL ml L dL cL mm cm m km in ft
		mmHg bpm IU U mEq mmol mol Gy mSv s sec min mins minute minutes h hr hrs hour hours day days wk wks week weeks
		mo month months yr yrs year years`) {
		units[u] = true
	}
}

// signs are the comparison and tolerance signs that belong to the number
// after them.
const signs = "≥≤<>±~≈=≠"

// maxParen is the longest parenthesis, in characters with its brackets,
// that is kept on one line: "(PDF or fax)" reads as one word, a
// parenthetical sentence does not.
const maxParen = 16

// keepTogether joins words that should not be split across lines: a sign
// and its number, a number and its unit, the parts of a phone number and a
// short parenthesis.
func keepTogether(ws []word) []word {
	if len(ws) < 2 || !mayJoin(ws) {
		return ws
	}
	texts := make([]string, len(ws))
	for i := range ws {
		texts[i] = ws[i].text()
	}
	join := make([]bool, len(ws)) // join[i]: word i stays with word i-1
	for i := 1; i < len(ws); i++ {
		prev, cur := texts[i-1], texts[i]
		switch {
		case utf8.RuneCountInString(prev) == 1 && strings.Contains(signs, prev):
			join[i] = true
		case number.MatchString(prev) && isUnit(cur):
			join[i] = true
		case digitGroup.MatchString(prev) && digitTail.MatchString(cur):
			join[i] = true
		}
	}
	for i := range ws {
		if !strings.HasPrefix(texts[i], "(") || strings.Contains(texts[i], ")") {
			continue
		}
		n := utf8.RuneCountInString(texts[i])
		for j := i + 1; j < len(ws) && n <= maxParen; j++ {
			n += 1 + utf8.RuneCountInString(texts[j])
			if !strings.Contains(texts[j], ")") {
				continue
			}
			if n <= maxParen {
				for k := i + 1; k <= j; k++ {
					join[k] = true
				}
			}
			break
		}
	}
	out := ws[:1]
	for i := 1; i < len(ws); i++ {
		if !join[i] {
			out = append(out, ws[i])
			continue
		}
		last := &out[len(out)-1]
		prev, next := last.pieces[len(last.pieces)-1], ws[i].pieces[0]
		sp := prev
		sp.text, sp.w = " ", prev.fc.width(" ", prev.size)
		if prev.link != next.link {
			sp.link, sp.color, sp.quiet = "", next.color, next.quiet
			if prev.link == "" {
				sp.color = prev.color
			}
		}
		last.pieces = append(append(last.pieces, sp), ws[i].pieces...)
		last.w += sp.w + ws[i].w
	}
	return out
}

// mayJoin reports whether any word has a digit, a parenthesis or a sign,
// without which no rule applies: most text is words alone.
func mayJoin(ws []word) bool {
	for i := range ws {
		for _, p := range ws[i].pieces {
			if strings.ContainsAny(p.text, "0123456789("+signs) {
				return true
			}
		}
	}
	return false
}

// isUnit reports whether t, without trailing punctuation, is a unit.
func isUnit(t string) bool {
	t = strings.TrimRight(t, ".,;:)")
	return units[t] || slashUnit.MatchString(t)
}

// text returns the characters of the word.
func (w *word) text() string {
	if len(w.pieces) == 1 {
		return w.pieces[0].text
	}
	var b strings.Builder
	for _, p := range w.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}
