package schema

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// readText decodes a document with each reader of text, in YAML
// (front matter, whose first line is line 2 of the file) or TOML.
func readText(t *testing.T, src string, isTOML bool) (words, code, list, codes string, findings []string) {
	t.Helper()
	var l diag.List
	d := &Decoder{File: "f.md", LineOffset: 1, Rule: diag.RuleFrontMatter, Diags: &l}
	parse := d.ParseYAML
	if isTOML {
		parse = d.ParseTOML
	}
	root := parse([]byte(src))
	if root == nil {
		t.Fatalf("%q did not parse: %v", src, l.Sorted())
	}
	d.Object(root, "front matter", []Field{
		{Name: "words", Set: d.StringTo(&words, "words")},
		{Name: "code", Set: d.CodeTo(&code, "code")},
		{Name: "list", Set: func(v *yaml.Node) { list = strings.Join(d.Strings(v, "list"), "|") }},
		{Name: "codes", Set: func(v *yaml.Node) { codes = strings.Join(d.Codes(v, "codes"), "|") }},
	})
	for _, x := range l.Sorted() {
		findings = append(findings, x.String())
	}
	return words, code, list, codes, findings
}

// TestTextRule pins the rule every text field follows: true and false
// are errors that say to quote the word, null is the field left out,
// numbers and dates are their literal text in prose but errors in codes,
// and a list item that is null, true or false is an error at the item.
func TestTextRule(t *testing.T) {
	quoteFalse := `must be text, not the boolean false; quote it ("false") if you mean the word`
	for _, c := range []struct {
		src                      string
		toml                     bool
		words, code, list, codes string
		finding                  string // "" for none; else the one finding, from its column on
	}{
		{src: "words: false\n", finding: "2:8: error: front-matter: words " + quoteFalse},
		{src: "words: False\n", finding: `2:8: error: front-matter: words must be text, not the boolean False; quote it ("False")`},
		{src: "words: TRUE\n", finding: `2:8: error: front-matter: words must be text, not the boolean TRUE; quote it ("TRUE")`},
		{src: "words: \"false\"\n", words: "false"},
		{src: "words: No\n", words: "No"}, // YAML 1.2: only true and false are booleans
		{src: "words: yes\n", words: "yes"},
		{src: "words: off\n", words: "off"},
		{src: "words: ~\n"},
		{src: "words: null\n"},
		{src: "words: Null\n"},
		{src: "words: NULL\n"},
		{src: "words:\n"},
		{src: "words: \"~\"\n", words: "~"},
		{src: "words: 2024\n", words: "2024"},
		{src: "words: 2024-01-05\n", words: "2024-01-05"},
		{src: "words: 0.5\n", words: "0.5"},
		{src: "code: 3125550142\n", finding: `2:7: error: front-matter: code must be text, not the number 3125550142; quote it ("3125550142") so it is read exactly as written`},
		{src: "code: 02134\n", finding: `2:7: error: front-matter: code must be text, not the number 02134; quote it ("02134")`},
		{src: "code: 2024-01-05\n", finding: `2:7: error: front-matter: code must be text, not the date 2024-01-05; quote it ("2024-01-05")`},
		{src: "code: true\n", finding: `2:7: error: front-matter: code must be text, not the boolean true; quote it ("true")`},
		{src: "code: \"02134\"\n", code: "02134"},
		{src: "code:\n"},
		{src: "list: [a, false]\n", list: "a", finding: `2:11: error: front-matter: each item of list must be text, not the boolean false; quote it ("false")`},
		{src: "list: [a, ~]\n", list: "a", finding: `2:11: error: front-matter: an item of list is empty; write the item, or remove it from the list`},
		{src: "list:\n  - a\n  -\n", list: "a", finding: `4:4: error: front-matter: an item of list is empty`},
		{src: "list:\n  - null\n  - b\n", list: "b", finding: `3:5: error: front-matter: an item of list is empty`},
		{src: "list: [a, 2024]\n", list: "a|2024"},
		{src: "list: false\n", finding: "2:7: error: front-matter: list " + quoteFalse},
		{src: "list:\n"},
		{src: "codes: [\"911\", 988]\n", codes: "911", finding: `2:16: error: front-matter: each item of codes must be text, not the number 988; quote it ("988")`},
		{src: "words = false\n", toml: true, finding: "2:1: error: front-matter: words " + quoteFalse},
		{src: "code = 3125550142\n", toml: true, finding: `2:1: error: front-matter: code must be text, not the number 3125550142`},
		{src: "words = 2024\n", toml: true, words: "2024"},
		{src: "list = [true]\n", toml: true, finding: `2:1: error: front-matter: each item of list must be text, not the boolean true`},
	} {
		words, code, list, codes, fs := readText(t, c.src, c.toml)
		if words != c.words || code != c.code || list != c.list || codes != c.codes {
			t.Errorf("%q: read words %q code %q list %q codes %q; want %q %q %q %q", c.src, words, code, list, codes, c.words, c.code, c.list, c.codes)
		}
		switch {
		case c.finding == "" && len(fs) > 0:
			t.Errorf("%q: findings %q, want none", c.src, fs)
		case c.finding != "" && (len(fs) != 1 || !strings.HasPrefix(fs[0], "f.md:"+c.finding)):
			t.Errorf("%q: findings %q, want one starting f.md:%s", c.src, fs, c.finding)
		}
	}
}

// TestListRule checks that List reports an empty item at the item and
// goes on with the others.
func TestListRule(t *testing.T) {
	p, f := decode(t, "name: A\nhours:\n  - days: Mo\n  -\n  - ~\n  - days: Sa\n", false)
	want := "content/p.md:5:4: error: front-matter: an item of hours is empty; write the item, or remove it from the list\n" +
		"content/p.md:6:5: error: front-matter: an item of hours is empty; write the item, or remove it from the list"
	if f != want {
		t.Errorf("findings:\n%s\nwant:\n%s", f, want)
	}
	if strings.Join(p.Hours, ",") != "Mo,Sa" {
		t.Errorf("hours = %v", p.Hours)
	}
}

// TestDateRule: a boolean is not a date, null is the date left out.
func TestDateRule(t *testing.T) {
	_, f := decode(t, "name: A\nborn: false\n", false)
	if want := "content/p.md:3:7: error: front-matter: born must be a date written as YYYY-MM-DD, not the boolean false"; f != want {
		t.Errorf("findings %q, want %q", f, want)
	}
	p, f := decode(t, "name: A\nborn: ~\n", false)
	if f != "" || !p.Born.IsZero() {
		t.Errorf("born: ~ read as %v, findings %q", p.Born, f)
	}
}
