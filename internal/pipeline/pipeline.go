// Package pipeline runs kitgen's stages: load (settings, content, kit
// definitions, ledger), resolve kits (kits quote the model), render PDFs,
// render pages (checking each), and write the site-wide files, then
// publish. The stages are one implementation with two drivers: Build runs
// them over an empty Cache and publishes through a staging folder, so a
// build that finds an error publishes nothing and the previous output
// stays exactly as it was; Session, for kitgen serve, runs them over the
// Cache it keeps, with the files that changed, and publishes what changed.
package pipeline

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/publish"
	"github.com/kitgen/kitgen/internal/route"
)

// Options say what to build and how.
type Options struct {
	Source  string // site root
	Dest    string // output folder; default <Source>/public
	BaseURL string // overrides kitgen.yaml's base_url
	Drafts  bool   // include draft pages
	Strict  bool   // warnings fail the build
	// Locked refuses kit content whose version is not in the ledger (CI).
	Locked bool
	// Preview gives changed kits the version they would get, marked as
	// drafts, and never writes the ledger (kitgen serve).
	Preview bool
	// CheckOnly runs every stage but writes nothing (kitgen check).
	CheckOnly bool
	// Today is the effective date of newly recorded kit versions.
	Today time.Time
	// Inject is added to every page before </body> (serve's reload script).
	Inject template.HTML
	// Progress, when set, is called as pages and kit PDFs are done, with
	// what ("pages" or "kits") and how many of how many; it may be called
	// from several goroutines at once.
	Progress func(what string, done, total int)
	// Mail composes an e-mail draft for each kit (kitgen mail) into
	// Result.Drafts, with the message MailMessage, or the one marked
	// kit_cover when it is empty.
	Mail        bool
	MailMessage string
}

// Result summarises a build.
type Result struct {
	Pages    int // HTML pages written
	Files    int // files written in all
	Kits     []KitResult
	Diags    []diag.Diagnostic
	Errors   int
	Warnings int
	Duration time.Duration
	Dest     string
	Ledger   bool         // the ledger was updated
	Archived []string     // kit archive files written (kits/archive/<id>-vN.pdf and its quoted text, <id>-vN.json)
	Routes   *route.Table // every URL the build wrote, as the link check saw them
	Fonts    *pdf.Fonts   // the kit fonts, for measuring a kit (kitgen kits --layout)
	Drafts   []Draft      // with Options.Mail: each kit's e-mail draft
	// Translations are the site's translations and how each stands
	// against its source (kitgen translations).
	Translations []content.TranslationStatus
	Partners     []*PartnerResult
}

// KitResult describes one kit of the build.
type KitResult struct {
	ID, Title string
	Version   int
	Effective time.Time
	Size      int
	File      string // site-relative URL of the versioned PDF
	Changed   []string
	Note      string // the version's change note (change_note), or ""
	New       bool   // a version recorded by this build
	Upgraded  bool   // its latest entry was rewritten in the current fingerprint scheme
	Draft     bool
	Doc       *kit.Doc // the kit as quoted, as the PDF writer reads it
	PDF       []byte   // with Options.Mail: the bytes published as File
}

// ErrFailed is returned when content problems stop a build; the findings
// are in Result.Diags.
var ErrFailed = errors.New("build failed")

// Today returns the date new kit versions take: SOURCE_DATE_EPOCH when set
// (reproducible builds), otherwise the current UTC date.
func Today() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			t := time.Unix(n, 0).UTC()
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	t := time.Now().UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Build runs the whole pipeline. It returns ErrFailed (with the findings
// in the result) when the content has errors, or warnings under Strict;
// other errors are I/O problems.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, "public")
	}
	if opts.Today.IsZero() {
		opts.Today = Today()
	}
	res := &Result{Dest: opts.Dest}
	if err := checkSource(opts.Source); err != nil {
		return res, err
	}
	out := &folderOutput{}
	var tx *publish.Tx
	if !opts.CheckOnly {
		var err error
		tx, err = publish.Begin(opts.Dest, publish.Options{Source: opts.Source})
		if err != nil {
			return res, err
		}
		defer tx.Close()
		out.f = tx.Folder()
	}
	o, err := runStages(opts, &Cache{}, allChanged(), out)
	if err == nil {
		out.prune()
		err = out.err()
	}
	res = o.res
	res.Files = out.count()
	res.Diags = o.findings
	res.Errors, res.Warnings = count(res.Diags)
	res.Duration = time.Since(start)
	if err != nil {
		return res, err
	}
	if failed(res.Errors, res.Warnings, opts.Strict) {
		res.Drafts = nil // a failed run hands out no e-mail to send
		return res, ErrFailed
	}
	if opts.CheckOnly {
		return res, nil
	}
	// Record, then publish: the site never serves a kit version that the
	// ledger and the archive do not hold.
	if err := o.record(); err != nil {
		return res, err
	}
	if err := publishSite(tx); err != nil {
		if res.Ledger || len(res.Archived) > 0 {
			return res, fmt.Errorf("the new kit versions are recorded in %s, but %s could not be replaced: %w; run kitgen build again to publish them", kit.LedgerFile, opts.Dest, err)
		}
		return res, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// publishSite swaps a build's staging folder in; tests replace it to make
// publishing fail.
var publishSite = (*publish.Tx).Commit

// count counts errors and warnings.
func count(ds []diag.Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == diag.Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// failed reports whether findings fail a build: any error, or under
// strict any warning.
func failed(errors, warnings int, strict bool) bool {
	return errors > 0 || (strict && warnings > 0)
}

// checkSource refuses a site folder that does not exist or holds no site,
// rather than building an empty one that CI would deploy.
func checkSource(source string) error {
	fi, err := os.Stat(source)
	switch {
	case err != nil && errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the site folder %s does not exist; pass the site's folder with -s, or start a new site with \"kitgen init %s\"", source, source)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("the site folder %s is a file, not a folder; pass the site's folder with -s", source)
	}
	for _, name := range []string{config.FileName, "content"} {
		if _, err := os.Stat(filepath.Join(source, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s is not a kitgen site: it has neither %s nor content/; pass the site's folder with -s, or start a new site with \"kitgen init DIR\"", source, config.FileName)
}
