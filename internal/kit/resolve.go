package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/phone"
	"github.com/kitgen/kitgen/internal/route"
	"github.com/kitgen/kitgen/internal/schema"
)

// Resolved is a kit with its content quoted from the model.
type Resolved struct {
	Def         *Definition
	Doc         *Doc              // Version, Effective and Draft are set by the ledger
	Inputs      map[string]string // source file → hash of what the kit quotes from it
	Fingerprint string            // hash of everything that decides the kit's bytes (see Scheme)
	Settings    map[string]string // the resolved settings, recorded with a version
	Pages       []*content.Page   // pages quoted, for "this page is in a kit" links

	// legacy holds the scheme-1 fingerprint (one per reading of the kit
	// file: as is and normalised) and inputs, to recognise unchanged
	// content in entries an older kitgen recorded.
	legacy struct {
		fingerprints []string
		defHashes    []string
		inputs       map[string]string
	}
}

// Quoted returns the content paths of the pages a definition quotes, so a
// build can parse (and keep) exactly those bodies before rendering.
func (def *Definition) Quoted() []string {
	var out []string
	var walk func(bs []BlockDef)
	walk = func(bs []BlockDef) {
		for _, b := range bs {
			switch b.Kind {
			case "section", "page", "facts":
				out = append(out, strings.Trim(strings.SplitN(b.Ref, "#", 2)[0], "/"))
			case "columns":
				walk(b.Children)
			}
		}
	}
	walk(def.Blocks)
	return out
}

// Resolve quotes the content a definition names and fingerprints the
// result with env (see Scheme). Missing pages, headings, locations and
// providers are reported at the block's line in the kit file. Links and
// the kit's own URL point at env.BaseURL (the site's address in the
// settings when empty), or at env.Deploy when it is set.
func Resolve(def *Definition, site *content.Site, env Env, diags *diag.List) *Resolved {
	return resolveIn(def, site, env, nil, diags)
}

// resolveIn is Resolve in the language of tr, the translation table of one
// of the site's other languages (see ResolveTranslation), or in the
// default language when tr is nil.
func resolveIn(def *Definition, site *content.Site, env Env, tr *i18n.Table, diags *diag.List) *Resolved {
	cfg := *site.Config
	if env.BaseURL == "" {
		env.BaseURL = cfg.BaseURL
	}
	cfg.BaseURL = env.BaseURL
	r := &Resolved{Def: def, Inputs: map[string]string{}}
	paper := def.Paper
	if paper == "" {
		paper = cfg.Kits.Paper
	}
	doc := &Doc{
		ID: def.ID, Title: def.Title, Audience: def.Audience, Practice: cfg.Title, Language: cfg.Language,
		Paper: paper, MinFontSize: cfg.Kits.MinFontSize,
		URL: strings.TrimSuffix(cfg.BaseURL, "/") + route.KitPage(def.ID),

		TitleSource:    Source{File: def.File, Line: def.TitleLine},
		AudienceSource: Source{File: def.File, Line: def.AudienceLine},
		SettingsSource: Source{File: config.FileName},
		Words:          env.Words,
	}
	if p := site.Page(def.Page); p == nil {
		// A page whose front matter has errors exists; its own findings
		// are the root cause.
		if !site.HasErrors(def.Page) {
			diags.Errorf(def.File, def.PageLine, max(def.PageCol, 1), diag.RuleKitMissing, "kit %q belongs to page %q, which does not exist%s", def.ID, def.Page,
				pageHint(site, def.Page, "; use a content path such as services/cardiology"))
		}
	} else {
		r.Pages = append(r.Pages, translationOf(site, p, tr))
		doc.Keywords = append(doc.Keywords, p.Tags...)
	}
	if tr != nil {
		doc.Language = tr.Lang
	}
	rs := resolver{site: site, cfg: &cfg, def: def, diags: diags, r: r, tr: tr}
	doc.Blocks = rs.blocks(def.Blocks)
	r.Doc = doc
	doc.nameFaxCover(strings.TrimSuffix(cfg.BaseURL, "/") + route.KitFaxCover(def.ID))

	// The fingerprint covers what the reader sees, so reformatting a source
	// file without changing the quoted text does not bump the version.
	rs.fingerprint(env)
	if env.Deploy != "" && env.Deploy != env.BaseURL {
		doc.rebase(strings.TrimSuffix(env.BaseURL, "/"), strings.TrimSuffix(env.Deploy, "/"))
	}
	return r
}

// rebase points every link of the kit that starts with from at to instead.
func (d *Doc) rebase(from, to string) {
	move := func(u *string) {
		if *u == from || strings.HasPrefix(*u, from+"/") {
			*u = to + strings.TrimPrefix(*u, from)
		}
	}
	var inlines func(ins []Inline)
	var nodes func(ns []Node)
	inlines = func(ins []Inline) {
		for i := range ins {
			move(&ins[i].Link)
		}
	}
	nodes = func(ns []Node) {
		for i := range ns {
			n := &ns[i]
			inlines(n.Inlines)
			for _, it := range n.Items {
				nodes(it)
			}
			for _, c := range n.Header {
				inlines(c)
			}
			for _, row := range n.Rows {
				for _, c := range row {
					inlines(c)
				}
			}
		}
	}
	var blocks func(bs []Block)
	blocks = func(bs []Block) {
		for i := range bs {
			b := &bs[i]
			nodes(b.Body)
			blocks(b.Children)
			for j := range b.Providers {
				move(&b.Providers[j].URL)
			}
		}
	}
	move(&d.URL)
	blocks(d.Blocks)
	for _, c := range d.contacts() {
		move(&c.FaxCover)
	}
}

