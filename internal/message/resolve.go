package message

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/phone"
	"github.com/kitgen/kitgen/internal/schema"
)

// KitFacts is what a message may quote of one kit of the build, as its
// kit page shows it.
type KitFacts struct {
	ID, Title string
	Version   int
	Effective time.Time
	URL       string // absolute address of the kit's page
	PDF       string // absolute address of the versioned PDF
	Latest    string // absolute address of the always-current PDF
	File      string // the versioned PDF's file name, e.g. cardiology-v3.pdf
}

// kitFields are the facts of a kit, for {{kit.FIELD}} (the kit a draft
// goes with) and {{kits.ID.FIELD}}.
var kitFields = []string{"title", "version", "effective", "url", "pdf", "latest", "file"}

func (k *KitFacts) fact(field string) (value, bool) {
	switch field {
	case "title":
		return value{text: k.Title}, true
	case "version":
		return value{text: strconv.Itoa(k.Version)}, true
	case "effective":
		return value{text: kit.EffectiveText(k.Effective)}, true
	case "url":
		return value{text: k.URL, link: k.URL}, true
	case "pdf":
		return value{text: k.PDF, link: k.PDF}, true
	case "latest":
		return value{text: k.Latest, link: k.Latest}, true
	case "file":
		return value{text: k.File}, true
	}
	return value{}, false
}

// PartnerFacts is what a message may quote of the partner a partner
// kit's draft goes to ({{partner.FIELD}}).
type PartnerFacts struct {
	Name    string
	Code    string // referral code, K7QX-W
	Landing string // absolute address of the partner's landing page
}

// partnerFields are the facts of a partner.
var partnerFields = []string{"name", "code", "landing"}

func (p *PartnerFacts) fact(field string) (value, bool) {
	switch field {
	case "name":
		return value{text: p.Name}, true
	case "code":
		return value{text: p.Code}, true
	case "landing":
		return value{text: p.Landing, link: p.Landing}, true
	}
	return value{}, false
}

// contactFields are the facts of a location ({{location.SLUG.FIELD}}) and
// of the practice-wide contact in kitgen.yaml ({{site.FIELD}}), as a kit's
// contact block quotes them.
var contactFields = []string{"name", "phone", "fax", "email", "ereferral", "address", "hours"}

// contactFact is one fact of a contact block; ereferralURL is the
// e-referral channel's address, which the kit's contact block leaves out
// (a printed kit cannot be clicked) and a message links.
func contactFact(c *kit.Contact, ereferralURL, field string) value {
	switch field {
	case "name":
		return value{text: c.Name}
	case "phone":
		return value{text: phone.Format(c.Phone), link: phone.URI(c.Phone)}
	case "fax":
		return value{text: phone.Format(c.Fax)}
	case "email":
		if c.Email == "" {
			return value{}
		}
		return value{text: c.Email, link: "mailto:" + c.Email}
	case "ereferral":
		return value{text: c.EReferral, link: ereferralURL}
	case "address":
		return value{text: strings.Join(c.Address, ", ")}
	case "hours":
		return value{text: strings.Join(c.Hours, "; ")}
	}
	return value{}
}

// value is a fact as a message states it: its text, and the address it
// links to in the HTML body (a phone's tel:, a kit's page), if any.
type value struct{ text, link string }

// Resolved is a template with the site facts and sections it quotes.
type Resolved struct {
	Template *Template
	cfg      *config.Config
	facts    map[string]value      // fact name → value, but the kit's own
	sections map[string][]kit.Node // page#heading → the quoted section
	// UsesKit is set when the template quotes the kit it goes with
	// ({{kit.…}}), which only a kit draft can fill.
	UsesKit bool
	// PartnerFacts are the template's {{partner.…}} placeholders, which
	// only a partner kit's draft can fill.
	PartnerFacts []Placeholder
	// Translations are the template's translations, resolved in their
	// languages, by language tag.
	Translations map[string]*Resolved
	tr           *i18n.Table // the translation table of a translation's language; nil otherwise
	warnf        func(p Placeholder, format string, args ...any)
}

