package schema

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// yamlDocs returns every YAML document the repository holds — the front
// matter of each Markdown file of the example site, the starter and all
// testdata, and each .yaml file — plus, when KITGEN_BENCH_CORPUS is set,
// the front matter of the benchmark corpus.
func yamlDocs(t testing.TB) map[string][]byte {
	docs := map[string][]byte{}
	roots := []string{"../.."}
	if c := os.Getenv("KITGEN_BENCH_CORPUS"); c != "" {
		roots = append(roots, c)
	}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "public") {
					return filepath.SkipDir
				}
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			switch filepath.Ext(p) {
			case ".yaml", ".yml":
				docs[p] = data
			case ".md", ".txtar":
				if fm, ok := frontMatter(data); ok {
					docs[p] = fm
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

// frontMatter is what lies between a first line `---` and the next.
func frontMatter(src []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil, false
	}
	if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		return rest[:i+1], true
	}
	return nil, false
}

// parseBoth parses data with yaml.v3 alone and with the fast path, and
// fails t if the fast path accepts data and gives another tree, or if
// ParseYAML's findings differ. It reports whether the fast path was taken.
func parseBoth(t *testing.T, data []byte) bool {
	t.Helper()
	parse := func(fast bool) (*yaml.Node, []string) {
		defer func(old bool) { FastPath = old }(FastPath)
		FastPath = fast
		diags := &diag.List{}
		d := &Decoder{File: "f.md", LineOffset: 1, Rule: diag.RuleFrontMatter, Diags: diags}
		root := d.ParseYAML(data)
		var msgs []string
		for _, x := range diags.Sorted() {
			msgs = append(msgs, x.String())
		}
		return root, msgs
	}
	want, wantDiags := parse(false)
	got, gotDiags := parse(true)
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Fatalf("%q: findings with the fast path %q, with yaml.v3 %q", data, gotDiags, wantDiags)
	}
	fast, ok := simpleYAML(data)
	if !ok {
		return false
	}
	if want == nil {
		t.Fatalf("%q: the fast path accepts what yaml.v3 rejects or finds empty: %v", data, wantDiags)
	}
	if !reflect.DeepEqual(fast, want) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\nfast path %s\nyaml.v3   %s", data, dump(fast), dump(want))
	}
	return true
}

// dump shows a node tree with every field DeepEqual compares.
func dump(n *yaml.Node) string {
	if n == nil {
		return "nil"
	}
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		c := *n
		c.Content = nil
		fmt.Fprintf(&b, "\n%s%+v", strings.Repeat("  ", depth), c)
		for _, k := range n.Content {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// TestSimpleYAMLMatchesYAML compares the fast path with yaml.v3 on every
// YAML document of the repository (and the corpus), and checks the fast
// path is really taken for the corpus's and the example's simple pages.
func TestSimpleYAMLMatchesYAML(t *testing.T) {
	docs := yamlDocs(t)
	fast := 0
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			if parseBoth(t, data) {
				fast++
			}
		})
	}
	if fast == 0 {
		t.Fatalf("the fast path took none of %d documents", len(docs))
	}
	t.Logf("fast path taken for %d of %d documents", fast, len(docs))
}

// TestSimpleYAMLCases pins what the fast path takes and what it leaves to
// yaml.v3, each compared with yaml.v3.
func TestSimpleYAMLCases(t *testing.T) {
	for _, c := range []struct {
		in   string
		fast bool
	}{
		{"title: Hello\n", true},
		{"title: Hello", true},
		{"title: \"Say: hi\"\nweight: 3\n", true},
		{"title: 'It''s'\n", false},
		{"title: \"a\\\"b\"\n", false},
		{"date: 2025-06-06\ntags: [blood, report]\n", true},
		{"tags: []\n", true},
		{"tags: [a,b]\n", false},
		{"tags: [a, b, ]\n", false},
		{"tags:\n  - a\n  - \"b c\"\n\nx: 1\n", true},
		{"tags:\n- a\n- b\n", true},
		{"tags:\n  - a\n   - b\n", false},
		{"tags:\nx: 1\n", false},
		{"tags:\n", false},
		{"a: true\nb: null\nc: ~\nd: 1.5\ne: 0x1F\nf: -3\ng: .inf\n", true},
		{"a: b # c\n", false},
		{"a: b\n  c\n", false},
		{"a:\tb\n", false},
		{"a: b\r\n", false},
		{"a: &x b\n", false},
		{"a: !!str 1\n", false},
		{"a: {b: c}\n", false},
		{"a: |\n  b\n", false},
		{"a: b: c\n", false},
		{"a: b \n", false},
		{"a: -\n", false},
		{"a: - b\n", false},
		{"a: héllo wörld\ntags: [é, ü]\n", true},
		{"a: x\u2028y\n", false},
		{"\ufeffa: b\n", false},
		{"", false},
		{"\n\n", false},
		{"a: b\na: c\n", true},
		{"- a\n", false},
		{"--- \na: b\n", false},
		{"a: http://x.org/y?z=1\n", true},
		{"hours: 9:00-17:00\n", true},
		// The words a text field treats as null or as a boolean must get
		// the tags yaml.v3 gives them, as values, flow items and items.
		{"a: ~\nb: null\nc: Null\nd: NULL\ne: true\nf: True\ng: TRUE\nh: yes\ni: on\nj: No\nk: nULL\nl: tRUE\n", true},
		{"a: [~, null, Null, NULL, true, True, TRUE, yes, on, false, FALSE, off]\n", true},
		{"a:\n  - ~\n  - null\n  - NULL\n  - True\n  - yes\n  - on\n", true},
		{"a: \"~\"\nb: 'null'\nc: \"true\"\nd: 'True'\n", true},
		{"a:\nb: c\n", false},
		{"a:\n  -\n  - b\n", false},
	} {
		if got := parseBoth(t, []byte(c.in)); got != c.fast {
			t.Errorf("%q: fast path taken %v, want %v", c.in, got, c.fast)
		}
	}
}

// FuzzSimpleYAML compares the fast path with yaml.v3 on random documents,
// seeded with every YAML document of the repository and the corpus.
func FuzzSimpleYAML(f *testing.F) {
	for _, data := range yamlDocs(f) {
		f.Add(data)
	}
	for _, s := range []string{"a: b\n", "tags: [a, b]\n", "t: \"x\"\nl:\n  - a\n  - 'b'\n", "a: 1\nb: é\n",
		"a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: true\ng: True\nh: TRUE\ni: yes\nj: on\n",
		"l: [~, null, Null, NULL, true, True, TRUE, yes, on]\n", "l:\n  - ~\n  -\n  - True\n  - on\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parseBoth(t, data)
	})
}
