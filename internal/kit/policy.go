package kit

import (
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// Policy is what a build may do about a kit whose content changed since
// its last recorded version.
type Policy struct {
	// Locked refuses an unrecorded change (CI, kitgen build --locked).
	Locked bool
	// Preview shows a changed kit as a draft of its next version and
	// records nothing (kitgen serve).
	Preview bool
	// CheckOnly writes nothing, so it records nothing (kitgen check).
	CheckOnly bool
	// Deploy is the address a build for another address is deployed at
	// (--base-url, e.g. staging); such a build records nothing and shows a
	// changed kit as a draft. Empty for a build of the site's own address.
	Deploy string
}

// Records reports whether a build with the policy may write to the
// ledger and the kit archive: a build of the site at its own address that
// publishes, into a ledger that is not damaged.
func (p Policy) Records(l *Ledger) bool {
	return !p.Locked && !p.Preview && !p.CheckOnly && p.Deploy == "" && !l.Damaged()
}

// Decision is what a build does about one kit's version.
type Decision struct {
	Entry    Entry // the version the kit carries: its latest, or the next one
	Recorded bool  // Entry was recorded in the ledger by this decision
	Upgraded bool  // the latest entry was rewritten in the current scheme
	Draft    bool  // the kit shows an unrecorded next version
}

// Decide settles a resolved kit's version under the policy. Unchanged
// content keeps its version (and a latest entry of an older fingerprint
// scheme is upgraded when the build records). Changed content gets the
// next version: recorded in the ledger (in memory: the build saves it);
// or, when Locked, an error saying
// how to record it; or shown as a draft by a preview, a build for another
// address (with a warning) or a build over a damaged ledger (whose own
// error fails the build).
func (l *Ledger) Decide(r *Resolved, p Policy, today time.Time, diags *diag.List) Decision {
	def := r.Def
	e, changed := l.Next(r, today)
	if changed && l.staleNote(r, e, diags) {
		e.Note = ""
	}
	d := Decision{Entry: e}
	switch {
	case !changed:
		l.pendingNote(r, diags)
		if p.Records(l) {
			d.Upgraded = l.Upgrade(r)
		}
	case l.Damaged():
		d.Draft = true
	case p.Locked:
		diags.Errorf(def.File, 1, 1, diag.RuleKitVersion,
			"kit %q changed (%s) but version %d is not recorded in %s; run \"kitgen build\" locally (without --locked and with CI unset) and commit %s",
			def.ID, strings.Join(e.Changed, ", "), e.Version, LedgerFile, LedgerFile)
	case p.Preview:
		d.Draft = true
	case p.Deploy != "":
		d.Draft = true
		diags.Warnf(def.File, 1, 1, diag.RuleKitVersion,
			"kit %q changed (%s); a build for another address (--base-url %s) never records a version, so it shows a draft of version %d; run \"kitgen build\" without --base-url to record it",
			def.ID, strings.Join(e.Changed, ", "), p.Deploy, e.Version)
	default:
		// A check records too, in memory only: it reports what the build
		// would publish, and never saves the ledger.
		l.Record(def.ID, e)
		d.Recorded = true
	}
	return d
}

// Describe names the changed sources of a version (Entry.Changed) the way
// intake staff know them, for the changelog on the kit page and in the
// feed: a page by its title (titles maps a source file to it), the
// settings file and the ledger by what they hold, a kit setting by what
// it means, a kit definition as the kit's layout; in the words of tr, the
// translation table of the kit's language.
func Describe(files []string, titles map[string]string, tr *i18n.Table) []string {
	out := make([]string, 0, len(files))
	for _, f := range files {
		switch t, ok := titles[f]; {
		case ok:
			out = append(out, t)
		case f == config.FileName:
			out = append(out, tr.T("change_practice_contact"))
		case f == LedgerFile:
			out = append(out, tr.T("change_kit_versions"))
		case strings.HasPrefix(f, SettingsChange):
			name := strings.TrimPrefix(f, SettingsChange)
			if !settingNames[name] {
				out = append(out, f)
				continue
			}
			out = append(out, tr.T("setting_"+name))
		case strings.HasPrefix(f, Dir+"/"):
			out = append(out, tr.T("change_kit_layout"))
		case strings.HasPrefix(f, i18n.Dir+"/"):
			out = append(out, tr.T("change_translation_table"))
		default:
			out = append(out, f)
		}
	}
	return out
}

// settingNames are the kit settings a changelog names by what they mean
// (table keys setting_<name>).
var settingNames = map[string]bool{"paper": true, "min_font_size": true, "fonts": true, "layout": true, "base_url": true, "i18n": true}
