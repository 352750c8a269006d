package source

import (
	"io/fs"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
)

// Named is a folder of inputs named by their files — kits/*.yaml,
// partners/*.yaml, messages/*.md: each file directly in Dir whose name
// ends in Ext is one input, and its id is the name without Ext. Names
// starting with "_" are notes beside them. An id ends up in file names
// and addresses, so it must be a ValidName.
type Named struct {
	Dir, Ext string
	Rule     diag.Rule
	What     string // what an id names, for messages: "kit", "partner"
	IDUse    string // why the id must be plain, e.g. "becomes part of addresses and file names"
	Example  string // a good file name, e.g. "cardiology-referral.yaml"
	Skip     string // a file of Dir that is not an input (the ledger), or ""
	MaxSize  int64  // a larger file is reported and not read; 0 for no limit
	// Stray, when not "", is the warning for any other file under Dir;
	// otherwise such files are left alone.
	Stray string
}

// Each calls fn, in lexical order, with the file, id and bytes of every
// input in n.Dir, reporting files that cannot be read and ids that are
// not valid.
func (n Named) Each(fsys fs.FS, diags *diag.List, fn func(file, id string, data []byte)) {
	Walk(fsys, n.Dir, nil, func(file string, err error) {
		if err != nil {
			Report(diags, "", file, n.Rule, err)
			return
		}
		name := strings.TrimPrefix(file, n.Dir+"/")
		if strings.HasPrefix(name, "_") || name == n.Skip {
			return
		}
		if strings.Contains(name, "/") || !strings.HasSuffix(name, n.Ext) {
			if n.Stray != "" {
				diags.Warnf(file, 0, 0, n.Rule, "%s", n.Stray)
			}
			return
		}
		id := strings.TrimSuffix(name, n.Ext)
		if !ValidName(id) {
			diags.Errorf(file, 0, 0, n.Rule, "the %s id %q (the file name) %s; use only letters, digits, '-', '_' and '.', e.g. %s", n.What, id, n.IDUse, n.Example)
			return
		}
		if n.MaxSize > 0 {
			if fi, err := fs.Stat(fsys, file); err == nil && fi.Size() > n.MaxSize {
				diags.Errorf(file, 0, 0, n.Rule, "a %s file of %d bytes is too large (the limit is %d); split it or shorten it", n.What, fi.Size(), n.MaxSize)
				return
			}
		}
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			Report(diags, "", file, n.Rule, err)
			return
		}
		fn(file, id, data)
	})
}
