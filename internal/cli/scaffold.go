package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	kitgen "github.com/kitgen/kitgen"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/message"
	"github.com/spf13/cobra"
)

func (e *env) initCmd() *cobra.Command {
	var example bool
	c := &cobra.Command{
		Use:   "init [--example] DIR",
		Short: "Write a starter site (or the example practice) into a new folder",
		Long: `Init writes a small starter site into DIR, which must be new or empty: kitgen.yaml,
a home page and one service, referral guide, provider and location, on the
built-in theme. Everything to replace is marked "TODO:".

With --example it writes this project's full example practice instead: content,
kits with their ledger and archived PDFs, and the theme's layouts and assets.`,
		Example: `  kitgen init my-practice
  kitgen init --example demo`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("usage: kitgen init [--example] DIR")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return e.init(args[0], example) },
	}
	c.Flags().BoolVar(&example, "example", false, "write the full example practice (kits, ledger and layouts included) instead of the starter")
	return c
}

// init writes the starter site, or with example the example practice
// with the built-in theme, into a new or empty folder.
func (e *env) init(dir string, example bool) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(e.stderr, "kitgen init: %s is not empty; choose a new folder so nothing is overwritten\n", dir)
		return exitStatus(1)
	}
	var site fs.FS = kitgen.Example
	if !example {
		site, _ = fs.Sub(kitgen.Starter, "starter")
	}
	err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/public/\n/mail/\n/.kitgen-*\n"), 0o644)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "kitgen init: %v\n", err)
		return exitStatus(1)
	}
	if example {
		fmt.Fprintf(e.stdout, "created the example referral site in %s\nnext: cd %s && kitgen serve\n", dir, dir)
		return nil
	}
	fmt.Fprintf(e.stdout, "created a starter referral site in %s\nnext: cd %s && kitgen serve, then replace every \"TODO:\" (kitgen check lists them)\n", dir, dir)
	return nil
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func (e *env) newCmd() *cobra.Command {
	var src string
	kinds := append(typeNames(), "kit", "message")
	c := &cobra.Command{
		Use:   "new " + strings.Join(kinds, "|") + " NAME",
		Short: "Create a page, kit or message with every field its type accepts",
		Long: `New writes content/<section>/NAME.md (or kits/NAME.yaml, or messages/NAME.md)
with every field its type accepts, empty or with an example value. A guide's
reviewed: is left empty for the date a clinician reviews it. "kitgen new partner
NAME" writes a partner file with its referral code (see kitgen new partner --help).`,
		Example:   "  kitgen new service sleep-medicine\n  kitgen new kit sleep-medicine -s site\n  kitgen new message appointment-moved",
		ValidArgs: kinds,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("usage: kitgen new %s NAME", strings.Join(kinds, "|"))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return e.new(src, args[0], args[1]) },
	}
	sourceFlag(c.Flags(), &src)
	c.AddCommand(e.newPartnerCmd())
	return c
}

// new scaffolds one content file or kit definition from a template with
// every field of its schema, so editors see what they may fill in.
func (e *env) new(src, kind, rawName string) error {
	name := strings.ToLower(rawName)
	if !nameRE.MatchString(name) {
		return usagef("kitgen new: %q is not a usable name; use lowercase letters, digits and hyphens, e.g. sleep-medicine", rawName)
	}
	title := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
	var rel, body string
	if t := content.TypeNamed(kind); t != nil {
		rel, body = t.File(name), fmt.Sprintf(t.Scaffold, title)
	} else if kind == "kit" {
		rel, body = "kits/"+name+".yaml", fmt.Sprintf(kitTmpl, title, name)
	} else if kind == "message" {
		rel, body = message.Dir+"/"+name+".md", fmt.Sprintf(message.Scaffold, title)
	} else {
		return usagef("kitgen new: unknown kind %q; use %s, kit or message", kind, strings.Join(typeNames(), ", "))
	}
	target := filepath.Join(src, filepath.FromSlash(rel))
	if _, err := os.Stat(target); err == nil {
		fmt.Fprintf(e.stderr, "kitgen new: %s already exists; pick another name\n", target)
		return exitStatus(1)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new: %v\n", err)
		return exitStatus(1)
	}
	if err := os.WriteFile(target, []byte(body), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new: %v\n", err)
		return exitStatus(1)
	}
	fmt.Fprintf(e.stdout, "created %s\n", target)
	return nil
}

// typeNames are the page types "kitgen new" scaffolds, in table order.
func typeNames() []string {
	var out []string
	for _, t := range content.PageTypes {
		out = append(out, t.Name)
	}
	return out
}

const kitTmpl = `title: %s referral kit
audience: Referring primary care clinicians and care coordinators
page: services/%s
paper: letter
blocks:
  - section: guides/GUIDE#red-flags
    style: urgent
  - columns:
      - section: guides/GUIDE#urgent-referral
      - section: guides/GUIDE#routine-referral
  - providers: []
  - contact: LOCATION
`
