package check

import (
	"net/url"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/phone"
)

func checkLink(site *content.Site, r *ruleset, p *content.Page, l content.Link, diags *diag.List) {
	dest := l.Dest
	if dest == "" || strings.HasPrefix(dest, "//") {
		return
	}
	switch scheme, rest, _ := strings.Cut(dest, ":"); strings.ToLower(scheme) {
	case "tel":
		checkTel(r, p, l, diags)
		return
	case "mailto":
		checkMailto(p, l, rest, diags)
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
			hint := "fix the path or create the page"
			if strings.HasSuffix(path, ".md") {
				hint = "link to the page's URL, not its file: /services/cardiology/ rather than services/cardiology.md"
			}
			diags.Errorf(p.File, l.Line, l.Col, "links", "link to %s goes nowhere: no page has that URL; %s", u.Path, hint)
			return
		}
	}
	if u.Fragment != "" && target.Doc != nil && !target.Doc.HasAnchor(u.Fragment) {
		diags.Errorf(p.File, l.Line, l.Col, "links", "link to %s#%s: %s has no heading with id %q; link to an existing heading%s",
			target.URL, u.Fragment, target.File, u.Fragment, anchorHint(target.Doc))
	}
}

// anchorHint lists a page's heading ids, so the fix is a copy away.
func anchorHint(d *content.Document) string {
	if len(d.Headings) == 0 {
		return " (it has no headings; link to the page itself)"
	}
	ids := make([]string, 0, len(d.Headings))
	for _, h := range d.Headings {
		ids = append(ids, "#"+h.ID)
	}
	if len(ids) > 12 {
		ids = append(ids[:12], "…")
	}
	return " (" + strings.Join(ids, ", ") + ")"
}

// checkTel reports tel: links a phone cannot dial (a number the phone
// model rejects, a short number the site does not allow) and links
// without the country code RFC 3966 asks for, which a phone abroad or an
// app may dial wrongly.
func checkTel(r *ruleset, p *content.Page, l content.Link, diags *diag.List) {
	n, global, err := phone.ParseURI(l.Dest)
	switch {
	case err != nil:
		diags.Errorf(p.File, l.Line, l.Col, "links", "link %s is not a number a phone can dial: the number %v; link it as tel:+1-312-555-0142", l.Dest, err)
	case n.Kind() == phone.Short && !r.numbers.short[n.Key()]:
		diags.Errorf(p.File, l.Line, l.Col, "links", "link %s dials the short number %s, which kitgen does not know; write the full number with its area code, e.g. tel:+1-312-555-0142, or, if %s is right, add it to check.allow_numbers in kitgen.yaml", l.Dest, n.Key(), n.Key())
	case !global:
		diags.Errorf(p.File, l.Line, l.Col, "links", "link %s has no country code; write it as %s so every phone dials it the same way", l.Dest, n.URI())
	}
}

// checkMailto reports mailto: links whose addresses lack an @ or a domain.
func checkMailto(p *content.Page, l content.Link, rest string, diags *diag.List) {
	addrs, _, _ := strings.Cut(rest, "?")
	addrs, err := url.PathUnescape(addrs)
	if err != nil || strings.TrimSpace(addrs) == "" {
		diags.Errorf(p.File, l.Line, l.Col, "links", "link %s has no email address; write mailto:intake@example.org", l.Dest)
		return
	}
	for _, a := range strings.Split(addrs, ",") {
		if !validEmail(strings.TrimSpace(a)) {
			diags.Errorf(p.File, l.Line, l.Col, "links", "link %s: %q is not an email address; it needs one @ and a domain, e.g. mailto:intake@example.org", l.Dest, strings.TrimSpace(a))
			return
		}
	}
}

func validEmail(a string) bool {
	local, domain, ok := strings.Cut(a, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(a, " \t<>()[]\\,;:\"") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, lb := range labels {
		if lb == "" || strings.HasPrefix(lb, "-") || strings.HasSuffix(lb, "-") {
			return false
		}
	}
	return true
}

func lastSeg(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
