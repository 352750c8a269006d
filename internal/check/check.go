// Package check holds the content rules that kitgen check and every build
// run: each rule has an id, reports at file:line:col, and says how to fix
// what it finds.
//
// This package reports under links, references, freshness, stale-wait-time, contact, a11y,
// privacy, raw-html, patient-data and claims; other stages report under
// their own ids. Every id, with its default severity, whether a site may
// adjust it and what it finds, is a row of diag.Rules.
//
// references is a fixed rule: a front-matter value that names a page of
// another section or a line of kitgen.yaml that does not exist silently
// drops a link or an on-call number from the site and from kits, so no
// setting can hide it.
//
// A guide without a reviewed date is reported under freshness too, by
// content loading (which sees the front matter): a missing date and an old
// one are the same problem, so one setting or silence entry covers both.
// The schema does not report it as a missing front-matter field. A
// reviewed: written with no date ("kitgen new guide" writes it so) is
// reported by this package, at the key.
//
// Filter applies check.rules from kitgen.yaml and the silence entries of
// pages' front matter to the findings of a whole run. Adjustable rules can
// be set to off, warning or error, and silenced on a page; the findings of
// the others mean a page or kit cannot be built as written, so no setting
// hides them.
package check

import (
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/route"
)

// Input is what the rules read: the model, the resolved kits and the date
// freshness is measured against.
type Input struct {
	Site    *content.Site
	Kits    []*kit.Resolved
	Layouts fs.FS // the site's layouts over the theme's
	Assets  fs.FS // the site's assets over the theme's; nil skips them
	Today   time.Time
	// Routes is every URL the build writes; links are checked against it.
	// Nil means the site's pages only (Site.Routes).
	Routes *route.Table

	once  sync.Once
	rules *ruleset
}

// ruleset is what the rules derive from the settings and the model once
// per run, shared by every worker.
type ruleset struct {
	numbers  *numbers
	claims   [][]byte // check.claims, lowered
	baseHost string
	allowed  []origin
	interval int
}

func (in *Input) prepare() *ruleset {
	in.once.Do(func() {
		r := &ruleset{interval: 365}
		site := in.Site
		if site == nil {
			site = &content.Site{}
		}
		if site.Config == nil {
			r.numbers = &numbers{full: map[string]string{}, local: map[string]string{}, short: map[string]bool{"911": true, "988": true}}
			in.rules = r
			return
		}
		cfg := site.Config
		r.numbers = newNumbers(site)
		for _, c := range cfg.Check.Claims {
			if c = strings.TrimSpace(c); c != "" {
				r.claims = append(r.claims, lowerASCII(c))
			}
		}
		if u, err := url.Parse(cfg.BaseURL); err == nil {
			r.baseHost = strings.ToLower(u.Hostname())
		}
		r.allowed = parseOrigins(cfg.Check.AllowScripts)
		if cfg.ReviewIntervalDays > 0 {
			r.interval = cfg.ReviewIntervalDays
		}
		in.rules = r
	})
	return in.rules
}

var walkers = sync.Pool{New: func() any { return &textWalker{} }}

// Page runs the rules that need only one parsed page. Builds call it from
// their render workers, right after the page body is parsed; it reads the
// syntax tree, so it must run before the tree is released. It is safe for
// concurrent use on different pages.
func Page(in *Input, p *content.Page, diags *diag.List) {
	r := in.prepare()
	checkFreshness(in, r, p, diags)
	checkPlaceholders(p, diags)
	checkWaitTimes(in, p, diags)
	checkForms(in, p, diags)
	checkClosures(in, p, diags)
	d := p.Doc
	if d == nil {
		return
	}
	for _, pr := range d.Problems {
		diags.Errorf(p.File, pr.Line, pr.Col, diag.RuleContent, "%s", pr.Message)
	}
	links := placeLinks(p)
	checkA11y(p, links, diags)
	checkContentPrivacy(r, p, links, diags)
	checkRawHTML(r, p, diags)
	for _, l := range links {
		if !l.Image {
			checkTelLink(r, p, l, diags)
		}
	}
	if d.AST == nil {
		return
	}
	w := walkers.Get().(*textWalker)
	w.src = d.Source
	w.emit = func(c *chunk) {
		checkContact(r, p, c, diags)
		checkPatient(p, c, diags)
		checkClaims(r, p, c, diags)
	}
	w.walk(d.AST)
	w.src, w.emit = nil, nil
	walkers.Put(w)
}

// reviewRecommended reports whether pages of p's type should say when
// they were last reviewed.
func reviewRecommended(p *content.Page) bool {
	for _, r := range content.TypeOf(p.Type).Recommended {
		if r.Key == "reviewed" {
			return true
		}
	}
	return false
}

// Site runs the rules that look across pages (front-matter references,
// links and anchors) and at the layouts. Every page must have been parsed
// (its Doc's Headings and Links kept), and Routes built from the model.
func Site(in *Input, diags *diag.List) {
	r := in.prepare()
	if in.Site != nil {
		routes := in.Routes
		if routes == nil {
			routes = route.NewTable(in.Site.Routes())
		}
		for _, p := range in.Site.Pages {
			checkRefs(in.Site, p, diags)
			if p.Doc == nil {
				continue
			}
			for _, l := range p.Doc.Links {
				if l.Image {
					continue
				}
				checkLink(routes, r, p, l, diags)
			}
		}
	}
	checkLayouts(in, r, diags)
}

// checkFreshness warns about pages whose last review is older than the
// site's review interval.
func checkFreshness(in *Input, r *ruleset, p *content.Page, diags *diag.List) {
	if line, written := p.Lines["reviewed"]; written && p.Reviewed.IsZero() && p.Kind == content.KindPage && reviewRecommended(p) {
		// Content loading warns when the key is missing; an empty
		// "reviewed:" (as "kitgen new guide" writes it) is the same gap.
		diags.Warnf(p.File, line, 1, diag.RuleFreshness,
			"reviewed is empty; write the date a clinician last reviewed this page, e.g. \"reviewed: 2026-03-01\"")
		return
	}
	if p.Reviewed.IsZero() || in.Today.IsZero() {
		return
	}
	due := p.Reviewed.AddDate(0, 0, r.interval)
	if !due.Before(in.Today) {
		return
	}
	diags.Warnf(p.File, p.Line("reviewed"), 1, diag.RuleFreshness,
		"last reviewed %s, more than %d days ago (review was due %s); have the content reviewed and update \"reviewed:\", or set review_interval_days in kitgen.yaml",
		p.Reviewed.Format("2006-01-02"), r.interval, due.Format("2006-01-02"))
}
