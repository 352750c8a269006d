// Package cli is the kitgen command line: it parses arguments, runs a
// command and returns the exit status (0 success, 1 content errors, 2
// usage errors), so every command is testable without a process.
package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// Version is set at link time (-ldflags "-X …cli.Version=v1.2.3"); builds
// from a module version report that instead.
var Version = ""

var usage = `kitgen builds a partner website and one-page PDF referral kits from Markdown.

Usage:
  kitgen build [-s DIR] [-d DIR] [--base-url URL] [--drafts] [--strict] [--locked]
  kitgen check [-s DIR] [--strict] [--format text|json]
  kitgen serve [-s DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--open]
  kitgen kits  [-s DIR] [--layout ID]
  kitgen init [--example] DIR
  kitgen new ` + strings.Join(typeNames(), "|") + `|kit NAME [-s DIR]
  kitgen version
  kitgen help

Run "kitgen COMMAND -h" for a command's flags.
`

type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// Main runs kitgen with args (without the program name).
func Main(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	if os.Getenv("GOGC") == "" {
		// A build's live heap is small (the model, not the output), so
		// collecting a little less often buys about 10% of build time for
		// about 25% more peak memory (measured on the 10,000-page corpus).
		debug.SetGCPercent(150)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft ceiling: only sites of around 100,000 pages come near it,
		// and there it holds peak memory near 1.5 GiB for about 5% more
		// time, instead of 1.7 GiB.
		debug.SetMemoryLimit(1536 << 20)
	}
	switch cmd {
	case "build":
		return e.build(rest)
	case "check":
		return e.check(rest)
	case "serve", "server":
		return e.serve(rest)
	case "kits":
		return e.kits(rest)
	case "init":
		return e.init(rest)
	case "new":
		return e.new(rest)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "kitgen", version())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "kitgen: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// flags makes a flag set whose errors and help go to stderr and that knows
// the long and short names of the shared flags.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("kitgen "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func stringFlag(fs *flag.FlagSet, p *string, long, short, value, help string) {
	fs.StringVar(p, long, value, help)
	if short != "" {
		fs.StringVar(p, short, value, "shorthand for --"+long)
	}
}

// parse parses flags, allowing them after positional arguments too
// ("kitgen new service cardiology -s site").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// usageStatus is the exit status after a flag error: 0 when the user asked
// for a command's help with -h (the flag package has printed it), 2 for a
// wrong flag.
func usageStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

func truthy(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s != "" && s != "0" && s != "false" && s != "no"
}

func (e *env) build(args []string) int {
	fs := e.flags("build")
	var o pipeline.Options
	stringFlag(fs, &o.Source, "source", "s", ".", "site folder")
	stringFlag(fs, &o.Dest, "destination", "d", "", "output folder (default SOURCE/public)")
	fs.StringVar(&o.BaseURL, "base-url", "", "override base_url of kitgen.yaml")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft")
	fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
	locked := fs.Bool("locked", false, "fail if a kit changed without a recorded version (default when CI is set)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "kitgen build: unexpected argument %q; use -s DIR to build another folder\n", pos[0])
		return 2
	}
	o.Locked = *locked || truthy(e.getenv("CI"))
	if *cpuprofile != "" {
		stop, err := startCPUProfile(*cpuprofile)
		if err != nil {
			fmt.Fprintf(e.stderr, "kitgen build: %v\n", err)
			return 2
		}
		defer stop()
	}
	res, err := pipeline.Build(o)
	e.report(res, "text")
	if err != nil {
		if errors.Is(err, pipeline.ErrFailed) {
			fmt.Fprintf(e.stderr, "build failed: %s; %s was not changed\n", counts(res), displayDest(o))
			return 1
		}
		fmt.Fprintf(e.stderr, "kitgen build: %v\n", err)
		return 1
	}
	for _, k := range res.Kits {
		switch {
		case k.New:
			fmt.Fprintf(e.stdout, "kit %s: recorded version %d (%s)\n", k.ID, k.Version, strings.Join(k.Changed, ", "))
		case k.Upgraded:
			fmt.Fprintf(e.stdout, "kit %s: version %d, unchanged, now fingerprinted with its settings too\n", k.ID, k.Version)
		}
	}
	for _, f := range res.Archived {
		fmt.Fprintf(e.stdout, "archived %s\n", f)
	}
	switch {
	case res.Ledger && len(res.Archived) > 0:
		fmt.Fprintf(e.stdout, "updated %s and %s/: commit them with your content change\n", kit.LedgerFile, kit.ArchiveDir)
	case res.Ledger:
		fmt.Fprintf(e.stdout, "updated %s: commit it with your content change\n", kit.LedgerFile)
	case len(res.Archived) > 0:
		fmt.Fprintf(e.stdout, "updated %s/: commit it, so every recorded kit version stays published\n", kit.ArchiveDir)
	}
	fmt.Fprintf(e.stdout, "built %d pages, %d files, %d kits, %d warnings in %s → %s\n",
		res.Pages, res.Files, len(res.Kits), res.Warnings, res.Duration.Round(time.Millisecond), displayDest(o))
	return 0
}

