package check

import (
	"bytes"
	"regexp"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// The patterns need a keyword or a full date, so that a phone number, a
// year or a lab value is never taken for a patient identifier. They match
// lowered text and start with a literal, which regexp finds with a fast
// substring search.
const datePattern = `(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|` +
	`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|` +
	`\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})\b`

const idTail = `\s*(?:#|:|no\b\.?|number|is)?\s*[:#]?\s*`

var (
	mrnPatterns = []pattern{
		newPattern(`mr(?:n\b|#)` + idTail + `[a-z]{0,3}\d{5,12}\b`),
		newPattern(`medical\s+record\s+(?:number|no\b\.?|#)?` + idTail + `[a-z]{0,3}\d{5,12}\b`),
	}
	dobPatterns = []pattern{
		newPattern(`dob\b\s*(?:is\s+|was\s+)?[:#-]?\s*` + datePattern),
		newPattern(`d\.o\.b\.?\s*(?:is\s+|was\s+)?[:#-]?\s*` + datePattern),
		newPattern(`date\s+of\s+birth\s*(?:is\s+|was\s+)?[:#-]?\s*` + datePattern),
		newPattern(`birth\s*date\s*(?:is\s+|was\s+)?[:#-]?\s*` + datePattern),
	}
	// "born 1961-04-12" only counts next to a name: "Jane Doe, born …".
	bornPattern = newPattern(`born\s+(?:on\s+)?` + datePattern)
	nameRE      = regexp.MustCompile(`\p{Lu}\p{Ll}+\.?\s+(?:\p{Lu}\.\s+)?\p{Lu}[\p{Ll}'’-]+`)
	ssnPatterns = []pattern{
		newPattern(`ss(?:n\b|#)\s*[:#]?\s*\d{3}[- ]?\d{2}[- ]?\d{4}\b`),
		newPattern(`social\s+security(?:\s+(?:number|no\b\.?|#))?\s*[:#]?\s*\d{3}[- ]?\d{2}[- ]?\d{4}\b`),
	}
)

const patientFix = "remove it: the site and kits are public; describe the case without identifiers, or use an obviously made-up example"

// checkPatient reports text that looks like a patient identifier: a
// medical record number, a date of birth, a Social Security number. Code
// is scanned too: an identifier in a code block is still published.
func checkPatient(p *content.Page, c *chunk, diags *diag.List) {
	if c.digits < 4 {
		return
	}
	report := func(start int, what string) {
		line, col := pos(p.Doc, c, start)
		diags.Errorf(p.File, line, col, diag.RulePatientData, "this looks like %s; %s", what, patientFix)
	}
	find := func(ps []pattern, what string) (found [][]int) {
		for _, p := range ps {
			for _, m := range p.find(c.lower) {
				report(m[0], what)
				found = append(found, m)
			}
		}
		return found
	}
	find(mrnPatterns, "a medical record number")
	find(dobPatterns, "a date of birth")
	for _, m := range bornPattern.find(c.lower) {
		if nameBefore(c.text, m[0]) {
			report(m[0], "a date of birth next to a name")
		}
	}
	keyed := find(ssnPatterns, "a Social Security number")
	scanSSN(c.text, func(start int) {
		for _, m := range keyed {
			if start >= m[0] && start < m[1] {
				return
			}
		}
		report(start, "a Social Security number")
	})
}

// nameBefore reports whether a capitalised name (two capitalised words)
// appears in the same sentence, within a few words before i.
func nameBefore(b []byte, i int) bool {
	w := b[max(0, i-60):i]
	for k := len(w) - 1; k >= 0; k-- {
		c := w[k]
		if c == ';' || c == '!' || c == '?' || (c == '.' && !isTitle(w[:k]) && !isInitial(w[:k])) {
			w = w[k+1:]
			break
		}
	}
	return nameRE.Match(w)
}

// isTitle reports whether b ends with a title whose period does not end
// the sentence: "Mr. Smith".
func isTitle(b []byte) bool {
	for _, t := range []string{"Mr", "Mrs", "Ms", "Dr", "Mx"} {
		if bytes.HasSuffix(b, []byte(t)) && (len(b) == len(t) || !isAlnum(b[len(b)-len(t)-1])) {
			return true
		}
	}
	return false
}

// isInitial reports whether b ends with a single capital letter, as in
// "Jane Q. Doe", whose period does not end the sentence.
func isInitial(b []byte) bool {
	n := len(b)
	return n >= 1 && 'A' <= b[n-1] && b[n-1] <= 'Z' && (n == 1 || b[n-2] == ' ')
}

// scanSSN finds NNN-NN-NNNN with an area, group and serial that the Social
// Security Administration issues (no 000, 666, 9xx, 00 or 0000), not glued
// to other digits or dashes. Phone numbers have a different shape
// (NNN-NNN-NNNN).
func scanSSN(b []byte, fn func(start int)) {
	for i := 0; i+11 <= len(b); i++ {
		if b[i+3] != '-' || b[i+6] != '-' {
			continue
		}
		if !digitsAt(b, i, 3) || !digitsAt(b, i+4, 2) || !digitsAt(b, i+7, 4) {
			continue
		}
		if i > 0 && (isAlnum(b[i-1]) || b[i-1] == '-') {
			continue
		}
		if e := i + 11; e < len(b) && (isAlnum(b[e]) || (b[e] == '-' && e+1 < len(b) && isDigit(b[e+1]))) {
			continue
		}
		area, group, serial := string(b[i:i+3]), string(b[i+4:i+6]), string(b[i+7:i+11])
		if area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000" {
			continue
		}
		fn(i)
		i += 10
	}
}
