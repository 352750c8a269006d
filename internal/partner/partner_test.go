package partner

import (
	netmail "net/mail"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/diag"
)

const goodCode = "K7QX-W"

func init() {
	// The tests' example code must be valid; fail loudly if the scheme changes.
	if _, err := ParseCode(goodCode); err != nil {
		panic(err)
	}
}

func parse(t *testing.T, src string) (*Partner, []diag.Diagnostic) {
	t.Helper()
	l := &diag.List{}
	p := Parse("partners/north.yaml", []byte(src), l)
	return p, l.Sorted()
}

func TestParseFull(t *testing.T) {
	p, ds := parse(t, `name: Northside Family Medicine
segment: primary-care
code: k7qx w
kits: [cardiology, pulmonology]
fax: "(312) 555-0199"
ereferral: {name: Northside portal, url: "https://portal.example.org/in", code_param: ref}
note: Lunch-and-learn every first Tuesday.
email: Northside Intake <intake@northside.example>
`)
	if len(ds) > 0 || p == nil {
		t.Fatalf("findings: %v", ds)
	}
	if p.ID != "north" || p.Name != "Northside Family Medicine" || p.Segment != "primary-care" || p.Code != goodCode {
		t.Errorf("decoded %+v", p)
	}
	if strings.Join(p.Kits, ",") != "cardiology,pulmonology" || !p.GetsKit("cardiology") || p.GetsKit("orthopedics") {
		t.Errorf("kits %v", p.Kits)
	}
	if p.Fax != "(312) 555-0199" || p.EReferral != "Northside portal" || p.EReferralURL != "https://portal.example.org/in" || p.CodeParam != "ref" {
		t.Errorf("destination %q %q %q %q", p.Fax, p.EReferral, p.EReferralURL, p.CodeParam)
	}
	if p.Email != "intake@northside.example" || p.EmailName != "Northside Intake" || p.EmailLine != 8 || p.EmailCol != 8 {
		t.Errorf("email %q %q at %d:%d", p.Email, p.EmailName, p.EmailLine, p.EmailCol)
	}
	if p.NameLine != 1 || p.CodeLine != 3 || p.NoteLine != 7 || len(p.KitsAt) != 2 || p.KitsAt[1].Line != 4 {
		t.Errorf("positions %d %d %d %v", p.NameLine, p.CodeLine, p.NoteLine, p.KitsAt)
	}
}