// Resolve checks every placeholder of t against the model and the kits
// of the build, and quotes the facts and sections it names through the
// kit quoting code. Misspelt blanks, unknown facts and missing sections
// are errors at the placeholder's file:line:col, with the name meant when
// it is close.
//
// A translation (Template.Lang) is resolved in its language, with tables'
// table of it: a section is quoted from the translated page, as a
// translated kit quotes it, and a location's hours are written in the
// language. tables may be nil for a site with one language.
func Resolve(t *Template, site *content.Site, kits map[string]*KitFacts, tables *i18n.Set, diags *diag.List) *Resolved {
	r := &Resolved{Template: t, cfg: site.Config, facts: map[string]value{}, sections: map[string][]kit.Node{}}
	if t.Lang != "" && tables != nil {
		r.tr = tables.For(t.Lang)
	}
	for _, lang := range slices.Sorted(maps.Keys(t.Translations)) {
		if r.Translations == nil {
			r.Translations = map[string]*Resolved{}
		}
		r.Translations[lang] = Resolve(t.Translations[lang], site, kits, tables, diags)
	}
	r.warnf = func(p Placeholder, format string, args ...any) {
		diags.Warnf(t.File, p.Line, p.Col, diag.RuleMessage, format, args...)
	}
	contacts := map[string]*kit.Contact{}
	errorf := func(p Placeholder, format string, args ...any) {
		diags.Errorf(t.File, p.Line, p.Col, diag.RuleMessage, format, args...)
	}
	for _, p := range t.Placeholders {
		switch p.Kind {
		case Blank:
			if !isBlank(p.Name) {
				errorf(p, "%s is not a blank kitgen knows%s; the blanks staff fill in are %s, and a fact starts with site., location.SLUG., kit., kits.ID. or partner.",
					p.Raw, suggest(p.Name, BlankNames()), strings.Join(BlankNames(), ", "))
			}
		case Section:
			if p.InSubject {
				errorf(p, "%s quotes a whole section, which cannot go in a subject; move it to the body", p.Raw)
				continue
			}
			if _, done := r.sections[p.Name]; !done {
				if nodes, ok := r.section(t, site, p, errorf); ok {
					r.sections[p.Name] = nodes
				}
			}
		case Fact:
			parts := strings.Split(p.Name, ".")
			switch parts[0] {
			case "kit":
				if len(parts) != 2 || !contains(kitFields, parts[1]) {
					errorf(p, "%s is not a fact of a kit%s; the kit a draft goes with has %s", p.Raw, suggest(strings.Join(parts[1:], "."), kitFields), facts("kit", kitFields))
					continue
				}
				r.UsesKit = true
			case "partner":
				if len(parts) != 2 || !contains(partnerFields, parts[1]) {
					errorf(p, "%s is not a fact of a partner%s; the partner a partner kit's draft goes to has %s", p.Raw, suggest(strings.Join(parts[1:], "."), partnerFields), facts("partner", partnerFields))
					continue
				}
				r.PartnerFacts = append(r.PartnerFacts, p)
			case "kits":
				if len(parts) < 3 {
					errorf(p, "%s names no kit; write {{kits.ID.FIELD}}, e.g. {{kits.cardiology.version}}", p.Raw)
					continue
				}
				id, field := strings.Join(parts[1:len(parts)-1], "."), parts[len(parts)-1]
				k := kits[id]
				if k == nil {
					ids := make([]string, 0, len(kits))
					for id := range kits {
						ids = append(ids, id)
					}
					errorf(p, "%s quotes kit %q, which does not exist (kits/%s.yaml)%s", p.Raw, id, id, suggest(id, ids))
					continue
				}
				v, ok := k.fact(field)
				if !ok {
					errorf(p, "%s is not a fact of a kit%s; a kit has %s", p.Raw, suggest(field, kitFields), facts("kits."+id, kitFields))
					continue
				}
				r.facts[p.Name] = v
			case "site", "location":
				slug, field := "site", parts[len(parts)-1]
				where := "the contact: block of kitgen.yaml"
				if parts[0] == "location" {
					if len(parts) != 3 {
						errorf(p, "%s names no location; write {{location.SLUG.FIELD}}, e.g. {{location.loop.phone}}", p.Raw)
						continue
					}
					slug = parts[1]
					where = "content/locations/" + slug + ".md"
					if pg := site.Ref(content.TypeLocation, slug); pg == nil || pg.Location() == nil {
						if !site.HasErrors(content.TypeLocation + "/" + slug) {
							errorf(p, "%s quotes location %q, but %s does not exist%s", p.Raw, slug, where, suggest(slug, site.Slugs(content.TypeLocation)))
						}
						continue
					}
				} else if len(parts) != 2 {
					errorf(p, "%s is not a fact of the site; write {{site.FIELD}}: %s", p.Raw, facts("site", contactFields))
					continue
				}
				if !contains(contactFields, field) {
					errorf(p, "%s is not a contact fact%s; %s has %s", p.Raw, suggest(field, contactFields), where, facts(strings.Join(parts[:len(parts)-1], "."), contactFields))
					continue
				}
				c, ok := contacts[slug]
				if !ok {
					c = r.contact(t, site, slug, p)
					contacts[slug] = c
				}
				if c == nil {
					continue
				}
				url := site.Config.Contact.EReferralURL
				if slug != "site" {
					url = site.Ref(content.TypeLocation, slug).Location().EReferralURL
				}
				v := contactFact(c, url, field)
				if v.text == "" {
					errorf(p, "%s has nothing to say: %s gives no %s; add it there, or take the placeholder out", p.Raw, where, field)
					continue
				}
				r.facts[p.Name] = v
			default:
				errorf(p, "%s is not a fact kitgen knows; a fact starts with site., location.SLUG., kit., kits.ID. or partner. (e.g. {{location.loop.phone}}), and a blank has no dots (%s)", p.Raw, strings.Join(BlankNames(), ", "))
			}
		}
	}
	return r
}

