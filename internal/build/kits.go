package build

import (
	"errors"
	"fmt"
	"github.com/kitgen/kitgen/internal/config"
	"io/fs"
	"strings"
	"sync"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
)

// resolveKits loads the kit definitions and the ledger, quotes the content
// each kit names, and settles each kit's version: unchanged content keeps
// its version; changed content gets the next one, recorded in the ledger,
// or — when Locked — an error that says how to record it.
func (b *builder) resolveKits() {
	b.titles = nil // titles may have changed since the last resolution
	defs := kit.LoadDefs(b.fsys, b.diags)
	b.ledger = kit.LoadLedger(b.fsys, b.diags)
	b.refs = map[string]*html.KitRef{}
	b.kitsOf = map[*content.Page][]*html.KitRef{}
	b.keep = map[*content.Page]bool{}
	for _, def := range defs {
		r := kit.Resolve(def, b.site, b.diags)
		b.kits = append(b.kits, r)
		for _, p := range r.Pages {
			b.keep[p] = true
		}
		e, changed := b.ledger.Next(r, b.opts.Today)
		if changed {
			switch {
			case b.opts.Preview:
				r.Doc.Draft = true
			case b.opts.Locked:
				b.diags.Errorf(def.File, 1, 1, "kit-version",
					"kit %q changed (%s) but version %d is not recorded in %s; run \"kitgen build\" locally (without --locked and with CI unset) and commit %s",
					def.ID, strings.Join(e.Changed, ", "), e.Version, kit.LedgerFile, kit.LedgerFile)
			default:
				b.ledger.Record(def.ID, e)
			}
		}
		r.Doc.Version = e.Version
		r.Doc.Effective = e.EffectiveDate()
		ref := &html.KitRef{
			ID: def.ID, Title: def.Title, Audience: def.Audience,
			URL:     "/kits/" + def.ID + "/",
			PDF:     fmt.Sprintf("/kits/%s/%s-v%d.pdf", def.ID, def.ID, e.Version),
			Latest:  fmt.Sprintf("/kits/%s/%s-latest.pdf", def.ID, def.ID),
			Version: e.Version, Effective: r.Doc.Effective, Draft: r.Doc.Draft,
			Page: b.site.Page(def.Page),
		}
		for _, le := range b.ledger.Kits[def.ID] {
			ref.Changelog = append([]html.Change{{Version: le.Version, Effective: le.EffectiveDate(), Files: le.Changed, What: b.describe(le.Changed)}}, ref.Changelog...)
		}
		if r.Doc.Draft {
			ref.Changelog = append([]html.Change{{Version: e.Version, Effective: r.Doc.Effective, Files: e.Changed, What: b.describe(e.Changed)}}, ref.Changelog...)
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
			File: ref.PDF, Changed: e.Changed, New: changed && !b.opts.Preview && !b.opts.Locked, Draft: r.Doc.Draft})
	}
	b.w.KitsOf = func(p *content.Page) []*html.KitRef { return b.kitsOf[p] }
}

// describe names changed source files the way intake staff know them:
// by page title, not by path.
func (b *builder) describe(files []string) []string {
	if b.titles == nil {
		b.titles = map[string]string{config.FileName: "practice contact details", kit.LedgerFile: "kit versions"}
		for _, p := range b.site.Pages {
			if p.File != "" {
				b.titles[p.File] = p.Title
			}
		}
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		switch t, ok := b.titles[f]; {
		case ok:
			out = append(out, t)
		case strings.HasPrefix(f, kit.Dir+"/"):
			out = append(out, "the kit's layout")
		default:
			out = append(out, f)
		}
	}
	return out
}

// renderPDFs renders every kit's PDF and writes the versioned file and the
// latest alias. It runs before the pages, which show each kit's file size
// next to its download link.
func (b *builder) renderPDFs() {
	if len(b.kits) == 0 {
		return
	}
	fonts, err := loadKitFonts(b.fsys)
	if err != nil {
		b.diags.Errorf("assets/fonts", 0, 0, "kit", "%v; remove the font or replace it with a valid TrueType file", err)
		return
	}
	lists := make([]*diag.List, len(b.kits))
	for i := range lists {
		lists[i] = b.diags
	}
	for i, data := range renderKitPDFs(b.kits, fonts, lists) {
		if data != nil {
			b.writeKitPDF(i, data, b.diags, b.out)
		}
	}
}

