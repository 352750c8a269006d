package content

import (
	"strings"

	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// NPICheckDigit returns the check digit of a National Provider Identifier
// whose first nine digits are given: the Luhn digit of those nine digits
// prefixed with 80840, the prefix the NPI standard (45 CFR 162.406) uses
// so that an NPI is a valid card number in the health-care range.
func NPICheckDigit(first9 string) byte {
	s := "80840" + first9
	sum := 0
	// Luhn doubles every second digit from the right, starting with the
	// rightmost digit of the number without its check digit.
	for i := len(s) - 1; i >= 0; i-- {
		n := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return byte('0' + (10-sum%10)%10)
}

// npiTo decodes a provider's ten-digit NPI into dst; a number whose check
// digit is wrong is reported with the digit it should end in, since a
// mistyped NPI sends a claim or a referral to nobody.
func npiTo(d *schema.Decoder, dst *string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		s, ok := d.Code(v, key)
		s = strings.TrimSpace(s)
		if !ok || s == "" {
			return // empty says nothing, as an empty key does
		}
		if len(s) != 10 || strings.Trim(s, "0123456789") != "" {
			d.Errorf(v, "%s %q is not an NPI; an NPI is 10 digits, e.g. npi: \"1234567893\" (look it up in the NPPES registry)", key, s)
			return
		}
		if s[0] != '1' && s[0] != '2' {
			d.Errorf(v, "%s %q is not an NPI; every NPI starts with 1 (a person) or 2 (an organization)", key, s)
			return
		}
		if want := NPICheckDigit(s[:9]); s[9] != want {
			d.Errorf(v, "%s %q fails the NPI check digit: a number starting %s ends in %c, not %c; check the number in the NPPES registry", key, s, s[:9], want, s[9])
			return
		}
		*dst = s
	}
}

// clinicDaysTo decodes day codes ("Tu,Th" or "Mo-We") into dst.
func clinicDaysTo(d *schema.Decoder, dst *string, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		s, ok := d.Text(v, key)
		s = strings.TrimSpace(s)
		if !ok || s == "" {
			return
		}
		if _, ok := DaysText(s); !ok {
			d.Errorf(v, "%s %q is not a list of days kitgen understands; use two-letter codes such as Tu,Th or Mo-We", key, s)
			return
		}
		*dst = s
	}
}
