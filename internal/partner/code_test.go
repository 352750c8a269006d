package partner

import (
	"errors"
	"strings"
	"testing"
)

// every valid code, by its five symbols.
func allCodes(fn func(sym string)) {
	b := make([]byte, dataLen)
	var rec func(i int)
	rec = func(i int) {
		if i == dataLen {
			fn(string(b) + string(checkSymbol(string(b))))
			return
		}
		for j := 0; j < modulus; j++ {
			b[i] = Alphabet[j]
			rec(i + 1)
		}
	}
	rec(0)
}

func TestAlphabetLeavesOutMisreadCharacters(t *testing.T) {
	if len(Alphabet) != 29 {
		t.Fatalf("alphabet has %d symbols; the check symbol needs a prime number", len(Alphabet))
	}
	for _, r := range "0O1ILUS" {
		if strings.ContainsRune(Alphabet, r) {
			t.Errorf("alphabet has %q", r)
		}
	}
	seen := map[rune]bool{}
	for _, r := range Alphabet {
		if seen[r] {
			t.Errorf("alphabet repeats %q", r)
		}
		seen[r] = true
	}
}

// TestCheckSymbolCatchesEverySlip tries every valid code with every
// single substitution and every swap of neighbours: none may be valid.
func TestCheckSymbolCatchesEverySlip(t *testing.T) {
	n := 0
	allCodes(func(sym string) {
		n++
		if !valid(sym) {
			t.Fatalf("%s: generated check symbol is not valid", sym)
		}
		c := []byte(sym)
		for i := range c {
			orig := c[i]
			for j := 0; j < modulus; j++ {
				if Alphabet[j] == orig {
					continue
				}
				c[i] = Alphabet[j]
				if valid(string(c)) {
					t.Fatalf("%s → %s (substitution at %d) is valid", sym, c, i)
				}
			}
			c[i] = orig
		}
		for i := 0; i+1 < len(c); i++ {
			if c[i] == c[i+1] {
				continue
			}
			c[i], c[i+1] = c[i+1], c[i]
			if valid(string(c)) {
				t.Fatalf("%s → %s (swap at %d) is valid", sym, c, i)
			}
			c[i], c[i+1] = c[i+1], c[i]
		}
	})
	if n != 29*29*29*29 {
		t.Errorf("tried %d codes", n)
	}
}

func TestParseCode(t *testing.T) {
	good := "K7QX" + string(checkSymbol("K7QX"))
	written := format(good)
	for _, in := range []string{written, strings.ToLower(written), good, " " + good[:2] + " " + good[2:] + " "} {
		got, err := ParseCode(in)
		if err != nil || got != written {
			t.Errorf("ParseCode(%q) = %q, %v; want %q", in, got, err, written)
		}
	}
	bad := []struct{ in, reason string }{
		{"", "0 characters"},
		{"K7QX", "4 characters"},
		{"K7QX-WM", "6 characters"},
		{"K0QX-M", `"0" is not used`},
		{"KOQX-M", `"O" is not used`},
		{"K7QS-M", `"S" is not used`},
		{"K7Q*-M", `"*" is not used`},
		{"K7XQ-" + string(checkSymbol("K7QX")), "check character"},
	}
	for _, b := range bad {
		_, err := ParseCode(b.in)
		var ce *CodeError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), b.reason) {
			t.Errorf("ParseCode(%q) = %v; want an error saying %q", b.in, err, b.reason)
		}
	}
}

func TestCorrectionsFindTheMistypedCode(t *testing.T) {
	code := format("K7QX" + string(checkSymbol("K7QX")))
	sym := symbols(code)
	slips := []string{
		sym[:1] + "8" + sym[2:],                 // a substitution
		sym[:1] + sym[2:3] + sym[1:2] + sym[3:], // a swap
		sym[:4] + "S",                           // a character outside the alphabet
	}
	for _, s := range slips {
		if s == sym {
			continue
		}
		found := false
		for _, c := range Corrections(s) {
			found = found || c == code
		}
		if !found {
			t.Errorf("Corrections(%q) = %v; want it to include %s", s, Corrections(s), code)
		}
	}
	if got := Corrections("K7"); got != nil {
		t.Errorf("Corrections of a short code = %v, want none", got)
	}
}

func TestLookAlike(t *testing.T) {
	a := "K7QX" + string(checkSymbol("K7QX"))
	far := "ZZ99" + string(checkSymbol("ZZ99"))
	two := "K7QA" + string(checkSymbol("K7QA")) // data differs in one place, check in another
	swap := "7KQX" + string(checkSymbol("7KQX"))
	cases := []struct {
		a, b string
		want bool
	}{
		{a, a, true},
		{a, two, true},
		{a, swap, true},
		{format(a), format(two), true},
		{a, far, false},
		{a, "K7Q", false},
	}
	for _, c := range cases {
		if got := LookAlike(c.a, c.b); got != c.want {
			t.Errorf("LookAlike(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestGenerate(t *testing.T) {
	c1, err := Generate("Northside Family Medicine", nil)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Generate("Northside Family Medicine", nil); again != c1 {
		t.Errorf("Generate is not reproducible: %s then %s", c1, again)
	}
	if _, err := ParseCode(c1); err != nil {
		t.Errorf("generated code %s does not parse: %v", c1, err)
	}
	// A taken look-alike makes it choose another, unlike every taken one.
	taken := []string{c1}
	for i := 0; i < 200; i++ {
		c, err := Generate("Northside Family Medicine", taken)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range taken {
			if LookAlike(c, x) {
				t.Fatalf("generated %s, which looks like taken %s", c, x)
			}
		}
		taken = append(taken, c)
	}
	other, _ := Generate("Lakeview Pediatrics", nil)
	if other == c1 {
		t.Errorf("two names gave the same code %s", c1)
	}
}

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"K7QX-W", "k7qx m", "", "----", "ÄÖÜ-1", "K7QX-WMMM", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseCode(s)
		if err != nil {
			return
		}
		if again, err := ParseCode(code); err != nil || again != code {
			t.Fatalf("ParseCode(%q) = %q, which parses as %q, %v", s, code, again, err)
		}
		for _, c := range Corrections(code) {
			if LookAlike(c, code) == false {
				t.Fatalf("correction %s of %s is not a look-alike", c, code)
			}
		}
	})
}
