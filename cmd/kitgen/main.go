// Command kitgen builds a partner website and one-page PDF referral kits
// from one set of Markdown files. See "kitgen help".
package main

import (
	"os"

	"github.com/kitgen/kitgen/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
