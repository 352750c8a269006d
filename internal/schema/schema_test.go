package schema

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"gopkg.in/yaml.v3"
)

func findings(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Sorted() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// person is a small schema: what the tests decode documents against.
type person struct {
	Name    string
	Born    time.Time
	Active  bool
	Weight  int
	Score   float64
	Tags    []string
	Street  string
	City    string
	Hours   []string
	HourPos []int
}

func (p *person) fields(d *Decoder) []Field {
	return []Field{
		{Name: "name", Required: true, Hint: `add "name: …"`, Set: d.StringTo(&p.Name, "name")},
		{Name: "born", Set: d.DateTo(&p.Born, "born")},
		{Name: "active", Set: func(v *yaml.Node) { p.Active = d.Bool(v, "active") }},
		{Name: "weight", Set: func(v *yaml.Node) { p.Weight = d.Int(v, "weight") }},
		{Name: "score", Set: func(v *yaml.Node) { p.Score = d.Float(v, "score") }},
		{Name: "tags", Set: d.StringsTo(&p.Tags, "tags")},
		{Name: "address", Set: func(v *yaml.Node) {
			d.Object(v, "address", []Field{
				{Name: "street", Required: true, Set: d.StringTo(&p.Street, "address.street")},
				{Name: "city", Set: d.StringTo(&p.City, "address.city")},
			})
		}},
		{Name: "hours", Set: func(v *yaml.Node) {
			d.List(v, "hours", func(item *yaml.Node) {
				var days string
				d.Object(item, "an hours entry", []Field{
					{Name: "days", Required: true, Set: func(v *yaml.Node) {
						days = d.String(v, "days")
						l, _ := d.Pos(v)
						p.HourPos = append(p.HourPos, l)
					}},
				})
				p.Hours = append(p.Hours, days)
			})
		}},
	}
}

// decode parses src as YAML or TOML starting at file line first+1, as
// front matter after a delimiter line does, and decodes it.
func decode(t *testing.T, src string, isTOML bool) (*person, string) {
	t.Helper()
	var l diag.List
	d := &Decoder{File: "content/p.md", LineOffset: 1, Rule: "front-matter", Diags: &l}
	parse := d.ParseYAML
	if isTOML {
		parse = d.ParseTOML
	}
	p := &person{}
	if root := parse([]byte(src)); root != nil {
		d.Object(root, "front matter", p.fields(d))
	}
	return p, findings(&l)
}

func TestTOMLPositions(t *testing.T) {
	src := `name = "José Núñez"
born = 1975-04-02
tags = ["cardiology", "valves"]
weight = 3

[address]
street = "1 Main St"
city = "Springfield"

[[hours]]
days = "Mo-Fr"

[[hours]]
days = "Sa"
`
	p, f := decode(t, src, true)
	if f != "" {
		t.Fatalf("findings:\n%s", f)
	}
	if p.Name != "José Núñez" || p.Weight != 3 || strings.Join(p.Tags, ",") != "cardiology,valves" || p.Street != "1 Main St" || p.City != "Springfield" {
		t.Errorf("decoded %+v", p)
	}
	if !p.Born.Equal(time.Date(1975, 4, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("born = %v", p.Born)
	}
	if strings.Join(p.Hours, ",") != "Mo-Fr,Sa" {
		t.Errorf("hours = %v", p.Hours)
	}
	// Lines are of the file: the document starts on line 2.
	if len(p.HourPos) != 2 || p.HourPos[0] != 12 || p.HourPos[1] != 15 {
		t.Errorf("lines of the hours entries = %v, want [12 15]", p.HourPos)
	}
}

func TestTOMLInlineTables(t *testing.T) {
	p, f := decode(t, "name = \"A\"\nhours = [{days = \"Mo\"}, {days = \"Sa\"}]\n", true)
	if f != "" {
		t.Fatal(f)
	}
	if strings.Join(p.Hours, ",") != "Mo,Sa" || len(p.HourPos) != 2 || p.HourPos[0] != 3 || p.HourPos[1] != 3 {
		t.Errorf("hours %v at lines %v, want both on line 3", p.Hours, p.HourPos)
	}
}

func TestTOMLFindings(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key with suggestion", "name = \"A\"\nbron = 1975-04-02\n",
			`content/p.md:3:1: error: front-matter: unknown key "bron" in front matter; did you mean "born"?`},
		{"unknown nested key", "name = \"A\"\n\n[address]\nstreet = \"x\"\ncitty = \"y\"\n",
			`content/p.md:6:1: error: front-matter: unknown key "citty" in address; did you mean "city"?`},
		{"wrong type", "name = \"A\"\nactive = \"yes\"\nweight = 2.5\n",
			"content/p.md:3:1: error: front-matter: active must be true or false, not the text \"yes\"\n" +
				"content/p.md:4:1: error: front-matter: weight must be a whole number, not the number 2.5"},
		{"missing required", "born = 1975-04-02\n",
			`content/p.md:2:1: error: front-matter: front matter is missing required field "name"; add "name: …"`},
		{"syntax", "name = \"A\"\nweight = \n",
			"content/p.md:3: error: front-matter: invalid TOML: "},
		{"input the TOML decoder panics on", "0={#\n",
			"content/p.md:2: error: front-matter: invalid TOML: Expected key start but instead found \"\", around line 1;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := decode(t, tt.src, true)
			if !strings.HasPrefix(f, tt.want) || (!strings.HasSuffix(tt.want, ": ") && !strings.HasSuffix(tt.want, ";") && f != tt.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", f, tt.want)
			}
		})
	}
}

