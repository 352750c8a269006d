package schema

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

var tomlLineRE = regexp.MustCompile(`(?i)line (\d+)`)

// ParseTOML parses TOML front matter into the same node tree as YAML, so one
// schema serves both. The TOML decoder does not keep positions, so a key's
// line is found by looking for "key =" in the text; values take their key's
// line.
func (d *Decoder) ParseTOML(data []byte) *yaml.Node {
	m, err := decodeTOML(data)
	if err != nil {
		line := 1
		if sm := tomlLineRE.FindStringSubmatch(err.Error()); sm != nil {
			line, _ = strconv.Atoi(sm[1])
		}
		d.Diags.Errorf(d.File, line+d.LineOffset, 0, d.Rule,
			"invalid TOML: %s; check quoting (text values need \"quotes\") and that each line is key = value", cleanTOMLError(err))
		return nil
	}
	return tomlNode(m, indexKeys(data), 1)
}

// decodeTOML decodes a TOML document. BurntSushi/toml v0.3.1 panics on
// some malformed input (e.g. "0={#"); bad front matter must be reported,
// never crash a build, so the panic becomes an error.
func decodeTOML(data []byte) (m map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := strings.Join(strings.Fields(fmt.Sprint(r)), " ")
			m, err = nil, fmt.Errorf("%s", strings.TrimPrefix(msg, "BUG: "))
		}
	}()
	_, err = toml.Decode(string(data), &m)
	return m, err
}

func cleanTOMLError(err error) string {
	s := err.Error()
	if i := strings.Index(s, "): "); i >= 0 && strings.HasPrefix(s, "Near line") {
		s = s[i+3:]
	}
	return s
}

// keyLines indexes where keys are written, so that finding each key's
// line costs a search instead of a scan of the whole text: with a scan,
// front matter of 60,000 keys took 70 s.
type keyLines struct {
	assign map[string][]int // key → lines of "key = …", ascending
	table  map[string][]int // key → lines of "[key]" or "[[key]]"
	array  map[string][]int // key → lines of "[[key]]"
}

func indexKeys(data []byte) *keyLines {
	ix := &keyLines{assign: map[string][]int{}, table: map[string][]int{}, array: map[string][]int{}}
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		n := i + 1
		switch {
		case strings.HasPrefix(l, "[[") && strings.HasSuffix(l, "]]"):
			k := l[2 : len(l)-2]
			ix.table[k] = append(ix.table[k], n)
			ix.array[k] = append(ix.array[k], n)
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			k := l[1 : len(l)-1]
			ix.table[k] = append(ix.table[k], n)
		}
		if eq := strings.IndexByte(l, '='); eq > 0 {
			k := strings.TrimSpace(l[:eq])
			ix.assign[k] = append(ix.assign[k], n)
		}
	}
	return ix
}

// first returns the first of lines at or after from, or 0.
func first(lines []int, from int) int {
	i := sort.SearchInts(lines, from)
	if i == len(lines) {
		return 0
	}
	return lines[i]
}

// keyLine returns the first line at or after from where key is assigned
// or opens a table, or from when there is none.
func (ix *keyLines) keyLine(key string, from int) int {
	a, t := first(ix.assign[key], from), first(ix.table[key], from)
	switch {
	case a == 0 && t == 0:
		return from
	case a == 0:
		return t
	case t == 0:
		return a
	}
	return min(a, t)
}

func tomlNode(v any, lines *keyLines, line int) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: 1}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			kl := lines.keyLine(k, line)
			var val *yaml.Node
			if tables, ok := x[k].([]map[string]any); ok {
				val = tableArrayNode(tables, lines, k, kl)
			} else {
				val = tomlNode(x[k], lines, kl)
			}
			n.Content = append(n.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: kl, Column: 1}, val)
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
		for _, item := range x {
			n.Content = append(n.Content, tomlNode(item, lines, line))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
		for _, item := range x {
			n.Content = append(n.Content, tomlNode(item, lines, line))
		}
		return n
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x, Line: line, Column: 1}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x), Line: line, Column: 1}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(x, 10), Line: line, Column: 1}
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'g', -1, 64), Line: line, Column: 1}
	case time.Time:
		s := x.Format(time.RFC3339)
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			s = x.Format("2006-01-02")
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: s, Line: line, Column: 1}
	default:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(x), Line: line, Column: 1}
	}
}

// tableArrayNode decodes an array of tables ([[key]] sections). Each item
// starts at its own [[key]] header, so a problem in the second entry is
// reported there rather than at the first.
func tableArrayNode(tables []map[string]any, lines *keyLines, key string, line int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line, Column: 1}
	from := line
	for _, item := range tables {
		at := line // an inline array: every item is on the key's line
		if h := first(lines.array[key], from); h != 0 {
			at, from = h, h+1
		}
		n.Content = append(n.Content, tomlNode(item, lines, at))
	}
	return n
}
