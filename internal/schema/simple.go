package schema

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FastPath turns on simpleYAML, the fast path for simple front matter.
// It is a variable only so that tests can turn it off and compare a build
// with and without it.
var FastPath = true

// simpleYAML builds the node tree yaml.v3 builds for the front matter
// most pages have — top-level `key: value` lines whose values are plain,
// or quoted without escapes, or a one-line `[a, b]` list, and block lists
// of such values — without yaml.v3's general scanner, which is most of the
// time decoding a page costs. ok is false for anything else (comments,
// tabs, nested maps, multi-line or escaped scalars, anchors, tags, empty
// values…), and the caller then parses with yaml.v3. FuzzSimpleYAML
// proves both give the same tree, positions included.
func simpleYAML(data []byte) (root *yaml.Node, ok bool) {
	if !simpleBytes(data) {
		return nil, false
	}
	root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var list *yaml.Node // the block list after a `key:` line, if any
	listIndent := -1
	for n, rest := 1, data; len(rest) > 0; n++ {
		line := rest
		if i := indexNL(rest); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(line) == 0 {
			continue
		}
		if line[0] == ' ' || line[0] == '-' {
			if list == nil {
				return nil, false
			}
			indent := 0
			for indent < len(line) && line[indent] == ' ' {
				indent++
			}
			if len(line) < indent+3 || line[indent] != '-' || line[indent+1] != ' ' {
				return nil, false
			}
			if listIndent < 0 {
				listIndent = indent
				list.Line, list.Column = n, indent+1
			} else if indent != listIndent {
				return nil, false
			}
			item, ok := simpleValue(line, indent+2, n, false)
			if !ok || item.Kind != yaml.ScalarNode {
				return nil, false
			}
			list.Content = append(list.Content, item)
			continue
		}
		if list != nil && len(list.Content) == 0 {
			return nil, false // `key:` with no value: yaml.v3 gives a null
		}
		list, listIndent = nil, -1
		k := 0
		for k < len(line) && isKeyByte(line[k], k == 0) {
			k++
		}
		if k == 0 || k >= len(line) || line[k] != ':' {
			return nil, false
		}
		key := scalar(string(line[:k]), n, 1)
		var value *yaml.Node
		switch {
		case k+1 == len(line):
			list = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			value = list
		case line[k+1] == ' ':
			var ok bool
			if value, ok = simpleValue(line, k+2, n, true); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
		if len(root.Content) == 0 {
			root.Line, root.Column = n, 1
		}
		root.Content = append(root.Content, key, value)
	}
	if len(root.Content) == 0 || (list != nil && len(list.Content) == 0) {
		return nil, false
	}
	return root, true
}

// simpleValue decodes the value that fills line from byte off: a plain
// scalar, a quoted one without escapes, or (when flow) a `[a, b]` list.
func simpleValue(line []byte, off, n int, flow bool) (*yaml.Node, bool) {
	s := line[off:]
	if len(s) == 0 {
		return nil, false
	}
	col := utf8.RuneCount(line[:off]) + 1
	switch s[0] {
	case '"', '\'':
		q := s[0]
		for i := 1; i < len(s); i++ {
			if s[i] == q {
				if i != len(s)-1 {
					return nil, false
				}
				v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(s[1:i]), Line: n, Column: col}
				if q == '"' {
					v.Style = yaml.DoubleQuotedStyle
				} else {
					v.Style = yaml.SingleQuotedStyle
				}
				return v, true
			}
			if s[i] == '\\' && q == '"' {
				return nil, false
			}
		}
		return nil, false
	case '[':
		if !flow || s[len(s)-1] != ']' {
			return nil, false
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: n, Column: col}
		inner := s[1 : len(s)-1]
		if len(inner) == 0 {
			return seq, true
		}
		start := off + 1
		for {
			end := start
			for end < len(line)-1 && line[end] != ',' {
				end++
			}
			item := line[start:end]
			if !plainOK(item, true) {
				return nil, false
			}
			seq.Content = append(seq.Content, scalar(string(item), n, utf8.RuneCount(line[:start])+1))
			if end == len(line)-1 {
				return seq, true
			}
			if end+1 >= len(line)-1 || line[end+1] != ' ' {
				return nil, false
			}
			start = end + 2
		}
	}
	if !plainOK(s, false) {
		return nil, false
	}
	return scalar(string(s), n, col), true
}

// scalar is a plain scalar node, tagged as yaml.v3 resolves it.
func scalar(v string, line, col int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: line, Column: col}
	n.Tag = n.ShortTag() // with no tag set, yaml.v3's own resolution
	return n
}

// plainOK reports whether s is a one-line plain scalar that yaml.v3 reads
// as exactly s: no indicator first, no `: ` inside, no edge spaces, and in
// a flow list none of the flow indicators.
func plainOK(s []byte, flow bool) bool {
	if len(s) == 0 || s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	switch s[0] {
	case '?', ':', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-':
		if len(s) == 1 || s[1] == ' ' || s[1] == '-' {
			return false
		}
	}
	for i, c := range s {
		switch c {
		case '[', ']', '{', '}':
			return false
		case ',':
			if flow {
				return false
			}
		case ':':
			if flow || s[i+1] == ' ' {
				return false
			}
		}
	}
	return true
}

func isKeyByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
		!first && (c >= '0' && c <= '9' || c == '-')
}

// simpleBytes reports whether data holds only what the fast path reads
// like yaml.v3: printable characters, spaces and \n; no comments, tabs,
// carriage returns, or characters YAML treats as line breaks or a BOM.
func simpleBytes(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '#' || c == 0x7f || c < 0x20 && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff ||
			r >= 0xd800 && r < 0xe000 || r > 0xfffd && r < 0x10000 {
			return false
		}
		i += size
	}
	return true
}

func indexNL(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return -1
}
