package pipeline

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/route"
)

// resolveTranslatedKits adds each kit in each other language of the site
// whose pages it quotes are all translated (kit.Translatable), as a kit
// of its own id (cardiology.es) that the later stages treat like any
// other: its own ledger line, PDFs, page and feed entries.
//
// While a translation it quotes is behind its source, the translated kit
// is held: not versioned again, its last recorded version served as it
// was recorded (or nothing, if none was), and a warning at each such
// translation's translates: line says so.
func (b *run) resolveTranslatedKits(defs []*kit.Definition, env kit.Env) {
	langs := b.site.Config.Languages
	if len(langs) < 2 || b.w == nil {
		return
	}
	behind := map[string]content.TranslationStatus{}
	for _, ts := range b.res.Translations {
		if !ts.Freshness.Current() {
			behind[ts.File] = ts
		}
	}
	for _, lang := range langs[1:] {
		tr := b.w.I18n.For(lang)
		tenv := env
		tenv.Words = kitWords(tr)
		for _, def := range defs {
			if !kit.Translatable(def, b.site, lang) {
				continue
			}
			// A problem of the definition is the kit's own, reported by
			// its resolution in the default language.
			scratch := &diag.List{}
			r := kit.ResolveTranslation(def, b.site, tenv, tr, scratch)
			if errs, _ := scratch.Count(); errs > 0 {
				continue
			}
			var stale []*content.Page
			seen := map[string]bool{}
			for _, p := range r.Pages {
				if _, ok := behind[p.File]; ok && !seen[p.File] {
					seen[p.File] = true
					stale = append(stale, p)
				}
			}
			if len(stale) > 0 {
				b.holdKit(r, stale, behind)
				continue
			}
			b.addKit(r, nil)
		}
	}
}

// holdKit keeps a translated kit at its last recorded version while
// translations it quotes are behind (see resolveTranslatedKits).
func (b *run) holdKit(r *kit.Resolved, stale []*content.Page, behind map[string]content.TranslationStatus) {
	id := r.Def.ID
	last := b.ledger.Latest(id)
	held := "is not published until it is"
	if last != nil {
		held = fmt.Sprintf("stays at version %d, as recorded, until it is", last.Version)
	}
	for _, p := range stale {
		ts := behind[p.File]
		line := max(p.Line("translates"), 1)
		b.diags.Warnf(p.File, line, 1, diag.RuleTranslation,
			"kit %q quotes this translation, which is %s against %s, so the kit %s up to date; translate what changed, then run kitgen translations mark %s",
			id, ts.Freshness, ts.Source, held, p.File)
	}
	if last == nil {
		return
	}
	data, err := fs.ReadFile(b.fsys, kit.ArchiveFile(id, last.Version))
	if err != nil {
		// Nothing recorded can be served as it was: publish nothing
		// rather than a version whose text was never recorded.
		b.diags.Warnf(r.Def.File, 1, 1, diag.RuleKitArchive, "version %d of kit %q cannot be served while it is held: %s is missing; restore it from version control", last.Version, id, kit.ArchiveFile(id, last.Version))
		return
	}
	b.addKit(r, &heldKit{entry: *last, pdf: data})
}

// heldKit is the recorded version a held kit is served at, and its bytes.
type heldKit struct {
	entry kit.Entry
	pdf   []byte
}

// kitPage returns the page a kit belongs to, in the kit's language when
// it is a translation.
func (b *run) kitPage(r *kit.Resolved) *content.Page {
	p := b.site.Page(r.Def.Page)
	if p == nil || r.Doc.Language == b.site.Config.Language {
		return p
	}
	return b.site.Page(content.LangCode(r.Doc.Language) + "/" + p.Path)
}

// kitAlternates returns a kit's page in every language it is published
// in, the default first, for hreflang links and the language switch; nil
// for a kit in one language only.
func (b *run) kitAlternates(ref *html.KitRef) []html.Alternate {
	langs := b.site.Config.Languages
	id := ref.ID
	if ref.Lang != "" {
		id = strings.TrimSuffix(ref.ID, "."+content.LangCode(ref.Lang))
	}
	var out []html.Alternate
	for i, lang := range langs {
		kid := id
		if i > 0 {
			kid = route.KitLang(id, content.LangCode(lang))
		}
		if k := b.refs[kid]; k != nil {
			out = append(out, html.Alternate{Lang: lang, Name: b.w.I18n.For(lang).T("language_name"), URL: k.URL, Current: k == ref})
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
