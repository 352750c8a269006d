package check

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// claimPatterns match the built-in overstated outcome claims in lowered text.
// Each starts with a literal, which regexp finds with a fast substring
// search, so a block without the word costs one scan per pattern; word
// boundaries before the literal are checked by hand for the same reason.
var claimPatterns = []pattern{
	newPattern(`guarantee(?:s|d|ing)?\b`),
	newPattern(`100\s*(?:%|percent)\s+(?:successful|success|effective)\b`),
	// "cure" is a whole word, so "secure" and "procure" pass.
	newPattern(`cures?\b`),
	newPattern(`world[\s-]class\b`),
	// "best in" only counts before a place: a region word, or a
	// capitalised name (checked on the original text), so "works best in
	// the morning" passes.
	newPattern(`best\s+in\s+(?:(?:the\s+)?(?:nation|country|world|state|region|city|area|midwest|us|u\.s\.|usa|america)\b|(\pL+))`),
}

// negations before a claim turn it into a disclaimer: "we cannot
// guarantee a date".
var negations = []string{"not", "no", "cannot", "can't", "can’t", "never", "don't", "don’t", "doesn't", "doesn’t", "won't", "won’t", "without", "nor"}

// ordinals before "#1" make it a number, not a ranking: "step #1".
var ordinals = []string{"step", "item", "form", "option", "part", "page", "line", "question", "room", "suite", "floor", "unit", "table", "figure", "appendix", "exhibit", "box", "building", "lot", "gate", "door", "entrance", "exit"}

const claimsFix = "say what the service does and the evidence for it instead (outcome data with its source), or silence the finding in the page's front matter with the reason"

// checkClaims reports wording that overstates outcomes, and the phrases
// the site lists in check.claims.
func checkClaims(r *ruleset, p *content.Page, c *chunk, diags *diag.List) {
	if c.block {
		return
	}
	report := func(start, end int) {
		if c.inCode(start, end) || negated(c.lower[:start]) {
			return
		}
		line, col := pos(p.Doc, c, start)
		diags.Errorf(p.File, line, col, diag.RuleClaims, "%q overstates what care can promise; %s", strings.TrimSpace(string(c.text[start:end])), claimsFix)
	}
	for _, pt := range claimPatterns {
		for _, m := range pt.find(c.lower) {
			if len(m) > 2 && m[2] >= 0 && !startsUpper(c.text[m[2]:m[3]]) {
				continue
			}
			report(m[0], m[1])
		}
	}
	// #1 as a ranking, not "step #1" or "issue#1".
	for off := 0; ; {
		k := bytes.Index(c.lower[off:], []byte("#1"))
		if k < 0 {
			break
		}
		start := off + k
		off = start + 2
		if (off < len(c.lower) && isAlnum(c.lower[off])) ||
			(start > 0 && (isAlnum(c.lower[start-1]) || c.lower[start-1] == '&')) ||
			lastWordIn(c.lower[:start], ordinals) {
			continue
		}
		report(start, off)
	}
	for _, phrase := range r.claims {
		for off := 0; ; {
			k := bytes.Index(c.lower[off:], phrase)
			if k < 0 {
				break
			}
			start, end := off+k, off+k+len(phrase)
			off = end
			if (start > 0 && isAlnum(c.lower[start-1]) && isAlnum(phrase[0])) ||
				(end < len(c.lower) && isAlnum(c.lower[end]) && isAlnum(phrase[len(phrase)-1])) {
				continue
			}
			report(start, end)
		}
	}
}

// negated reports whether one of the last three words of b is a negation.
func negated(b []byte) bool {
	words := bytes.Fields(b[max(0, len(b)-40):])
	if len(words) > 3 {
		words = words[len(words)-3:]
	}
	for _, w := range words {
		w = bytes.Trim(w, ",;:()\"“”")
		for _, n := range negations {
			if string(w) == n {
				return true
			}
		}
	}
	return false
}

// lastWordIn reports whether the last word of b is one of list.
func lastWordIn(b []byte, list []string) bool {
	words := bytes.Fields(b[max(0, len(b)-20):])
	if len(words) == 0 {
		return false
	}
	w := string(bytes.Trim(words[len(words)-1], ",;:()"))
	for _, x := range list {
		if w == x {
			return true
		}
	}
	return false
}

// startsUpper reports whether b starts with an upper-case letter.
func startsUpper(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsUpper(r)
}

// lowerASCII lowers ASCII letters only, so byte offsets stay the same.
func lowerASCII(s string) []byte {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}
