package publish

import (
	"os"
	"path/filepath"
)

// Output returns the folder kitgen built a site into that holds dir (dir
// itself, or a folder above it), or "" when there is none: a folder with
// a manifest beside it. Files written there by something else would be
// deployed with the site (kitgen mail refuses to put drafts there).
func Output(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(manifestFile(d)); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}
