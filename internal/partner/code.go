package partner

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// A referral code is four data symbols and a check symbol, written
// K7QX-W. Codes are read aloud over the phone, written on intake forms
// and sent by fax, so the alphabet leaves out what is mistaken there:
// 0 and O, 1, I and L, U (read as V), and S (faxed as 5). That leaves 29
// symbols, a prime, so the check symbol can be a weighted sum modulo 29:
// with distinct non-zero weights, a sum modulo a prime changes under any
// single substitution (weight × difference ≠ 0) and any swap of two
// neighbours (difference of weights × difference of symbols ≠ 0). Luhn's
// and Damm's schemes need an alphabet of another size; the ISO 7064
// family is this same idea.
const Alphabet = "23456789ABCDEFGHJKMNPQRTVWXYZ"

const (
	dataLen  = 4
	codeLen  = dataLen + 1
	modulus  = len(Alphabet) // 29, prime
	example  = "K7QX-W"
	codeHelp = "a code is four characters, a dash and a check character, e.g. " + example
)

// values maps a byte to its position in Alphabet plus one; 0 is none.
var values = func() (v [256]int8) {
	for i := 0; i < len(Alphabet); i++ {
		v[Alphabet[i]] = int8(i + 1)
	}
	return v
}()

// value returns the position of r in Alphabet, or -1.
func value(r byte) int { return int(values[r]) - 1 }

// checkSymbol returns the check symbol of four data symbols: the one that
// makes Σ (i+1)·v_i over all five symbols a multiple of 29.
func checkSymbol(data string) byte {
	sum := 0
	for i := 0; i < len(data); i++ {
		sum += (i + 1) * value(data[i])
	}
	// (codeLen)·c ≡ −sum (mod 29): multiply by the inverse of codeLen.
	c := (modulus - sum%modulus) % modulus * inverse(codeLen) % modulus
	return Alphabet[c]
}

// inverse returns the inverse of n modulo the prime modulus.
func inverse(n int) int {
	for i := 1; i < modulus; i++ {
		if n*i%modulus == 1 {
			return i
		}
	}
	return 0
}

// valid reports whether five alphabet symbols carry a correct check symbol.
func valid(sym string) bool {
	if len(sym) != codeLen {
		return false
	}
	sum := 0
	for i := 0; i < codeLen; i++ {
		v := value(sym[i])
		if v < 0 {
			return false
		}
		sum += (i + 1) * v
	}
	return sum%modulus == 0
}

// Format writes five symbols as a code: K7QXM → K7QX-W.
func format(sym string) string { return sym[:dataLen] + "-" + sym[dataLen:] }

// symbols returns the five symbols of a code as typed: upper-cased, with
// spaces and dashes left out. It does not validate.
func symbols(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r == '-' || r == ' ' || r == '\t' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CodeError says why text is not a referral code.
type CodeError struct {
	Input  string
	Reason string
}

func (e *CodeError) Error() string {
	return fmt.Sprintf("%q is not a referral code: %s", e.Input, e.Reason)
}

// ParseCode reads a code as a person may type it (any case, with or
// without the dash, with spaces) and returns it in its written form,
// K7QX-W. It fails for a code of the wrong length, a character not in
// the alphabet (naming the one it may have meant) or a wrong check
// symbol, which is how a mistyped code is caught.
func ParseCode(s string) (string, error) {
	sym := symbols(s)
	if n := utf8.RuneCountInString(sym); n != codeLen {
		return "", &CodeError{s, fmt.Sprintf("it has %d characters; %s", n, codeHelp)}
	}
	for _, r := range sym {
		if !strings.ContainsRune(Alphabet, r) {
			return "", &CodeError{s, fmt.Sprintf("%q is not used in codes, which leave out 0, O, 1, I, L, U and S as easily misread; codes use only %s", string(r), Alphabet)}
		}
	}
	if !valid(sym) {
		return "", &CodeError{s, "its check character does not match, so a character was mistyped or two were swapped"}
	}
	return format(sym), nil
}

// Corrections returns the valid codes that one substitution or one swap
// of neighbours turns s into — the codes a mistyped s most likely was —
// in written form and sorted. A character outside the alphabet counts as
// a substitution.
func Corrections(s string) []string {
	sym := []byte(symbols(s))
	if len(sym) != codeLen {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	try := func(c []byte) {
		if k := string(c); valid(k) && !seen[k] && k != string(sym) {
			seen[k] = true
			out = append(out, format(k))
		}
	}
	for i := range sym {
		c := append([]byte(nil), sym...)
		for j := 0; j < modulus; j++ {
			c[i] = Alphabet[j]
			try(c)
		}
	}
	for i := 0; i+1 < len(sym); i++ {
		c := append([]byte(nil), sym...)
		c[i], c[i+1] = c[i+1], c[i]
		try(c)
	}
	sort.Strings(out)
	return out
}

// LookAlike reports whether two codes are easily mistaken for each
// other: they differ in at most two characters, or one is the other with
// two neighbours swapped. Two valid codes always differ in at least two
// characters (the check symbol sees to that), so a single slip never
// turns one partner's code into another's; LookAlike keeps a slip in two
// places from doing so either.
func LookAlike(a, b string) bool {
	x, y := symbols(a), symbols(b)
	if len(x) != len(y) {
		return false
	}
	diff := 0
	var at []int
	for i := 0; i < len(x); i++ {
		if x[i] != y[i] {
			diff++
			at = append(at, i)
		}
	}
	if diff <= 2 {
		return true
	}
	// A swap of neighbours in the data symbols changes the check symbol
	// too: three differences, two of them a swap.
	for i := 0; i+1 < len(x); i++ {
		if x[i] != x[i+1] && x[i] == y[i+1] && x[i+1] == y[i] && diff <= 3 {
			return true
		}
	}
	return false
}

// Generate returns a code for a partner named name that looks like none
// of taken. It depends only on its arguments, so the same name and the
// same existing codes give the same code: kitgen new partner is
// reproducible, and two people adding the same partner get the same
// code (and the duplicate is caught).
func Generate(name string, taken []string) (string, error) {
	for n := uint64(0); n < 1<<20; n++ {
		var salt [8]byte
		binary.BigEndian.PutUint64(salt[:], n)
		h := sha256.Sum256(append([]byte(strings.ToLower(strings.TrimSpace(name))+"\x00"), salt[:]...))
		data := make([]byte, dataLen)
		for i := range data {
			data[i] = Alphabet[int(binary.BigEndian.Uint16(h[2*i:]))%modulus]
		}
		code := format(string(data) + string(checkSymbol(string(data))))
		clash := false
		for _, t := range taken {
			if LookAlike(code, t) {
				clash = true
				break
			}
		}
		if !clash {
			return code, nil
		}
	}
	return "", errors.New("every referral code is taken or looks like one that is; give the partner a code: line by hand")
}