func displayDest(o pipeline.Options) string {
	if o.Dest != "" {
		return o.Dest
	}
	if o.Source == "." || o.Source == "" {
		return "public"
	}
	return strings.TrimSuffix(o.Source, "/") + "/public"
}

func counts(res *pipeline.Result) string {
	return fmt.Sprintf("%d %s, %d %s", res.Errors, plural(res.Errors, "error"), res.Warnings, plural(res.Warnings, "warning"))
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// report prints findings: in the requested format on stderr, and also as
// workflow annotations when running in GitHub Actions.
func (e *env) report(res *pipeline.Result, format string) {
	if res == nil {
		return
	}
	out := e.stderr
	if format == "json" {
		out = e.stdout
	}
	// Buffered: a large site can report thousands of findings, one write
	// call each otherwise.
	w := bufio.NewWriterSize(out, 64<<10)
	diag.Write(w, res.Diags, format)
	w.Flush()
	if format != "github" && truthy(e.getenv("GITHUB_ACTIONS")) {
		w := bufio.NewWriterSize(e.stdout, 64<<10)
		diag.Write(w, res.Diags, "github")
		w.Flush()
	}
}

func (e *env) check(args []string) int {
	fs := e.flags("check")
	var o pipeline.Options
	stringFlag(fs, &o.Source, "source", "s", ".", "site folder")
	fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&o.Drafts, "drafts", false, "check pages marked draft too")
	format := fs.String("format", "text", "output format: text, json or github")
	locked := fs.Bool("locked", false, "fail if a kit changed without a recorded version (default when CI is set)")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "kitgen check: unexpected argument %q\n", pos[0])
		return 2
	}
	switch *format {
	case "text", "json", "github":
	default:
		fmt.Fprintf(e.stderr, "kitgen check: unknown format %q; use text, json or github\n", *format)
		return 2
	}
	o.CheckOnly = true
	o.Preview = true // checking never records a version
	o.Locked = *locked || truthy(e.getenv("CI"))
	res, err := pipeline.Build(o)
	e.report(res, *format)
	if err != nil && !errors.Is(err, pipeline.ErrFailed) {
		fmt.Fprintf(e.stderr, "kitgen check: %v\n", err)
		return 1
	}
	if err != nil {
		if *format == "text" {
			fmt.Fprintf(e.stderr, "check failed: %s\n", counts(res))
		}
		return 1
	}
	if *format == "text" {
		fmt.Fprintf(e.stdout, "checked %d pages and %d kits: %s\n", res.Pages, len(res.Kits), counts(res))
	}
	return 0
}

func (e *env) kits(args []string) int {
	fs := e.flags("kits")
	var o pipeline.Options
	stringFlag(fs, &o.Source, "source", "s", ".", "site folder")
	layout := fs.String("layout", "", "show how the blocks of kit `ID` use its page")
	if _, err := parse(fs, args); err != nil {
		return usageStatus(err)
	}
	o.CheckOnly, o.Preview = true, true
	res, err := pipeline.Build(o)
	if *layout != "" {
		return e.kitLayout(res, *layout, err)
	}
	if err != nil {
		e.report(res, "text")
		fmt.Fprintf(e.stderr, "kitgen kits: %v\n", err)
		return 1
	}
	if len(res.Kits) == 0 {
		fmt.Fprintln(e.stdout, "no kits: add one with \"kitgen new kit NAME\"")
		return 0
	}
	fmt.Fprintf(e.stdout, "%-20s %-8s %-11s %8s  %s\n", "KIT", "VERSION", "EFFECTIVE", "SIZE", "CHANGES")
	for _, k := range res.Kits {
		ver := fmt.Sprintf("v%d", k.Version)
		note := strings.Join(k.Changed, ", ")
		if k.Draft {
			ver += "*"
			note = "unrecorded change, next build records it: " + note
		}
		fmt.Fprintf(e.stdout, "%-20s %-8s %-11s %6d KB  %s\n", k.ID, ver, kit.EffectiveText(k.Effective), (k.Size+1023)/1024, note)
	}
	return 0
}

// kitLayout prints how kit id's blocks use its page, also when the build
// failed (an overflowing kit is when the heights matter most), and the
// build's findings.
func (e *env) kitLayout(res *pipeline.Result, id string, buildErr error) int {
	if buildErr != nil {
		e.report(res, "text")
	}
	var doc *kit.Doc
	var ids []string
	for _, k := range res.Kits {
		ids = append(ids, k.ID)
		if k.ID == id {
			doc = k.Doc
		}
	}
	if doc == nil || res.Fonts == nil {
		if len(ids) == 0 {
			ids = []string{"none"}
		}
		fmt.Fprintf(e.stderr, "kitgen kits: no kit %q can be laid out; kits: %s\n", id, strings.Join(ids, ", "))
		return 1
	}
	sp, err := pdf.Measure(doc, res.Fonts)
	if err != nil {
		fmt.Fprintf(e.stderr, "kitgen kits: %v\n", err)
		return 1
	}
	sp.Report(e.stdout, id)
	if buildErr != nil || sp.Left() < 0 {
		return 1
	}
	return 0
}