// TestParseOptionalFields covers the absent, empty and false-like values
// of every optional field.
func TestParseOptionalFields(t *testing.T) {
	base := "name: N\nsegment: s\ncode: " + goodCode + "\n"
	p, ds := parse(t, base)
	if len(ds) > 0 || p.Kits != nil || !p.GetsKit("anything") || p.Fax != "" || p.EReferral != "" || p.Note != "" || p.Email != "" || p.EmailName != "" {
		t.Errorf("absent fields: %+v %v", p, ds)
	}
	p, ds = parse(t, base+"kits:\nfax:\nereferral:\nnote:\nemail:\n")
	if len(ds) > 0 || p.Kits != nil || !p.GetsKit("x") || p.Email != "" {
		t.Errorf("empty values: %+v %v", p, ds)
	}
	p, ds = parse(t, base+"email: \"  \"\nkits: cardiology\nereferral: Fax line only\nnote: \"\"\n")
	if len(ds) > 0 || p.Email != "" || len(p.Kits) != 1 || !p.GetsKit("cardiology") || p.EReferral != "Fax line only" || p.EReferralURL != "" {
		t.Errorf("scalar values: %+v %v", p, ds)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "partner file is empty"},
		{"name: [x\n", "invalid YAML"},
		{"segment: s\ncode: " + goodCode + "\n", `missing required field "name"`},
		{"name: N\ncode: " + goodCode + "\n", `missing required field "segment"`},
		{"name: N\nsegment: s\n", `missing required field "code"`},
		{"name: \"  \"\nsegment: s\ncode: " + goodCode + "\n", "name is empty"},
		{"name: N\nsegment: primary care\ncode: " + goodCode + "\n", "segment \"primary care\""},
		{"name: N\nsegment: s\ncode: K7QX-M\n", "check character does not match"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nkits: []\n", "empty list"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nfax: call us\n", "fax"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nereferral: {name: P, url: portal}\n", "not a web address"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nereferral: {name: P, code_param: ref}\n", "needs ereferral.url"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nereferral: {name: P, url: \"https://x.org\", code_param: \"\"}\n", "must be a query parameter name"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nereferral: {name: P, url: \"https://x.org\", code_param: false}\n", "code_param"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\ncolour: red\n", `unknown key "colour"`},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nemail: intake at northside\n", `email "intake at northside" is not an e-mail address`},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nemail: a@x.example, b@x.example\n", "not an e-mail address"},
		{"name: N\nsegment: s\ncode: " + goodCode + "\nemail: false\n", `4:8: error: partner: email must be text, not the boolean false; quote it ("false")`},
	}
	for _, c := range cases {
		p, ds := parse(t, c.src)
		if p != nil || len(ds) == 0 || !strings.Contains(ds[0].String(), c.want) || ds[0].File != "partners/north.yaml" {
			t.Errorf("%q: %v; want an error saying %q", c.src, ds, c.want)
		}
	}
}

func TestLoadAndValidate(t *testing.T) {
	other, _ := Generate("Other", []string{goodCode})
	near := "K7QA" + string(checkSymbol("K7QA"))
	fsys := fstest.MapFS{
		"partners/a.yaml":      {Data: []byte("name: A\nsegment: s\ncode: " + goodCode + "\nkits: [cardiology, cardiolgy]\n")},
		"partners/b.yaml":      {Data: []byte("name: B\nsegment: s\ncode: " + goodCode + "\n")},
		"partners/c.yaml":      {Data: []byte("name: C\nsegment: t\ncode: " + format(near) + "\n")},
		"partners/d.yaml":      {Data: []byte("name: D\nsegment: t\ncode: " + other + "\n")},
		"partners/_notes.yaml": {Data: []byte("not a partner")},
		"partners/bad id.yaml": {Data: []byte("name: X\n")},
	}
	l := &diag.List{}
	ps := Load(fsys, l)
	if len(ps) != 4 || ps[0].ID != "a" || ps[3].ID != "d" {
		t.Fatalf("loaded %d partners", len(ps))
	}
	Validate(ps, []string{"cardiology", "pulmonology"}, l)
	var got []string
	for _, d := range l.Sorted() {
		got = append(got, d.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`partners/a.yaml:4:20: error: partner: partner "a" names kit "cardiolgy", which kits/ does not define (the kits are cardiology, pulmonology); did you mean cardiology?`,
		"partners/b.yaml:3:7: error: partner: code " + goodCode + " is also A's (partners/a.yaml)",
		"partners/c.yaml:3:7: error: partner: code " + format(near) + " is easily mistaken for " + goodCode,
		`partner id "bad id"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("findings lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "partners/d.yaml") {
		t.Errorf("a distinct code was reported:\n%s", all)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("name: N\nsegment: s\ncode: " + goodCode + "\nkits: [a]\nereferral: {name: P, url: \"https://x.org\", code_param: c}\n"))
	f.Add([]byte("name: [\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("kits: {a: b}\nereferral: [1]\ncode: 5\n"))
	f.Add([]byte("name: true\nsegment: ~\ncode: " + goodCode + "\nkits: [a, ~, false]\nfax: 3125550199\nereferral: {name: false, url: null, code_param: 1}\nemail:\n"))
	f.Add([]byte("name: N\nsegment: s\ncode: " + goodCode + "\nemail: \"N <a@b.example>\"\n"))
	f.Add([]byte("name: N\nsegment: s\ncode: " + goodCode + "\nemail: \"=?utf-8?q?x?= <@>\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := &diag.List{}
		p := Parse("partners/f.yaml", data, l)
		if p != nil {
			if e, _ := l.Count(); e > 0 {
				t.Fatalf("a partner came back with errors: %v", l.Sorted())
			}
			if _, err := ParseCode(p.Code); err != nil {
				t.Fatalf("accepted code %q: %v", p.Code, err)
			}
			if p.Email != "" {
				if a, err := netmail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
					t.Fatalf("accepted e-mail %q: %v", p.Email, err)
				}
			}
		}
		for _, d := range l.Sorted() {
			if d.File != "partners/f.yaml" {
				t.Fatalf("finding in %q", d.File)
			}
		}
	})
}
