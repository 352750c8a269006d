package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/route"
)

// resolveKits loads the kit definitions and the ledger, quotes the content
// each kit names, and settles each kit's version under the build's
// kit.Policy (see kit.Ledger.Decide). Kits are resolved again on every
// run: it is cheap, and a kit reads pages, locations, providers, phone
// lines and settings that any edit may change.
func (b *run) resolveKits() {
	defs := kit.LoadDefs(b.fsys, b.diags)
	b.ledger = kit.LoadLedger(b.fsys, b.diags)
	b.archived = b.ledger.Archived(b.fsys, b.diags)
	b.refs = map[string]*html.KitRef{}
	b.kitsOf = map[*content.Page][]*html.KitRef{}
	env := kit.Env{BaseURL: b.canonical, Layout: pdf.LayoutVersion}
	if b.canonical == "" {
		env.BaseURL = b.site.Config.BaseURL
	}
	if b.site.Config.BaseURL != env.BaseURL {
		env.Deploy = b.site.Config.BaseURL
	}
	env.Words = kitWords(b.w.I18n.For(b.site.Config.Language))
	b.policy = kit.Policy{Locked: b.opts.Locked, Preview: b.opts.Preview, CheckOnly: b.opts.CheckOnly, Deploy: env.Deploy}
	if len(defs) > 0 {
		b.checkKitAddress(env.BaseURL)
		c := b.cache
		if !c.loaded || b.changed.under("assets/fonts") {
			c.fonts, c.fontErr = loadKitFonts(b.fsys)
			c.loaded = true
			if c.fonts != nil {
				// Hashing every font file takes milliseconds; once per load.
				c.fontsSum = c.fonts.Fingerprint()
			}
		}
		if c.fontErr != nil {
			b.diags.Errorf("assets/fonts", 0, 0, diag.RuleKit, "%v; remove the font or replace it with a valid TrueType file", c.fontErr)
		}
		b.res.Fonts = c.fonts
		if c.fonts != nil {
			env.Fonts = c.fontsSum
		}
	}
	for _, def := range defs {
		b.addKit(kit.Resolve(def, b.site, env, b.diags), nil)
	}
	b.resolveTranslatedKits(defs, env)
}

// addKit settles the version of a resolved kit (see kit.Ledger.Decide),
// or takes held's for a kit held at a recorded version, and makes it
// known to the layouts and the later stages.
func (b *run) addKit(r *kit.Resolved, held *heldKit) {
	def := r.Def
	b.kits = append(b.kits, r)
	var dec kit.Decision
	if held != nil {
		dec.Entry = held.entry
		if b.held == nil {
			b.held = map[string][]byte{}
		}
		b.held[def.ID] = held.pdf
	} else {
		dec = b.ledger.Decide(r, b.policy, b.opts.Today, b.diags)
	}
	e, recorded, upgraded := dec.Entry, dec.Recorded, dec.Upgraded
	r.Doc.Draft = dec.Draft
	r.Doc.Version = e.Version
	r.Doc.Effective = e.EffectiveDate()
	ref := &html.KitRef{
		ID: def.ID, Title: def.Title, Audience: def.Audience,
		URL:     route.KitPage(def.ID),
		PDF:     route.KitPDF(def.ID, e.Version),
		Latest:  route.KitLatest(def.ID),
		Version: e.Version, Effective: r.Doc.Effective, Draft: r.Doc.Draft,
		Page: b.kitPage(r),
	}
	if r.Doc.Language != b.site.Config.Language {
		ref.Lang = r.Doc.Language
	}
	tr := b.kitTable(r)
	for _, le := range b.ledger.Kits[def.ID] {
		ref.Changelog = append([]html.Change{{Version: le.Version, Effective: le.EffectiveDate(), Files: le.Changed, What: b.describe(le.Changed, tr), Note: le.Note, Words: tr}}, ref.Changelog...)
	}
	if r.Doc.Draft {
		ref.Changelog = append([]html.Change{{Version: e.Version, Effective: r.Doc.Effective, Files: e.Changed, What: b.describe(e.Changed, tr), Note: e.Note, Words: tr}}, ref.Changelog...)
	}
	for j := range ref.Changelog {
		switch c := &ref.Changelog[j]; {
		case c.Version == e.Version:
			c.PDF = ref.PDF
		case b.archived[def.ID][c.Version]:
			c.PDF = route.KitPDF(def.ID, c.Version)
			if fi, err := fs.Stat(b.fsys, kit.ArchiveFile(def.ID, c.Version)); err == nil {
				c.Size = int(fi.Size())
			}
		}
	}
	if held == nil {
		// A held kit's quoted text now is not its version's.
		b.quotedChanges(r, ref, recorded)
	}
	b.refs[def.ID] = ref
	seen := map[*content.Page]bool{}
	for _, p := range r.Pages {
		if !seen[p] {
			seen[p] = true
			b.kitsOf[p] = append(b.kitsOf[p], ref)
		}
	}
	b.res.Kits = append(b.res.Kits, KitResult{ID: def.ID, Title: def.Title, Version: e.Version, Effective: r.Doc.Effective,
		File: ref.PDF, Changed: e.Changed, Note: e.Note, New: recorded, Upgraded: upgraded, Draft: r.Doc.Draft, Doc: r.Doc})
}

