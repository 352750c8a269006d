package content

import "testing"

func TestTelURL(t *testing.T) {
	for in, want := range map[string]string{
		"(312) 555-0110":   "tel:+13125550110",
		"1-312-555-0110":   "tel:+13125550110",
		"1 312 555 0110":   "tel:+13125550110",
		"911":              "tel:911",
		"988":              "tel:988",
		"+44 20 7946 0958": "tel:442079460958",
	} {
		if got := TelURL(in); got != want {
			t.Errorf("TelURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhoneDigits(t *testing.T) {
	for _, in := range []string{"(312) 555-0142", "312.555.0142", "+1 312 555 0142", "1-312-555-0142"} {
		if got := PhoneDigits(in); got != "3125550142" {
			t.Errorf("PhoneDigits(%q) = %q, want 3125550142", in, got)
		}
	}
}