// contact quotes the contact block of a location, or of the site, as a
// kit's contact: block does.
func (r *Resolved) contact(t *Template, site *content.Site, slug string, p Placeholder) *kit.Contact {
	def := &kit.Definition{ID: t.ID, File: t.File, Page: r.anyPage(site),
		Blocks: []kit.BlockDef{{Kind: "contact", Ref: slug, Line: p.Line, Col: p.Col}}}
	res := r.quote(def, site)
	if len(res.Doc.Blocks) == 0 {
		return nil
	}
	return res.Doc.Blocks[0].Contact
}

// section quotes page#heading as a kit's section: block does, as the
// heading followed by its text.
func (r *Resolved) section(t *Template, site *content.Site, p Placeholder, errorf func(Placeholder, string, ...any)) ([]kit.Node, bool) {
	ref, id, _ := strings.Cut(p.Name, "#")
	ref = strings.Trim(ref, "/")
	pg := site.Page(ref)
	if pg == nil {
		if !site.HasErrors(ref) {
			var paths []string
			for _, q := range site.Pages {
				paths = append(paths, q.Path)
			}
			errorf(p, "%s quotes page %q, which does not exist (content/%s.md)%s", p.Raw, ref, ref, suggest(ref, paths))
		}
		return nil, false
	}
	content.Parse(pg)
	if h := pg.Doc.LegacyHeading(id); pg.Doc.Heading(id) == nil && h != nil {
		// As kits do, for one release: quoted, with the id to write.
		r.warnf(p, "%s quotes heading %q of %s by its old id #%s, which will stop working in the next release; write {{section %s#%s}}", p.Raw, h.Text, pg.File, id, ref, h.ID)
	}
	if pg.Doc.Heading(id) == nil && pg.Doc.LegacyHeading(id) == nil {
		var ids []string
		for _, h := range pg.Doc.Headings {
			ids = append(ids, h.ID)
		}
		errorf(p, "%s quotes heading #%s of %s, which has no such heading%s; its headings are: %s", p.Raw, id, pg.File, suggest(id, ids), strings.Join(ids, ", "))
		return nil, false
	}
	def := &kit.Definition{ID: t.ID, File: t.File, Page: pg.Path,
		Blocks: []kit.BlockDef{{Kind: "section", Ref: p.Name, Line: p.Line, Col: p.Col}}}
	res := r.quote(def, site)
	if len(res.Doc.Blocks) == 0 {
		return nil, false
	}
	b := res.Doc.Blocks[0]
	nodes := []kit.Node{{Kind: kit.Heading, Level: 1, Inlines: []kit.Inline{{Text: b.Title}}}}
	for _, n := range b.Body {
		if n.Kind == kit.Heading {
			n.Level++
		}
		nodes = append(nodes, n)
	}
	return nodes, true
}

// quote resolves a definition of one block as a kit in the template's
// language does. Its findings are the placeholder's, reported by Resolve.
func (r *Resolved) quote(def *kit.Definition, site *content.Site) *kit.Resolved {
	if r.tr != nil {
		return kit.ResolveTranslation(def, site, kit.Env{}, r.tr, &diag.List{})
	}
	return kit.Resolve(def, site, kit.Env{}, &diag.List{})
}

// anyPage is a page a quoting definition can belong to; a message belongs
// to none, and the kit resolver only links a kit to its page.
func (r *Resolved) anyPage(site *content.Site) string {
	if len(site.Pages) > 0 {
		return site.Pages[0].Path
	}
	return ""
}