// kitWords returns the kit layout's fixed strings in t's language where
// they differ from the English the PDF writer prints (pdf.Words), or nil:
// an English kit carries none, and its fingerprint is what it was.
func kitWords(t *i18n.Table) map[string]string {
	var words map[string]string
	for key, english := range pdf.Words {
		if s := t.T(key); s != english {
			if words == nil {
				words = map[string]string{}
			}
			words[key] = s
		}
	}
	return words
}

// quotedChanges sets the word changes of each version on the changelog
// from the quoted text of that version and of the one before: the kit as
// resolved now for the version it carries, kits/archive for the others
// (kit.QuotedFile). A build that records keeps the text of the version it
// records, and of the latest version when it is missing and the kit still
// matches it (a version recorded before kitgen kept quoted text).
func (b *run) quotedChanges(r *kit.Resolved, ref *html.KitRef, recorded bool) {
	id := r.Def.ID
	texts := map[int][]kit.Quoted{}
	current := kit.Sections(r.Doc)
	texts[ref.Version] = current
	for _, c := range ref.Changelog {
		if c.Version == ref.Version {
			continue
		}
		if q, ok := kit.LoadQuoted(b.fsys, id, c.Version, b.diags); ok {
			texts[c.Version] = q
		}
	}
	if last := b.ledger.Latest(id); last != nil && last.Version == ref.Version && b.records() {
		file := kit.QuotedFile(id, ref.Version)
		if _, err := fs.Stat(b.fsys, file); recorded || err != nil {
			b.archive(file, kit.MarshalQuoted(id, ref.Version, current))
		}
	}
	for j := range ref.Changelog {
		c := &ref.Changelog[j]
		old, ok1 := texts[c.Version-1]
		now, ok2 := texts[c.Version]
		if ok1 && ok2 {
			c.Sections = kit.Compare(old, now)
		}
	}
}

// checkKitNotes runs the rules for published words on each kit's change
// note (see check.KitNote).
func (b *run) checkKitNotes() {
	for _, r := range b.kits {
		check.KitNote(b.check, r.Def, b.diags)
	}
}

// records reports whether this build may write to the ledger and the kit
// archive (see kit.Policy.Records).
func (b *run) records() bool { return b.policy.Records(b.ledger) }

