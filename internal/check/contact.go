package check

import (
	"fmt"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/phone"
)

// numbers holds the phone and fax numbers text may mention: the canonical
// contact facts and check.allow_numbers, each normalised to its digits.
type numbers struct {
	full  map[string]string // ten digits → where the number is written
	local map[string]string // last seven digits → where, for 555-0142
	short map[string]bool   // 911, 988 and other short numbers
	list  []canonical       // for "did you mean"
}

type canonical struct{ digits, label, text string }

func newNumbers(site *content.Site) *numbers {
	ns := &numbers{full: map[string]string{}, local: map[string]string{}, short: map[string]bool{"911": true, "988": true}}
	cfg := site.Config
	ns.add(cfg.Contact.Phone, "the practice phone (contact.phone in kitgen.yaml)", true)
	ns.add(cfg.Contact.Fax, "the practice fax (contact.fax in kitgen.yaml)", true)
	for _, l := range cfg.Lines {
		ns.add(l.Phone, fmt.Sprintf("%s (lines.%s in kitgen.yaml)", l.Label, l.Key), true)
	}
	for _, p := range site.Pages {
		if p.Location() == nil {
			continue
		}
		ns.add(p.Location().Phone, fmt.Sprintf("the %s phone (%s)", p.Title, p.File), true)
		ns.add(p.Location().Fax, fmt.Sprintf("the %s fax (%s)", p.Title, p.File), true)
	}
	for _, a := range cfg.Check.AllowNumbers {
		ns.add(a, "", false)
	}
	return ns
}

func (ns *numbers) add(s, label string, suggest bool) {
	n, err := phone.Parse(s)
	if err != nil {
		if phone.Local(s) {
			ns.local[strings.Map(keepDigit, s)] = label
		}
		return // reported where s is written
	}
	switch d := n.Key(); n.Kind() {
	case phone.NANP:
		if _, ok := ns.full[d]; !ok {
			ns.full[d] = label
		}
		if _, ok := ns.local[d[3:]]; !ok {
			ns.local[d[3:]] = label
		}
		if suggest {
			ns.list = append(ns.list, canonical{d, label, n.Display()})
		}
	case phone.International:
		ns.full[d] = label
	case phone.Short:
		ns.short[d] = true
	}
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

func (ns *numbers) known(digits string) bool {
	if len(digits) == 7 {
		_, ok := ns.local[digits]
		return ok
	}
	_, ok := ns.full[digits]
	return ok || ns.short[digits]
}

// nearest names a canonical number that differs from digits in at most
// two places: the usual shape of a stale or mistyped number.
func (ns *numbers) nearest(digits string) string {
	best, bestD := "", 3
	for _, c := range ns.list {
		cd := c.digits
		if len(digits) == 7 {
			cd = cd[3:]
		}
		if len(cd) != len(digits) {
			continue
		}
		d := 0
		for i := range cd {
			if cd[i] != digits[i] {
				d++
			}
		}
		if d < bestD {
			best, bestD = fmt.Sprintf("; did you mean %s, %s?", c.text, c.label), d
		}
	}
	return best
}

const contactFix = "use the number from the location page or kitgen.yaml, or add it to check.allow_numbers in kitgen.yaml if it belongs to another organisation"

// checkContact reports phone and fax numbers in a text block that are not
// the practice's canonical numbers.
func checkContact(r *ruleset, p *content.Page, c *chunk, diags *diag.List) {
	if c.digits < 7 || c.block {
		return
	}
	scanPhones(c.text, func(start, end int, digits string) {
		if r.numbers.known(digits) || c.inCode(start, end) {
			return
		}
		line, col := pos(p.Doc, c, start)
		diags.Errorf(p.File, line, col, diag.RuleContact, "phone number %s is not one of the practice's numbers%s; %s",
			c.text[start:end], r.numbers.nearest(digits), contactFix)
	})
}

// checkTelLink reports tel: links that dial a number that is not
// canonical, unless the link text shows that same number (the text scan
// reports it then).
func checkTelLink(r *ruleset, p *content.Page, l content.Link, diags *diag.List) {
	n, _, err := phone.ParseURI(l.Dest)
	d := n.Key()
	if err != nil || n.Kind() != phone.NANP || r.numbers.known(d) {
		return // a link that cannot be dialled is the links rule's
	}
	shown := false
	scanPhones([]byte(l.Text), func(_, _ int, digits string) { shown = shown || digits == d })
	if shown {
		return
	}
	diags.Errorf(p.File, l.Line, l.Col, diag.RuleContact, "link %s dials a number that is not one of the practice's numbers%s; %s",
		l.Dest, r.numbers.nearest(d), contactFix)
}

// scanPhones calls fn for every North American phone number in b written
// with separators: (312) 555-0142, 312-555-0142, 312.555.0142,
// +1 312 555 0142, 1-800-222-1222, or the seven-digit 555-0142. digits is
// the normalised number (ten digits, or seven). A bare run of digits is
// not taken for a phone number (it is an NPI, an order number, a ZIP+4),
// nor are dates, ranges or numbers glued to other digits.
func scanPhones(b []byte, fn func(start, end int, digits string)) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '+' && c != '(' && !isDigit(c) {
			continue
		}
		if !phoneBoundaryBefore(b, i) {
			continue
		}
		if end, d, ok := phoneAt(b, i); ok {
			fn(i, end, d)
			i = end - 1
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '_'
}

// phoneBoundaryBefore reports whether a number may start at i: not in the
// middle of a word or of a longer number such as 60654-1234 or 1.2.
func phoneBoundaryBefore(b []byte, i int) bool {
	if i == 0 {
		return true
	}
	p := b[i-1]
	if isAlnum(p) || p == '$' || p == '#' || p == '/' || p == '+' {
		return false
	}
	if (p == '-' || p == '.') && i >= 2 && isDigit(b[i-2]) {
		return false
	}
	return true
}

// phoneBoundaryAfter reports whether a number may end at i.
func phoneBoundaryAfter(b []byte, i int) bool {
	if i >= len(b) {
		return true
	}
	c := b[i]
	if isAlnum(c) || c == '%' || c == '/' {
		return false
	}
	if (c == '-' || c == '.') && i+1 < len(b) && isDigit(b[i+1]) {
		return false
	}
	return true
}

func digitsAt(b []byte, i, n int) bool {
	if i < 0 || i+n > len(b) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isDigit(b[k]) {
			return false
		}
	}
	return true
}