type resolver struct {
	site  *content.Site
	cfg   *config.Config
	def   *Definition
	diags *diag.List
	r     *Resolved
	parts map[string][]byte // file → what is quoted from it
	tr    *i18n.Table       // the language quoted, for a translated kit; nil otherwise
}

func (rs *resolver) input(file string, v any) {
	b, _ := json.Marshal(v)
	if rs.parts == nil {
		rs.parts = map[string][]byte{}
	}
	rs.parts[file] = append(rs.parts[file], b...)
}

func shortHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// errorf reports a problem with what a block names, at where the name is
// written (at), or at the block when that is not known.
func (rs *resolver) errorf(b BlockDef, at Pos, rule diag.Rule, format string, args ...any) {
	if at.Line == 0 {
		at = Pos{b.Line, b.Col}
	}
	rs.diags.Errorf(rs.def.File, at.Line, at.Col, rule, format, args...)
}

// page returns the page a block quotes. A page that does not exist is
// reported; one whose front matter has errors is not (its own findings
// are the root cause), and the block is left out.
func (rs *resolver) page(b BlockDef, ref string) *content.Page {
	path := strings.Trim(ref, "/")
	p := rs.site.Page(path)
	if p == nil {
		if !rs.site.HasErrors(path) {
			rs.errorf(b, b.RefAt, diag.RuleKitMissing, "kit %q quotes page %q, which does not exist%s", rs.def.ID, ref,
				pageHint(rs.site, path, fmt.Sprintf("; check the path (content/%s.md)", path)))
		}
		return nil
	}
	content.Parse(p)
	rs.r.Pages = append(rs.r.Pages, translationOf(rs.site, p, rs.tr))
	return p
}

func (rs *resolver) blocks(defs []BlockDef) []Block {
	var out []Block
	for _, b := range defs {
		if blk, ok := rs.block(b); ok {
			out = append(out, blk)
		}
	}
	return out
}

func (rs *resolver) block(b BlockDef) (Block, bool) {
	var blk Block
	switch b.Kind {
	case "columns":
		blk = Block{Kind: Columns, Children: rs.blocks(b.Children), Source: Source{File: rs.def.File, Line: b.Line}}
		return blk, len(blk.Children) > 0
	case "page":
		p := rs.page(b, b.Ref)
		if p == nil {
			return blk, false
		}
		p = translationOf(rs.site, p, rs.tr)
		blk = Block{Kind: Section, Title: p.Title, Body: rs.convert(p, p.Doc.AST, nil), Source: Source{File: p.File, Line: p.BodyLine}}
		rs.input(p.File, blk)
	case "section":
		ref, id, _ := strings.Cut(b.Ref, "#")
		p := rs.page(b, ref)
		if p == nil {
			return blk, false
		}
		h := p.Doc.Heading(id)
		if h == nil {
			// An id from before headings kept non-ASCII letters: still
			// quoted, for one release, with the id to write instead.
			if h = p.Doc.LegacyHeading(id); h != nil {
				at := b.RefAt
				if at.Line == 0 {
					at = Pos{b.Line, b.Col}
				}
				rs.diags.Warnf(rs.def.File, at.Line, at.Col, diag.RuleKitMissing, "kit %q quotes heading %q of %s by its old id #%s, which will stop working in the next release; write section: %s#%s", rs.def.ID, h.Text, p.File, id, ref, h.ID)
			}
		}
		if h == nil {
			var ids []string
			for _, h := range p.Doc.Headings {
				ids = append(ids, h.ID)
			}
			hint := ""
			if best := schema.Closest(id, ids); best != "" {
				hint = fmt.Sprintf("; did you mean #%s?", best)
			}
			rs.errorf(b, b.RefAt, diag.RuleKitMissing, "kit %q quotes heading #%s of %s, which has no such heading; its headings are: %s%s", rs.def.ID, id, p.File, strings.Join(ids, ", "), hint)
			return blk, false
		}
		if rs.tr != nil {
			p, h = sameSection(p, h, translationOf(rs.site, p, rs.tr))
		}
		blk = Block{Kind: Section, Title: rs.plain(h.Node, p.Doc.Source), Body: rs.section(p, h), Source: Source{File: p.File, Line: h.Line}}
		if b.Style == "urgent" {
			blk.Kind = Urgent
			rs.escalation(p, &blk)
		}
		rs.input(p.File, blk)
	case "facts":
		var ok bool
		if blk, ok = rs.facts(b); !ok {
			return blk, false
		}
	case "contact":
		c := rs.contact(b)
		if c == nil {
			return blk, false
		}
		blk = Block{Kind: ContactBlock, Title: rs.say("contact_and_referrals", "Contact and referrals"), Contact: c}
	case "providers":
		blk = Block{Kind: ProviderList, Title: rs.say("providers", "Providers"), Source: Source{File: rs.def.File, Line: b.Line}}
		for i, slug := range b.Refs {
			p := rs.site.Ref(content.TypeProvider, slug)
			var info *content.Provider
			if p != nil {
				info = p.Provider()
			}
			if info == nil {
				if !rs.site.HasErrors(content.TypeProvider + "/" + slug) {
					var at Pos
					if i < len(b.RefsAt) {
						at = b.RefsAt[i]
					}
					rs.errorf(b, at, diag.RuleKitMissing, "kit %q lists provider %q, but content/providers/%s.md does not exist%s", rs.def.ID, slug, slug, slugHint(rs.site, content.TypeProvider, slug))
				}
				continue
			}
			pr := Provider{Name: p.Title, Credentials: info.Credentials, Role: info.Role, Focus: info.FocusAreas,
				URL:    strings.TrimSuffix(rs.cfg.BaseURL, "/") + p.URL,
				Source: Source{File: p.File, Line: p.Line("title")}, Lines: p.Lines}
			// The same wording as the site's (content.Referrals): a kit
			// lists providers to refer to, so it speaks up only when that
			// is not a plain yes.
			if c := info.Referrals().Caveat(); c != "" {
				pr.Role = strings.TrimSpace(pr.Role + " (" + c + ")")
			}
			blk.Providers = append(blk.Providers, pr)
			rs.input(p.File, pr)
		}
	}
	if b.Title != "" {
		blk.Title = b.Title
		blk.TitleSource = Source{File: rs.def.File, Line: b.Line}
	}
	if b.Checklist && !rs.checklist(b, blk) {
		return blk, false
	}
	blk.Checklist = b.Checklist
	return blk, true
}

