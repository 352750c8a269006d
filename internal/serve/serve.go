// Package serve is kitgen's live preview for content editors: it builds
// the site into a private folder (never the site's public/), serves it on
// the loopback interface, watches the sources, rebuilds what an edit
// affects and tells open pages over Server-Sent Events to reload, swap
// their stylesheets, or show the build's findings in an overlay while the
// last good build stays on screen.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/kitgen/kitgen/internal/source"
)

// quietPeriod is how long the sources must stay quiet before a rebuild
// starts (see watcher for the evidence it is chosen from).
const quietPeriod = 10 * time.Millisecond

// Options configure a preview server.
type Options struct {
	Source string // site root; default "."
	Bind   string // address to listen on; default 127.0.0.1
	Port   int    // 0 picks a free port
	Drafts bool   // include pages marked draft
	// Debounce is how long the sources must stay quiet before a rebuild
	// starts; default quietPeriod. The watcher waits longer while a save
	// is visibly unfinished.
	Debounce time.Duration
	Stdout   io.Writer // progress; default os.Stdout
	Stderr   io.Writer // findings; default os.Stderr
	// Today fixes the effective date of previewed kit versions (tests).
	Today time.Time
	// IdleTimeout closes a kept-alive connection that has sent no request
	// for this long; default 2 minutes. HeaderTimeout is how long a client
	// may take to send a request's headers; default 10 seconds. Without
	// them every idle or half-open connection would stay open forever.
	IdleTimeout   time.Duration
	HeaderTimeout time.Duration

	// Poll, when positive, finds changes by scanning the site's files at
	// this interval instead of by file events (kitgen serve --poll).
	Poll time.Duration
}

// Server is a running preview.
type Server struct {
	opts    Options
	tmp     string // private folder holding the output
	dir     string // the output being served
	session *pipeline.Session
	broker  *broker
	http    *http.Server
	ln      net.Listener
	started time.Time
	// loopback is set when the listener accepts only local connections;
	// requests must then name this computer in their Host header.
	loopback bool

	published atomic.Bool // a build has succeeded and dir holds it
	gen       int         // builds published, for build ids
	warnings  map[diag.Diagnostic]bool

	mu      sync.Mutex
	pending map[string]bool
	wake    chan struct{}
	done    chan struct{}
	wg      sync.WaitGroup

	// built is told the result of every build (tests and benchmarks).
	built func(*pipeline.Update, error)
}

// Start builds the site, starts watching it and listens. It returns once
// the first build has finished, whether or not it succeeded: a site with
// errors is served as a page listing them until they are fixed.
func Start(opts Options) (*Server, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Debounce <= 0 {
		opts.Debounce = quietPeriod
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 2 * time.Minute
	}
	if opts.HeaderTimeout <= 0 {
		opts.HeaderTimeout = 10 * time.Second
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder; run kitgen serve in a site, or pass -s DIR", opts.Source)
	}
	opts.Source = src
	tmp, err := os.MkdirTemp("", "kitgen-serve-")
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts: opts, tmp: tmp, dir: filepath.Join(tmp, "site"), broker: newBroker(), started: time.Now(),
		pending: map[string]bool{}, wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	fail := func(err error) (*Server, error) {
		if s.session != nil {
			s.session.Close()
		}
		os.RemoveAll(tmp)
		return nil, err
	}
	s.session, err = pipeline.NewSession(pipeline.Options{Source: src, Dest: s.dir, Drafts: opts.Drafts, Preview: true, Inject: inject, Today: opts.Today})
	if err != nil {
		return fail(err)
	}
	addr := net.JoinHostPort(bindHost(opts.Bind), strconv.Itoa(opts.Port))
	s.ln, err = net.Listen("tcp", addr)
	if err != nil {
		return fail(fmt.Errorf("cannot listen on %s: %w; choose another --port (0 picks a free one), or a --bind address of this computer", addr, err))
	}
	s.loopback = isLoopback(s.ln.Addr())
	// Watch before the first build, so an edit made during it is queued
	// for the first rebuild rather than lost.
	var watch func(done <-chan struct{})
	if opts.Poll > 0 {
		watch = newPoller(src, opts.Poll, s.enqueue).run
	} else {
		w, err := newWatcher(src, opts.Debounce, s.enqueue, s.logf)
		if err != nil {
			s.ln.Close()
			return fail(fmt.Errorf("watching %s: %w; kitgen serve --poll scans for changes instead", src, err))
		}
		watch = w.run
	}
	s.wg.Add(1)
	go func() { defer s.wg.Done(); watch(s.done) }()
	u, err := s.session.Build()
	s.report(nil, u, err)

	// No read or write timeout: an event stream stays open as long as
	// its page does.
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: opts.HeaderTimeout, IdleTimeout: opts.IdleTimeout}
	s.http.RegisterOnShutdown(s.broker.close)
	s.wg.Add(2)
	go func() { defer s.wg.Done(); s.loop() }()
	go func() {
		defer s.wg.Done()
		if err := s.http.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logf("serving: %v", err)
		}
	}()
	return s, nil
}

