package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/kitgen/kitgen/internal/serve"
)

func (e *env) serve(args []string) int {
	fs := e.flags("serve")
	o := serve.Options{Stdout: e.stdout, Stderr: e.stderr}
	stringFlag(fs, &o.Source, "source", "s", ".", "site folder")
	fs.StringVar(&o.Bind, "bind", "127.0.0.1", "address to listen on: 127.0.0.1, localhost or ::1 keep the preview on this computer; 0.0.0.0 or a network address shows it to other computers")
	fs.IntVar(&o.Port, "port", 1313, "port to listen on (0 picks a free one)")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft")
	open := fs.Bool("open", false, "open the preview in the default browser")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "kitgen serve: unexpected argument %q; use -s DIR to serve another folder\n", pos[0])
		return 2
	}
	if o.Port < 0 || o.Port > 65535 {
		fmt.Fprintf(e.stderr, "kitgen serve: --port %d is not a port; use 1–65535, or 0 for any free one\n", o.Port)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve.Run(ctx, o, *open); err != nil {
		fmt.Fprintf(e.stderr, "kitgen serve: %v\n", err)
		return 1
	}
	return 0
}