func isSep(c byte) bool { return c == '-' || c == '.' || c == ' ' }

// phoneAt reads a number starting at i and returns its end and digits.
func phoneAt(b []byte, i int) (end int, digits string, ok bool) {
	j := i
	country := false
	switch {
	case b[j] == '+':
		if j+1 >= len(b) || b[j+1] != '1' {
			return 0, "", false
		}
		j += 2
		if j < len(b) && isSep(b[j]) {
			j++
		}
		country = true
	case b[j] == '1' && j+2 < len(b) && isSep(b[j+1]) && (b[j+2] == '(' || isDigit(b[j+2])):
		if e, d, ok := tenDigits(b, j+2); ok {
			return e, d, true
		}
	}
	if e, d, ok := tenDigits(b, j); ok {
		return e, d, true
	}
	if country {
		return 0, "", false
	}
	// 555-0142: a seven-digit local number needs a dash or a dot and a
	// real exchange (2-9), so "100-1500 mg" is not one.
	if digitsAt(b, j, 3) && b[j] >= '2' && j+3 < len(b) && (b[j+3] == '-' || b[j+3] == '.') && digitsAt(b, j+4, 4) && phoneBoundaryAfter(b, j+8) {
		return j + 8, string(b[j:j+3]) + string(b[j+4:j+8]), true
	}
	return 0, "", false
}

// tenDigits reads an area code, exchange and line number starting at j.
// Area code and exchange start with 2-9, as every North American number
// does, which keeps part numbers and placeholders such as 123-456-7890
// out.
func tenDigits(b []byte, j int) (end int, digits string, ok bool) {
	var area []byte
	switch {
	case j < len(b) && b[j] == '(':
		if !digitsAt(b, j+1, 3) || j+4 >= len(b) || b[j+4] != ')' {
			return 0, "", false
		}
		area = b[j+1 : j+4]
		j += 5
		if j < len(b) && isSep(b[j]) {
			j++
		} else if j+1 < len(b) && b[j] == 0xc2 && b[j+1] == 0xa0 { // no-break space
			j += 2
		}
	case digitsAt(b, j, 3) && j+3 < len(b) && isSep(b[j+3]):
		area = b[j : j+3]
		j += 4
	default:
		return 0, "", false
	}
	if area[0] < '2' || !digitsAt(b, j, 3) || b[j] < '2' || j+3 >= len(b) || !isSep(b[j+3]) || !digitsAt(b, j+4, 4) {
		return 0, "", false
	}
	if !phoneBoundaryAfter(b, j+8) {
		return 0, "", false
	}
	return j + 8, string(area) + string(b[j:j+3]) + string(b[j+4:j+8]), true
}