// URL is the address of the preview, e.g. http://127.0.0.1:1313/.
func (s *Server) URL() string {
	return "http://" + s.ln.Addr().String() + "/"
}

// Close stops watching, lets a running build finish, closes the
// connections and removes the private output folder.
func (s *Server) Close() error {
	select {
	case <-s.done:
		return nil
	default:
	}
	close(s.done)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	s.wg.Wait()
	s.session.Close()
	if rmErr := os.RemoveAll(s.tmp); err == nil {
		err = rmErr
	}
	return err
}

// Run serves until ctx is cancelled (Ctrl-C), then shuts down cleanly.
func Run(ctx context.Context, opts Options, open bool) error {
	s, err := Start(opts)
	if err != nil {
		return err
	}
	out := s.opts.Stdout
	fmt.Fprintf(out, "Serving %s at %s (press Ctrl-C to stop)\n", displaySource(opts.Source), s.URL())
	if !s.loopback {
		fmt.Fprintf(s.opts.Stderr, "warning: listening on %s, so other computers can see this preview, drafts included; use --bind 127.0.0.1 to keep it private\n", s.opts.Bind)
	}
	if open {
		openBrowser(s.URL())
	}
	<-ctx.Done()
	fmt.Fprintln(out, "\nStopping.")
	return s.Close()
}

func displaySource(src string) string {
	if src == "" || src == "." {
		return "the site"
	}
	return src
}

// openBrowser opens url with the desktop's opener when there is one; a
// machine without one (a server, a container) simply does not open it.
func openBrowser(url string) {
	for _, c := range openers(runtime.GOOS, url) {
		exe, err := exec.LookPath(c[0])
		if err != nil {
			continue
		}
		cmd := exec.Command(exe, c[1:]...)
		if cmd.Start() == nil {
			go cmd.Wait()
		}
		return
	}
}

// openers are the commands that open url in the default browser on goos,
// in the order to try them. On Windows, rundll32's URL handler opens it
// without a console window, where "cmd /c start" would misread the "&"
// of a query.
func openers(goos, url string) [][]string {
	switch goos {
	case "windows":
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler", url}}
	case "darwin":
		return [][]string{{"open", url}}
	default:
		return [][]string{{"xdg-open", url}, {"open", url}}
	}
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Stderr, "kitgen serve: "+format+"\n", args...)
}

// enqueue adds changed paths for the build loop; a burst that arrives
// while a build runs is handled by the next one, together.
func (s *Server) enqueue(paths []string) {
	s.mu.Lock()
	for _, p := range paths {
		s.pending[p] = true
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Server) loop() {
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		paths := make([]string, 0, len(s.pending))
		for p := range s.pending {
			if p == "*" || source.Input(p) {
				paths = append(paths, p)
			}
		}
		s.pending = map[string]bool{}
		s.mu.Unlock()
		if len(paths) == 0 {
			continue
		}
		sort.Strings(paths)
		u, err := s.session.Rebuild(paths)
		s.report(paths, u, err)
	}
}

