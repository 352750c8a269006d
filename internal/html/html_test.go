package html

import "testing"

// TestOutputPath checks that page URLs map to files inside the output
// folder, and that any URL that could leave it is refused.
func TestOutputPath(t *testing.T) {
	for _, tt := range []struct {
		url, out string
		ok       bool
	}{
		{"/", "index.html", true},
		{"/services/cardiology/", "services/cardiology/index.html", true},
		{"/a.b/", "a.b/index.html", true},
		{"/services/../../evil/", "", false},
		{"/../", "", false},
		{"/services/./x/", "", false},
		{"/services//x/", "", false},
		{"/a\\b/", "", false},
		{"/services/../", "", false},
		{"/./", "", false},
	} {
		out, ok := OutputPath(tt.url)
		if out != tt.out || ok != tt.ok {
			t.Errorf("OutputPath(%q) = %q, %v; want %q, %v", tt.url, out, ok, tt.out, tt.ok)
		}
	}
}

func TestTelURL(t *testing.T) {
	for in, want := range map[string]string{
		"(312) 555-0110": "tel:+13125550110",
		"1 312 555 0110": "tel:+13125550110",
		"911":            "tel:911",
	} {
		if got := string(TelURL(in)); got != want {
			t.Errorf("TelURL(%q) = %q, want %q", in, got, want)
		}
	}
}
