package build

import (
	"bytes"

	"errors"
	"fmt"
	"github.com/kitgen/kitgen/internal/config"
	"io/fs"
	"strings"
	"sync"

	"github.com/kitgen/kitgen/internal/content"
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

// renderPDFs renders every kit's PDF, in parallel from fonts parsed once,
// and writes the versioned file and the latest alias. It runs before the
// pages, which show each kit's file size next to its download link.
func (b *builder) renderPDFs() {
	if len(b.kits) == 0 {
		return
	}
	var fontFS fs.FS
	if f := sub(b.fsys, "assets/fonts"); f != nil {
		fontFS = f
	}
	fonts, err := pdf.LoadFonts(fontFS)
	if err != nil {
		b.diags.Errorf("assets/fonts", 0, 0, "kit", "%v; remove the font or replace it with a valid TrueType file", err)
		return
	}
	pdfs := make([][]byte, len(b.kits))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, r := range b.kits {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			data, err := pdf.Render(r.Doc, fonts)
			if err != nil {
				var oe *pdf.OverflowError
				if errors.As(err, &oe) {
					b.diags.Errorf(r.Def.File, 1, 1, "kit-overflow", "%s", oe.Error())
				} else {
					b.diags.Errorf(r.Def.File, 1, 1, "kit", "cannot render the PDF: %v", err)
				}
				return
			}
			pdfs[i] = data
		}()
	}
	wg.Wait()
	b.pdfOK = make([]bool, len(b.kits))
	for i, r := range b.kits {
		ref := b.refs[r.Def.ID]
		data := pdfs[i]
		if data == nil {
			continue
		}
		b.pdfOK[i] = true
		ref.Size = len(data)
		b.res.Kits[i].Size = len(data)
		if budget := b.site.Config.Kits.SizeBudgetKB; budget > 0 && len(data) > budget*1024 {
			b.diags.Warnf(r.Def.File, 1, 1, "kit-size", "kit %q is %d KB, over the %d KB budget for email attachments; quote less or use smaller fonts", r.Def.ID, (len(data)+1023)/1024, budget)
		}
		b.out.write(strings.TrimPrefix(ref.PDF, "/"), data)
		b.out.write(strings.TrimPrefix(ref.Latest, "/"), bytes.Clone(data))
	}
}

// writeKitPages writes each kit's page (current version, downloads, HTML
// rendition, changelog), the kits index and the Atom feed.
func (b *builder) writeKitPages() {
	for i, r := range b.kits {
		if i >= len(b.pdfOK) || !b.pdfOK[i] {
			continue
		}
		ref := b.refs[r.Def.ID]
		ref.Rendition = html.KitRendition(r.Doc)
		d := &html.Data{Kit: ref, Title: r.Def.Title + " · " + b.site.Config.Title, Canonical: b.w.AbsURL(ref.URL)}
		page, err := b.w.Render("kit.html", d)
		if err != nil {
			b.layoutError(err, r.Def.File)
			continue
		}
		b.out.write(strings.TrimPrefix(ref.URL, "/")+"index.html", page)
		b.res.Pages++
	}
	b.writeKitsIndex()
}

func (b *builder) writeKitsIndex() {
	var all []*html.KitRef
	for _, r := range b.kits {
		all = append(all, b.refs[r.Def.ID])
	}
	d := &html.Data{Kits: all, Title: "Referral kits · " + b.site.Config.Title, Canonical: b.w.AbsURL("/kits/")}
	page, err := b.w.Render("kits.html", d)
	if err != nil {
		b.layoutError(err, "layouts/kits.html")
		return
	}
	b.out.write("kits/index.html", page)
	b.res.Pages++
	b.out.write("kits/feed.xml", b.w.Feed(all))
}