// report tells the open pages a build's outcome, then prints it: pages
// first, since an editor is waiting for them.
func (s *Server) report(paths []string, u *pipeline.Update, err error) {
	if s.built != nil {
		defer s.built(u, err)
	}
	if u == nil {
		s.logf("%v", err)
		return
	}
	if _, failing := s.broker.current(); err == nil && !u.Full && len(u.Written) == 0 && failing == nil {
		return // nothing the site shows changed (a temporary file, a save without edits)
	}
	if err != nil {
		var msgs []string
		for _, d := range u.Diags {
			if d.Severity == diag.Error {
				msgs = append(msgs, d.String())
			}
		}
		if len(msgs) == 0 {
			msgs = append(msgs, err.Error())
		}
		s.broker.failed(msgs)
		s.printFindings(u, paths == nil)
		if errors.Is(err, pipeline.ErrFailed) {
			fmt.Fprintf(s.opts.Stderr, "build failed: %d %s; still serving the last good build\n", u.Errors, plural(u.Errors, "error"))
		} else {
			s.logf("%v", err)
		}
		return
	}
	s.published.Store(true)
	s.gen++
	id := fmt.Sprintf("%x-%d", s.started.UnixNano(), s.gen)
	if u.Full && cssOnly(paths) {
		var sheets []stylesheet
		for _, a := range s.session.Stylesheets() {
			sheets = append(sheets, stylesheet{Href: a.URL, Integrity: a.Integrity})
		}
		s.broker.succeeded(id, mustEvent("css", cssEvent{Build: id, Stylesheets: sheets}))
	} else {
		ev := reloadEvent{Build: id, All: u.Full, Paths: []string{}}
		for _, w := range u.Written {
			ev.Paths = append(ev.Paths, pageURL(w))
		}
		s.broker.succeeded(id, mustEvent("reload", ev))
	}
	s.printFindings(u, paths == nil)
	what := "built"
	if paths != nil {
		what = "rebuilt " + s.summarize(paths) + ":"
	}
	if u.Full {
		fmt.Fprintf(s.opts.Stdout, "%s whole site, %d pages, %d kits in %s\n", what, u.Pages, u.Kits, u.Duration.Round(time.Millisecond))
	} else {
		fmt.Fprintf(s.opts.Stdout, "%s %d %s in %s\n", what, len(u.Written), plural(len(u.Written), "file"), u.Duration.Round(time.Millisecond))
	}
}

type reloadEvent struct {
	Build string   `json:"build"`
	All   bool     `json:"all"`
	Paths []string `json:"paths"`
}

type stylesheet struct {
	Href      string `json:"href"`
	Integrity string `json:"integrity,omitempty"`
}

type cssEvent struct {
	Build       string       `json:"build"`
	Stylesheets []stylesheet `json:"stylesheets"`
}

// printFindings prints errors every time, and warnings when they are new,
// so a site with many old warnings does not flood the terminal on every
// save. The first build prints everything, as kitgen build does.
func (s *Server) printFindings(u *pipeline.Update, first bool) {
	if !first && u.SameDiags && u.Errors == 0 {
		return // the warnings printed or seen before, and nothing else
	}
	seen := map[diag.Diagnostic]bool{}
	var show []diag.Diagnostic
	for _, d := range u.Diags {
		if d.Severity == diag.Warning {
			seen[d] = true
			if !first && s.warnings[d] {
				continue
			}
		}
		show = append(show, d)
	}
	s.warnings = seen
	diag.Write(s.opts.Stderr, show, "text")
}

// cssOnly reports whether the changed sources are stylesheets (and the
// folders holding them), so open pages can swap stylesheets instead of
// reloading.
func cssOnly(paths []string) bool {
	css := false
	for _, p := range paths {
		switch {
		case p != "assets" && !strings.HasPrefix(p, "assets/"):
			return false
		case strings.HasSuffix(p, ".css"):
			css = true
		case path.Ext(p) != "":
			return false
		}
	}
	return css
}

// pageURL turns an output file into the URL a browser shows for it:
// services/cardiology/index.html → /services/cardiology/.
func pageURL(rel string) string {
	if rel == "index.html" {
		return "/"
	}
	if strings.HasSuffix(rel, "/index.html") {
		return "/" + strings.TrimSuffix(rel, "index.html")
	}
	return "/" + rel
}

// summarize names what changed for the terminal, leaving out the
// temporary files that tools such as sed create and rename away.
func (s *Server) summarize(paths []string) string {
	var names []string
	for _, p := range paths {
		if _, err := os.Lstat(filepath.Join(s.opts.Source, filepath.FromSlash(p))); err == nil {
			names = append(names, p)
		}
	}
	if len(names) == 0 {
		names = paths
	}
	if len(names) == 1 {
		return names[0]
	}
	return fmt.Sprintf("%s and %d more", names[0], len(names)-1)
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
