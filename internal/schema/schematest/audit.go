// Package schematest audits every field of a kind of file against the
// value rules of package schema: for each field, the values an editor
// writes by slip — false, ~, null, nothing, and the field left out — must
// each give either an error at the value's line:col that says how to fix
// it, or exactly what leaving the field out gives.
//
// The fields come from the decoder itself (schema.Watch), not from a list
// kept beside it: a field added to a table is audited as soon as it is,
// and a field the audit document does not set fails the audit.
package schematest

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// Kind is one kind of file whose fields are audited.
type Kind struct {
	// File is the name findings are reported under; fields are watched in
	// this file only.
	File string
	// Doc is a valid YAML document that sets every field at least once
	// and decodes with no finding. Fields that exclude each other are set
	// in different items of a list.
	Doc string
	// Offset is the number of lines of File before Doc's first line (one
	// for front matter, after its --- line).
	Offset int
	// Unset names the fields no valid document of this kind can set, and
	// why (a key that is always an error here, tested elsewhere).
	Unset map[string]string
	// Decode decodes a document as kitgen does. It returns what was read,
	// which is compared (positions left out, see show) between a field
	// written empty and the field left out, and the findings.
	Decode func(doc []byte) (model any, findings []diag.Diagnostic)
}

// field is one audited field: where its key and value sit in the tree.
type field struct {
	path     string // e.g. hours[].days
	at       []int  // Content indices from the document's root mapping to the key
	required bool
}

// Audit checks every field of k. It fails t for a field k.Doc does not
// set, and for each slip value that neither gives an error at its value
// (or, for a required field left empty, at its key) nor reads exactly as
// the field left out.
func Audit(t *testing.T, k Kind) {
	t.Helper()
	root := parse(t, []byte(k.Doc))
	fields := discover(t, k, root)
	if len(fields) == 0 {
		t.Fatalf("%s: no field was decoded", k.File)
	}
	for _, f := range fields {
		t.Run(f.path, func(t *testing.T) { auditField(t, k, root, f) })
	}
}

