package pipeline

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/html"
	"github.com/kitgen/kitgen/internal/publish"
	"github.com/kitgen/kitgen/internal/source"
)

// Session is the dev server's driver of the stages (kitgen serve). It
// keeps a Cache between runs and tells each run which files changed, so a
// run decodes, renders and checks only what an edit reaches, and it
// publishes into Dest only the files whose bytes changed.
//
// An update either succeeds completely or changes nothing that is served:
// a failing run keeps what it rendered aside (in a scratch folder) and
// reports every finding of the site, as a build would; the next run that
// succeeds publishes it together with its own. A Session is not safe for
// concurrent use.
type Session struct {
	opts  Options
	cache *Cache

	// served is every file in Dest, by slash-separated path; scratch
	// holds files rendered but not yet served, with their sums.
	served  map[string]*servedFile
	scratch string
	pending map[string]sum
	runs    int               // runs started, which stamp the served files they produce
	sheets  []*html.Asset     // the stylesheets of the last good run
	diags   []diag.Diagnostic // the findings of the last run
}

// Update describes one run of a Session.
type Update struct {
	Full     bool     // every page was rendered again
	Written  []string // files whose bytes changed or that were deleted, slash-separated, relative to Dest
	Pages    int      // pages rendered
	Kits     int      // kit PDFs rendered
	Partners int      // partners' copies of kits rendered
	Diags    []diag.Diagnostic
	Errors   int
	Warnings int
	Duration time.Duration

	// SameDiags is set when Diags are the findings of the run before,
	// unchanged: a driver that showed those need not look at them again.
	SameDiags bool
}

// NewSession prepares a session that builds opts.Source into opts.Dest,
// a folder only the session writes.
func NewSession(opts Options) (*Session, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		return nil, errors.New("a session needs its own output folder")
	}
	if opts.Today.IsZero() {
		opts.Today = Today()
	}
	opts.CheckOnly = false
	if err := checkSource(opts.Source); err != nil {
		return nil, err
	}
	if err := publish.Check(opts.Source, opts.Dest); err != nil {
		return nil, err
	}
	return &Session{opts: opts, served: map[string]*servedFile{}}, nil
}

// servedFile is a file in Dest: the sum of its bytes, and the last run
// that produced it. A run stamps the files it produces instead of listing
// them, so a run that keeps nearly every file allocates nothing for them.
type servedFile struct {
	sum sum
	run int
}

// Build runs the stages over an empty cache. It returns ErrFailed when the
// site has errors; Dest then keeps the last good output.
func (s *Session) Build() (*Update, error) {
	s.cache = NewCache()
	if len(s.served) == 0 {
		// Files already in Dest are served too: the build replaces them
		// or deletes them.
		_ = filepath.WalkDir(s.opts.Dest, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				if rel, err := filepath.Rel(s.opts.Dest, p); err == nil {
					s.served[filepath.ToSlash(rel)] = &servedFile{}
				}
			}
			return nil
		})
	}
	return s.update(allChanged())
}

// Rebuild brings the output up to date after the given files or folders
// changed (paths relative to the site root; "*" for "anything may have
// changed"). It returns an empty update when nothing the site reads
// changed, and ErrFailed when the site has errors.
func (s *Session) Rebuild(changed []string) (*Update, error) {
	if s.cache == nil {
		return s.Build()
	}
	var inputs []string
	for _, p := range changed {
		if p == "*" || source.Input(filepath.ToSlash(p)) {
			inputs = append(inputs, filepath.ToSlash(p))
		}
	}
	if len(inputs) == 0 {
		return &Update{}, nil
	}
	return s.update(newChanges(inputs))
}

// Stylesheets returns the site's published stylesheets, as the pages of
// the last good run link them.
func (s *Session) Stylesheets() []*html.Asset { return s.sheets }

// Close removes what the session keeps outside Dest.
func (s *Session) Close() { s.dropScratch() }

// update runs the stages with the changed paths and publishes the result
// when the site has no errors.
func (s *Session) update(changed changes) (*Update, error) {
	start := time.Now()
	out, err := s.output()
	if err != nil {
		return &Update{}, err
	}
	o, err := runStages(s.opts, s.cache, changed, out)
	u := &Update{Full: o.all, Pages: o.rendered, Kits: o.pdfs, Partners: o.partnerPDFs, Diags: o.findings}
	// findings returns the last run's list itself when no file's findings
	// changed.
	u.SameDiags = s.diags != nil && len(u.Diags) == len(s.diags) && (len(u.Diags) == 0 || &u.Diags[0] == &s.diags[0])
	s.diags = u.Diags
	u.Errors, u.Warnings = count(u.Diags)
	u.Duration = time.Since(start)
	if err != nil {
		// What was written is unknown: the next run starts over.
		s.cache = nil
		return u, err
	}
	if failed(u.Errors, u.Warnings, s.opts.Strict) {
		return u, ErrFailed
	}
	u.Written, err = s.commit(out)
	if err != nil {
		s.cache = nil
		return u, err
	}
	s.sheets = o.stylesheets
	u.Duration = time.Since(start)
	return u, nil
}