func TestYAMLFindings(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key with suggestion", "name: A\nTags: [a]\n",
			`content/p.md:3:1: error: front-matter: unknown key "Tags" in front matter; did you mean "tags"?`},
		{"unknown key without a close match", "name: A\nphone: 1\n",
			`content/p.md:3:1: error: front-matter: unknown key "phone" in front matter; known keys: active, address, born, hours, name, score, tags, weight`},
		{"types", "name: [A]\nactive: 1\nweight: two\nscore: high\ntags: {a: 1}\nborn: 2026-02-30\n",
			"content/p.md:2:7: error: front-matter: name must be text, not a list\n" +
				"content/p.md:3:9: error: front-matter: active must be true or false, not the number 1\n" +
				"content/p.md:4:9: error: front-matter: weight must be a whole number, not the text \"two\"\n" +
				"content/p.md:5:8: error: front-matter: score must be a number, not the text \"high\"\n" +
				"content/p.md:6:7: error: front-matter: tags must be a list (one \"- item\" per line, or [a, b]), not a mapping\n" +
				"content/p.md:7:7: error: front-matter: born \"2026-02-30\" is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-01"},
		{"nested", "name: A\naddress:\n  city: X\nhours: Mo-Fr\n",
			"content/p.md:4:3: error: front-matter: address is missing required field \"street\"; add a line \"street: …\"\n" +
				"content/p.md:5:8: error: front-matter: hours must be a list (one \"- item\" per line), not the text \"Mo-Fr\""},
		{"not a mapping", "- name: A\n",
			`content/p.md:2:1: error: front-matter: front matter must be a mapping of key: value lines, not a list`},
		{"required but empty", "name:\n",
			`content/p.md:2:1: error: front-matter: name is required but empty; add "name: …"`},
		{"duplicate", "name: A\nname: B\n",
			`content/p.md:3:1: error: front-matter: key "name" appears twice in front matter; keep one`},
		{"scanner error", "name: A\nborn: x: y\n",
			`content/p.md:3: error: front-matter: invalid YAML: mapping values are not allowed in this context; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"parser error", "name: A\ntags: [a,\nweight: 1\n",
			`content/p.md:3: error: front-matter: invalid YAML: did not find expected ',' or ']'; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"parser error at the end", "name: A\ntags: [a\n",
			`content/p.md:3: error: front-matter: invalid YAML: did not find expected ',' or ']'; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"block sequence", "- a\nname: A\n",
			`content/p.md:3: error: front-matter: invalid YAML: did not find expected '-' indicator; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"unterminated quote", "name: A\ntags: \"a\n",
			`content/p.md:3: error: front-matter: invalid YAML: found unexpected end of stream; check the indentation and put values that contain ": " or start with a special character in quotes`},
		{"tab", "name: A\n\ttags: a\n",
			`content/p.md:3: error: front-matter: invalid YAML: found a tab character that violates indentation; check the indentation and put values that contain ": " or start with a special character in quotes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := decode(t, tt.src, false)
			if f != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", f, tt.want)
			}
		})
	}
}

func TestStringsAcceptsOne(t *testing.T) {
	p, f := decode(t, "name: A\ntags: cardiology\n", false)
	if f != "" || len(p.Tags) != 1 || p.Tags[0] != "cardiology" {
		t.Errorf("tags = %v, findings %q", p.Tags, f)
	}
}

func TestDateKeepsUTC(t *testing.T) {
	p, f := decode(t, "name: A\nborn: 2026-03-01T23:30:00-06:00\n", false)
	if f != "" {
		t.Fatal(f)
	}
	if p.Born.Location() != time.UTC || !p.Born.Equal(time.Date(2026, 3, 2, 5, 30, 0, 0, time.UTC)) {
		t.Errorf("born = %v", p.Born)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"titel", "title", 2}, {"descripton", "description", 1}, {"abc", "", 3}} {
		if got := distance(tt.a, tt.b); got != tt.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

// TestTOMLManyKeys: each key's line is found by an index, not by scanning
// the text from the start for every key. Front matter of 60,000 keys took
// 70 s with the scan and takes a tenth of a second now; the deadline is
// a hundred times that, so a loaded machine cannot trip it, and a return
// of the scan cannot pass it. Every key must still be found on its line.
func TestTOMLManyKeys(t *testing.T) {
	var b strings.Builder
	const n = 60000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "k%05d = %d\n", i, i)
	}
	b.WriteString("[[hours]]\ndays = \"Mo\"\n")
	var root *yaml.Node
	var l diag.List
	done := make(chan struct{})
	go func() {
		defer close(done)
		d := &Decoder{File: "content/p.md", LineOffset: 1, Rule: "front-matter", Diags: &l}
		root = d.ParseTOML([]byte(b.String()))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("decoding 60,000 TOML keys takes more than 10 s")
	}
	if root == nil || len(root.Content) != 2*(n+1) {
		t.Fatalf("decoded %v, findings %v", root, l.Sorted())
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		want := 0
		if k.Value == "hours" {
			want = n + 1
		} else {
			fmt.Sscanf(k.Value, "k%05d", &want)
			want++
		}
		if k.Line != want {
			t.Fatalf("key %s on line %d, want %d", k.Value, k.Line, want)
		}
	}
}
