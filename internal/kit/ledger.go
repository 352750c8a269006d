package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// LedgerName is the ledger's file name in kits/.
const LedgerName = "ledger.yaml"

// LedgerFile is the ledger's path relative to the site root.
const LedgerFile = Dir + "/" + LedgerName

// Entry is one recorded version of a kit.
type Entry struct {
	Version     int               `yaml:"version"`
	Effective   string            `yaml:"effective"`        // YYYY-MM-DD
	Scheme      int               `yaml:"scheme,omitempty"` // fingerprint scheme; absent is 1
	Fingerprint string            `yaml:"fingerprint"`
	Changed     []string          `yaml:"changed,flow"`
	Note        string            `yaml:"note,omitempty"` // the kit file's change_note when the version was recorded
	Inputs      map[string]string `yaml:"inputs"`
	Settings    map[string]string `yaml:"settings,omitempty"`
}

// EffectiveDate parses Effective.
func (e *Entry) EffectiveDate() time.Time {
	t, _ := time.Parse("2006-01-02", e.Effective)
	return t
}

// matches reports whether r has the content e records.
func (e *Entry) matches(r *Resolved) bool {
	if e.Scheme >= Scheme {
		return e.Fingerprint == r.Fingerprint
	}
	return slices.Contains(r.legacy.fingerprints, e.Fingerprint)
}

// Ledger is the committed record of every kit's versions.
type Ledger struct {
	Kits map[string][]Entry `yaml:"kits"`
	// Partners are the revisions of each partner's copies (see
	// PartnerEntry), by partner id.
	Partners map[string][]PartnerEntry `yaml:"partners,omitempty"`
	changed  bool
	damaged  bool
}

// The header's last line marks a sealed ledger: one whose final line
// (the seal) holds its counts and a checksum of everything above it, so a
// truncated or damaged file is found instead of re-recording history.
// Ledgers written before sealing have neither; they are accepted and
// sealed on the next save.
const (
	ledgerHeader = "# Referral kit versions, recorded by kitgen build. Commit this file:\n# CI refuses to ship a kit whose current content has no entry here.\n" + sealedMark + "\n"
	sealedMark   = "# Written by kitgen only: the last line checks everything above it."
	sealPrefix   = "# end of ledger: "
)

// restore is the advice every damaged-ledger error ends with.
const restore = "restore it from version control: git checkout " + LedgerFile + " (after a merge conflict, take one side's file and run kitgen build again)"

// LoadLedger reads kits/ledger.yaml; a missing file is an empty ledger. A
// file that is empty, truncated, fails its checksum or is inconsistent is
// reported as damaged (see Damaged) with how to restore it: kitgen never
// records over a damaged history.
func LoadLedger(fsys fs.FS, diags *diag.List) *Ledger {
	l := &Ledger{Kits: map[string][]Entry{}}
	data, err := fs.ReadFile(fsys, LedgerFile)
	if errors.Is(err, fs.ErrNotExist) {
		return l
	}
	fail := func(line int, format string, args ...any) *Ledger {
		diags.Errorf(LedgerFile, line, 0, diag.RuleLedger, format, args...)
		return &Ledger{Kits: map[string][]Entry{}, damaged: true}
	}
	if err != nil {
		source.Report(diags, "", LedgerFile, diag.RuleLedger, err)
		return &Ledger{Kits: map[string][]Entry{}, damaged: true}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(0, "the ledger is empty, so every kit's version history is missing; %s (delete the file only if no kit version was ever published)", restore)
	}
	if msg, line := checkSeal(data); msg != "" {
		return fail(line, "%s; %s", msg, restore)
	}
	local := &diag.List{}
	d := &schema.Decoder{File: LedgerFile, Rule: diag.RuleLedger, Diags: local}
	root := d.ParseYAML(data)
	for _, f := range local.Sorted() {
		diags.Add(f)
	}
	if root == nil {
		if e, _ := local.Count(); e > 0 {
			return &Ledger{Kits: map[string][]Entry{}, damaged: true}
		}
		return fail(0, "the ledger records no kits, so every kit's version history is missing; %s", restore)
	}
	if err := yaml.Unmarshal(data, l); err != nil {
		// yaml.v3 lists its errors on lines of their own; a finding is one line.
		return fail(0, "%s; %s", strings.Join(strings.Fields(err.Error()), " "), restore)
	}
	if len(l.Kits) == 0 {
		return fail(0, "the ledger records no kits, so every kit's version history is missing; %s", restore)
	}
	ids := make([]string, 0, len(l.Kits))
	for id := range l.Kits {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		es := l.Kits[id]
		if len(es) == 0 {
			return fail(0, "kit %q has no versions; %s", id, restore)
		}
		for i, e := range es {
			switch {
			case e.Version != i+1:
				return fail(0, "kit %q: versions must run 1, 2, 3… in order, found %d at position %d; %s", id, e.Version, i+1, restore)
			case e.Fingerprint == "" || e.EffectiveDate().IsZero():
				return fail(0, "kit %q: version %d has no fingerprint or effective date; %s", id, e.Version, restore)
			case e.Scheme > Scheme:
				return fail(0, "kit %q: version %d was recorded by a newer kitgen (fingerprint scheme %d; this kitgen knows %d); upgrade kitgen", id, e.Version, e.Scheme, Scheme)
			}
		}
	}
	if msg := l.checkPartners(); msg != "" {
		return fail(0, "%s; %s", msg, restore)
	}
	return l
}

