package kit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// LedgerName is the ledger's file name in kits/.
const LedgerName = "ledger.yaml"

// LedgerFile is the ledger's path relative to the site root.
const LedgerFile = Dir + "/" + LedgerName

// Entry is one recorded version of a kit.
type Entry struct {
	Version     int               `yaml:"version"`
	Effective   string            `yaml:"effective"` // YYYY-MM-DD
	Fingerprint string            `yaml:"fingerprint"`
	Changed     []string          `yaml:"changed,flow"`
	Inputs      map[string]string `yaml:"inputs"`
}

// EffectiveDate parses Effective.
func (e *Entry) EffectiveDate() time.Time {
	t, _ := time.Parse("2006-01-02", e.Effective)
	return t
}

// Ledger is the committed record of every kit's versions.
type Ledger struct {
	Kits    map[string][]Entry `yaml:"kits"`
	changed bool
}

const ledgerHeader = "# Referral kit versions, recorded by kitgen build. Commit this file:\n# CI refuses to ship a kit whose current content has no entry here.\n"

// LoadLedger reads kits/ledger.yaml; a missing file is an empty ledger.
func LoadLedger(fsys fs.FS, diags *diag.List) *Ledger {
	l := &Ledger{Kits: map[string][]Entry{}}
	data, err := fs.ReadFile(fsys, LedgerFile)
	if errors.Is(err, fs.ErrNotExist) {
		return l
	}
	if err != nil {
		diags.Errorf(LedgerFile, 0, 0, "ledger", "cannot read: %v", err)
		return l
	}
	d := &schema.Decoder{File: LedgerFile, Rule: "ledger", Diags: diags}
	if d.ParseYAML(data) == nil {
		return l
	}
	if err := yaml.Unmarshal(data, l); err != nil {
		diags.Errorf(LedgerFile, 0, 0, "ledger", "%v; restore the file from version control", err)
		return &Ledger{Kits: map[string][]Entry{}}
	}
	if l.Kits == nil {
		l.Kits = map[string][]Entry{}
	}
	for id, es := range l.Kits {
		for i := range es {
			if es[i].Version != i+1 {
				diags.Errorf(LedgerFile, 0, 0, "ledger", "kit %q: versions must run 1, 2, 3… in order, found %d at position %d; restore the file from version control", id, es[i].Version, i+1)
				break
			}
		}
	}
	return l
}

// Latest returns the newest entry of a kit, or nil.
func (l *Ledger) Latest(id string) *Entry {
	es := l.Kits[id]
	if len(es) == 0 {
		return nil
	}
	return &es[len(es)-1]
}

// Next returns the entry a resolved kit would get if recorded now, and
// whether it differs from the latest recorded one. Unchanged content never
// bumps a version.
func (l *Ledger) Next(r *Resolved, today time.Time) (Entry, bool) {
	last := l.Latest(r.Def.ID)
	if last != nil && last.Fingerprint == r.Fingerprint {
		return *last, false
	}
	e := Entry{Version: 1, Effective: today.Format("2006-01-02"), Fingerprint: r.Fingerprint, Inputs: r.Inputs}
	if last != nil {
		e.Version = last.Version + 1
	}
	for _, f := range r.Files() {
		if last == nil || last.Inputs[f] != r.Inputs[f] {
			e.Changed = append(e.Changed, f)
		}
	}
	if last != nil {
		for f := range last.Inputs {
			if _, ok := r.Inputs[f]; !ok {
				e.Changed = append(e.Changed, f)
			}
		}
	}
	sort.Strings(e.Changed)
	return e, true
}

// Record appends e to the kit's history.
func (l *Ledger) Record(id string, e Entry) {
	l.Kits[id] = append(l.Kits[id], e)
	l.changed = true
}

// Changed reports whether Record was called.
func (l *Ledger) Changed() bool { return l.changed }

// Marshal returns the ledger file's bytes. Map keys are sorted by the
// encoder, so the same ledger always gives the same bytes.
func (l *Ledger) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(ledgerHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	enc.Close()
	return buf.Bytes(), nil
}

// Save writes the ledger into the site's kits/ folder, atomically.
func (l *Ledger) Save(siteDir string) error {
	b, err := l.Marshal()
	if err != nil {
		return err
	}
	dir := filepath.Join(siteDir, Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".ledger-*.yaml")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, LedgerName)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving %s: %w", LedgerFile, err)
	}
	return nil
}
