package serve

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/route"

	"github.com/kitgen/kitgen/internal/source"
)

// Paths of the dev server's own endpoints. The prefix is one no site page
// can have: content paths starting with "_" are not published.
const (
	eventsPath = "/__kitgen/events"
	scriptPath = "/__kitgen/reload.js"
)

//go:embed reload.js
var reloadJS []byte

// inject is what every page of a preview build gets before </body>.
const inject = template.HTML(`<script src="` + scriptPath + `" defer></script>`)

// csp is the site's Content-Security-Policy without
// upgrade-insecure-requests, which would send the browser to an https://
// the dev server does not speak.
var csp = strings.TrimSuffix(strings.TrimSpace(strings.Replace(html.CSP, "upgrade-insecure-requests", "", 1)), ";")

// ServeHTTP serves the dev server's endpoints and the built site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if s.loopback && !loopbackHost(r.Host) {
		http.Error(w, fmt.Sprintf("kitgen serve answers only requests for localhost or a loopback address, not %q; open %s instead", r.Host, s.URL()), http.StatusForbidden)
		return
	}
	// The preview only reads: nothing, the dev server's own endpoints
	// included, accepts a request that would change something.
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed: the preview only answers GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "reload.js", s.started, strings.NewReader(string(reloadJS)))
		return
	}
	rel, ok := sitePath(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.file(w, r, rel)
}

// sitePath maps a request to a file of the built site: "/" and paths
// ending in "/" to their index.html. ok is false for anything that could
// name a file outside the site or one that is not published: ".." or "."
// segments (raw or percent-encoded), encoded slashes and backslashes,
// backslashes, NUL bytes, hidden files and the CDN's _headers.
func sitePath(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00"} {
		if strings.Contains(raw, bad) {
			return "", false
		}
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	rel := strings.TrimPrefix(p, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	for i, seg := range strings.Split(rel, "/") {
		// The build publishes one hidden folder, /.well-known/, as a CDN
		// would serve it; every other dot segment is refused.
		if seg == "" || strings.HasPrefix(seg, ".") && !(i == 0 && seg == source.WellKnown) {
			return "", false
		}
	}
	if rel == "_headers" || !fs.ValidPath(rel) {
		return "", false
	}
	return rel, true
}

// file serves one file of the built site through an os.Root, which also
// refuses symbolic links that lead out of it. The root is opened per
// request because full builds swap the whole folder.
func (s *Server) file(w http.ResponseWriter, r *http.Request, rel string) {
	if !s.published.Load() {
		s.noBuild(w)
		return
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		s.noBuild(w)
		return
	}
	defer root.Close()
	f, err := root.Open(rel)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		s.notFound(w, r)
		return
	}
	if info.IsDir() {
		// A folder without its trailing slash: send the browser to the
		// URL the page's relative links expect.
		target := r.URL.EscapedPath() + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound)
		return
	}
	if !info.Mode().IsRegular() {
		s.notFound(w, r)
		return
	}
	s.typeHeaders(w, rel)
	http.ServeContent(w, r, "", info.ModTime(), f)
}

// typeHeaders sets the content type and, for pages, the headers the CDN
// would send with them, so the preview enforces the same policy.
func (s *Server) typeHeaders(w http.ResponseWriter, rel string) {
	h := w.Header()
	ct, ok := route.FileType(rel)
	if !ok {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	if path.Ext(rel) == ".html" {
		h.Set("Content-Security-Policy", csp)
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		// The script compares this with the build the event stream
		// announces, to notice a build finished while the page loaded.
		build, _ := s.broker.current()
		h.Set("Server-Timing", fmt.Sprintf("kitgen;desc=%q", build))
	}
}

// notFound serves the site's 404.html with status 404, as a CDN would.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	data, err := s.read404()
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.typeHeaders(w, "404.html")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

func (s *Server) read404() ([]byte, error) {
	if !s.published.Load() {
		return nil, errors.New("no build yet")
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile("404.html")
}

// noBuild answers while no build has succeeded yet: a page that lists the
// findings and carries the reload script, so it turns into the site as
// soon as the problems are fixed.
func (s *Server) noBuild(w http.ResponseWriter) {
	_, errs := s.broker.current()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", csp)
	w.WriteHeader(http.StatusServiceUnavailable)
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><meta charset="utf-8"><title>kitgen serve: the site did not build</title>`)
	b.WriteString(`<h1>The site did not build</h1><p>Fix these problems and save; this page updates by itself.</p><ul>`)
	for _, e := range errs {
		b.WriteString("<li><code>" + template.HTMLEscapeString(e) + "</code></li>")
	}
	b.WriteString(`</ul>` + string(inject) + `</html>`)
	w.Write([]byte(b.String()))
}

// events streams build results to one page as Server-Sent Events.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, first, ok := s.broker.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.broker.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// A short retry: after a restart of kitgen serve the pages reconnect
	// (and reload, hearing of a new build) within a second.
	fmt.Fprint(w, "retry: 1000\n\n")
	writeEvent(w, first)
	flusher.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(w, ev)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n") // keeps proxies and idle timers from closing the stream
		case <-r.Context().Done():
			return
		}
		flusher.Flush()
	}
}

func writeEvent(w http.ResponseWriter, ev event) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
}
