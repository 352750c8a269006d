package content

import (
	"path"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// A translation is a page in another of the site's languages, kept beside
// its source as name.<lang>.md (services/cardiology.es.md translates
// services/cardiology.md) and published under /<lang>/ at the source's
// address (/es/services/cardiology/). It is a page of the model like any
// other — loaded, checked and rendered by the same stages — with three
// differences:
//
//   - its Path starts with the language (es/services/cardiology), so it
//     has its own address and cache entries, while its Section and Type
//     are its source's;
//   - its front matter holds only what is translated (title, description)
//     and translates:, the fingerprint of the source it was made from;
//     facts (phones, hours, addresses, providers…) are read from the
//     source, through the same accessors (Service, Location, …), so they
//     are written once;
//   - it is in no list: Of, Slugs and Sections return pages of the
//     default language only, and links from a translation to pages that
//     are not translated lead to the default language's pages.

// translationFields are the front-matter keys a translation may have.
var translationFields = map[string]bool{"title": true, "description": true, "draft": true, "slug": true,
	"silence": true, "translates": true}

// translationOf returns the language of a content path (without .md)
// named as a translation into one of langs after the first, and the path
// of its source: ("services/cardiology.es", [en-US es-US]) gives es-US,
// "services/cardiology".
func translationOf(rel string, langs []string) (lang, src string) {
	if len(langs) < 2 {
		return "", rel
	}
	dir, base := path.Split(rel)
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return "", rel
	}
	code := base[i+1:]
	for _, l := range langs[1:] {
		if LangCode(l) == code {
			return l, dir + base[:i]
		}
	}
	return "", rel
}

// LangCode is the part of a language tag that names a translation's file
// and prefixes its address: "es" for es-US.
func LangCode(tag string) string {
	c, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(c)
}

// SourcePath is the content path of the page a translation translates
// (services/cardiology for es/services/cardiology); p's own Path for a
// page in the default language.
func (p *Page) SourcePath() string {
	if p.Lang == "" {
		return p.Path
	}
	_, rest, _ := strings.Cut(p.Path, "/")
	return rest
}

// SourceFile is the file a translation translates: content/x.md for
// content/x.es.md. Its File for a page in the default language.
func (p *Page) SourceFile() string {
	if p.Lang == "" {
		return p.File
	}
	f := strings.TrimSuffix(p.File, ".md")
	return f[:strings.LastIndexByte(f, '.')] + ".md"
}

// typed is the typed front matter the page shows: its own, or for a
// translation its source's, since facts are not translated.
func (p *Page) typed() any {
	if p.source != nil {
		return p.source.Typed
	}
	return p.Typed
}

// decodeTranslation reads the front matter of a translation: title,
// description, draft, slug, silence and translates. A fact is reported:
// it belongs in the source, so it is written once.
func decodeTranslation(p *Page, root *yaml.Node, d *schema.Decoder) {
	p.Lines = map[string]int{}
	fields := []schema.Field{
		{Name: "title", Required: true, Hint: `add the translated title, e.g. "title: Cardiología"`, Set: d.StringTo(&p.Title, "title")},
		{Name: "description", Set: d.StringTo(&p.Description, "description")},
		{Name: "draft", Set: func(v *yaml.Node) { p.Draft = d.Bool(v, "draft") }},
		{Name: "slug", Set: slugTo(p, d)},
		{Name: "translates", Set: func(v *yaml.Node) { p.Translates = DecodeTranslates(d, v) }},
		{Name: "silence", Set: func(v *yaml.Node) {
			d.List(v, "silence", func(item *yaml.Node) {
				s := Silence{}
				s.Line, _ = d.Pos(item)
				d.Object(item, "a silence entry", []schema.Field{
					{Name: "rule", Required: true, Set: d.StringTo(&s.Rule, "rule")},
					{Name: "reason", Required: true, Set: d.StringTo(&s.Reason, "reason")},
				})
				p.Silence = append(p.Silence, s)
			})
		}},
	}
	if root != nil && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			k := root.Content[i]
			p.Lines[k.Value], _ = d.Pos(k)
			if !translationFields[k.Value] {
				fields = append(fields, schema.Field{Name: k.Value, Set: func(*yaml.Node) {
					d.Errorf(k, "%s is not translated: a translation takes its facts from %s; remove it here (a translation has title, description and translates)", k.Value, p.SourceFile())
				}})
			}
		}
	}
	d.Object(root, "front matter", fields)
}

