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
)

// init writes the starter site, or with --example the example practice
// with the built-in theme, into a new or empty folder.
func (e *env) init(args []string) int {
	fset := e.flags("init")
	example := fset.Bool("example", false, "write the full example practice (kits, ledger and layouts included) instead of the starter")
	pos, err := parse(fset, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "usage: kitgen init [--example] DIR")
		return 2
	}
	dir := pos[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(e.stderr, "kitgen init: %s is not empty; choose a new folder so nothing is overwritten\n", dir)
		return 1
	}
	var site fs.FS = kitgen.Example
	if !*example {
		site, _ = fs.Sub(kitgen.Starter, "starter")
	}
	err = fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
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
		err = os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/public/\n/.kitgen-*\n"), 0o644)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "kitgen init: %v\n", err)
		return 1
	}
	if *example {
		fmt.Fprintf(e.stdout, "created the example referral site in %s\nnext: cd %s && kitgen serve\n", dir, dir)
		return 0
	}
	fmt.Fprintf(e.stdout, "created a starter referral site in %s\nnext: cd %s && kitgen serve, then replace every \"TODO:\" (kitgen check lists them)\n", dir, dir)
	return 0
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// new scaffolds one content file or kit definition from a template with
// every field of its schema, so editors see what they may fill in.
func (e *env) new(args []string) int {
	fset := e.flags("new")
	var src string
	stringFlag(fset, &src, "source", "s", ".", "site folder")
	pos, err := parse(fset, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) != 2 {
		fmt.Fprintf(e.stderr, "usage: kitgen new %s|kit NAME\n", strings.Join(typeNames(), "|"))
		return 2
	}
	kind, name := pos[0], strings.ToLower(pos[1])
	if !nameRE.MatchString(name) {
		fmt.Fprintf(e.stderr, "kitgen new: %q is not a usable name; use lowercase letters, digits and hyphens, e.g. sleep-medicine\n", pos[1])
		return 2
	}
	title := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
	var rel, body string
	if t := content.TypeNamed(kind); t != nil {
		rel, body = t.File(name), fmt.Sprintf(t.Scaffold, title)
	} else if kind == "kit" {
		rel, body = "kits/"+name+".yaml", fmt.Sprintf(kitTmpl, title, name)
	} else {
		fmt.Fprintf(e.stderr, "kitgen new: unknown kind %q; use %s or kit\n", kind, strings.Join(typeNames(), ", "))
		return 2
	}
	target := filepath.Join(src, filepath.FromSlash(rel))
	if _, err := os.Stat(target); err == nil {
		fmt.Fprintf(e.stderr, "kitgen new: %s already exists; pick another name\n", target)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new: %v\n", err)
		return 1
	}
	if err := os.WriteFile(target, []byte(body), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "created %s\n", target)
	return 0
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