// discover decodes k.Doc, watching which field lists its mappings are
// decoded against, and returns each declared field at its first
// occurrence in the document; a declared field the document never sets
// fails t.
func discover(t *testing.T, k Kind, root *yaml.Node) []field {
	t.Helper()
	type decl struct {
		n      *yaml.Node
		fields []schema.Field
	}
	var seen []decl
	stop := schema.Watch(func(file string, n *yaml.Node, fields []schema.Field) {
		if file == k.File {
			seen = append(seen, decl{n, fields})
		}
	})
	_, ds := k.Decode([]byte(k.Doc))
	stop()
	if len(ds) > 0 {
		t.Fatalf("%s: the audit document must decode with no finding:\n%s", k.File, join(ds))
	}
	// Mappings of the tree by position: the decoder parsed the same text,
	// so a mapping it decoded sits at the same line and column.
	type place struct {
		path string
		at   []int
	}
	mappings := map[[2]int]place{}
	var walk func(n *yaml.Node, path string, at []int)
	walk = func(n *yaml.Node, path string, at []int) {
		switch n.Kind {
		case yaml.MappingNode:
			mappings[[2]int{n.Line, n.Column}] = place{path, at}
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], join2(path, n.Content[i].Value), append(clone(at), i+1))
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				walk(item, path+"[]", append(clone(at), -1-i))
			}
		}
	}
	walk(root, "", nil)

	declared := map[string]bool{}
	found := map[string]field{}
	for _, s := range seen {
		p, ok := mappings[[2]int{s.n.Line, s.n.Column}]
		if !ok {
			t.Fatalf("%s: a mapping at %d:%d was decoded that the document does not have", k.File, s.n.Line, s.n.Column)
		}
		m := node(root, p.at)
		for _, f := range s.fields {
			path := join2(p.path, f.Name)
			declared[path] = true
			if _, done := found[path]; done {
				continue
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				if m.Content[i].Value == f.Name {
					found[path] = field{path: path, at: append(clone(p.at), i), required: f.Required}
				}
			}
		}
	}
	var out []field
	for path := range declared {
		f, ok := found[path]
		if _, unset := k.Unset[path]; unset {
			continue
		}
		if !ok {
			t.Errorf("%s: field %s is not set in the audit document; add it, so its false, empty and null values are tested", k.File, path)
			continue
		}
		out = append(out, f)
	}
	for path := range k.Unset {
		if !declared[path] {
			t.Errorf("%s: Unset names %s, which is not a field; remove it", k.File, path)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// slips are the values an editor writes by mistake, as written.
var slips = []string{"false", "~", "null", ""}

func auditField(t *testing.T, k Kind, root *yaml.Node, f field) {
	key := node(root, f.at)
	orig := node(root, append(clone(f.at[:len(f.at)-1]), f.at[len(f.at)-1]+1))

	// The field left out: the reference the empty values are held to.
	absentDoc := marshal(t, root, func(r *yaml.Node) {
		m := node(r, f.at[:len(f.at)-1])
		i := f.at[len(f.at)-1]
		m.Content = append(m.Content[:i:i], m.Content[i+2:]...)
	})
	absent, absentDs := k.Decode(absentDoc)
	if f.required && !has(absentDs, fmt.Sprintf("missing required field %q", key.Value)) {
		t.Errorf("%s left out: want an error that it is missing; got:\n%s", f.path, join(absentDs))
	}

	for _, slip := range slips {
		doc := marshal(t, root, func(r *yaml.Node) {
			*node(r, append(clone(f.at[:len(f.at)-1]), f.at[len(f.at)-1]+1)) = yaml.Node{Kind: yaml.ScalarNode, Value: sentinel}
		})
		doc = bytes.Replace(doc, []byte(sentinel), []byte(slip), 1)
		model, ds := k.Decode(doc)
		valLine, valCol := position(t, doc, append(clone(f.at[:len(f.at)-1]), f.at[len(f.at)-1]+1))
		keyLine, keyCol := position(t, doc, f.at)
		valLine += k.Offset
		keyLine += k.Offset
		name := fmt.Sprintf("%s: %s", f.path, slip)
		switch {
		case slip == "false" && orig.Kind == yaml.ScalarNode && orig.ShortTag() == "!!bool":
			if errs := errorsOf(ds); len(errs) > 0 {
				t.Errorf("%s is a yes/no field, so false is a value; got:\n%s", name, join(errs))
			}
		case slip == "false":
			want := "false"
			if textual(orig) {
				want = `quote it ("false")`
			}
			if !at(ds, valLine, valCol, want) {
				t.Errorf("%s: want an error at %d:%d saying %q; got:\n%s", name, valLine, valCol, want, join(ds))
			}
		case f.required:
			if !at(ds, keyLine, keyCol, "required") {
				t.Errorf("%s: the field is required, so want an error at %d:%d that it is empty; got:\n%s", name, keyLine, keyCol, join(ds))
			}
		default:
			if got, want := messages(errorsOf(ds)), messages(errorsOf(absentDs)); !reflect.DeepEqual(got, want) {
				t.Errorf("%s must read as the field left out; errors:\n%s\nleft out:\n%s", name, join(errorsOf(ds)), join(errorsOf(absentDs)))
			}
			if got, want := show(model), show(absent); len(errorsOf(ds)) == 0 && got != want {
				t.Errorf("%s must read as the field left out;\nread      %s\nleft out  %s", name, got, want)
			}
		}
	}
	if orig.Kind == yaml.SequenceNode && len(orig.Content) > 0 {
		auditItem(t, k, root, f, orig)
	}
}

// auditItem checks the slips as the first item of a list: each is an
// error at the item.
func auditItem(t *testing.T, k Kind, root *yaml.Node, f field, list *yaml.Node) {
	itemAt := append(clone(f.at[:len(f.at)-1]), f.at[len(f.at)-1]+1, -1)
	for _, slip := range slips {
		if slip == "" && list.Style&yaml.FlowStyle != 0 {
			continue // [, b] is not YAML; an empty item is a "- " line
		}
		doc := marshal(t, root, func(r *yaml.Node) {
			*node(r, itemAt) = yaml.Node{Kind: yaml.ScalarNode, Value: sentinel}
		})
		doc = bytes.Replace(doc, []byte(sentinel), []byte(slip), 1)
		_, ds := k.Decode(doc)
		line, col := position(t, doc, itemAt)
		line += k.Offset
		want := "empty"
		if slip == "false" {
			want = "false"
			if textual(list.Content[0]) {
				want = `quote it ("false")`
			}
		}
		if !at(ds, line, col, want) {
			t.Errorf("%s: first item %s: want an error at %d:%d saying %q; got:\n%s", f.path, slip, line, col, want, join(ds))
		}
	}
}

// sentinel stands for the slip while the tree is written out, since the
// encoder writes an empty value as the quoted text "", not as nothing.
const sentinel = "AUDIT_SLIP_VALUE"

// textual reports whether a valid value was text: a field (or list
// item) that reads text, where false must be answered with "quote it".
func textual(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str"
}

func parse(t *testing.T, data []byte) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("audit document: %v\n%s", err, data)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("audit document is not a mapping:\n%s", data)
	}
	return doc.Content[0]
}

