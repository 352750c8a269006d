package deploy

import (
	"bufio"
	"bytes"
	"strings"
)

// headerRule is one block of a _headers file: a path pattern and the
// headers it sets.
type headerRule struct {
	pattern string
	headers map[string]string // canonical (lower-case) name → value
}

// Headers is a parsed _headers file, the rules Netlify, Cloudflare Pages
// and similar CDNs apply. Deploy reads the same file, so a path's
// Cache-Control on object storage is what those CDNs would send.
type Headers struct{ rules []headerRule }

// ParseHeaders reads a _headers file: a line starting with "/" opens a
// rule for that path pattern, indented "Name: value" lines below it are
// its headers, and "#" starts a comment.
func ParseHeaders(data []byte) *Headers {
	h := &Headers{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(line, "/"):
			h.rules = append(h.rules, headerRule{pattern: t, headers: map[string]string{}})
		case len(h.rules) > 0:
			name, value, ok := strings.Cut(t, ":")
			if ok {
				h.rules[len(h.rules)-1].headers[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
			}
		}
	}
	return h
}

// Get returns the value of header name for the URL path p: the value of
// the last rule that matches p and sets it, as later rules in kitgen's
// _headers are the more specific ones (content-hashed assets and
// versioned kit PDFs after the site-wide "/*").
func (h *Headers) Get(p, name string) string {
	if h == nil {
		return ""
	}
	name = strings.ToLower(name)
	v := ""
	for _, r := range h.rules {
		if hv, ok := r.headers[name]; ok && matchPattern(r.pattern, p) {
			v = hv
		}
	}
	return v
}

// matchPattern reports whether p matches pattern, in which "*" stands
// for any run of characters, slashes included, as on Netlify.
func matchPattern(pattern, p string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == p
	}
	if !strings.HasPrefix(p, parts[0]) {
		return false
	}
	p = p[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(p, mid)
		if i < 0 {
			return false
		}
		p = p[i+len(mid):]
	}
	return strings.HasSuffix(p, last)
}
