package html

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay is a file system where files of Top hide files of the same name
// in Base: a site's layouts/ over the built-in theme's.
type Overlay struct{ Top, Base fs.FS }

// Open opens name from Top, or from Base when Top lacks it.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.Top != nil {
		f, err := o.Top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Base.Open(name)
}

// ReadDir merges both directories, Top's entries winning.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	for _, f := range []fs.FS{o.Base, o.Top} {
		if f == nil {
			continue
		}
		es, err := fs.ReadDir(f, name)
		if err != nil {
			// A site folder that exists but is refused (a link) must not
			// quietly give way to the theme's.
			if f == o.Top && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			firstErr = err
			continue
		}
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 && firstErr != nil {
		return nil, firstErr
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
