// Package partner reads partner files (partners/<id>.yaml): the referring
// offices that get their own copies of the kits, carrying a referral code
// and a link to a private landing page. It owns the referral code — its
// alphabet, check symbol, look-alike rule and generation — so that the
// build, kitgen new partner and kitgen partners check agree on what a
// code is.
package partner

import (
	"io/fs"
	netmail "net/mail"
	"path"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// Dir is the folder of partner files.
const Dir = "partners"

// Partner is one partners/<id>.yaml.
type Partner struct {
	ID      string // the base name of the file
	File    string // partners/<id>.yaml
	Raw     []byte // the file's bytes
	Name    string // display name, printed on the partner's kits
	Segment string // the group partners are reported by, e.g. primary-care
	Code    string // referral code in written form, K7QX-W
	// Kits are the ids of the kits the partner gets, in the order given;
	// nil means every kit.
	Kits []string
	// The partner's own referral destination, when it has one: a fax
	// number and an e-referral channel. CodeParam names the query
	// parameter the channel takes a referral code in, so the landing
	// page's link arrives with the code filled in.
	Fax                     string
	EReferral, EReferralURL string
	CodeParam               string
	Note                    string // for staff only; never published
	// Email is the address kitgen mail sends the partner's kits to, and
	// EmailName the name written with it, when the file gives one. Like
	// Note it is never published: the landing page is for the partner.
	Email, EmailName string

	// Positions, for findings.
	NameLine, NameCol, CodeLine, CodeCol, NoteLine, NoteCol, SegmentLine int
	EmailLine, EmailCol                                                  int
	KitsAt                                                               []Pos
}

// Pos is a line and column in a partner file.
type Pos struct{ Line, Col int }

var partnerFiles = source.Named{Dir: Dir, Ext: ".yaml", Rule: diag.RulePartner, What: "partner",
	IDUse: "is used in reports and exports", Example: "northside-family.yaml"}

// Load reads every partners/*.yaml, sorted by id. Files whose name
// starts with "_" are left out, as kits/ does, so notes can sit beside
// them.
func Load(fsys fs.FS, diags *diag.List) []*Partner {
	var out []*Partner
	partnerFiles.Each(fsys, diags, func(file, _ string, data []byte) {
		if p := Parse(file, data, diags); p != nil {
			out = append(out, p)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Parse decodes one partner file; it returns nil if it is unusable.
func Parse(file string, data []byte, diags *diag.List) *Partner {
	local := &diag.List{}
	d := &schema.Decoder{File: file, Rule: diag.RulePartner, Diags: local}
	p := &Partner{ID: strings.TrimSuffix(path.Base(file), ".yaml"), File: file, Raw: data}
	root := d.ParseYAML(data)
	if d.Empty(root, "partner file is empty; add name, segment and code (kitgen new partner NAME writes one)") {
		diags.Merge(local)
		return nil
	}
	d.Object(root, "partner file", []schema.Field{
		{Name: "name", Required: true, Hint: `add the name printed on the partner's kits, e.g. "name: Northside Family Medicine"`, Set: func(v *yaml.Node) {
			name, ok := d.Text(v, "name")
			p.Name = strings.TrimSpace(name)
			p.NameLine, p.NameCol = d.Pos(v)
			if p.Name == "" && ok {
				d.Errorf(v, "name is empty; write the name printed on the partner's kits")
			}
		}},
		{Name: "segment", Required: true, Hint: `add the group the partner is reported in, e.g. "segment: primary-care"`, Set: func(v *yaml.Node) {
			segment, ok := d.Text(v, "segment")
			p.Segment = strings.TrimSpace(segment)
			p.SegmentLine, _ = d.Pos(v)
			if ok && !source.ValidName(p.Segment) {
				d.Errorf(v, "segment %q is a report group; use letters, digits, '-', '_' and '.', e.g. primary-care", p.Segment)
			}
		}},
		{Name: "code", Required: true, Hint: "add the partner's referral code, or write the file with kitgen new partner NAME, which chooses one", Set: func(v *yaml.Node) {
			s, ok := d.Code(v, "code")
			p.CodeLine, p.CodeCol = d.Pos(v)
			if !ok {
				return
			}
			c, err := ParseCode(s)
			if err != nil {
				d.Errorf(v, "%v; remove the code: line and run kitgen new partner to choose one, or correct it", err)
				return
			}
			p.Code = c
		}},
		{Name: "kits", Set: func(v *yaml.Node) {
			p.Kits = d.Strings(v, "kits")
			items := schema.Items(v)
			for _, it := range items {
				l, c := d.Pos(it)
				p.KitsAt = append(p.KitsAt, Pos{l, c})
			}
			if p.Kits == nil {
				p.Kits = []string{}
			}
			if len(p.Kits) == 0 && v.Kind == yaml.SequenceNode {
				d.Errorf(v, "kits is an empty list, so the partner gets no kit; name the kits, or remove the line to give the partner every kit")
			}
		}},
		{Name: "fax", Set: d.PhoneTo(&p.Fax, "fax", nil)},
		{Name: "ereferral", Set: d.EReferralCodeTo(&p.EReferral, &p.EReferralURL, &p.CodeParam, "ereferral")},
		{Name: "email", Set: func(v *yaml.Node) {
			s, ok := d.Code(v, "email")
			s = strings.TrimSpace(s)
			p.EmailLine, p.EmailCol = d.Pos(v)
			if !ok || s == "" {
				return
			}
			a, err := netmail.ParseAddress(s)
			if err != nil {
				d.Errorf(v, "email %q is not an e-mail address (%s); write one address, e.g. email: referrals@northside.example, or remove the line", s, strings.TrimPrefix(err.Error(), "mail: "))
				return
			}
			p.Email, p.EmailName = a.Address, a.Name
		}},
		{Name: "note", Set: func(v *yaml.Node) {
			p.Note = d.String(v, "note")
			p.NoteLine, p.NoteCol = d.Pos(v)
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				// A block's text starts on the line after "note: |".
				p.NoteLine, p.NoteCol = p.NoteLine+1, 1
			}
		}},
	})
	diags.Merge(local)
	if e, _ := local.Count(); e > 0 {
		return nil
	}
	return p
}

// GetsKit reports whether the partner gets kit id.
func (p *Partner) GetsKit(id string) bool {
	if p.Kits == nil {
		return true
	}
	for _, k := range p.Kits {
		if k == id {
			return true
		}
	}
	return false
}

// Validate reports what no single file shows: a kit a partner names that
// is not defined (kits lists the kit ids), a code two partners share and
// codes easily mistaken for each other.
func Validate(ps []*Partner, kits []string, diags *diag.List) {
	known := map[string]bool{}
	for _, k := range kits {
		known[k] = true
	}
	for _, p := range ps {
		for i, k := range p.Kits {
			if known[k] {
				continue
			}
			at := Pos{p.CodeLine, 0}
			if i < len(p.KitsAt) {
				at = p.KitsAt[i]
			}
			hint := ""
			if c := schema.Closest(k, kits); c != "" {
				hint = "; did you mean " + c + "?"
			}
			diags.Errorf(p.File, at.Line, at.Col, diag.RulePartner, "partner %q names kit %q, which kits/ does not define (the kits are %s)%s", p.ID, k, strings.Join(kits, ", "), hint)
		}
	}
	// A shared or look-alike code is reported in both files: which of
	// the two is the newer one, only the editor knows.
	for j, p := range ps {
		for _, q := range ps[:j] {
			for _, pair := range [][2]*Partner{{p, q}, {q, p}} {
				a, b := pair[0], pair[1]
				switch {
				case a.Code == b.Code:
					diags.Errorf(a.File, a.CodeLine, a.CodeCol, diag.RulePartner, "code %s is also %s's (%s); every partner needs its own code — remove the code: line of one of them and run kitgen new partner, or choose another", a.Code, b.Name, b.File)
				case LookAlike(a.Code, b.Code):
					diags.Errorf(a.File, a.CodeLine, a.CodeCol, diag.RulePartner, "code %s is easily mistaken for %s, %s's code (%s): they differ in one or two characters or by two swapped; choose a code further from it for one of them (kitgen new partner chooses one)", a.Code, b.Code, b.Name, b.File)
				}
			}
		}
	}
}

// ByCode returns the partner with the code, or nil.
func ByCode(ps []*Partner, code string) *Partner {
	for _, p := range ps {
		if p.Code == code {
			return p
		}
	}
	return nil
}
