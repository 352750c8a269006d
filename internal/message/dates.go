package message

import (
	"fmt"
	"regexp"
)

// dateRE finds a full calendar date, written the ways people write one,
// in English or in Spanish ("4 de marzo de 1961"), the languages kitgen
// ships tables for, since a message may be translated.
var dateRE = regexp.MustCompile(`(?i)\b(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:jan|ene|feb|mar|apr|abr|may|jun|jul|aug|ago|sep|sept|oct|nov|dec|dic)[a-z]*\.?,?\s+(?:de\s+)?\d{4})\b`)

// Dates reports every full date written in a template, subject and body.
// Pages may state dates, but a template goes to every recipient: a date
// in it is a patient's (a birth date, a visit) or an appointment's, and
// either belongs in a blank staff fill in. This is the patient-data rule
// made strict for messages.
func Dates(t *Template) []Problem {
	var out []Problem
	scan := func(text string, line, col int) {
		lineStart, start := 0, col
		locs := dateRE.FindAllStringIndex(text, -1)
		k := 0
		for i := 0; i <= len(text) && k < len(locs); i++ {
			for k < len(locs) && locs[k][0] == i {
				out = append(out, Problem{line, start + i - lineStart, fmt.Sprintf("%q is a date, and a message template holds placeholders, never patient details or appointment dates: write {{appointment_date}} or {{referral_date}} for staff to fill in, or {{kit.effective}} for the kit's date", text[locs[k][0]:locs[k][1]])})
				k++
			}
			if i < len(text) && text[i] == '\n' {
				line++
				lineStart, start = i+1, 1
			}
		}
	}
	scan(t.Subject, t.SubjectLine, t.SubjectCol)
	if t.Page != nil {
		scan(string(t.Page.Body), t.Page.BodyLine, 1)
	}
	return out
}
