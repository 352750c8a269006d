// Package phone is kitgen's one model of a telephone number. It reads a
// number as an author writes it, says what is wrong with one nobody could
// dial, and writes it for people (Display), for machines (International)
// and for links (URI). The site, its JSON-LD, the kit PDF's text and link
// annotations, the kit page and the contact check all go through it, so
// they cannot disagree about a number.
package phone

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Kind says what sort of number a Number is.
type Kind int

const (
	// NANP is a North American number (the US, Canada, the Caribbean):
	// country code 1, a three-digit area code and a seven-digit number.
	NANP Kind = iota + 1
	// International is any other number, written with "+" and its country
	// code and kept in E.164 form: 8 to 15 digits in all.
	International
	// Short is a service number dialled as it is, such as 911 or 988.
	Short
)

// Number is a parsed phone number. The zero Number is no number.
type Number struct {
	kind   Kind
	digits string // NANP: the ten national digits; International: all digits, country code first; Short: the digits
	shown  string // International: the number as written, with "+" and single spaces
	ext    string // extension digits, if any
}

// example is the number error messages show as the shape to follow.
const example = "(312) 555-0142"

// extension matches an extension at the end of a written number:
// "ext. 123", "ext 123", "extension 123", "x123", "#123".
var extension = regexp.MustCompile(`(?i)[\s,;]*(?:ext\.?|extension|x|#)\s*(\d+)\s*$`)

// dashes are the hyphens and dashes word processors put into numbers;
// they separate digits like "-".
const dashes = "\u2010\u2011\u2012\u2013\u2014\u2212"

// Parse reads a number as an author writes it: "(312) 555-0142",
// "312.555.0142", "+1 312 555 0142" and "1-312-555-0142" are the same
// North American number; "+44 20 7946 0958" is an international one;
// "911" is a short service number; any of them may end in an extension
// ("ext. 123"). The error says what is wrong and how to write the number.
// Whether a short number is acceptable where it is written is the
// caller's decision (see Number.Kind).
func Parse(s string) (Number, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Number{}, errors.New("is empty; write the number, e.g. " + example + ", or leave the key out")
	}
	var n Number
	main := s
	if m := extension.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		main, n.ext = strings.TrimSpace(s[:m[0]]), s[m[2]:m[3]]
		if len(n.ext) > 6 {
			return Number{}, fmt.Errorf("has an extension of %d digits; an extension has at most 6, e.g. %s ext. 123", len(n.ext), example)
		}
	}
	if strings.HasPrefix(main, "+") {
		// "+44 (0)20 7946 0958": the 0 is dialled only inside the
		// country, never after its code.
		main = strings.Replace(main, "(0)", "", 1)
	}
	var digits strings.Builder
	plus := false
	for i, r := range main {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || r == '\u00a0' || r == '\u202f' || strings.ContainsRune(dashes, r):
		default:
			return Number{}, fmt.Errorf("contains %q; write the number in digits, e.g. %s, with any extension as \"ext. 123\"", r, example)
		}
	}
	d := digits.String()
	switch {
	case plus && strings.HasPrefix(d, "1"):
		if len(d) != 11 {
			return Number{}, fmt.Errorf("has %d digits after +1; a North American number has 10, e.g. +1 312 555 0142", len(d)-1)
		}
		n.kind, n.digits = NANP, d[1:]
	case plus:
		if d == "" || d[0] == '0' {
			return Number{}, errors.New("has no country code after the +; write it as + and the country code, e.g. +44 20 7946 0958")
		}
		if len(d) < 8 || len(d) > 15 {
			return Number{}, fmt.Errorf("has %d digits; an international number has 8 to 15 with its country code, e.g. +44 20 7946 0958", len(d))
		}
		n.kind, n.digits, n.shown = International, d, "+"+strings.Join(strings.Fields(strings.TrimPrefix(main, "+")), " ")
		if strings.HasPrefix(n.shown, "+ ") {
			n.shown = "+" + n.shown[2:]
		}
		return n, nil
	case len(d) == 10:
		n.kind, n.digits = NANP, d
	case len(d) == 11 && d[0] == '1':
		n.kind, n.digits = NANP, d[1:]
	case len(d) >= 3 && len(d) <= 6 && d == main && n.ext == "":
		n.kind, n.digits = Short, d
		return n, nil
	case len(d) == 7:
		return Number{}, fmt.Errorf("has no area code; write all 10 digits, e.g. %s", example)
	case len(d) == 11:
		return Number{}, errors.New("has 11 digits but does not start with 1; write an international number with + and its country code, e.g. +44 20 7946 0958")
	default:
		return Number{}, fmt.Errorf("has %d digits; a North American number has 10 (area code first), e.g. %s, and an international one starts with + and its country code", len(d), example)
	}
	if n.digits[0] < '2' || n.digits[3] < '2' {
		part, at := "area code", n.digits[:3]
		if n.digits[0] >= '2' {
			part, at = "exchange", n.digits[3:6]
		}
		return Number{}, fmt.Errorf("has the %s %s, which cannot start with 0 or 1; check the digits, e.g. %s", part, at, example)
	}
	return n, nil
}

