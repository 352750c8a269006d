package content

// ReferralState is whether a provider takes new referrals: yes, no, or not
// said. A missing accepting_referrals is not a yes; every writer has to
// tell the three apart.
type ReferralState int

const (
	// ReferralsNotStated is a provider whose front matter does not say.
	ReferralsNotStated ReferralState = iota
	// ReferralsAccepting is accepting_referrals: true.
	ReferralsAccepting
	// ReferralsNotAccepting is accepting_referrals: false.
	ReferralsNotAccepting
)

// Referrals is a provider's referral status with its optional qualifier,
// and the one place its wording lives: the provider page, the directory,
// the JSON-LD and the kits all say it through these methods, so they
// cannot disagree.
type Referrals struct {
	State ReferralState
	Note  string // a short qualifier, e.g. "ages 0–5 only"; may be empty
}

// Referrals returns the provider's referral status.
func (pr *Provider) Referrals() Referrals {
	r := Referrals{Note: pr.ReferralsNote}
	switch {
	case pr.AcceptingReferrals == nil:
		r.State = ReferralsNotStated
	case *pr.AcceptingReferrals:
		r.State = ReferralsAccepting
	default:
		r.State = ReferralsNotAccepting
	}
	return r
}

// Stated reports whether the front matter says yes or no.
func (r Referrals) Stated() bool { return r.State != ReferralsNotStated }

// Accepting reports whether the provider takes new referrals; false when
// the front matter does not say.
func (r Referrals) Accepting() bool { return r.State == ReferralsAccepting }

// Short is the status under a "New referrals" label: "Accepting", "Not
// accepting" or "Not stated".
func (r Referrals) Short() string {
	switch r.State {
	case ReferralsAccepting:
		return "Accepting"
	case ReferralsNotAccepting:
		return "Not accepting"
	}
	return "Not stated"
}

// Text is Short with the qualifier: "Accepting (ages 0–5 only)". A
// qualifier without a stated status is never shown: it would read as a
// yes.
func (r Referrals) Text() string {
	if r.Note != "" && r.Stated() {
		return r.Short() + " (" + r.Note + ")"
	}
	return r.Short()
}

// Caveat is what a reader who assumes that a listed provider takes
// referrals must be told, as a phrase to put after the provider's role:
// "not accepting new referrals", "accepting new referrals: ages 0–5 only",
// or "" when there is nothing to add (accepting without a qualifier, or
// not stated). Kits and the provider lists on service and location pages
// use it.
func (r Referrals) Caveat() string {
	var s string
	switch r.State {
	case ReferralsNotAccepting:
		s = "not accepting new referrals"
	case ReferralsAccepting:
		if r.Note == "" {
			return ""
		}
		s = "accepting new referrals"
	default:
		return ""
	}
	if r.Note != "" {
		s += ": " + r.Note
	}
	return s
}