// checkKitAddress reports a site address kits cannot print: every kit
// carries its live page's URL and QR code, and a placeholder address would
// send a referring office nowhere. A site without kits needs none.
func (b *run) checkKitAddress(base string) {
	u, err := url.Parse(base)
	host := ""
	if err == nil {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	switch host {
	case "", "example.org", "example.com", "example.net":
	default:
		return
	}
	cfg := b.site.Config
	if cfg.BaseURLLine == 0 {
		b.diags.Errorf(config.FileName, 0, 0, diag.RuleConfig, "kits print the address of their live page and a QR code to it, but %s sets no base_url; add base_url: with the address the site is published at, e.g. base_url: https://partners.your-practice.org/ (kitgen init DIR writes a complete kitgen.yaml)", config.FileName)
		return
	}
	b.diags.Errorf(config.FileName, cfg.BaseURLLine, 0, diag.RuleConfig, "base_url %s is a placeholder, and kits print the address of their live page and a QR code to it; set base_url to the address the site is published at, e.g. https://partners.your-practice.org/", base)
}

// describe names changed source files the way intake staff know them,
// in the words of tr (see kit.Describe).
func (b *run) describe(files []string, tr *i18n.Table) []string {
	if b.titles == nil {
		b.titles = map[string]string{}
		for _, p := range b.site.Pages {
			if p.File != "" {
				b.titles[p.File] = p.Title
			}
		}
	}
	return kit.Describe(files, b.titles, tr)
}

// renderPDFs renders every kit's PDF and writes the versioned file, the
// latest alias and every archived earlier version. It runs before the
// pages, which show each kit's file size next to its download link. A
// kit whose Doc, fonts and layout are those of its cached PDF is not
// rendered again.
func (b *run) renderPDFs() {
	b.publishRetired()
	c := b.cache
	fonts := c.fonts
	if len(b.kits) == 0 || fonts == nil {
		return
	}
	next := make(map[string]*pdfEntry, len(b.kits))
	var todo []*kit.Resolved
	var keys []sum
	for _, r := range b.kits {
		if data, ok := b.held[r.Def.ID]; ok {
			next[r.Def.ID] = &pdfEntry{data: data}
			continue
		}
		key := pdfKey(r.Doc, b.kitTable(r), c.fontsSum)
		if e := c.pdfs[r.Def.ID]; e != nil && e.key == key {
			next[r.Def.ID] = e
			continue
		}
		todo = append(todo, r)
		keys = append(keys, key)
	}
	lists := make([]*diag.List, len(todo))
	for i := range lists {
		lists[i] = &diag.List{}
	}
	pdfs, covers := renderKitPDFs(todo, b.kitTable, fonts, lists)
	for i, data := range pdfs {
		next[todo[i].Def.ID] = &pdfEntry{key: keys[i], data: data, cover: covers[i], diags: lists[i].Sorted()}
	}
	c.pdfs = next
	b.pdfsRendered = len(todo)
	for i, r := range b.kits {
		if e := next[r.Def.ID]; e.data != nil {
			b.writeKitPDF(i, e.data, b.diags, b.out)
			b.writeFaxCover(r, e.cover, b.out)
		}
		if b.opts.Progress != nil {
			b.opts.Progress("kits", i+1, len(b.kits))
		}
	}
}

// pdfKey sums what a kit's PDF and fax cover sheet are rendered from: its
// Doc, the cover's words in the kit's language (tr), the fonts (by their
// fingerprint) and the PDF writer's layout.
func pdfKey(d *kit.Doc, tr *i18n.Table, fonts string) sum {
	data, _ := json.Marshal(d)
	var h hasher
	h.bytes(data).str(fonts).str(strconv.Itoa(pdf.LayoutVersion))
	for _, k := range kit.CoverKeys {
		h.str(tr.T(k))
	}
	return h.sum()
}

// kitTable returns the translation table of a kit's language.
func (b *run) kitTable(r *kit.Resolved) *i18n.Table { return b.w.I18n.For(r.Doc.Language) }

// loadKitFonts parses the site's kit fonts (assets/fonts) and the built-in
// ones once for all the kits of a build.
func loadKitFonts(fsys fs.FS) (*pdf.Fonts, error) { return pdf.LoadFonts(sub(fsys, "assets/fonts")) }

// renderKitPDFs renders kits, and the fax cover sheets of those that have
// one, in parallel. A kit that cannot be rendered gets nil bytes, and its
// finding goes to diags[i].
func renderKitPDFs(kits []*kit.Resolved, table func(*kit.Resolved) *i18n.Table, fonts *pdf.Fonts, diags []*diag.List) (pdfs, covers [][]byte) {
	pdfs, covers = make([][]byte, len(kits)), make([][]byte, len(kits))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, r := range kits {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			data, err := pdf.Render(r.Doc, fonts)
			var oe *pdf.OverflowError
			var ge *pdf.GlyphError
			switch {
			case errors.As(err, &oe):
				diags[i].Errorf(r.Def.File, 1, 1, diag.RuleKitOverflow, "%s", oe.Error())
			case errors.As(err, &ge):
				for _, m := range ge.Missing {
					diags[i].Errorf(m.Source.File, m.Source.Line, 0, diag.RuleKitFont, "kit %q: %s", ge.Kit, m.Message())
				}
			case err != nil:
				diags[i].Errorf(r.Def.File, 1, 1, diag.RuleKit, "cannot render the PDF: %v", err)
			default:
				pdfs[i] = data
				covers[i] = renderFaxCover(r, table(r), fonts, diags[i])
			}
		}()
	}
	wg.Wait()
	return pdfs, covers
}

