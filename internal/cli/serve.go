package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/kitgen/kitgen/internal/serve"
	"github.com/spf13/cobra"
)

func (e *env) serveCmd() *cobra.Command {
	o := serve.Options{Stdout: e.stdout, Stderr: e.stderr}
	var open bool
	c := &cobra.Command{
		Use:     "serve [flags]",
		Aliases: []string{"server"},
		Short:   "Preview the site with live reload while you edit",
		Long: `Serve builds a private preview (never public/) and serves it, by default at
http://127.0.0.1:1313/. It watches content/, layouts/, kits/, assets/, i18n/
and kitgen.yaml, rebuilds only what an edit affects, and reloads open pages.`,
		Args: noArgs("; use -s DIR to serve another folder"),
		RunE: func(c *cobra.Command, args []string) error {
			if o.Poll < 0 {
				return usagef("kitgen serve: --poll %s is negative; give an interval such as 700ms", o.Poll)
			}
			if o.Port < 0 || o.Port > 65535 {
				return usagef("kitgen serve: --port %d is not a port; use 1–65535, or 0 for any free one", o.Port)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := serve.Run(ctx, o, open); err != nil {
				fmt.Fprintf(e.stderr, "kitgen serve: %v\n", err)
				return exitStatus(1)
			}
			return nil
		},
	}
	fs := c.Flags()
	sourceFlag(fs, &o.Source)
	fs.StringVar(&o.Bind, "bind", "127.0.0.1", "`address` to listen on: 127.0.0.1, localhost or ::1 keep the preview on this computer; 0.0.0.0 or a network address shows it to other computers")
	fs.IntVar(&o.Port, "port", 1313, "`port` to listen on (0 picks a free one)")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft")
	fs.BoolVar(&open, "open", false, "open the preview in the default browser")
	fs.DurationVar(&o.Poll, "poll", 0, "find changes by scanning the site's files every `interval` (e.g. 700ms) instead of by file events: for network drives, some container mounts, and macOS sites with very many files")
	return c
}
