// Package kit resolves referral kit definitions (kits/<id>.yaml) against
// the content model into Docs that the PDF writer and the HTML rendition
// read, and keeps the version ledger (kits/ledger.yaml).
package kit

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// Dir is the folder of kit definitions and the ledger.
const Dir = "kits"

// Definition is one kits/<id>.yaml: what a kit quotes, not the text itself.
type Definition struct {
	ID       string
	File     string // kits/<id>.yaml
	Raw      []byte // file contents, part of the kit's fingerprint
	Title    string
	Audience string
	// TitleLine and AudienceLine are where those are set, for errors.
	TitleLine, AudienceLine int
	Page                    string // content path of the page the kit belongs to
	PageLine                int
	PageCol                 int
	Paper                   string
	Blocks                  []BlockDef

	// Note is the change note (change_note:) recorded with the kit's next
	// version; NoteLine and NoteCol are where its text is written.
	Note              string
	NoteLine, NoteCol int
	noteKeyLine       int // the line left out of the fingerprint; 0 for none
}

// BlockDef is one quoted block as written in the definition.
type BlockDef struct {
	Kind     string // "section", "page", "contact", "providers", "facts" or "columns"
	Ref      string // section: page#heading-id; page and facts: page path; contact: location slug or "site"
	Refs     []string
	Style    string // "" or "urgent"
	Title    string // heading override
	Children []BlockDef
	Line     int
	Col      int
	RefAt    Pos      // where Ref is written
	RefsAt   []Pos    // where each of Refs is written
	Show     []string // facts: the facts to show; nil for all
	ShowAt   []Pos    // where each of Show is written
	// Checklist marks a section or page block whose list items are what
	// to send with a referral (see FaxCover).
	Checklist bool
}

// Pos is a line and column in a kit definition, for findings about one
// value of it.
type Pos struct{ Line, Col int }

var kitFiles = source.Named{Dir: Dir, Ext: ".yaml", Skip: LedgerName, Rule: diag.RuleKit, What: "kit",
	IDUse: "becomes part of addresses and file names", Example: "cardiology-referral.yaml"}

// LoadDefs reads every kits/*.yaml except the ledger, sorted by id. A kit
// id becomes part of file names, addresses and _headers, so it must be a
// source.ValidName.
func LoadDefs(fsys fs.FS, diags *diag.List) []*Definition {
	var defs []*Definition
	kitFiles.Each(fsys, diags, func(file, id string, data []byte) {
		if kitID, code, ok := translationID(id); ok {
			diags.Errorf(file, 0, 0, diag.RuleKit, "the kit id %q is the id kitgen gives kit %q in the language %q (a kit is published in every language its pages are translated into); rename the file, e.g. %s-%s.yaml", id, kitID, code, kitID, code)
			return
		}
		if def := ParseDef(file, data, diags); def != nil {
			defs = append(defs, def)
		}
	})
	sort.Slice(defs, func(i, j int) bool { return defs[i].ID < defs[j].ID })
	return defs
}

// ParseDef decodes one kit definition; it returns nil if it is unusable.
func ParseDef(file string, data []byte, diags *diag.List) *Definition {
	local := &diag.List{}
	d := &schema.Decoder{File: file, Rule: diag.RuleKit, Diags: local}
	def := &Definition{ID: strings.TrimSuffix(path.Base(file), ".yaml"), File: file, Raw: data}
	root := d.ParseYAML(data)
	if d.Empty(root, "kit definition is empty; add title, audience, page and blocks") {
		diags.Merge(local)
		return nil
	}
	d.Object(root, "kit definition", []schema.Field{
		{Name: "title", Required: true, Set: func(v *yaml.Node) {
			def.Title = d.String(v, "title")
			def.TitleLine, _ = d.Pos(v)
		}},
		{Name: "audience", Required: true, Hint: `say who receives the kit, e.g. "audience: Referring primary care clinicians"`, Set: func(v *yaml.Node) {
			def.Audience = d.String(v, "audience")
			def.AudienceLine, _ = d.Pos(v)
		}},
		{Name: "page", Required: true, Hint: `name the content page the kit belongs to, e.g. "page: services/cardiology"`, Set: func(v *yaml.Node) {
			def.Page = strings.Trim(d.String(v, "page"), "/")
			def.PageLine, def.PageCol = d.Pos(v)
		}},
		{Name: "paper", Set: func(v *yaml.Node) {
			p, ok := d.Text(v, "paper")
			if !ok {
				return
			}
			p = strings.ToLower(p)
			if p != "letter" && p != "a4" {
				d.Errorf(v, "paper %q is not a size kitgen knows; use letter or a4", p)
				return
			}
			def.Paper = p
		}},
		{Name: NoteKey, Set: noteField(d, def, data)},
		{Name: "blocks", Required: true, Hint: "list what the kit quotes under blocks:", Set: func(v *yaml.Node) {
			def.Blocks = blocks(d, v, true)
		}},
	})
	def.noteKeyLine = noteKeyLine(d, root)
	diags.Merge(local)
	if e, _ := local.Count(); e > 0 {
		return nil
	}
	return def
}

