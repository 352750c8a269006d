package content

// PhoneDigits returns the digits of a printed phone number without the
// North American country code, so "(312) 555-0142", "312.555.0142" and
// "+1 312 555 0142" compare equal. Every writer and check that compares or
// dials a number goes through it.
func PhoneDigits(s string) string {
	d := allDigits(s)
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return d
}

// TelURL turns a printed number into a tel: URL. Only a North American
// number gets a country code: "911" must dial 911, not +911 (India).
func TelURL(phone string) string {
	if d := PhoneDigits(phone); len(d) == 10 {
		return "tel:+1" + d
	}
	return "tel:" + allDigits(phone)
}

func allDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b)
}
