// Package schema decodes YAML and TOML documents (front matter, kitgen.yaml,
// kit definitions) against typed field lists. Unlike decoding into a struct,
// it keeps every value's position, so each problem — a wrong type, a missing
// field, an unknown key — is reported at its file:line:col, and one pass
// reports all of them.
package schema

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// Decoder reports problems of one document into Diags.
type Decoder struct {
	File       string     // path shown in findings
	LineOffset int        // added to node lines: the document's first line in File, minus one
	Rule       diag.Rule  // rule id of the findings, e.g. diag.RuleFrontMatter
	Diags      *diag.List // where problems go
}

// Field is one key of a mapping.
type Field struct {
	Name     string
	Required bool
	Hint     string // what to write, used in the "missing" message
	Set      func(v *yaml.Node)
}

// Pos returns the position of n in the file.
func (d *Decoder) Pos(n *yaml.Node) (line, col int) {
	if n == nil {
		return d.LineOffset + 1, 1
	}
	return n.Line + d.LineOffset, n.Column
}

// Errorf reports an error at n.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	l, c := d.Pos(n)
	d.Diags.Errorf(d.File, l, c, d.Rule, format, args...)
}

// Object decodes the mapping n against fields: it calls each field's Set
// with its value and reports unknown keys, duplicate keys, and missing
// required fields (at what, the node the mapping belongs to, when n is
// nil). It returns false if n is not a mapping.
func (d *Decoder) Object(n *yaml.Node, what string, fields []Field) bool {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		d.missing(n, what, fields, nil)
		return n == nil
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping of key: value lines, not %s", what, Describe(n))
		return false
	}
	if w := watcher.Load(); w != nil {
		(*w)(d.File, n, fields)
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if seen[name] {
			d.Errorf(k, "key %q appears twice in %s; keep one", name, what)
			continue
		}
		seen[name] = true
		f := lookup(fields, name)
		if f == nil {
			d.Errorf(k, "unknown key %q in %s%s", name, what, suggest(name, fields))
			continue
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			if f.Required {
				d.Errorf(k, "%s is required but empty; %s", name, f.hint())
			}
			continue
		}
		f.Set(v)
	}
	d.missing(n, what, fields, seen)
	return true
}

// watcher is the function Watch installs, or nil.
var watcher atomic.Pointer[func(file string, n *yaml.Node, fields []Field)]

// Watch calls f with every mapping Object decodes, the file it is in and
// the fields it is decoded against, until stop is called. It is how a test
// finds every field a kind of file has, including those declared inside
// other fields' Set functions, without a second list of them to keep up
// to date (see schematest.Audit).
func Watch(f func(file string, n *yaml.Node, fields []Field)) (stop func()) {
	watcher.Store(&f)
	return func() { watcher.Store(nil) }
}

func (d *Decoder) missing(n *yaml.Node, what string, fields []Field, seen map[string]bool) {
	for _, f := range fields {
		if f.Required && !seen[f.Name] {
			d.Errorf(n, "%s is missing required field %q; %s", what, f.Name, f.hint())
		}
	}
}

func (f *Field) hint() string {
	if f.Hint != "" {
		return f.Hint
	}
	return fmt.Sprintf("add a line %q", f.Name+": …")
}

func lookup(fields []Field, name string) *Field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// suggest names the closest known key, or lists the known keys.
func suggest(name string, fields []Field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	if best := Closest(name, names); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	sort.Strings(names)
	return "; known keys: " + strings.Join(names, ", ")
}

// Closest returns the candidate nearest to name within two edits, or ""
// when none is that close: the "did you mean" of every setting and rule id.
func Closest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(name), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance, for "did you mean" hints.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Describe names what n is, for messages: "a list", "the boolean false",
// "the number 12", "the text \"x\"".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!null":
		return "an empty value"
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!timestamp":
		return "the date " + n.Value
	}
	return fmt.Sprintf("the text %q", n.Value)
}

// Bool decodes true/false.
func (d *Decoder) Bool(v *yaml.Node, key string) bool {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		d.Errorf(v, "%s must be true or false, not %s", key, Describe(v))
		return false
	}
	b, _ := strconv.ParseBool(strings.ToLower(v.Value))
	return b
}

// Int decodes a whole number.
func (d *Decoder) Int(v *yaml.Node, key string) int {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!int" {
		if n, err := strconv.Atoi(v.Value); err == nil {
			return n
		}
	}
	d.Errorf(v, "%s must be a whole number, not %s", key, Describe(v))
	return 0
}

// Float decodes a number.
func (d *Decoder) Float(v *yaml.Node, key string) float64 {
	if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
		if f, err := strconv.ParseFloat(v.Value, 64); err == nil {
			return f
		}
	}
	d.Errorf(v, "%s must be a number, not %s", key, Describe(v))
	return 0
}

var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00"}

// Date decodes a calendar date (YYYY-MM-DD; a full timestamp is accepted).
// Dates are kept in UTC so output never depends on the machine's zone. A
// null value is the date left out: the zero time, with no finding.
func (d *Decoder) Date(v *yaml.Node, key string) time.Time {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return time.Time{}
	}
	if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!bool" {
		d.Errorf(v, "%s must be a date written as YYYY-MM-DD, not %s", key, Describe(v))
		return time.Time{}
	}
	s := strings.TrimSpace(v.Value)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	d.Errorf(v, "%s %q is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-01", key, v.Value)
	return time.Time{}
}

// DateTo returns a Set function storing a date into dst.
func (d *Decoder) DateTo(dst *time.Time, key string) func(*yaml.Node) {
	return func(v *yaml.Node) { *dst = d.Date(v, key) }
}

// List calls each for every item of a sequence. An empty item (a "- "
// line with nothing after it, ~ or null) is reported at the item and
// skipped: it is a half-finished edit, not an item.
func (d *Decoder) List(v *yaml.Node, key string, each func(item *yaml.Node)) {
	if v.Kind != yaml.SequenceNode {
		d.Errorf(v, "%s must be a list (one \"- item\" per line), not %s", key, Describe(v))
		return
	}
	for _, item := range v.Content {
		if item.Kind == yaml.ScalarNode && item.ShortTag() == "!!null" {
			d.Errorf(item, "an item of %s is empty; write the item, or remove it from the list", key)
			continue
		}
		each(item)
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserErrors are the messages of yaml.v3's parser, as opposed to its
// scanner. yaml.v3 numbers the lines of parser errors from zero (and
// scanner errors from one), so their line needs one added.
var yamlParserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// ParseYAML parses a YAML document and reports a syntax error at its line.
// It returns nil when the document is invalid or empty.
func (d *Decoder) ParseYAML(data []byte) *yaml.Node {
	if FastPath {
		if root, ok := simpleYAML(data); ok {
			return root
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 leaves the line out when the problem is on the first.
		line, msg := 1, err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			if yamlParserErrors[msg] {
				line++
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		// An unclosed list or quote is found at the end of the input, one
		// line past the last; the last line is the nearest real one.
		if n := lineCount(data); line > n && n > 0 {
			line = n
		}
		d.Diags.Errorf(d.File, line+d.LineOffset, 0, d.Rule,
			"invalid YAML: %s; check the indentation and put values that contain \": \" or start with a special character in quotes", msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// Empty reports whether a parsed document is empty (root is nil), and
// then reports it with fix, which says what to add, unless parsing
// already reported why (a syntax error).
func (d *Decoder) Empty(root *yaml.Node, fix string) bool {
	if root != nil {
		return false
	}
	if e, _ := d.Diags.Count(); e == 0 {
		d.Errorf(nil, "%s", fix)
	}
	return true
}

func lineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}
