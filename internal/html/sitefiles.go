package html

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/route"
)

// SitemapEntry is one URL of sitemap.xml.
type SitemapEntry struct {
	URL        string // site-relative
	LastMod    time.Time
	Alternates []Alternate // the page in each of its languages (see Writer.Alternates)
}

// Sitemap returns sitemap.xml for the entries, sorted by URL.
func (w *Writer) Sitemap(entries []SitemapEntry) []byte {
	sort.Slice(entries, func(i, j int) bool { return entries[i].URL < entries[j].URL })
	var b bytes.Buffer
	b.Grow(len(entries) * 100)
	b.WriteString(xml.Header)
	// A sitemap's <loc> must be a valid URL: a page named
	// cardiología.md is listed as cardiolog%C3%ADa.
	loc := func(u string) { xml.EscapeText(&b, []byte(w.AbsURL((&url.URL{Path: u}).EscapedPath()))) }
	alternates := false
	for _, e := range entries {
		alternates = alternates || len(e.Alternates) > 0
	}
	if alternates {
		// Google's form of hreflang in a sitemap: every language version
		// of a page lists every other, itself included.
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`)
	} else {
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	}
	for _, e := range entries {
		b.WriteString("<url><loc>")
		loc(e.URL)
		b.WriteString("</loc>")
		if !e.LastMod.IsZero() {
			b.WriteString("<lastmod>" + e.LastMod.Format("2006-01-02") + "</lastmod>")
		}
		for _, a := range e.Alternates {
			b.WriteString(`<xhtml:link rel="alternate" hreflang="` + a.Lang + `" href="`)
			loc(a.URL)
			b.WriteString(`"/>`)
		}
		b.WriteString("</url>")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots returns robots.txt, pointing crawlers at the sitemap.
func (w *Writer) Robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + w.AbsURL(route.Sitemap) + "\n")
}

// CSP is the Content-Security-Policy of every page: only the site's own
// scripts, styles, images and fonts, no frames, no third parties. HHS
// guidance treats third-party trackers on provider sites as a disclosure
// risk, so the policy makes one impossible rather than merely absent.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; upgrade-insecure-requests"

// Headers returns the _headers file that Netlify, Cloudflare Pages and
// similar CDNs read: security headers everywhere, immutable caching for
// content-hashed assets and versioned kit PDFs, revalidation for the rest.
func (w *Writer) Headers(kitIDs []string) []byte {
	var b strings.Builder
	b.WriteString("/*\n")
	b.WriteString("  Content-Security-Policy: " + CSP + "\n")
	b.WriteString("  Referrer-Policy: strict-origin-when-cross-origin\n")
	b.WriteString("  X-Content-Type-Options: nosniff\n")
	b.WriteString("  X-Frame-Options: DENY\n")
	b.WriteString("  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()\n")
	b.WriteString("  Cross-Origin-Opener-Policy: same-origin\n")
	b.WriteString("  Cache-Control: public, max-age=0, must-revalidate\n")
	for _, a := range w.Assets.All {
		if a.Hashed() {
			b.WriteString("\n" + a.URL + "\n  Cache-Control: public, max-age=31536000, immutable\n")
		}
	}
	for _, id := range kitIDs {
		b.WriteString("\n" + route.KitVersions(id) + "\n  Cache-Control: public, max-age=31536000, immutable\n")
	}
	return []byte(b.String())
}

// Feed returns the Atom feed of kit versions, newest first.
func (w *Writer) Feed(kits []*KitRef) []byte {
	type entry struct {
		k *KitRef
		c Change
	}
	var es []entry
	for _, k := range kits {
		for _, c := range k.Changelog {
			es = append(es, entry{k, c})
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].c.Effective.Equal(es[j].c.Effective) {
			return es[i].c.Effective.After(es[j].c.Effective)
		}
		if es[i].k.ID != es[j].k.ID {
			return es[i].k.ID < es[j].k.ID
		}
		return es[i].c.Version > es[j].c.Version
	})
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(es) > 0 {
		updated = es[0].c.Effective
	}
	var b bytes.Buffer
	esc := func(s string) string {
		var x bytes.Buffer
		xml.EscapeText(&x, []byte(s))
		return x.String()
	}
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n")
	fmt.Fprintf(&b, "<title>%s — referral kit updates</title>\n", esc(w.cfg.Title))
	fmt.Fprintf(&b, "<id>%s</id>\n", esc(w.AbsURL(route.KitsIndex)))
	fmt.Fprintf(&b, "<link rel=\"self\" href=\"%s\"/>\n<link href=\"%s\"/>\n", esc(w.AbsURL(route.Feed)), esc(w.AbsURL(route.KitsIndex)))
	fmt.Fprintf(&b, "<updated>%s</updated>\n<author><name>%s</name></author>\n", updated.Format(time.RFC3339), esc(w.cfg.Title))
	for _, e := range es {
		url := w.AbsURL(e.k.URL)
		// An entry of a translated kit is in the kit's language, and
		// says so; the others are in the site's.
		tr := w.strings().For(w.cfg.Language)
		if e.k.Lang != "" {
			tr = w.strings().For(e.k.Lang)
			fmt.Fprintf(&b, "<entry xml:lang=\"%s\">\n", esc(e.k.Lang))
		} else {
			b.WriteString("<entry>\n")
		}
		fmt.Fprintf(&b, "<title>%s</title>\n", esc(tr.T("feed_entry_title", e.k.Title, e.c.Version)))
		fmt.Fprintf(&b, "<id>%s#v%d</id>\n<link href=\"%s\"/>\n", esc(url), e.c.Version, esc(url))
		fmt.Fprintf(&b, "<updated>%s</updated>\n", e.c.Effective.Format(time.RFC3339))
		summary := tr.T("feed_summary", e.c.Version, kit.EffectiveText(e.c.Effective))
		if len(e.c.What) > 0 {
			summary += tr.T("feed_changed", strings.Join(e.c.What, "; "))
		}
		if e.c.Note != "" {
			summary += tr.T("feed_why", e.c.Note)
		}
		fmt.Fprintf(&b, "<summary>%s</summary>\n", esc(summary))
		if details := e.c.Details(); details != "" {
			// The same note and word changes as the kit page's changelog.
			fmt.Fprintf(&b, "<content type=\"html\">%s</content>\n", esc(string(details)))
		}
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// LastMod is the date a page shows in the sitemap.
func LastMod(p *content.Page) time.Time { return p.LastReviewed() }
