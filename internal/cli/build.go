package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/pdf"
	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/spf13/cobra"
)

func (e *env) buildCmd() *cobra.Command {
	var (
		o          pipeline.Options
		locked     bool
		cpuprofile string
		memprofile string
	)
	c := &cobra.Command{
		Use:   "build [flags]",
		Short: "Check everything, then build the site and kits into public/",
		Long: `Build checks every page and kit, then writes the partner site and the kit PDFs
into public/ (or --destination). A build is all or nothing: a failed build
leaves the previous output exactly as it was.

A kit whose content changed gets its next version recorded in kits/ledger.yaml;
with --locked, or whenever CI is set, an unrecorded change fails the build.`,
		Example: `  kitgen build
  kitgen build -s site -d /tmp/out --strict
  KITGEN_BASE_URL=https://staging.example.org/ kitgen build -d staging`,
		Args: noArgs("; use -s DIR to build another folder"),
		RunE: func(c *cobra.Command, args []string) error {
			o.Locked = locked || truthy(e.getenv("CI"))
			if cpuprofile != "" {
				stop, err := startCPUProfile(cpuprofile)
				if err != nil {
					return usagef("kitgen build: %v", err)
				}
				defer stop()
			}
			if memprofile != "" {
				stop, err := startMemProfile(memprofile)
				if err != nil {
					return usagef("kitgen build: %v", err)
				}
				defer func() {
					if err := stop(); err != nil {
						fmt.Fprintf(e.stderr, "kitgen build: %v\n", err)
					}
				}()
			}
			return e.build(o)
		},
	}
	fs := c.Flags()
	sourceFlag(fs, &o.Source)
	fs.StringVarP(&o.Dest, "destination", "d", "", "output `folder` (default SOURCE/public)")
	fs.StringVar(&o.BaseURL, "base-url", "", "the site's address, instead of base_url in kitgen.yaml")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft")
	fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&locked, "locked", false, "fail if a kit changed without a recorded version (default when CI is set)")
	fs.StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	fs.StringVar(&memprofile, "memprofile", "", "write a heap profile of the build's largest heap to `file` (for go tool pprof)")
	return c
}