// DecodeTranslates decodes translates:, a mapping of the source's section
// ids to their fingerprints, as kitgen translations mark writes it, for
// a translated page and a translated message alike. A section whose
// fingerprint is empty is left unmarked.
func DecodeTranslates(d *schema.Decoder, v *yaml.Node) map[string]string {
	if v.Kind != yaml.MappingNode {
		d.Errorf(v, "translates must be the mapping kitgen translations mark writes, not %s; run it again rather than editing the value", schema.Describe(v))
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if val.Kind == yaml.ScalarNode && val.ShortTag() == "!!null" {
			continue // no fingerprint: the section is not marked translated
		}
		if !schema.IsText(val) || val.ShortTag() != "!!str" {
			d.Errorf(val, "translates: the fingerprint of %s must be text in quotes, not %s; run kitgen translations mark again", k.Value, schema.Describe(val))
			continue
		}
		out[k.Value] = val.Value
	}
	return out
}

// linkTranslations links every translation to its source, reports those
// without one, and leaves them out of the site. It runs in Assemble once
// every page of the default language is in place; it sets only each
// translation's link to its source (and resets it at every assembly).
func (s *Site) linkTranslations(ts []*Page, diags *diag.List) {
	s.translations = map[*Page][]*Page{}
	byFile := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		if p.File != "" {
			byFile[p.File] = p
		}
	}
	broken := map[string]bool{}
	for _, p := range s.broken {
		broken[p.File] = true
	}
	for _, p := range ts {
		p.source = nil
		src := byFile[p.SourceFile()]
		if q := s.byPath[p.SourcePath()]; src == nil && q != nil && q.File == "" {
			src = q // a home or section list kitgen implies: _index.es.md titles it in Spanish
		}
		if src == nil && broken[p.SourceFile()] {
			// Its source's findings are the root cause; links to the
			// translation are not broken.
			s.broken = append(s.broken, p)
			continue
		}
		if src == nil {
			diags.Errorf(p.File, 1, 1, diag.RuleTranslation,
				"this translation has no source page: %s does not exist (or is a draft); rename the file after the page it translates, or add the page", p.SourceFile())
			continue
		}
		if src.Path != p.SourcePath() {
			diags.Errorf(p.File, p.Line("slug"), 1, diag.RuleTranslation,
				"this translation is published at /%s/, but its source %s is at %s; give it the same slug as its source", p.Path, p.SourceFile(), src.URL)
			continue
		}
		if other, dup := s.byURL[p.URL]; dup {
			diags.Errorf(p.File, 1, 1, diag.RuleDuplicateURL, "this translation and %s both want the URL %s; rename one", other.File, p.URL)
			continue
		}
		p.source = src
		s.byURL[p.URL] = p
		s.byPath[p.Path] = p
		s.Pages = append(s.Pages, p)
		s.translations[src] = append(s.translations[src], p)
	}
	for _, list := range s.translations {
		sort.Slice(list, func(i, j int) bool { return s.langIndex(list[i].Lang) < s.langIndex(list[j].Lang) })
	}
}

func (s *Site) langIndex(tag string) int {
	for i, l := range s.Config.Languages {
		if l == tag {
			return i
		}
	}
	return len(s.Config.Languages)
}

// Source returns the page a translation translates, or nil for a page in
// the default language.
func (p *Page) Source() *Page { return p.source }

// Translations returns the translations of a page of the default
// language, in the order of languages: in kitgen.yaml.
func (s *Site) Translations(p *Page) []*Page { return s.translations[p] }