// loadKitFonts parses the site's kit fonts (assets/fonts), or the Go fonts
// when it has none, once for all the kits of a build.
func loadKitFonts(fsys fs.FS) (*pdf.Fonts, error) { return pdf.LoadFonts(sub(fsys, "assets/fonts")) }

// renderKitPDFs renders kits in parallel. A kit that cannot be rendered
// gets nil bytes, and its finding goes to diags[i].
func renderKitPDFs(kits []*kit.Resolved, fonts *pdf.Fonts, diags []*diag.List) [][]byte {
	pdfs := make([][]byte, len(kits))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, r := range kits {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			data, err := pdf.Render(r.Doc, fonts)
			var oe *pdf.OverflowError
			switch {
			case errors.As(err, &oe):
				diags[i].Errorf(r.Def.File, 1, 1, "kit-overflow", "%s", oe.Error())
			case err != nil:
				diags[i].Errorf(r.Def.File, 1, 1, "kit", "cannot render the PDF: %v", err)
			default:
				pdfs[i] = data
			}
		}()
	}
	wg.Wait()
	return pdfs
}

// writeKitPDF records the size and HTML rendition of kit i of b.kits,
// warns when its PDF is over the email size budget, and writes the
// versioned file and the latest alias.
func (b *builder) writeKitPDF(i int, data []byte, diags *diag.List, out *output) {
	r := b.kits[i]
	ref := b.refs[r.Def.ID]
	ref.Size = len(data)
	ref.Rendition = html.KitRendition(r.Doc)
	b.res.Kits[i].Size = len(data)
	if budget := b.site.Config.Kits.SizeBudgetKB; budget > 0 && len(data) > budget*1024 {
		diags.Warnf(r.Def.File, 1, 1, "kit-size", "kit %q is %d KB, over the %d KB budget for email attachments; quote less or use smaller fonts", r.Def.ID, (len(data)+1023)/1024, budget)
	}
	out.write(strings.TrimPrefix(ref.PDF, "/"), data)
	out.write(strings.TrimPrefix(ref.Latest, "/"), data)
}

// writeKitPages writes each kit's page, the kits index and the Atom feed.
func (b *builder) writeKitPages() {
	for _, r := range b.kits {
		if b.refs[r.Def.ID].Size > 0 && b.writeKitPage(r, b.diags, b.out) {
			b.res.Pages++
		}
	}
	b.writeKitsIndex()
}

// writeKitPage writes one kit's page: current version, downloads, HTML
// rendition and changelog. A kit whose PDF failed has none.
func (b *builder) writeKitPage(r *kit.Resolved, diags *diag.List, out *output) bool {
	ref := b.refs[r.Def.ID]
	d := &html.Data{Kit: ref, Title: r.Def.Title + " · " + b.site.Config.Title, Canonical: b.w.AbsURL(ref.URL)}
	page, err := b.w.Render("kit.html", d)
	if err != nil {
		layoutError(diags, err, r.Def.File)
		return false
	}
	out.write(strings.TrimPrefix(ref.URL, "/")+"index.html", page)
	return true
}

func (b *builder) writeKitsIndex() {
	var all []*html.KitRef
	for _, r := range b.kits {
		all = append(all, b.refs[r.Def.ID])
	}
	d := &html.Data{Kits: all, Title: "Referral kits · " + b.site.Config.Title, Description: b.w.KitsDescription(), Canonical: b.w.AbsURL("/kits/")}
	page, err := b.w.Render("kits.html", d)
	if err != nil {
		layoutError(b.diags, err, "layouts/kits.html")
		return
	}
	b.out.write("kits/index.html", page)
	b.res.Pages++
	b.out.write("kits/feed.xml", b.w.Feed(all))
}