// sessionOutput writes a run's files into the session's scratch folder,
// skipping those whose bytes are already served, and notes every file the
// run produces, so that files it no longer produces can be deleted: a
// served file by its stamp, any other in produced.
type sessionOutput struct {
	s        *Session
	f        *publish.Folder
	run      int
	mu       sync.Mutex
	produced map[string]bool // produced files that are not served
}

func (s *Session) output() (*sessionOutput, error) {
	if s.scratch == "" {
		d := filepath.Clean(s.opts.Dest)
		if err := os.MkdirAll(filepath.Dir(d), 0o755); err != nil {
			return nil, err
		}
		dir, err := os.MkdirTemp(filepath.Dir(d), ".kitgen-"+filepath.Base(d)+"-update-")
		if err != nil {
			return nil, err
		}
		s.scratch = dir
		s.pending = map[string]sum{}
	}
	s.runs++
	return &sessionOutput{s: s, f: publish.NewFolder(s.scratch, s.opts.Dest), run: s.runs, produced: map[string]bool{}}, nil
}

// produce notes that the run produces rel; o.mu is held.
func (o *sessionOutput) produce(rel string) *servedFile {
	f := o.s.served[rel]
	if f != nil {
		f.run = o.run
	} else {
		o.produced[rel] = true
	}
	return f
}

func (o *sessionOutput) write(rel string, data []byte) {
	h := sha256.Sum256(data)
	o.mu.Lock()
	served := o.produce(rel)
	_, isPending := o.s.pending[rel]
	unchanged := served != nil && served.sum == h
	if unchanged {
		delete(o.s.pending, rel)
	} else {
		o.s.pending[rel] = h
	}
	o.mu.Unlock()
	if unchanged {
		if isPending {
			os.Remove(filepath.Join(o.s.scratch, filepath.FromSlash(rel)))
		}
		return
	}
	o.f.Write(rel, data)
}

func (o *sessionOutput) keep(rel string) {
	o.mu.Lock()
	o.produce(rel)
	o.mu.Unlock()
}

// has reports whether the run produced rel.
func (o *sessionOutput) has(rel string) bool {
	if f := o.s.served[rel]; f != nil {
		return f.run == o.run
	}
	return o.produced[rel]
}

func (o *sessionOutput) err() error { return o.f.Err() }

// commit moves the pending files the run produced into Dest, each with
// one rename so a reader never sees half a file, deletes the served files
// it no longer produces, and returns the paths of both.
func (s *Session) commit(out *sessionOutput) ([]string, error) {
	var written []string
	var errs []error
	for _, rel := range slices.Sorted(maps.Keys(s.pending)) {
		from := filepath.Join(s.scratch, filepath.FromSlash(rel))
		if !out.has(rel) {
			os.Remove(from)
			delete(s.pending, rel)
			continue
		}
		to := filepath.Join(s.opts.Dest, filepath.FromSlash(rel))
		err := os.MkdirAll(filepath.Dir(to), 0o755)
		if err == nil {
			err = os.Rename(from, to)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if f := s.served[rel]; f != nil {
			f.sum = s.pending[rel]
		} else {
			s.served[rel] = &servedFile{sum: s.pending[rel], run: out.run}
		}
		delete(s.pending, rel)
		written = append(written, rel)
	}
	// Only the few files no longer produced are sorted, not every one
	// served.
	var gone []string
	for rel, f := range s.served {
		if f.run != out.run {
			gone = append(gone, rel)
		}
	}
	sort.Strings(gone)
	for _, rel := range gone {
		if err := os.Remove(filepath.Join(s.opts.Dest, filepath.FromSlash(rel))); err == nil || errors.Is(err, os.ErrNotExist) {
			delete(s.served, rel)
			written = append(written, rel)
		}
	}
	sort.Strings(written)
	return written, errors.Join(errs...)
}

func (s *Session) dropScratch() {
	if s.scratch != "" {
		os.RemoveAll(s.scratch)
		s.scratch, s.pending = "", nil
	}
}