// ParseURI reads the number of a tel: link. global is false for a link
// whose number, though valid, is not written in the global form RFC 3966
// asks for (tel:3125550142 rather than tel:+13125550142); a short number
// such as tel:911 is fine as it is.
func ParseURI(uri string) (n Number, global bool, err error) {
	if len(uri) < 4 || !strings.EqualFold(uri[:4], "tel:") {
		return Number{}, false, errors.New("is not a tel: link")
	}
	rest, err := url.PathUnescape(uri[4:])
	if err != nil {
		rest = uri[4:]
	}
	main, params, _ := strings.Cut(rest, ";")
	ext := ""
	for _, p := range strings.Split(params, ";") {
		if k, v, ok := strings.Cut(p, "="); ok && strings.EqualFold(k, "ext") {
			ext = v
		}
	}
	written := main
	if ext != "" {
		written += " ext. " + ext
	}
	n, err = Parse(written)
	if err != nil {
		return Number{}, false, err
	}
	return n, n.kind == Short || strings.HasPrefix(strings.TrimSpace(main), "+"), nil
}

// Local reports whether s is a seven-digit local number without its area
// code (555-0142): text may mention one, a contact field may not.
func Local(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n++
		case r == ' ' || r == '-' || r == '.' || strings.ContainsRune(dashes, r):
		default:
			return false
		}
	}
	return n == 7
}

// Kind returns the sort of number n is; 0 for the zero Number.
func (n Number) Kind() Kind { return n.kind }

// Ext returns the extension's digits, or "".
func (n Number) Ext() string { return n.ext }

// Key returns a text that is equal for two ways of writing the same
// number, extensions aside: the ten digits of a North American number
// ("3125550142"), "+" and the digits of an international one, the digits
// of a short one.
func (n Number) Key() string {
	if n.kind == International {
		return "+" + n.digits
	}
	return n.digits
}

// Display writes n for people, the same way everywhere: "(312) 555-0142",
// "(312) 555-0142 ext. 12", an international number as its author spaced
// it ("+44 20 7946 0958"), a short number as its digits.
func (n Number) Display() string {
	var s string
	switch n.kind {
	case NANP:
		s = "(" + n.digits[:3] + ") " + n.digits[3:6] + "-" + n.digits[6:]
	case International:
		s = n.shown
	default:
		s = n.digits
	}
	return s + n.extText()
}

// String is Display, so templates print a Number as people read it.
func (n Number) String() string { return n.Display() }

// International writes n with its country code, for machines that read
// text (JSON-LD telephone and faxNumber): "+1 312-555-0142",
// "+44 20 7946 0958". A short number has no country code and stays as it
// is.
func (n Number) International() string {
	switch n.kind {
	case NANP:
		return "+1 " + n.digits[:3] + "-" + n.digits[3:6] + "-" + n.digits[6:] + n.extText()
	default:
		return n.Display()
	}
}

// URI returns n as an RFC 3966 tel: URI: "tel:+13125550142",
// "tel:+13125550142;ext=12". A short number is dialled as written,
// "tel:911": given a country code it would dial abroad (+911 is India),
// and the phone-context RFC 3966 would add confuses some dialers.
func (n Number) URI() string {
	var s string
	switch n.kind {
	case NANP:
		s = "tel:+1" + n.digits
	case International:
		s = "tel:+" + n.digits
	case Short:
		s = "tel:" + n.digits
	default:
		return ""
	}
	if n.ext != "" {
		s += ";ext=" + n.ext
	}
	return s
}

func (n Number) extText() string {
	if n.ext == "" {
		return ""
	}
	return " ext. " + n.ext
}

// Format returns s in its display form. Numbers are checked when the site
// is loaded, so writers use this to print them; text that is not a number
// comes back unchanged.
func Format(s string) string {
	if n, err := Parse(s); err == nil {
		return n.Display()
	}
	return s
}

// URI returns the tel: URI of the number written s, or "" when s is not a
// number (there is then nothing to link).
func URI(s string) string {
	n, _ := Parse(s)
	return n.URI()
}

// InternationalFormat returns s with its country code, or s unchanged
// when it is not a number.
func InternationalFormat(s string) string {
	if n, err := Parse(s); err == nil {
		return n.International()
	}
	return s
}
