package content

import (
	"bufio"
	"bytes"
	"errors"
	"regexp"
	"strings"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// rawFormats capture front matter bytes instead of decoding them:
// adrg/frontmatter finds the block, and schema decodes it with positions.
func rawFormats(dst *[]byte, toml *bool) []*frontmatter.Format {
	yamlRaw := func(data []byte, _ any) error { *dst = data; return nil }
	tomlRaw := func(data []byte, _ any) error { *dst = data; *toml = true; return nil }
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", yamlRaw),
		frontmatter.NewFormat("---yaml", "---", yamlRaw),
		frontmatter.NewFormat("+++", "+++", tomlRaw),
		frontmatter.NewFormat("---toml", "---", tomlRaw),
	}
}

var openRE = regexp.MustCompile(`\A[ \t\r\n]*(---(?:yaml|toml)?|\+\+\+)[ \t]*\r?\n`)

// bom is the UTF-8 byte order mark some Windows editors write at the start
// of a file; neither the opening delimiter nor adrg/frontmatter sees past
// it, so split drops it first.
var bom = []byte("\xef\xbb\xbf")

// split separates front matter from body. It returns the raw front matter,
// whether it is TOML, the line of File where the front matter's first line
// is, the body and the body's first line. A block that is opened but never
// closed is reported instead of being read as Markdown.
func split(file string, src []byte, diags *diag.List) (fm []byte, isTOML bool, fmLine int, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, bom)
	m := openRE.FindSubmatchIndex(src)
	if m == nil {
		diags.Errorf(file, 1, 1, diag.RuleFrontMatter, "no front matter; start the file with a line ---, then title: …, then a closing ---")
		return nil, false, 0, src, 1, false
	}
	delim := string(src[m[2]:m[3]])
	closing := delim
	if strings.HasPrefix(delim, "---") {
		closing = "---"
	}
	openLine := 1 + bytes.Count(src[:m[2]], []byte("\n"))
	end := closingEnd(src[m[1]:], closing)
	if end < 0 {
		diags.Errorf(file, openLine, 1, diag.RuleFrontMatter,
			"front matter opened with %s is never closed; add a line %s after the last front-matter key", delim, closing)
		return nil, false, 0, nil, 0, false
	}
	// adrg/frontmatter copies all it reads into a buffer, and reads the
	// rest of its input once it has found the block: given the whole
	// file, that was a seventh of all a build allocated. It is given the
	// file only up to the closing line, and the body is the rest of src.
	head := src[:m[1]+end]
	r := headReaders.Get().(*bufio.Reader)
	r.Reset(bytes.NewReader(head))
	rest, err := frontmatter.Parse(r, nil, rawFormats(&fm, &isTOML)...)
	r.Reset(nil)
	headReaders.Put(r)
	if err != nil && !errors.Is(err, frontmatter.ErrNotFound) {
		diags.Errorf(file, openLine, 1, diag.RuleFrontMatter, "cannot read front matter: %v", err)
		return nil, false, 0, nil, 0, false
	}
	fmLine = openLine + 1
	bodyStart := len(head) - len(rest)
	bodyLine = 1 + bytes.Count(src[:bodyStart], []byte("\n"))
	return fm, isTOML, fmLine, src[bodyStart:], bodyLine, true
}

// headReaders are the readers split gives adrg/frontmatter, which uses a
// *bufio.Reader it is given as it is instead of allocating its own.
var headReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// closingEnd returns the offset in b just past the first line that is
// delim (trailing blanks aside), or -1 when there is none.
func closingEnd(b []byte, delim string) int {
	off := 0
	for off < len(b) {
		i := bytes.IndexByte(b[off:], '\n')
		line, next := b[off:], len(b)
		if i >= 0 {
			line, next = b[off:off+i], off+i+1
		}
		if string(bytes.TrimRight(line, " \t\r")) == delim {
			return next
		}
		off = next
	}
	return -1
}

var slugRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]*$`)

// slugTo decodes slug:, a single URL segment.
func slugTo(p *Page, d *schema.Decoder) func(*yaml.Node) {
	return func(v *yaml.Node) {
		s, ok := d.Text(v, "slug")
		if !ok {
			return
		}
		if !slugRE.MatchString(s) || s == "." || s == ".." || strings.Contains(s, "..") {
			d.Errorf(v, "slug %q is not a valid URL segment; use letters, digits, '-', '_' or '.', with no '/' or '..'", s)
			return
		}
		p.Slug = s
	}
}

// decode applies the schema of p.Type to the front matter root node.
func decode(p *Page, root *yaml.Node, d *schema.Decoder) {
	p.Lines = map[string]int{}
	if root != nil && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			p.Lines[root.Content[i].Value], _ = d.Pos(root.Content[i])
		}
	}
	fields := []schema.Field{
		{Name: "title", Required: true, Hint: `add a line such as "title: Cardiology"`, Set: d.StringTo(&p.Title, "title")},
		{Name: "description", Set: d.StringTo(&p.Description, "description")},
		{Name: "date", Set: d.DateTo(&p.Date, "date")},
		{Name: "reviewed", Set: d.DateTo(&p.Reviewed, "reviewed")},
		// lastmod is Hugo's; kitgen takes a site's modification dates
		// from its files, but checks the value so a slip is not silent.
		{Name: "lastmod", Set: func(v *yaml.Node) { d.Date(v, "lastmod") }},
		{Name: "draft", Set: func(v *yaml.Node) { p.Draft = d.Bool(v, "draft") }},
		{Name: "tags", Set: d.StringsTo(&p.Tags, "tags")},
		{Name: "weight", Set: func(v *yaml.Node) { p.Weight = d.Int(v, "weight") }},
		{Name: "slug", Set: slugTo(p, d)},
		{Name: "translates", Set: func(v *yaml.Node) {
			d.Errorf(v, "translates: belongs to a translation, and this page is not one: a file is a translation when it is named name.<lang>.md for a language listed after the first in languages: of kitgen.yaml")
		}},
		{Name: "silence", Set: func(v *yaml.Node) {
			d.List(v, "silence", func(item *yaml.Node) {
				s := Silence{}
				s.Line, _ = d.Pos(item)
				d.Object(item, "a silence entry", []schema.Field{
					{Name: "rule", Required: true, Hint: `name the rule id, e.g. "rule: claims"`, Set: d.StringTo(&s.Rule, "rule")},
					{Name: "reason", Required: true, Hint: `say why this finding is acceptable, e.g. "reason: quoted from a published trial"`, Set: d.StringTo(&s.Reason, "reason")},
				})
				p.Silence = append(p.Silence, s)
			})
		}},
	}
	if p.Kind == KindPage && p.Type == TypePage {
		// Typed sections have their list page in the navigation; a free
		// page joins it by saying so.
		fields = append(fields, schema.Field{Name: "menu", Set: func(v *yaml.Node) { p.Menu = d.Bool(v, "menu") }})
	}
	var after func()
	if t := TypeOf(p.Type); p.Kind == KindPage && t.Schema != nil {
		var own []schema.Field
		own, after = t.Schema(p, d)
		fields = append(fields, own...)
	}
	d.Object(root, "front matter", fields)
	if after != nil {
		after()
	}
	if p.Kind == KindPage {
		missingRecommended(p, root, d)
	}
}

// missingRecommended warns about the recommended keys of the page's type
// that its front matter does not have.
func missingRecommended(p *Page, root *yaml.Node, d *schema.Decoder) {
	line, col := d.Pos(root)
	for _, r := range TypeOf(p.Type).Recommended {
		if r.Unless != nil && r.Unless(p) {
			continue
		}
		if _, ok := p.Lines[r.Key]; !ok {
			d.Diags.Warnf(d.File, line, col, r.Rule, "front matter has no %q; %s", r.Key, r.Why)
		}
	}
}

// refTo and refsTo decode values that name a page of another section (or,
// for section "", a line of kitgen.yaml) and record where each name is
// written, for the check that every name resolves.
func refTo(p *Page, d *schema.Decoder, dst *string, key, section string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		if s, ok := d.Text(v, key); ok {
			*dst = s
			addRef(p, d, key, section, v)
		}
	}
}

func refsTo(p *Page, d *schema.Decoder, dst *[]string, key, section string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		*dst = d.Strings(v, key)
		for _, item := range schema.Items(v) {
			if schema.IsText(item) {
				addRef(p, d, key, section, item)
			}
		}
	}
}

func addRef(p *Page, d *schema.Decoder, key, section string, v *yaml.Node) {
	if v.Kind == yaml.ScalarNode && v.Value != "" {
		line, col := d.Pos(v)
		p.Refs = append(p.Refs, Ref{Key: key, Section: section, Name: v.Value, Line: line, Col: col})
	}
}

var clockRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):[0-5][0-9]$`)

func clock(d *schema.Decoder, v *yaml.Node, key string) string {
	s, ok := d.Text(v, key)
	if !ok {
		return ""
	}
	if !clockRE.MatchString(s) {
		d.Errorf(v, "%s %q is not a time; write 24-hour HH:MM in quotes, e.g. \"07:30\"", key, s)
		return ""
	}
	if len(s) == 4 {
		s = "0" + s
	}
	return s
}