// marshal writes a copy of root, changed by edit.
func marshal(t *testing.T, root *yaml.Node, edit func(*yaml.Node)) []byte {
	t.Helper()
	c := deepCopy(root)
	edit(c)
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// position is the line and column of the node at at in doc.
func position(t *testing.T, doc []byte, at []int) (int, int) {
	t.Helper()
	var d yaml.Node
	if err := yaml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	n := node(d.Content[0], at)
	return n.Line, n.Column
}

// node follows at from root: i ≥ 0 is an index into a mapping's Content
// (a key, or with +1 its value), -1-i the i-th item of a list.
func node(root *yaml.Node, at []int) *yaml.Node {
	n := root
	for _, i := range at {
		if i < 0 {
			i = -1 - i
		}
		n = n.Content[i]
	}
	return n
}

func deepCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = deepCopy(k)
	}
	return &c
}

func clone(at []int) []int { return append([]int(nil), at...) }

func join2(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func errorsOf(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

func messages(ds []diag.Diagnostic) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Message)
	}
	sort.Strings(out)
	return out
}

func has(ds []diag.Diagnostic, text string) bool {
	for _, d := range ds {
		if d.Severity == diag.Error && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}

func at(ds []diag.Diagnostic, line, col int, text string) bool {
	for _, d := range ds {
		if d.Severity == diag.Error && d.Line == line && d.Col == col && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}

func join(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

// show writes v's exported fields, positions left out (fields named Line
// or Col, ending in Line, Col or At, and the Lines map of key positions),
// so that a model read from a document with a line removed compares
// equal with one read with the line.
func show(v any) string {
	var b strings.Builder
	showValue(&b, reflect.ValueOf(v))
	return b.String()
}

var stringer = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()

func showValue(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("&")
		showValue(b, v.Elem())
	case reflect.Struct:
		if v.Type().Implements(stringer) && v.CanInterface() {
			b.WriteString(v.Interface().(fmt.Stringer).String()) // time.Time
			return
		}
		b.WriteString(v.Type().Name() + "{")
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || isPosition(f.Name, v.Field(i)) {
				continue
			}
			b.WriteString(f.Name + ":")
			showValue(b, v.Field(i))
			b.WriteString(" ")
		}
		b.WriteString("}")
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			showValue(b, v.Index(i))
			b.WriteString(" ")
		}
		b.WriteString("]")
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		b.WriteString("map[")
		for _, k := range keys {
			fmt.Fprintf(b, "%v:", k)
			showValue(b, v.MapIndex(k))
			b.WriteString(" ")
		}
		b.WriteString("]")
	default:
		fmt.Fprintf(b, "%#v", v)
	}
}

func isPosition(name string, f reflect.Value) bool {
	switch f.Kind() {
	case reflect.Int:
		return name == "Line" || name == "Col" || strings.HasSuffix(name, "Line") || strings.HasSuffix(name, "Col")
	case reflect.Map:
		return f.Type().Elem().Kind() == reflect.Int && (name == "Lines" || strings.HasSuffix(name, "Line"))
	case reflect.Slice, reflect.Struct:
		return strings.HasSuffix(name, "At") // Pos, []Pos
	}
	return false
}