// renderFaxCover renders the fax cover sheet of a kit that names a fax
// number (kit.FaxCover), with the kit's fonts and PDF writer: a tagged,
// one-page PDF like the kit, carrying its version and live page, in the
// kit's language (tr).
func renderFaxCover(r *kit.Resolved, tr *i18n.Table, fonts *pdf.Fonts, diags *diag.List) []byte {
	cover := kit.FaxCover(r.Doc, tr)
	if cover == nil {
		return nil
	}
	data, err := pdf.Render(cover, fonts)
	if err != nil {
		diags.Errorf(r.Def.File, 1, 1, diag.RuleKit, "cannot render the fax cover sheet: %v", err)
		return nil
	}
	return data
}

// writeFaxCover writes a kit's fax cover sheet at its address and shows it
// on the kit's page and the pages the kit quotes.
func (b *run) writeFaxCover(r *kit.Resolved, data []byte, out output) {
	if data == nil {
		return
	}
	ref := b.refs[r.Def.ID]
	ref.FaxCover, ref.FaxCoverSize = route.KitFaxCover(r.Def.ID), len(data)
	file, _ := route.File(ref.FaxCover)
	out.write(file, data)
}

// writeKitPDF records the size and HTML rendition of kit i of b.kits,
// warns when its PDF is over the email size budget, and writes the
// versioned file, the latest alias and the kit's archived versions.
//
// A recorded version's bytes never change: a version this build records
// is archived as rendered; one already archived is published from the
// archive; one whose archive file is missing is archived now, since its
// fingerprint is the current one. Only a build for another address
// (--base-url) publishes a fresh rendering, carrying that address.
func (b *run) writeKitPDF(i int, data []byte, diags *diag.List, out output) {
	r := b.kits[i]
	id := r.Def.ID
	ref := b.refs[id]
	if last := b.ledger.Latest(id); last != nil && last.Version == ref.Version {
		file := kit.ArchiveFile(id, ref.Version)
		var archived []byte
		if b.archived[id][ref.Version] {
			var err error
			if archived, err = fs.ReadFile(b.fsys, file); err != nil {
				diags.Errorf(file, 0, 0, diag.RuleKit, "cannot read: %v", err)
			}
		}
		switch {
		case b.res.Kits[i].New, archived == nil && b.records():
			b.archive(file, data)
		case archived == nil:
			if b.opts.Locked {
				diags.Warnf(r.Def.File, 1, 1, diag.RuleKitArchive, "%s is missing, so version %d of kit %q will not stay reachable once the next version is published; run \"kitgen build\" locally and commit %s/", file, ref.Version, id, kit.ArchiveDir)
			}
		case b.policy.Deploy != "":
		case b.held[id] != nil:
			// Held while a translation is behind: its recorded bytes.
		case !bytes.Equal(archived, data):
			diags.Warnf(r.Def.File, 1, 1, diag.RuleKitArchive, "version %d of kit %q renders differently from %s although nothing it is fingerprinted on changed; the archived file is published unchanged (if kitgen's PDF layout changed, pdf.LayoutVersion must be bumped)", ref.Version, id, file)
			data = archived
		}
	}
	ref.Size = len(data)
	if b.held[id] == nil {
		// A held kit's Doc is its content now, not its version's.
		ref.Rendition = html.KitRendition(r.Doc, b.kitTable(r))
	}
	b.res.Kits[i].Size = len(data)
	if b.opts.Mail {
		b.res.Kits[i].PDF = data
	}
	if budget := b.site.Config.Kits.SizeBudgetKB; budget > 0 && len(data) > budget*1024 {
		diags.Warnf(r.Def.File, 1, 1, diag.RuleKitSize, "kit %q is %d KB, over the %d KB budget for email attachments; quote less or use smaller fonts", r.Def.ID, (len(data)+1023)/1024, budget)
	}
	pdfFile, _ := route.File(ref.PDF)
	latestFile, _ := route.File(ref.Latest)
	out.write(pdfFile, data)
	out.write(latestFile, data)
	for _, c := range ref.Changelog {
		if c.Version == ref.Version {
			continue
		}
		// Only the current version can be rendered again: content whose
		// fingerprint matches an earlier version is recorded as a new one.
		file := kit.ArchiveFile(id, c.Version)
		if c.PDF == "" {
			diags.Warnf(r.Def.File, 1, 1, diag.RuleKitArchive, "version %d of kit %q cannot be published: %s is missing and the kit has changed since; restore it from version control (git log --all -- %s) or copy %s from the live site into %s/", c.Version, id, file, file, route.KitPDF(id, c.Version), kit.ArchiveDir)
			continue
		}
		old, err := fs.ReadFile(b.fsys, file)
		if err != nil {
			diags.Errorf(file, 0, 0, diag.RuleKit, "cannot read: %v", err)
			continue
		}
		out.write(strings.TrimPrefix(c.PDF, "/"), old)
	}
}