func blocks(d *schema.Decoder, v *yaml.Node, top bool) []BlockDef {
	var out []BlockDef
	d.List(v, "blocks", func(item *yaml.Node) {
		b := BlockDef{}
		b.Line, b.Col = d.Pos(item)
		kinds := 0
		bad := false // a value was reported; the checks below would repeat it
		kind := func(k string) func(*yaml.Node) {
			return func(v *yaml.Node) {
				kinds++
				b.Kind = k
				switch k {
				case "providers":
					b.Refs = d.Strings(v, k)
					items := schema.Items(v)
					for _, it := range items {
						if it.Kind == yaml.ScalarNode {
							l, c := d.Pos(it)
							b.RefsAt = append(b.RefsAt, Pos{l, c})
						}
					}
				case "columns":
					if !top {
						d.Errorf(v, "columns cannot be nested inside columns")
						return
					}
					b.Children = blocks(d, v, false)
				default:
					var ok bool
					if b.Ref, ok = d.Text(v, k); !ok {
						bad = true
					}
					b.RefAt.Line, b.RefAt.Col = d.Pos(v)
				}
			}
		}
		d.Object(item, "a kit block", []schema.Field{
			{Name: "section", Set: kind("section")},
			{Name: "page", Set: kind("page")},
			{Name: "contact", Set: kind("contact")},
			{Name: "providers", Set: kind("providers")},
			{Name: "facts", Set: kind("facts")},
			{Name: "columns", Set: kind("columns")},
			{Name: "show", Set: func(v *yaml.Node) { b.Show, b.ShowAt = showList(d, v) }},
			{Name: "title", Set: d.StringTo(&b.Title, "title")},
			{Name: "checklist", Set: func(v *yaml.Node) {
				// An empty "checklist:" says nothing, as false does.
				if v.Kind != yaml.ScalarNode || v.Tag != "!!null" {
					b.Checklist = d.Bool(v, "checklist")
				}
			}},
			{Name: "style", Set: func(v *yaml.Node) {
				var ok bool
				if b.Style, ok = d.Text(v, "style"); !ok {
					bad = true
					return
				}
				if b.Style != "urgent" {
					d.Errorf(v, "style %q is unknown; the only style is urgent", b.Style)
				}
			}},
		})
		if bad {
			return
		}
		if kinds != 1 {
			d.Errorf(item, "a kit block needs exactly one of section, page, contact, providers, facts or columns")
			return
		}
		if b.Show != nil && b.Kind != "facts" {
			d.Errorf(item, "show chooses the facts of a facts block; it does nothing on a %s block, so remove it", b.Kind)
			return
		}
		if b.Checklist && b.Kind != "section" && b.Kind != "page" {
			d.Errorf(item, "checklist: true marks a quoted section whose list is what to send with a referral, so it goes on a section: or page: block, not on %s:", b.Kind)
			return
		}
		if b.Style == "urgent" && b.Kind != "section" {
			d.Errorf(item, "style: %s draws a quoted section as the red-flag box, so it goes on a section: block, not on %s:", b.Style, b.Kind)
			return
		}
		if b.Kind == "section" && !strings.Contains(b.Ref, "#") {
			d.Errorf(item, "section %q must name a heading: write page#heading-id, e.g. guides/cardiology-referral#red-flags (or use page: to quote the whole page)", b.Ref)
			return
		}
		out = append(out, b)
	})
	return out
}
