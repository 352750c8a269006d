package kit

import (
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// contacts returns the contact blocks of d, in columns too, in reading
// order.
func (d *Doc) contacts() []*Contact {
	var out []*Contact
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for i := range bs {
			switch b := &bs[i]; {
			case b.Kind == Columns:
				walk(b.Children)
			case b.Kind == ContactBlock && b.Contact != nil:
				out = append(out, b.Contact)
			}
		}
	}
	walk(d.Blocks)
	return out
}

// faxContact returns the first contact block of d with a fax number: the
// line a referral is faxed to. Nil when the kit names no fax.
func (d *Doc) faxContact() *Contact {
	for _, c := range d.contacts() {
		if c.Fax != "" {
			return c
		}
	}
	return nil
}

// nameFaxCover prints the fax cover sheet's URL beside the fax number it
// is addressed to, so a kit names its cover sheet. A kit without a fax
// number has no cover sheet.
func (d *Doc) nameFaxCover(url string) {
	if c := d.faxContact(); c != nil {
		c.FaxCover = url
	}
}

// coverFields are the boxes of a fax cover sheet, by the key of their
// label, left blank to be filled in by hand: no patient's details are ever
// printed by kitgen.
var coverFields = []Field{{Label: "fax_field_to"}, {Label: "fax_field_from"}, {Label: "fax_field_date"}, {Label: "fax_field_pages"}, {Label: "fax_field_patient", Wide: true}}

// CoverKeys are the keys of the translation table the fax cover sheet
// prints besides the kit layout's own (Doc.Words): what a cover is
// rendered from, with the kit's Doc.
var CoverKeys = []string{"fax_cover", "fax_cover_title", "fax_cover_audience", "fax_to", "fax_fill_in",
	"fax_field_to", "fax_field_from", "fax_field_date", "fax_field_pages", "fax_field_patient", "fax_included"}

// FaxCover returns the fax cover sheet of kit d, as a Doc the PDF writer
// renders like a kit: the practice, the intake fax and phone of the kit's
// first contact block with a fax, blank boxes for To, From, Date, Pages
// and the patient's name, and the items of the kit's checklist sections
// (checklist: true) as tick boxes. It carries the kit's version, date and
// live page, so a cover sheet is as traceable as the kit it goes with.
// Its words are tr's, the translation table of the kit's language (keys
// CoverKeys), as the kit's own are. Nil when the kit names no fax number.
func FaxCover(d *Doc, tr *i18n.Table) *Doc {
	c := d.faxContact()
	if c == nil {
		return nil
	}
	cover := *d
	cover.Label = strings.ToUpper(tr.T("fax_cover"))
	cover.Title = tr.T("fax_cover_title", d.Title)
	cover.Audience = tr.T("fax_cover_audience", strconv.Itoa(d.Version))
	cover.TitleSource, cover.AudienceSource = Source{File: "kits/" + d.ID + ".yaml"}, Source{File: "kits/" + d.ID + ".yaml"}
	send := &Contact{Name: c.Name, Phone: c.Phone, Fax: c.Fax, Source: c.Source, Lines: c.Lines}
	fields := make([]Field, len(coverFields))
	for i, f := range coverFields {
		fields[i] = Field{Label: tr.T(f.Label), Wide: f.Wide}
	}
	cover.Blocks = []Block{
		{Kind: ContactBlock, Title: tr.T("fax_to"), Contact: send, Source: c.Source},
		{Kind: FormFields, Title: tr.T("fax_fill_in"), Fields: fields},
	}
	var items [][]Node
	var src Source
	for _, b := range d.sections() {
		if !b.Checklist {
			continue
		}
		if src.File == "" {
			src = b.Source
		}
		for _, it := range listItems(b.Body) {
			items = append(items, tick(it))
		}
	}
	if len(items) > 0 {
		cover.Blocks = append(cover.Blocks, Block{Kind: Section, Title: tr.T("fax_included"), Body: []Node{{Kind: List, Items: items}}, Source: src})
	}
	return &cover
}

// sections returns the Section and Urgent blocks of d, in columns too.
func (d *Doc) sections() []*Block {
	var out []*Block
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for i := range bs {
			switch b := &bs[i]; b.Kind {
			case Columns:
				walk(b.Children)
			case Section, Urgent:
				out = append(out, b)
			}
		}
	}
	walk(d.Blocks)
	return out
}

// listItems returns the items of the lists of a section's body, nested
// ones flattened into their parents' order.
func listItems(ns []Node) [][]Node {
	var out [][]Node
	for _, n := range ns {
		if n.Kind != List {
			continue
		}
		for _, it := range n.Items {
			var own []Node
			var nested [][]Node
			for _, x := range it {
				if x.Kind == List {
					nested = append(nested, listItems([]Node{x})...)
				} else {
					own = append(own, x)
				}
			}
			if len(own) > 0 {
				out = append(out, own)
			}
			out = append(out, nested...)
		}
	}
	return out
}

// tick puts a tick box before the first line of a checklist item.
func tick(item []Node) []Node {
	out := append([]Node(nil), item...)
	if len(out) > 0 && (out[0].Kind == Paragraph || out[0].Kind == Heading) {
		first := out[0]
		first.Inlines = append([]Inline{{Text: "☐ "}}, first.Inlines...)
		out[0] = first
		return out
	}
	return append([]Node{{Kind: Paragraph, Inlines: []Inline{{Text: "☐"}}}}, out...)
}

// checklist reports a checklist block that has no list to tick off.
func (rs *resolver) checklist(b BlockDef, blk Block) bool {
	if len(listItems(blk.Body)) > 0 {
		return true
	}
	rs.errorf(b, Pos{}, diag.RuleKit, "kit %q: checklist: true marks the list of what to send with a referral, but %s has no list; make what to send a bulleted list there, or remove checklist", rs.def.ID, b.Ref)
	return false
}