// checkSeal verifies a sealed ledger's last line. It returns what is wrong
// and the line, or "" for an intact or pre-seal ledger.
func checkSeal(data []byte) (string, int) {
	body := bytes.TrimRight(data, "\n")
	i := bytes.LastIndexByte(body, '\n') + 1
	last := string(body[i:])
	lines := bytes.Count(body[:i], []byte("\n")) + 1
	if !strings.HasPrefix(last, sealPrefix) {
		if bytes.Contains(data, []byte(sealedMark)) {
			return "the ledger is truncated: its last line (" + sealPrefix + "…) is missing", lines
		}
		return "", 0
	}
	sum := sha256.Sum256(body[:i])
	if !strings.HasSuffix(last, "sha256:"+hex.EncodeToString(sum[:])) {
		return "the ledger is damaged: what it holds does not match the checksum on its last line (was it cut short or edited by hand?)", lines
	}
	return "", 0
}

// Damaged reports whether LoadLedger found the file damaged. Nothing may
// be recorded into a damaged ledger.
func (l *Ledger) Damaged() bool { return l.damaged }

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
// bumps a version, whatever fingerprint scheme recorded it.
func (l *Ledger) Next(r *Resolved, today time.Time) (Entry, bool) {
	last := l.Latest(r.Def.ID)
	if last != nil && last.matches(r) {
		return *last, false
	}
	e := Entry{Version: 1, Effective: today.Format("2006-01-02"), Scheme: Scheme, Fingerprint: r.Fingerprint, Inputs: r.Inputs, Settings: r.Settings, Note: r.Def.Note}
	if last != nil {
		e.Version = last.Version + 1
	}
	e.Changed = changes(last, r)
	return e, true
}

// changes names what differs between the latest entry and r: source
// files, and settings as "kit settings: <name>".
func changes(last *Entry, r *Resolved) []string {
	var out []string
	if last == nil {
		return r.Files()
	}
	inputs := r.Inputs
	if last.Scheme < Scheme {
		inputs = r.legacy.inputs
	}
	for f, h := range inputs {
		old, ok := last.Inputs[f]
		if f == r.Def.File && last.Scheme < Scheme {
			ok = ok && slices.Contains(r.legacy.defHashes, old)
		} else {
			ok = ok && old == h
		}
		if !ok {
			out = append(out, f)
		}
	}
	for f := range last.Inputs {
		if _, ok := inputs[f]; !ok {
			out = append(out, f)
		}
	}
	if last.Settings != nil {
		for k, v := range r.Settings {
			if last.Settings[k] != v {
				out = append(out, SettingsChange+k)
			}
		}
	}
	if len(out) == 0 {
		// Nothing a version names differs: an entry of an older scheme,
		// or a kitgen that draws the same content with more on it (the
		// fax cover sheet's address beside the fax number).
		out = append(out, SettingsChange+"layout")
	}
	sort.Strings(out)
	return out
}

// SettingsChange prefixes a changed setting in Entry.Changed.
const SettingsChange = "kit settings: "

// Record appends e to the kit's history.
func (l *Ledger) Record(id string, e Entry) {
	l.Kits[id] = append(l.Kits[id], e)
	l.changed = true
}

// Upgrade rewrites the latest entry of r's kit in the current fingerprint
// scheme. It is only called when that entry matches r, so it records the
// same content: the version, date and changelog stay as they were.
// Settings were not fingerprinted before scheme 2, so an upgraded entry
// takes the current ones.
func (l *Ledger) Upgrade(r *Resolved) bool {
	e := l.Latest(r.Def.ID)
	if e == nil || e.Scheme >= Scheme || !e.matches(r) {
		return false
	}
	e.Scheme, e.Fingerprint, e.Inputs, e.Settings = Scheme, r.Fingerprint, r.Inputs, r.Settings
	l.changed = true
	return true
}

// Changed reports whether Record or Upgrade changed the ledger.
func (l *Ledger) Changed() bool { return l.changed }

// Marshal returns the ledger file's bytes, sealed. Map keys are sorted by
// the encoder, so the same ledger always gives the same bytes.
func (l *Ledger) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(ledgerHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	enc.Close()
	versions := 0
	for _, es := range l.Kits {
		versions += len(es)
	}
	sum := sha256.Sum256(buf.Bytes())
	fmt.Fprintf(&buf, "%s%d kits, %d versions, sha256:%s\n", sealPrefix, len(l.Kits), versions, hex.EncodeToString(sum[:]))
	return buf.Bytes(), nil
}

// Save writes the ledger into the site's kits/ folder atomically: a
// complete file is synced to disk under a temporary name and renamed over
// the old one, so a crash leaves either the old ledger or the new.
func (l *Ledger) Save(siteDir string) error {
	b, err := l.Marshal()
	if err != nil {
		return err
	}
	if err := WriteFile(filepath.Join(siteDir, filepath.FromSlash(LedgerFile)), b); err != nil {
		return fmt.Errorf("saving %s: %w", LedgerFile, err)
	}
	return nil
}

// WriteFile writes data to path atomically and durably (temporary file,
// fsync, rename, fsync of the folder), creating the folder if needed.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not every file system can sync a folder; the rename is done either way
		d.Close()
	}
	return nil
}
