package phone

import (
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	for _, c := range []struct {
		in                               string
		kind                             Kind
		key, display, international, uri string
	}{
		{"(312) 555-0150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"312.555.0150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"312-555-0150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"3125550150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"+1 312 555 0150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"+13125550150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"1-312-555-0150", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"  (312)\u00a0555\u20130150  ", NANP, "3125550150", "(312) 555-0150", "+1 312-555-0150", "tel:+13125550150"},
		{"(312) 555-0150 ext. 123", NANP, "3125550150", "(312) 555-0150 ext. 123", "+1 312-555-0150 ext. 123", "tel:+13125550150;ext=123"},
		{"(312) 555-0150 ext 7", NANP, "3125550150", "(312) 555-0150 ext. 7", "+1 312-555-0150 ext. 7", "tel:+13125550150;ext=7"},
		{"312-555-0150, Extension 4401", NANP, "3125550150", "(312) 555-0150 ext. 4401", "+1 312-555-0150 ext. 4401", "tel:+13125550150;ext=4401"},
		{"312-555-0150 x12", NANP, "3125550150", "(312) 555-0150 ext. 12", "+1 312-555-0150 ext. 12", "tel:+13125550150;ext=12"},
		{"+44 20 7946 0958", International, "+442079460958", "+44 20 7946 0958", "+44 20 7946 0958", "tel:+442079460958"},
		{"+44  20-7946-0958 ext. 5", International, "+442079460958", "+44 20-7946-0958 ext. 5", "+44 20-7946-0958 ext. 5", "tel:+442079460958;ext=5"},
		{"+44 (0)20 7946 0958", International, "+442079460958", "+44 20 7946 0958", "+44 20 7946 0958", "tel:+442079460958"},
		{"+49 30 1234567", International, "+49301234567", "+49 30 1234567", "+49 30 1234567", "tel:+49301234567"},
		{"911", Short, "911", "911", "911", "tel:911"},
		{"988", Short, "988", "988", "988", "tel:988"},
	} {
		n, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if n.Kind() != c.kind || n.Key() != c.key || n.Display() != c.display || n.International() != c.international || n.URI() != c.uri {
			t.Errorf("Parse(%q) = kind %d key %q display %q international %q uri %q;\nwant kind %d key %q display %q international %q uri %q",
				c.in, n.Kind(), n.Key(), n.Display(), n.International(), n.URI(), c.kind, c.key, c.display, c.international, c.uri)
		}
		// The display form is what the site stores and writers print: it
		// must read back as the same number.
		again, err := Parse(n.Display())
		if err != nil || again != n {
			t.Errorf("Parse(Display(%q)) = %+v, %v; want %+v", c.in, again, err, n)
		}
		if Format(c.in) != c.display || URI(c.in) != c.uri || InternationalFormat(c.in) != c.international {
			t.Errorf("Format/URI/InternationalFormat(%q) = %q %q %q", c.in, Format(c.in), URI(c.in), InternationalFormat(c.in))
		}
	}
}

func TestParseInvalid(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "is empty",
		"   ":                         "is empty",
		"(312) 555-015":               "has 9 digits; a North American number has 10",
		"312 555 01500":               "has 11 digits but does not start with 1",
		"555-0150":                    "has no area code",
		"(312) 555-01":                "has 8 digits",
		"+1 312 555 015":              "has 9 digits after +1",
		"+1 312 555 01500":            "has 11 digits after +1",
		"+44 20 79":                   "has 6 digits; an international number has 8 to 15",
		"+44 1234 5678 9012 3456":     "has 18 digits",
		"+0 20 7946 0958":             "no country code",
		"+":                           "no country code",
		"1-800-FLOWERS":               `contains 'F'`,
		"(012) 555-0150":              "area code 012",
		"(312) 155-0150":              "exchange 155",
		"(312) 555-0150 ext. 1234567": "extension of 7 digits",
		"911 ext. 2":                  "has 3 digits",
		"9-1-1":                       "has 3 digits",
		"call 911":                    `contains 'c'`,
		"312-555-0150 or 0151":        `contains 'o'`,
	} {
		n, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", in, n)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q): %q, want it to say %q", in, err, want)
		}
		if !strings.Contains(err.Error(), "e.g.") && !strings.Contains(err.Error(), "check the digits") && !strings.Contains(err.Error(), "leave the key out") {
			t.Errorf("Parse(%q): %q does not show how to write it", in, err)
		}
		if Format(in) != in || URI(in) != "" {
			t.Errorf("Format/URI(%q) = %q, %q; want the text unchanged and no link", in, Format(in), URI(in))
		}
	}
}

func TestZeroNumber(t *testing.T) {
	var n Number
	if n.Kind() != 0 || n.URI() != "" || n.Key() != "" || n.Display() != "" || n.Ext() != "" {
		t.Errorf("the zero Number: kind %d uri %q key %q display %q", n.Kind(), n.URI(), n.Key(), n.Display())
	}
}

func TestParseURI(t *testing.T) {
	for _, c := range []struct {
		uri, key, ext string
		global        bool
	}{
		{"tel:+13125550142", "3125550142", "", true},
		{"TEL:+1-312-555-0142", "3125550142", "", true},
		{"tel:+1-312-555-0142;ext=12", "3125550142", "12", true},
		{"tel:+1%20312%20555%200142", "3125550142", "", true},
		{"tel:3125550142", "3125550142", "", false},
		{"tel:(312)555-0142;phone-context=+1", "3125550142", "", false},
		{"tel:+44-20-7946-0958", "+442079460958", "", true},
		{"tel:911", "911", "", true},
	} {
		n, global, err := ParseURI(c.uri)
		if err != nil || n.Key() != c.key || n.Ext() != c.ext || global != c.global {
			t.Errorf("ParseURI(%q) = key %q ext %q global %v, %v; want %q %q %v", c.uri, n.Key(), n.Ext(), global, err, c.key, c.ext, c.global)
		}
	}
	for _, bad := range []string{"tel:", "tel:12", "tel:555-0100", "tel:+1-312-555-014", "mailto:a@b.example", "tel:call-me"} {
		if n, _, err := ParseURI(bad); err == nil {
			t.Errorf("ParseURI(%q) = %+v, want an error", bad, n)
		}
	}
}

func TestLocal(t *testing.T) {
	for in, want := range map[string]bool{"555-0142": true, "555.0142": true, "5550142": true, "(312) 555-0142": false, "911": false, "": false, "555-014x": false} {
		if Local(in) != want {
			t.Errorf("Local(%q) = %v, want %v", in, !want, want)
		}
	}
}

// FuzzParse: whatever an author types, Parse does not panic, and a number
// it accepts reads back the same from its display form and has a tel: URI.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"(312) 555-0150", "+44 20 7946 0958 ext. 5", "911", "1-800-FLOWERS", "x1", "+", "ext. 12", "(312) 555-015", "+1 (312) 555-0150 #77"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(n.Display())
		if err != nil || again != n {
			t.Errorf("Parse(%q) = %+v; its display form %q reads back as %+v, %v", s, n, n.Display(), again, err)
		}
		if !strings.HasPrefix(n.URI(), "tel:") {
			t.Errorf("Parse(%q): URI %q", s, n.URI())
		}
	})
}
