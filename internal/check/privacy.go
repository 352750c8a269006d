package check

import (
	"bytes"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// origin is an entry of check.allow_scripts: a host, optionally with the
// only scheme it is allowed over.
type origin struct{ scheme, host string }

func parseOrigins(list []string) []origin {
	var out []origin
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "//") {
			s = "//" + s
		}
		u, err := url.Parse(s)
		if err != nil || u.Hostname() == "" {
			continue
		}
		out = append(out, origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname())})
	}
	return out
}

// thirdParty reports whether raw, a URL written in content or a layout,
// loads from another origin than the site's and is not allowed, and
// returns that origin's host. Relative URLs and URLs a template builds are
// first-party.
func (r *ruleset) thirdParty(raw string) (host string, ok bool) {
	raw = strings.TrimSpace(raw)
	lower := strings.ToLower(raw)
	if strings.Contains(raw, "{{") ||
		!(strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "//")) {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return raw, true
	}
	host = strings.ToLower(u.Hostname())
	if host == r.baseHost {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	for _, o := range r.allowed {
		if o.host == host && (o.scheme == "" || o.scheme == scheme) {
			return "", false
		}
	}
	return host, true
}

// checkContentPrivacy reports images a page loads from another site: a
// browser fetching them tells that site who read the page, which is how
// tracking pixels work. Raw HTML is off, so images are the only way
// content can load something; raw HTML that would load something is
// reported too, by checkRawHTML, since it shows what the editor meant to
// publish. Destinations are judged with character references decoded
// (content.Link.Dest), as the browser follows them.
func checkContentPrivacy(r *ruleset, p *content.Page, links []content.Link, diags *diag.List) {
	for _, l := range links {
		if !l.Image {
			continue
		}
		if host, ok := r.thirdParty(l.Dest); ok {
			diags.Errorf(p.File, l.Line, l.Col, diag.RulePrivacy,
				"image %s is loaded from %s, another site, which then learns who read this page (that is how tracking pixels work); put the image in the site's assets, or list %s in check.allow_scripts in kitgen.yaml if it is approved",
				l.Dest, host, host)
		}
	}
}

// resourceAttrs are the attributes through which an element loads
// something when the page is shown.
var resourceAttrs = map[string][]string{
	"script": {"src"},
	"link":   {"href"},
	"iframe": {"src"},
	"frame":  {"src"},
	"img":    {"src", "srcset"},
	"source": {"src", "srcset"},
	"video":  {"src", "poster"},
	"audio":  {"src"},
	"track":  {"src"},
	"embed":  {"src"},
	"object": {"data"},
	"image":  {"href", "xlink:href"},
	"use":    {"href", "xlink:href"},
	"input":  {"src"},
	"form":   {"action"},
}

// navigationRels are <link> relations that name a page rather than load
// a resource.
var navigationRels = map[string]bool{
	"canonical": true, "alternate": true, "author": true, "license": true, "help": true,
	"me": true, "next": true, "prev": true, "search": true, "bookmark": true,
}