func (e *env) build(o pipeline.Options) error {
	var erase func()
	o.Progress, erase = e.withProgress()
	res, err := pipeline.Build(o)
	erase()
	e.report(res, "text", o.Strict)
	if err != nil {
		if errors.Is(err, pipeline.ErrFailed) {
			fmt.Fprintf(e.stderr, "build failed: %s; %s was not changed\n", counts(res), displayDest(o))
			return exitStatus(1)
		}
		fmt.Fprintf(e.stderr, "kitgen build: %v\n", err)
		return exitStatus(1)
	}
	// What the ledger and archive gained is printed even with --quiet:
	// those files must be committed.
	for _, k := range res.Kits {
		switch {
		case k.New:
			note := ""
			if k.Note != "" {
				note = " — " + k.Note
			}
			fmt.Fprintf(e.stdout, "kit %s: recorded version %d (%s)%s\n", k.ID, k.Version, strings.Join(k.Changed, ", "), note)
		case k.Upgraded:
			fmt.Fprintf(e.stdout, "kit %s: version %d, unchanged, now fingerprinted with its settings too\n", k.ID, k.Version)
		}
	}
	for _, p := range res.Partners {
		if p.New {
			fmt.Fprintf(e.stdout, "partner %s: recorded revision %d (%s)\n", p.ID, p.Revision, strings.Join(p.Changed, ", "))
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
	if !e.quiet {
		fmt.Fprintf(e.stdout, "built %d pages, %d files, %d kits, %d warnings in %s → %s\n",
			res.Pages, res.Files, len(res.Kits), res.Warnings, res.Duration.Round(time.Millisecond), displayDest(o))
	}
	return nil
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

func (e *env) checkCmd() *cobra.Command {
	var (
		o      pipeline.Options
		locked bool
		format string
	)
	c := &cobra.Command{
		Use:   "check [flags]",
		Short: "Run every content check without writing anything",
		Long: `Check runs every check a build runs, without writing anything, and prints
each finding as file:line:col: severity: rule: message. Errors fail it, and
warnings too with --strict.

--format json prints a JSON array on stdout; --format github prints GitHub
Actions annotations. In GitHub Actions (GITHUB_ACTIONS set) the annotations
are printed as well, whatever the format.`,
		Example: `  kitgen check --strict
  kitgen check --format github`,
		Args: noArgs(""),
		RunE: func(c *cobra.Command, args []string) error {
			switch format {
			case "text", "json", "github":
			default:
				return usagef("kitgen check: unknown format %q; use text, json or github", format)
			}
			o.CheckOnly = true
			o.Preview = true // checking never records a version
			o.Locked = locked || truthy(e.getenv("CI"))
			var erase func()
			o.Progress, erase = e.withProgress()
			res, err := pipeline.Build(o)
			erase()
			e.report(res, format, o.Strict)
			if err != nil && !errors.Is(err, pipeline.ErrFailed) {
				fmt.Fprintf(e.stderr, "kitgen check: %v\n", err)
				return exitStatus(1)
			}
			// Every run but a JSON one, whose stdout is only the array,
			// ends with one summary line.
			if err != nil {
				if format != "json" {
					fmt.Fprintf(e.stderr, "check failed: %s\n", counts(res))
				}
				return exitStatus(1)
			}
			if format != "json" && !e.quiet {
				fmt.Fprintf(e.stdout, "checked %d pages and %d kits: %s\n", res.Pages, len(res.Kits), counts(res))
			}
			return nil
		},
	}
	fs := c.Flags()
	sourceFlag(fs, &o.Source)
	fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&o.Drafts, "drafts", false, "check pages marked draft too")
	fs.StringVar(&format, "format", "text", "output `format`: text, json or github")
	fs.BoolVar(&locked, "locked", false, "fail if a kit changed without a recorded version (default when CI is set)")
	c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "github"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func (e *env) kitsCmd() *cobra.Command {
	var o pipeline.Options
	var layout string
	c := &cobra.Command{
		Use:   "kits [flags]",
		Short: "List kits with version, effective date, size and what changed",
		Args:  noArgs(""),
		RunE: func(c *cobra.Command, args []string) error {
			o.CheckOnly, o.Preview = true, true
			res, err := pipeline.Build(o)
			if layout != "" {
				return exitStatus(e.kitLayout(res, layout, err))
			}
			if err != nil {
				e.report(res, "text", false)
				fmt.Fprintf(e.stderr, "kitgen kits: %v\n", err)
				return exitStatus(1)
			}
			if len(res.Kits) == 0 {
				fmt.Fprintln(e.stdout, "no kits: add one with \"kitgen new kit NAME\"")
				return nil
			}
			fmt.Fprintf(e.stdout, "%-20s %-8s %-11s %8s  %s\n", "KIT", "VERSION", "EFFECTIVE", "SIZE", "CHANGES")
			for _, k := range res.Kits {
				ver := fmt.Sprintf("v%d", k.Version)
				note := strings.Join(k.Changed, ", ")
				if k.Draft {
					ver += "*"
					note = "unrecorded change, next build records it: " + note
				}
				if k.Note != "" {
					note += " — " + k.Note
				}
				fmt.Fprintf(e.stdout, "%-20s %-8s %-11s %6d KB  %s\n", k.ID, ver, kit.EffectiveText(k.Effective), (k.Size+1023)/1024, note)
			}
			return nil
		},
	}
	sourceFlag(c.Flags(), &o.Source)
	c.Flags().StringVar(&layout, "layout", "", "show how the blocks of kit `ID` use its page")
	return c
}

// kitLayout prints the height of every block of kit id and the room left
// on its page, even when the kit fits.
func (e *env) kitLayout(res *pipeline.Result, id string, buildErr error) int {
	if buildErr != nil {
		e.report(res, "text", false)
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
