package kit

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
)

// ArchiveDir holds the published PDF of every recorded kit version,
// written when the version is recorded and committed with the ledger.
// Every build publishes them all, so a link to an earlier version that a
// referring office was emailed keeps working, byte for byte.
const ArchiveDir = Dir + "/archive"

// ArchiveFile returns where version v of kit id is archived, relative to
// the site root.
func ArchiveFile(id string, v int) string {
	return fmt.Sprintf("%s/%s-v%d.pdf", ArchiveDir, id, v)
}

// Archived lists the archived versions in fsys by kit id, and reports
// archive files of versions the ledger does not record. Those mean the
// ledger lost history (it was truncated, or replaced by an older copy), or
// are left over from a build that failed while recording: either way
// recording over them would publish different bytes under a number that
// was already used.
func (l *Ledger) Archived(fsys fs.FS, diags *diag.List) map[string]map[int]bool {
	out := map[string]map[int]bool{}
	entries, err := fs.ReadDir(fsys, ArchiveDir)
	if err != nil {
		if _, serr := fs.Stat(fsys, ArchiveDir); serr == nil {
			diags.Errorf(ArchiveDir, 0, 0, diag.RuleLedger, "cannot read the kit archive: %v", err)
		}
		return out
	}
	for _, e := range entries {
		name := e.Name()
		stem, ok := strings.CutSuffix(name, ".pdf")
		i := strings.LastIndex(stem, "-v")
		if !ok || e.IsDir() || i <= 0 {
			continue
		}
		id := stem[:i]
		v, err := strconv.Atoi(stem[i+2:])
		if err != nil || v < 1 || strconv.Itoa(v) != stem[i+2:] {
			continue
		}
		if out[id] == nil {
			out[id] = map[int]bool{}
		}
		out[id][v] = true
		if !l.damaged && v > len(l.Kits[id]) {
			file := path.Join(ArchiveDir, name)
			diags.Errorf(LedgerFile, 0, 0, diag.RuleLedger, "%s is archived, but the ledger records %d versions of kit %q: the ledger has lost history; %s (if %s is left over from a failed build and was never published, delete it instead)",
				file, len(l.Kits[id]), id, restore, file)
		}
	}
	return out
}
