package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
)

// A partner's copies of the kits carry the public kits' versions: a copy
// of version 6 says "Version 6" like every other copy of version 6. What
// the partner adds — its name, its code, which kits it gets and where its
// copies link to — is recorded in the same ledger, as the partner's
// revisions, so that the ledger stays the one record of what any copy
// says: public version N plus partner revision R.

// PartnerEntry is one recorded revision of a partner's copies.
type PartnerEntry struct {
	Revision    int      `yaml:"revision"`
	Effective   string   `yaml:"effective"` // YYYY-MM-DD
	Name        string   `yaml:"name"`
	Code        string   `yaml:"code"`
	Kits        []string `yaml:"kits,flow,omitempty"` // absent: every kit
	Landing     string   `yaml:"landing"`             // absolute URL the copies link to
	Fingerprint string   `yaml:"fingerprint"`
	Changed     []string `yaml:"changed,flow"` // name, code, kits, landing
}

// PartnerPrint is what a partner's copies print and link to, from which
// its revisions are recorded.
type PartnerPrint struct {
	Name, Code, Landing string
	Kits                []string // nil for every kit
}

func (p PartnerPrint) fingerprint() string {
	var b strings.Builder
	all := "all"
	if p.Kits != nil {
		all = strings.Join(p.Kits, "\x00")
	}
	for _, s := range []string{p.Name, p.Code, p.Landing, all} {
		fmt.Fprintf(&b, "%d:%s", len(s), s)
	}
	h := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(h[:])
}

// LatestPartner returns the newest revision of a partner, or nil.
func (l *Ledger) LatestPartner(id string) *PartnerEntry {
	es := l.Partners[id]
	if len(es) == 0 {
		return nil
	}
	return &es[len(es)-1]
}

// PartnerDecision is what a build does about a partner's revision.
type PartnerDecision struct {
	Entry    PartnerEntry // the revision the copies carry: the latest, or the next
	Recorded bool         // recorded by this decision
	Draft    bool         // an unrecorded change shown by a preview
}

// DecidePartner settles a partner's revision under the policy, as Decide
// does a kit's version: unchanged keeps its revision; a change is
// recorded, refused under Locked with the command that records it, or
// shown unrecorded by a preview or a build for another address.
func (l *Ledger) DecidePartner(id, file string, pr PartnerPrint, p Policy, today time.Time, diags *diag.List) PartnerDecision {
	last := l.LatestPartner(id)
	fp := pr.fingerprint()
	if last != nil && last.Fingerprint == fp {
		return PartnerDecision{Entry: *last}
	}
	e := PartnerEntry{Revision: 1, Effective: today.Format("2006-01-02"), Name: pr.Name, Code: pr.Code, Kits: pr.Kits, Landing: pr.Landing, Fingerprint: fp}
	if last == nil {
		e.Changed = []string{"name", "code", "kits", "landing"}
	} else {
		e.Revision = last.Revision + 1
		if last.Name != pr.Name {
			e.Changed = append(e.Changed, "name")
		}
		if last.Code != pr.Code {
			e.Changed = append(e.Changed, "code")
		}
		if !slices.Equal(last.Kits, pr.Kits) || (last.Kits == nil) != (pr.Kits == nil) {
			e.Changed = append(e.Changed, "kits")
		}
		if last.Landing != pr.Landing {
			e.Changed = append(e.Changed, "landing")
		}
	}
	d := PartnerDecision{Entry: e}
	switch {
	case l.Damaged(), p.Preview:
		d.Draft = true
	case p.Locked:
		diags.Errorf(file, 1, 1, diag.RulePartner,
			"partner %q changed (%s) but revision %d is not recorded in %s; run \"kitgen build\" locally (without --locked and with CI unset) and commit %s",
			id, strings.Join(e.Changed, ", "), e.Revision, LedgerFile, LedgerFile)
	case p.Deploy != "":
		d.Draft = true
		diags.Warnf(file, 1, 1, diag.RulePartner,
			"partner %q changed (%s); a build for another address (--base-url %s) never records a revision; run \"kitgen build\" without --base-url to record it",
			id, strings.Join(e.Changed, ", "), p.Deploy)
	default:
		if l.Partners == nil {
			l.Partners = map[string][]PartnerEntry{}
		}
		l.Partners[id] = append(l.Partners[id], e)
		l.changed = true
		d.Recorded = true
	}
	return d
}

// checkPartners reports a partner history that is out of order or
// incomplete, as LoadLedger does a kit's; "" when it is sound.
func (l *Ledger) checkPartners() string {
	for _, id := range sortedIDs(l.Partners) {
		es := l.Partners[id]
		if len(es) == 0 {
			return fmt.Sprintf("partner %q has no revisions", id)
		}
		for i, e := range es {
			switch {
			case e.Revision != i+1:
				return fmt.Sprintf("partner %q: revisions must run 1, 2, 3… in order, found %d at position %d", id, e.Revision, i+1)
			case e.Fingerprint == "" || e.Code == "":
				return fmt.Sprintf("partner %q: revision %d has no fingerprint or code", id, e.Revision)
			}
			if _, err := time.Parse("2006-01-02", e.Effective); err != nil {
				return fmt.Sprintf("partner %q: revision %d has no effective date", id, e.Revision)
			}
		}
	}
	return ""
}

func sortedIDs[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