// archive keeps the bytes of a recorded version, to be written into the
// site's kit archive when the build records (see record).
func (b *run) archive(file string, data []byte) {
	if b.toArchive == nil {
		b.toArchive = map[string][]byte{}
	}
	b.toArchive[file] = data
}

// publishRetired publishes the archived versions of kits whose definition
// was removed: the ledger keeps their history, and links to them were
// sent out.
func (b *run) publishRetired() {
	defined := map[string]bool{}
	for _, r := range b.kits {
		defined[r.Def.ID] = true
	}
	for id, versions := range b.archived {
		if defined[id] {
			continue
		}
		for v := range versions {
			if data, err := fs.ReadFile(b.fsys, kit.ArchiveFile(id, v)); err == nil {
				b.out.write(strings.TrimPrefix(route.KitPDF(id, v), "/"), data)
			}
		}
	}
}

// record writes the archive files of the versions this build records or
// archives, then the ledger, before anything is published: a version
// that is served is always a recorded one. If any write fails, the
// archive files written are removed again and the build fails.
func (b *run) record() error {
	files := make([]string, 0, len(b.toArchive))
	for f := range b.toArchive {
		files = append(files, f)
	}
	sort.Strings(files)
	var written []string
	undo := func() {
		for _, f := range written {
			os.Remove(filepath.Join(b.opts.Source, filepath.FromSlash(f)))
		}
	}
	for _, f := range files {
		if err := kit.WriteFile(filepath.Join(b.opts.Source, filepath.FromSlash(f)), b.toArchive[f]); err != nil {
			undo()
			return fmt.Errorf("archiving %s: %w; nothing was recorded or published", f, err)
		}
		written = append(written, f)
	}
	if b.ledger.Changed() {
		if err := saveLedger(b.ledger, b.opts.Source); err != nil {
			undo()
			return fmt.Errorf("%w; nothing was recorded or published", err)
		}
		b.res.Ledger = true
	}
	b.res.Archived = files
	return nil
}

// saveLedger saves the ledger; tests replace it to make saving fail.
var saveLedger = (*kit.Ledger).Save

// writeKitPages writes each kit's page, the kits index and the Atom feed.
func (b *run) writeKitPages() {
	for _, r := range b.kits {
		if b.refs[r.Def.ID].Size > 0 && b.writeKitPage(r, b.diags, b.out) {
			b.res.Pages++
		}
	}
	b.writeKitsIndex()
}

// writeKitPage writes one kit's page: current version, downloads, HTML
// rendition and changelog. A kit whose PDF failed has none.
func (b *run) writeKitPage(r *kit.Resolved, diags *diag.List, out output) bool {
	ref := b.refs[r.Def.ID]
	d := &html.Data{Kit: ref, Title: r.Def.Title + " · " + b.site.Config.Title, Canonical: b.w.AbsURL(ref.URL),
		Lang: ref.Lang, Alternates: b.kitAlternates(ref)}
	if ref.Lang != "" {
		d.Description = b.w.I18n.For(ref.Lang).T("kit_page_description")
	}
	page, err := b.w.Render("kit.html", d)
	if err != nil {
		layoutError(diags, err, r.Def.File)
		return false
	}
	file, _ := route.File(ref.URL)
	out.write(file, page)
	return true
}

func (b *run) writeKitsIndex() {
	var all, listed []*html.KitRef
	for _, r := range b.kits {
		ref := b.refs[r.Def.ID]
		all = append(all, ref)
		if ref.Lang == "" {
			listed = append(listed, ref)
		}
	}
	d := &html.Data{Kits: listed, Title: "Referral kits · " + b.site.Config.Title, Description: b.w.KitsDescription(), Canonical: b.w.AbsURL(route.KitsIndex)}
	page, err := b.w.Render("kits.html", d)
	if err != nil {
		layoutError(b.diags, err, "layouts/kits.html")
		return
	}
	index, _ := route.File(route.KitsIndex)
	feed, _ := route.File(route.Feed)
	b.out.write(index, page)
	b.res.Pages++
	b.out.write(feed, b.w.Feed(all))
}
