package check

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/phone"
	"github.com/kitgen/kitgen/internal/route"
	"github.com/kitgen/kitgen/internal/schema"
)

func checkLink(routes *route.Table, r *ruleset, p *content.Page, l content.Link, diags *diag.List) {
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
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link %q is not a valid URL; check for spaces or stray characters", dest)
		return
	}
	if u.Scheme != "" || u.Host != "" {
		return
	}
	path := p.URL
	if u.Path != "" {
		path = u.Path
		if !strings.HasPrefix(path, "/") {
			// Relative links resolve against the page's URL, as browsers do.
			base, _ := url.Parse(p.URL)
			path = base.ResolveReference(&url.URL{Path: path}).Path
		}
	}
	target, ok := routes.Lookup(path)
	if !ok {
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link to %s goes nowhere: the site has no page or file at that address; %s", u.Path, missingHint(routes, path))
		return
	}
	if u.Fragment != "" && !target.HasID(u.Fragment) {
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link to %s#%s: %s has no heading with id %q; link to an existing heading%s",
			target.URL, u.Fragment, target.Source, u.Fragment, anchorHint(target.IDs))
	}
}

// missingHint says how to fix a link to an address the build does not
// write: the nearest address it does write, or what to do instead.
func missingHint(routes *route.Table, path string) string {
	if strings.HasSuffix(path, ".md") {
		return "link to the page's URL, not its file: /services/cardiology/ rather than services/cardiology.md"
	}
	var urls []string
	for _, r := range routes.All() {
		if r.Kind == route.KindAsset && "/"+r.Source == path && r.URL != path {
			return fmt.Sprintf("%s is published as %s, a name that changes whenever the file does, so content cannot link to it; link to a page, or put the link in a layout", r.Source, r.URL)
		}
		if r.URL != route.Headers {
			urls = append(urls, r.URL)
		}
	}
	want := path
	if !strings.HasSuffix(want, "/") && !strings.Contains(lastSeg(want), ".") {
		want += "/"
	}
	if best := schema.Closest(want, urls); best != "" {
		return fmt.Sprintf("did you mean %s?", best)
	}
	if strings.HasPrefix(path, route.KitsIndex) {
		return "kit pages are " + route.KitPage("<id>") + " for each kits/<id>.yaml, with the PDFs " + route.KitLatest("<id>") + " and " + route.KitPDF("<id>", 1) + " for each recorded version; see " + route.KitsIndex + " for the list"
	}
	return "fix the path or create the page"
}

// anchorHint lists a page's heading ids, so the fix is a copy away.
func anchorHint(ids []string) string {
	if len(ids) == 0 {
		return " (it has no headings; link to the page itself)"
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, "#"+id)
	}
	if len(out) > 12 {
		out = append(out[:12], "…")
	}
	return " (" + strings.Join(out, ", ") + ")"
}

// checkTel reports tel: links a phone cannot dial (a number the phone
// model rejects, a short number the site does not allow) and links
// without the country code RFC 3966 asks for, which a phone abroad or an
// app may dial wrongly.
func checkTel(r *ruleset, p *content.Page, l content.Link, diags *diag.List) {
	n, global, err := phone.ParseURI(l.Dest)
	switch {
	case err != nil:
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link %s is not a number a phone can dial: the number %v; link it as tel:+1-312-555-0142", l.Dest, err)
	case n.Kind() == phone.Short && !r.numbers.short[n.Key()]:
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link %s dials the short number %s, which kitgen does not know; write the full number with its area code, e.g. tel:+1-312-555-0142, or, if %s is right, add it to check.allow_numbers in kitgen.yaml", l.Dest, n.Key(), n.Key())
	case !global:
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link %s has no country code; write it as %s so every phone dials it the same way", l.Dest, n.URI())
	}
}

// checkMailto reports mailto: links whose addresses lack an @ or a domain.
func checkMailto(p *content.Page, l content.Link, rest string, diags *diag.List) {
	addrs, _, _ := strings.Cut(rest, "?")
	addrs, err := url.PathUnescape(addrs)
	if err != nil || strings.TrimSpace(addrs) == "" {
		diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link %s has no email address; write mailto:intake@example.org", l.Dest)
		return
	}
	for _, a := range strings.Split(addrs, ",") {
		if !validEmail(strings.TrimSpace(a)) {
			diags.Errorf(p.File, l.Line, l.Col, diag.RuleLinks, "link %s: %q is not an email address; it needs one @ and a domain, e.g. mailto:intake@example.org", l.Dest, strings.TrimSpace(a))
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