var (
	cssURLRE = regexp.MustCompile(`(?i)(?:@import\s+(?:url\(\s*)?|url\(\s*)["']?((?:https?:)?//[^"')\s;]+)`)
	// trackerRE names hosts of analytics, advertising and font services
	// wherever they appear, including strings in inline scripts.
	trackerRE = regexp.MustCompile(`(?i)\b(?:www\.googletagmanager\.com|googletagmanager\.com|(?:www|ssl)\.google-analytics\.com|google-analytics\.com|fonts\.googleapis\.com|fonts\.gstatic\.com|connect\.facebook\.net|www\.facebook\.com/tr|use\.typekit\.net|p\.typekit\.net|static\.hotjar\.com|script\.hotjar\.com|snap\.licdn\.com|bat\.bing\.com|analytics\.tiktok\.com|cdn\.segment\.com|js\.hs-scripts\.com|www\.clarity\.ms|plausible\.io|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|www\.youtube\.com/embed|player\.vimeo\.com|maps\.googleapis\.com|www\.google\.com/maps/embed)\b`)
	absURLRE  = regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*`)
)

// checkLayouts reports layouts that make the browser contact another
// origin: external scripts, stylesheets, fonts, frames and images, CSS
// imports, and tracker hosts in inline scripts. Stylesheets and scripts
// of assets/ are scanned for imports, fonts and tracker hosts too.
func checkLayouts(in *Input, r *ruleset, diags *diag.List) {
	for _, f := range files(in.Layouts, ".html") {
		if data, err := fs.ReadFile(in.Layouts, f); err == nil {
			scanLayout("layouts/"+f, data, r, diags, true)
		}
	}
	for _, f := range append(files(in.Assets, ".css"), files(in.Assets, ".js")...) {
		if data, err := fs.ReadFile(in.Assets, f); err == nil {
			scanLayout("assets/"+f, data, r, diags, false)
		}
	}
}

// files lists the files of fsys whose names end in ext, sorted.
func files(fsys fs.FS, ext string) []string {
	if fsys == nil {
		return nil
	}
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ext) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

type layoutScan struct {
	file     string
	data     []byte
	lines    []int                         // offsets of line starts
	at       func(off int) (line, col int) // file position of an offset, when data is a piece of the file
	r        *ruleset
	diags    *diag.List
	reported []span
}

func (s *layoutScan) pos(off int) (line, col int) {
	if s.at != nil {
		return s.at(off)
	}
	i := sort.SearchInts(s.lines, off+1) - 1
	return i + 1, off - s.lines[i] + 1
}

func (s *layoutScan) covered(off int) bool {
	for _, sp := range s.reported {
		if off >= sp.start && off < sp.end {
			return true
		}
	}
	return false
}

func (s *layoutScan) report(start, end int, what, raw, host string) {
	if s.covered(start) {
		return
	}
	s.reported = append(s.reported, span{start, end})
	line, col := s.pos(start)
	s.diags.Errorf(s.file, line, col, diag.RulePrivacy,
		"%s %s: browsers fetch it from %s, a third party that then learns who visits each page (see HHS guidance on online tracking technologies); serve it from the site's assets/ instead, or list %s in check.allow_scripts in kitgen.yaml if it is approved",
		what, raw, host, host)
}

// scanLayout reports what data, an HTML layout (html) or a stylesheet or
// script, loads from other origins.
func scanLayout(file string, data []byte, r *ruleset, diags *diag.List, html bool) {
	scan(&layoutScan{file: file, data: data, r: r, diags: diags}, html)
}

func scan(s *layoutScan, html bool) {
	data, r := s.data, s.r
	s.lines = []int{0}
	for i, c := range data {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	for i := 0; html && i < len(data); i++ {
		if data[i] != '<' {
			continue
		}
		i = s.tag(i)
	}
	for _, m := range cssURLRE.FindAllSubmatchIndex(data, -1) {
		raw := string(data[m[2]:m[3]])
		if host, ok := r.thirdParty(raw); ok {
			s.report(m[2], m[3], "the stylesheet loads", raw, host)
		}
	}
	for _, m := range trackerRE.FindAllIndex(data, -1) {
		raw := string(data[m[0]:m[1]])
		if host, ok := r.thirdParty("https://" + raw); ok {
			s.report(m[0], m[1], "this file contacts", raw, host)
		}
	}
}

// tag reads the element starting at data[i] == '<', checks its resource
// attributes (and the body of an inline script) and returns the offset of
// its '>'.
func (s *layoutScan) tag(i int) int {
	data := s.data
	j := i + 1
	for j < len(data) && (isAlnum(data[j]) || data[j] == '-' || data[j] == ':') {
		j++
	}
	name := strings.ToLower(string(data[i+1 : j]))
	if name == "" {
		return i
	}
	type attr struct {
		name       string
		value      string
		start, end int
	}
	var attrs []attr
	for j < len(data) && data[j] != '>' {
		switch c := data[j]; {
		case c == '{' && j+1 < len(data) && data[j+1] == '{':
			if k := bytes.Index(data[j:], []byte("}}")); k >= 0 {
				j += k + 2
			} else {
				j = len(data)
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/':
			j++
		default:
			k := j
			for k < len(data) && !strings.ContainsRune(" \t\n\r=>/", rune(data[k])) {
				k++
			}
			a := attr{name: strings.ToLower(string(data[j:k]))}
			j = k
			if j < len(data) && data[j] == '=' {
				j++
				if j < len(data) && (data[j] == '"' || data[j] == '\'') {
					q := data[j]
					e := bytes.IndexByte(data[j+1:], q)
					if e < 0 {
						e = len(data) - j - 1
					}
					a.start, a.end = j+1, j+1+e
					j = a.end + 1
				} else {
					k := j
					for k < len(data) && !strings.ContainsRune(" \t\n\r>", rune(data[k])) {
						k++
					}
					a.start, a.end = j, k
					j = k
				}
				a.value = string(data[a.start:min(a.end, len(data))])
			}
			if a.name == "" {
				j++
			}
			attrs = append(attrs, a)
		}
	}
	get := func(n string) string {
		for _, a := range attrs {
			if a.name == n {
				return a.value
			}
		}
		return ""
	}
	if wanted, ok := resourceAttrs[name]; ok {
		skip := name == "link" && relIsNavigation(get("rel"))
		for _, a := range attrs {
			if skip || !contains(wanted, a.name) {
				continue
			}
			raw := a.value
			if a.name == "srcset" {
				for _, part := range strings.Split(raw, ",") {
					if f := strings.Fields(part); len(f) > 0 {
						if host, ok := s.r.thirdParty(f[0]); ok {
							s.report(a.start, a.end, "<"+name+" "+a.name+"> loads", f[0], host)
							break
						}
					}
				}
				continue
			}
			if host, ok := s.r.thirdParty(raw); ok {
				s.report(a.start, a.end, "<"+name+" "+a.name+"> loads", raw, host)
			}
		}
	}
	if name == "script" && j < len(data) {
		// A script's content is text up to </script>, not markup: skip it,
		// after looking for URLs in it unless it is data (JSON-LD).
		end := indexFold(data[j:], "</script")
		if end < 0 {
			end = len(data) - j
		}
		if get("src") == "" && !strings.Contains(strings.ToLower(get("type")), "json") {
			body := data[j : j+end]
			for _, m := range absURLRE.FindAllIndex(body, -1) {
				raw := string(body[m[0]:m[1]])
				if host, ok := s.r.thirdParty(raw); ok {
					s.report(j+m[0], j+m[1], "the inline script contacts", raw, host)
				}
			}
		}
		j += end
	}
	return j
}

func relIsNavigation(rel string) bool {
	fields := strings.Fields(strings.ToLower(rel))
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		if !navigationRels[f] {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// indexFold is bytes.Index ignoring ASCII case, for a lower-case needle,
// without copying the haystack.
func indexFold(b []byte, needle string) int {
	for off := 0; ; {
		k := bytes.IndexByte(b[off:], needle[0])
		if k < 0 {
			return -1
		}
		at := off + k
		if at+len(needle) > len(b) {
			return -1
		}
		if bytes.EqualFold(b[at:at+len(needle)], []byte(needle)) {
			return at
		}
		off = at + 1
	}
}
