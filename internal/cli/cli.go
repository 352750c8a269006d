// Package cli is the kitgen command line: it parses arguments, runs a
// command and returns the exit status (0 success, 1 content errors, 2
// usage errors), so every command is testable without a process.
//
// The commands are a github.com/spf13/cobra tree, as in Hugo: each
// command's help, flags, shell completion and the usage text come from one
// definition.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// env is what a command runs against: its output streams, the process
// environment and the global flags.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	quiet, verbose bool
	// tty reports whether stderr is a terminal, where progress is shown.
	tty bool
}

// exitStatus is returned by a command that has already said what went
// wrong and wants the process to exit with that status.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// usageError is a wrong command line: it exits 2 after its message.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs kitgen with args (without the program name).
func Main(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv, tty: isTerminal(stderr)}
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
	root := e.rootCmd()
	root.SetArgs(singleDashLong(root, args))
	_, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	var st exitStatus
	if errors.As(err, &st) {
		return int(st)
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, ue.msg)
		return 2
	}
	// What is left comes from cobra: an unknown command or flag, or a
	// flag value of the wrong type.
	if strings.HasPrefix(err.Error(), "unknown command ") {
		msg := strings.TrimSpace(strings.Replace(err.Error(), ` for "kitgen"`, "", 1))
		fmt.Fprintf(stderr, "kitgen: %s\nRun \"kitgen help\" for the list of commands.\n", msg)
		return 2
	}
	fmt.Fprintf(stderr, "kitgen: %v\n", err)
	return 2
}

const rootLong = `kitgen builds a partner website and one-page PDF referral kits from Markdown.

Every flag can also be set in the environment as KITGEN_ and the flag's name
in capitals, with "-" as "_" (KITGEN_BASE_URL=https://… for --base-url,
KITGEN_STRICT=true for --strict). A flag on the command line wins over the
environment, and the environment wins over kitgen.yaml. CI=true implies
--locked.`

func (e *env) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "kitgen",
		Short:         "kitgen builds a partner website and one-page PDF referral kits from Markdown",
		Long:          rootLong,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// Without a command, kitgen says what it can do, as a usage error.
		RunE: func(c *cobra.Command, args []string) error {
			fmt.Fprint(e.stderr, c.UsageString())
			return exitStatus(2)
		},
		PersistentPreRunE: func(c *cobra.Command, args []string) error {
			if err := e.applyEnv(c); err != nil {
				return err
			}
			if e.quiet && e.verbose {
				return usagef("%s: --quiet and --verbose cannot be used together; choose one", c.CommandPath())
			}
			return nil
		},
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("kitgen {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%s: %v\nRun \"%s --help\" for its flags.", c.CommandPath(), err, c.CommandPath())
	})
	root.PersistentFlags().BoolVarP(&e.quiet, "quiet", "q", false, "print only errors (and warnings that fail the build)")
	root.PersistentFlags().BoolVar(&e.verbose, "verbose", false, "print every warning, instead of grouping many of one rule")
	root.Flags().BoolP("version", "v", false, "print kitgen's version")
	root.AddCommand(
		e.buildCmd(),
		e.checkCmd(),
		e.serveCmd(),
		e.kitsCmd(),
		e.mailCmd(),
		e.translationsCmd(),
		e.partnersCmd(),
		e.deployCmd(),
		e.initCmd(),
		e.newCmd(),
		e.versionCmd(),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			// Without this, an unknown shell prints help and exits 0.
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) == 0 {
					fmt.Fprint(e.stderr, c.UsageString())
					return exitStatus(2)
				}
				return usagef("kitgen completion: unknown shell %q; use bash, zsh, fish or powershell", args[0])
			}
		}
	}
	return root
}

// singleDashLong rewrites "-strict" and "-base-url=URL", long flags with
// one dash as Go's flag package (kitgen's before cobra) accepted them, to
// the "--" form pflag requires, so existing scripts keep working. Only
// names of kitgen's long flags are rewritten, and nothing after "--".
func singleDashLong(root *cobra.Command, args []string) []string {
	long := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		c.PersistentFlags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "-"), "=")
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(name) > 1 && long[name] {
			a = "-" + a
		}
		out = append(out, a)
	}
	return out
}

// sourceFlag adds the site folder flag that most commands share.
func sourceFlag(fs *pflag.FlagSet, p *string) {
	fs.StringVarP(p, "source", "s", ".", "site `folder`")
}

// noArgs refuses positional arguments with a message that says what to do
// instead.
func noArgs(hint string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("%s: unexpected argument %q%s", c.CommandPath(), args[0], hint)
		}
		return nil
	}
}

// applyEnv sets every flag of c that the command line left alone from its
// KITGEN_ environment variable, so CI can configure a run without editing
// the workflow's command: the command line wins, then the environment.
func (e *env) applyEnv(c *cobra.Command) error {
	var errs []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" || f.Name == "version" {
			return
		}
		name := envName(f.Name)
		v, ok := lookupEnv(e.getenv, name)
		if !ok {
			return
		}
		if err := c.Flags().Set(f.Name, v); err != nil {
			errs = append(errs, fmt.Sprintf("%s=%q: %v", name, v, err))
		}
	})
	if len(errs) > 0 {
		sort.Strings(errs)
		return usagef("%s: %s; fix or unset the variable", c.CommandPath(), strings.Join(errs, "; "))
	}
	return nil
}

// envName is the environment variable for a flag: KITGEN_BASE_URL for
// --base-url.
func envName(flag string) string {
	return "KITGEN_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// lookupEnv treats an empty variable as unset, as "KITGEN_X=" in a CI
// file usually means "no value".
func lookupEnv(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func truthy(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s != "" && s != "0" && s != "false" && s != "no"
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
