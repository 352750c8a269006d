// Package check holds the content rules that kitgen check and every build
// run: each rule has an id, reports at file:line:col, and says how to fix
// what it finds.
package check

import (
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
)

// Input is what the rules read: the model, the resolved kits and the date
// freshness is measured against.
type Input struct {
	Site    *content.Site
	Kits    []*kit.Resolved
	Layouts fs.FS // the site's layouts over the theme's
	Today   time.Time
}

// Filter applies the site's rule settings (check.rules in kitgen.yaml) and
// the pages' silence entries to the findings of a run, and returns what
// remains, in order.
func Filter(site *content.Site, ds []diag.Diagnostic) []diag.Diagnostic { return ds }

// Page runs the rules that need only one parsed page. Builds call it from
// their render workers, right after the page body is parsed.
func Page(in *Input, p *content.Page, diags *diag.List) {}

// Site runs the rules that look across pages (links and anchors). Every
// page must have been parsed (its Doc's Headings and Links kept).
func Site(in *Input, diags *diag.List) {
	for _, p := range in.Site.Pages {
		if p.Doc == nil {
			continue
		}
		for _, l := range p.Doc.Links {
			if l.Image {
				continue
			}
			checkLink(in.Site, p, l, diags)
		}
	}
}

func checkLink(site *content.Site, p *content.Page, l content.Link, diags *diag.List) {
	dest := l.Dest
	if dest == "" || strings.HasPrefix(dest, "//") {
		return
	}
	u, err := url.Parse(dest)
	if err != nil {
		diags.Errorf(p.File, l.Line, l.Col, "links", "link %q is not a valid URL; check for spaces or stray characters", dest)
		return
	}
	if u.Scheme != "" || u.Host != "" {
		return
	}
	target := p
	if u.Path != "" {
		path := u.Path
		if !strings.HasPrefix(path, "/") {
			// Relative links resolve against the page's URL, as browsers do.
			base, _ := url.Parse(p.URL)
			path = base.ResolveReference(&url.URL{Path: path}).Path
		}
		if !strings.HasSuffix(path, "/") && !strings.Contains(lastSeg(path), ".") {
			path += "/"
		}
		target = site.PageByURL(path)
		if target == nil {
			if strings.HasPrefix(path, "/kits/") || path == "/sitemap.xml" || path == "/robots.txt" {
				return // generated outputs, checked by their own stages
			}
			diags.Errorf(p.File, l.Line, l.Col, "links", "link to %s goes nowhere: no page has that URL; fix the path or create the page", u.Path)
			return
		}
	}
	if u.Fragment != "" && target.Doc != nil && !target.Doc.HasAnchor(u.Fragment) {
		diags.Errorf(p.File, l.Line, l.Col, "links", "link to %s#%s: %s has no heading with id %q; link to an existing heading", target.URL, u.Fragment, target.File, u.Fragment)
	}
}

func lastSeg(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
