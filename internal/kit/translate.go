package kit

import (
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/route"
)

// A kit's translation is the same definition resolved against the
// translations of the pages it quotes: a section is quoted from the
// translation's section at the same position as the source's heading the
// kit names (headings have their own ids in each language), the facts —
// phones, addresses, providers, hours — from the source, with hours
// written in the language, and the layout's strings from the language's
// table. It has its own id, route.KitLang (cardiology.es), so its own
// ledger line, PDFs, page and feed entries.

// Translatable reports whether def can be published in lang: the page it
// belongs to and every page it quotes have a translation into lang, and
// each quoted translation has as many headings as its source, so that
// sections match by position. A translation with other headings is
// reported by the translation rule, where it is fixed.
func Translatable(def *Definition, site *content.Site, lang string) bool {
	for _, path := range append([]string{def.Page}, def.Quoted()...) {
		p := site.Page(path)
		if p == nil {
			return false
		}
		t := site.Page(content.LangCode(lang) + "/" + p.Path)
		if t == nil || t.Lang != lang {
			return false
		}
		content.Parse(p)
		content.Parse(t)
		if p.Doc == nil || t.Doc == nil || len(p.Doc.Headings) != len(t.Doc.Headings) {
			return false
		}
	}
	return true
}

// ResolveTranslation resolves def in tr's language (see Translatable):
// its id is route.KitLang(def.ID, code), its title and audience are the
// table's kit_title (with the translated title of the kit's page) and
// kit_audience, its change note none, and env.Words should hold the
// layout's strings in that language.
func ResolveTranslation(def *Definition, site *content.Site, env Env, tr *i18n.Table, diags *diag.List) *Resolved {
	t := *def
	t.ID = route.KitLang(def.ID, content.LangCode(tr.Lang))
	title := def.Title
	if p := site.Page(def.Page); p != nil {
		title = translationOf(site, p, tr).Title
	}
	t.Title = tr.T("kit_title", title)
	t.Audience = tr.T("kit_audience")
	// The change note is in the default language and about that kit; a
	// translation's version says what changed by its files.
	t.Note = ""
	return resolveIn(&t, site, env, tr, diags)
}

// translationID reports whether id is named as a kit's translation is
// (route.KitLang: a dot and two lowercase letters at the end), and splits
// it.
func translationID(id string) (kitID, code string, ok bool) {
	i := strings.LastIndexByte(id, '.')
	if i <= 0 || len(id)-i-1 != 2 || strings.Trim(id[i+1:], "abcdefghijklmnopqrstuvwxyz") != "" {
		return id, "", false
	}
	return id[:i], id[i+1:], true
}

// translationOf returns p's translation into tr's language, parsed, or p
// itself when tr is nil or p has none (a fact's page: facts are not
// translated).
func translationOf(site *content.Site, p *content.Page, tr *i18n.Table) *content.Page {
	if tr == nil {
		return p
	}
	for _, t := range site.Translations(p) {
		if t.Lang == tr.Lang {
			content.Parse(t)
			return t
		}
	}
	return p
}

// sameSection returns the heading of t at the position h has in p: a
// translation's section n is its source's section n.
func sameSection(p *content.Page, h *content.Heading, t *content.Page) (*content.Page, *content.Heading) {
	if t == p || t.Doc == nil {
		return p, h
	}
	for i := range p.Doc.Headings {
		if &p.Doc.Headings[i] == h && i < len(t.Doc.Headings) {
			return t, &t.Doc.Headings[i]
		}
	}
	return p, h
}

// written returns text, written in kitgen.yaml, in the kit's language:
// the site's table's text of key when it gives one (i18n/es-US.yaml's
// contact_hours), as written otherwise (an empty text is none). The
// table's file is then an input of the kit, so a new wording is named as
// what changed.
func (rs *resolver) written(key, text string) string {
	if rs.tr == nil {
		return text
	}
	s, file, ok := rs.tr.Own(key)
	if !ok || strings.TrimSpace(s) == "" {
		return text
	}
	rs.input(file, key+"\x00"+s)
	return s
}

// say returns the text of key in the kit's language, or english for a
// kit in the default language, whose words stay what they were.
func (rs *resolver) say(key, english string) string {
	if rs.tr == nil {
		return english
	}
	return rs.tr.T(key)
}
