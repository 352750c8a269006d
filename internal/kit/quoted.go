package kit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/worddiff"
)

// Quoted is the text of one quoted section of a kit version, as readers
// read it: the changelog compares it with the same section of the version
// before, word by word.
type Quoted struct {
	// Key names the section across versions: its source file and title.
	// A section that moves to another page or is renamed is a section
	// removed and one added.
	Key   string `json:"key"`
	Title string `json:"title"`
	Text  string `json:"text"` // one line per paragraph, heading, list item or table row
}

// QuotedFile returns where the quoted text of version v of kit id is
// kept, beside its archived PDF and relative to the site root. A PDF
// cannot be read back into the words it shows reliably, so the build
// keeps them, written when the version is recorded (or, for a version
// recorded before kitgen kept them, while the kit still matches it).
func QuotedFile(id string, v int) string {
	return fmt.Sprintf("%s/%s-v%d.json", ArchiveDir, id, v)
}

// Sections returns the quoted sections of d (whole pages and headings'
// sections, in columns too) in reading order. Contact blocks and provider
// lists are facts the changelog names by page; their words are not
// compared.
func Sections(d *Doc) []Quoted {
	var out []Quoted
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for _, b := range bs {
			switch b.Kind {
			case Columns:
				walk(b.Children)
			case Section, Urgent:
				var sb strings.Builder
				nodeText(&sb, b.Body)
				out = append(out, Quoted{Key: b.Source.File + "#" + b.Title, Title: b.Title, Text: strings.TrimSuffix(sb.String(), "\n")})
			}
		}
	}
	walk(d.Blocks)
	return out
}

// nodeText writes the words of rich text, one line per block of it.
func nodeText(b *strings.Builder, ns []Node) {
	line := func(ins []Inline) {
		for _, in := range ins {
			b.WriteString(in.Text)
		}
		b.WriteByte('\n')
	}
	for _, n := range ns {
		switch n.Kind {
		case Paragraph, Heading:
			line(n.Inlines)
		case List:
			for _, it := range n.Items {
				nodeText(b, it)
			}
		case Table:
			for _, row := range append([][]Cell{n.Header}, n.Rows...) {
				var cells []Inline
				for i, c := range row {
					if i > 0 {
						cells = append(cells, Inline{Text: " | "})
					}
					cells = append(cells, c...)
				}
				if len(row) > 0 {
					line(cells)
				}
			}
		}
	}
}

// quotedFile is the JSON of a QuotedFile.
type quotedFile struct {
	Kit      string   `json:"kit"`
	Version  int      `json:"version"`
	Sections []Quoted `json:"sections"`
}

// MarshalQuoted returns the bytes of version v's QuotedFile: indented
// JSON, so that a review of the commit shows what changed.
func MarshalQuoted(id string, v int, qs []Quoted) []byte {
	if qs == nil {
		qs = []Quoted{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(quotedFile{Kit: id, Version: v, Sections: qs})
	return buf.Bytes()
}

// LoadQuoted reads the quoted text of version v of kit id. A missing file
// is no text (false), without a finding; a damaged one is a warning, and
// the changelog leaves that version's word changes out.
func LoadQuoted(fsys fs.FS, id string, v int, diags *diag.List) ([]Quoted, bool) {
	file := QuotedFile(id, v)
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	var q quotedFile
	if err == nil {
		err = json.Unmarshal(data, &q)
	}
	if err == nil && (q.Kit != id || q.Version != v) {
		err = fmt.Errorf("it holds version %d of kit %q", q.Version, q.Kit)
	}
	if err != nil {
		diags.Warnf(file, 0, 0, diag.RuleKitArchive, "cannot read the quoted text of version %d of kit %q (%v), so the changelog leaves out its word changes; restore it from version control (git checkout %s), or delete it", v, id, oneLine(err.Error()), file)
		return nil, false
	}
	return q.Sections, true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// SectionChange is what changed in one quoted section between two
// versions of a kit.
type SectionChange struct {
	Title string
	// Added and Removed say the whole section came or went; otherwise Ops
	// compare its words.
	Added, Removed bool
	Ops            []worddiff.Op
}

// Compare lists the quoted sections whose words differ between old and
// new, in new's reading order, then the sections new no longer quotes in
// old's order. An unchanged section is left out.
func Compare(old, new []Quoted) []SectionChange {
	before := map[string]Quoted{}
	for _, q := range old {
		before[q.Key] = q
	}
	var out []SectionChange
	kept := map[string]bool{}
	for _, q := range new {
		o, ok := before[q.Key]
		kept[q.Key] = true
		switch {
		case !ok:
			out = append(out, SectionChange{Title: q.Title, Added: true})
		default:
			if ops := worddiff.Strings(o.Text, q.Text); worddiff.Changed(ops) {
				out = append(out, SectionChange{Title: q.Title, Ops: ops})
			}
		}
	}
	for _, q := range old {
		if !kept[q.Key] {
			kept[q.Key] = true
			out = append(out, SectionChange{Title: q.Title, Removed: true})
		}
	}
	return out
}