func isBlank(name string) bool { return contains(BlankNames(), name) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest says which of candidates name probably meant, or nothing.
func suggest(name string, candidates []string) string {
	if best := schema.Closest(name, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	return ""
}

// facts lists the placeholders of a fact group: {{site.phone}}, ….
func facts(prefix string, fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = "{{" + prefix + "." + f + "}}"
	}
	return strings.Join(out, ", ")
}

// Fill is what a draft knows besides the site: the kit it goes with, the
// partner it goes to, if any, and blanks it can fill (a partner's name,
// for a partner kit's draft). A {{partner.…}} fact a draft without a
// partner cannot state is left as written, as a blank is.
type Fill struct {
	Kit     *KitFacts
	Partner *PartnerFacts
	Blanks  map[string]string
}

// placeholderRE finds a placeholder in converted text, where Markdown has
// already resolved escapes.
var placeholderRE = regexp.MustCompile(`\{\{[^{}\n]*\}\}`)

// lookup is the value of the placeholder written as raw, if it has one
// under f.
func (r *Resolved) lookup(raw string, f Fill) (value, bool) {
	inner := strings.TrimSpace(raw[2 : len(raw)-2])
	if name, ok := strings.CutPrefix(inner, "kit."); ok && f.Kit != nil {
		return f.Kit.fact(name)
	}
	if name, ok := strings.CutPrefix(inner, "partner."); ok {
		if f.Partner == nil {
			return value{}, false
		}
		return f.Partner.fact(name)
	}
	if v, ok := r.facts[inner]; ok {
		return v, true
	}
	if v, ok := f.Blanks[inner]; ok && v != "" && isBlank(inner) {
		return value{text: v}, true
	}
	return value{}, false
}

// Subject is the template's subject, filled: every fact stated, and the
// blanks f does not fill left as written for staff to fill.
func (r *Resolved) Subject(f Fill) string {
	return placeholderRE.ReplaceAllStringFunc(r.Template.Subject, func(raw string) string {
		if v, ok := r.lookup(raw, f); ok {
			return v.text
		}
		return raw
	})
}

// Body is the template's body as kit nodes, filled as Subject is: a fact
// that is an address (a phone, a kit's page) becomes a link, and a
// {{section …}} line becomes the section it quotes.
func (r *Resolved) Body(f Fill) []kit.Node {
	return r.fillNodes(kit.Body(r.Template.Page, r.cfg), f)
}

func (r *Resolved) fillNodes(ns []kit.Node, f Fill) []kit.Node {
	var out []kit.Node
	for _, n := range ns {
		if n.Kind == kit.Paragraph {
			if quoted, ok := r.sectionOf(n); ok {
				out = append(out, quoted...)
				continue
			}
		}
		n.Inlines = r.fillInlines(n.Inlines, f)
		for i, it := range n.Items {
			n.Items[i] = r.fillNodes(it, f)
		}
		for i, c := range n.Header {
			n.Header[i] = r.fillInlines(c, f)
		}
		for _, row := range n.Rows {
			for i, c := range row {
				row[i] = r.fillInlines(c, f)
			}
		}
		out = append(out, n)
	}
	return out
}

// sectionOf returns the section a paragraph that is only a {{section …}}
// placeholder quotes.
func (r *Resolved) sectionOf(n kit.Node) ([]kit.Node, bool) {
	var b strings.Builder
	for _, in := range n.Inlines {
		b.WriteString(in.Text)
	}
	s := strings.TrimSpace(b.String())
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return nil, false
	}
	inner := strings.TrimSpace(s[2 : len(s)-2])
	ref, ok := strings.CutPrefix(inner, "section ")
	if !ok {
		return nil, false
	}
	nodes, ok := r.sections[strings.TrimSpace(ref)]
	return nodes, ok
}

func (r *Resolved) fillInlines(ins []kit.Inline, f Fill) []kit.Inline {
	var out []kit.Inline
	for _, in := range ins {
		locs := placeholderRE.FindAllStringIndex(in.Text, -1)
		if locs == nil {
			out = append(out, in)
			continue
		}
		text := in.Text
		last := 0
		for _, loc := range locs {
			raw := text[loc[0]:loc[1]]
			v, ok := r.lookup(raw, f)
			if !ok {
				continue
			}
			if loc[0] > last {
				part := in
				part.Text = text[last:loc[0]]
				out = append(out, part)
			}
			part := in
			part.Text = v.text
			if v.link != "" && in.Link == "" && !in.Code {
				part.Link = v.link
			}
			out = append(out, part)
			last = loc[1]
		}
		if last < len(text) {
			part := in
			part.Text = text[last:]
			out = append(out, part)
		}
	}
	return out
}