// escalation puts the guide's escalation line at the top of an urgent
// block, where a clinician with a patient in front of them finds it
// first: the number is written once, in kitgen.yaml, and every kit takes
// it from there.
func (rs *resolver) escalation(p *content.Page, blk *Block) {
	g := p.Guide()
	if g == nil || g.Escalation == "" {
		return
	}
	l := rs.cfg.LineByKey(g.Escalation)
	if l == nil {
		return // reported on the guide itself, by the references rule
	}
	blk.Body = append([]Node{{Kind: Paragraph, Inlines: []Inline{
		{Text: rs.written("line_"+g.Escalation, l.Label) + ": ", Bold: true},
		{Text: phone.Format(l.Phone), Bold: true, Link: phone.URI(l.Phone)},
	}, File: config.FileName, Line: l.Line}}, blk.Body...)
	rs.input(config.FileName, l)
}

func (rs *resolver) contact(b BlockDef) *Contact {
	if b.Ref == "site" {
		c := rs.cfg.Contact
		rs.input(config.FileName, c)
		hours := c.Hours
		if hours != "" {
			hours = rs.written("contact_hours", hours)
		}
		return &Contact{Name: c.Name, Phone: c.Phone, Fax: c.Fax, Email: c.Email, EReferral: c.EReferral, Hours: nonEmpty(hours),
			Source: Source{File: config.FileName, Line: c.Line}}
	}
	p := rs.site.Ref(content.TypeLocation, b.Ref)
	if p == nil || p.Location() == nil {
		if !rs.site.HasErrors(content.TypeLocation + "/" + b.Ref) {
			rs.errorf(b, b.RefAt, diag.RuleKitMissing, "kit %q quotes the contact block of location %q, but content/locations/%s.md does not exist (use contact: site for the practice-wide line)%s", rs.def.ID, b.Ref, b.Ref, slugHint(rs.site, content.TypeLocation, b.Ref))
		}
		return nil
	}
	l := p.Location()
	c := &Contact{Name: p.Title, Address: l.Address.Lines(), Phone: l.Phone, Fax: l.Fax, Email: l.Email, EReferral: l.EReferral,
		Source: Source{File: p.File, Line: p.Line("title")}, Lines: p.Lines}
	for _, h := range l.Hours {
		if rs.tr != nil {
			c.Hours = append(c.Hours, rs.tr.Hours(h.Days, h.Opens, h.Closes))
		} else {
			c.Hours = append(c.Hours, h.Text())
		}
	}
	rs.input(p.File, c)
	return c
}

// pageHint suggests the content path nearest to a missing one, or
// returns otherwise.
func pageHint(site *content.Site, path, otherwise string) string {
	var paths []string
	for _, p := range site.Pages {
		if p.Path != "" {
			paths = append(paths, p.Path)
		}
	}
	if best := schema.Closest(path, paths); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return otherwise
}

// slugHint suggests the slug of a section nearest to a missing one.
func slugHint(site *content.Site, section, slug string) string {
	if best := schema.Closest(slug, site.Slugs(section)); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// Files returns the input files, sorted.
func (r *Resolved) Files() []string {
	out := make([]string, 0, len(r.Inputs))
	for f := range r.Inputs {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
