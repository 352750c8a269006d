package html

import (
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/i18n"
)

// The values kitgen formats from front matter, written in the page's
// language. The English table gives exactly what the content model's
// Text methods print, which the kits still use.

// agesText is an age range: "Ages 18 and over", "Desde los 18 años".
func agesText(t *i18n.Table, a content.AgeRange) string {
	if !a.Set {
		return ""
	}
	s := t.T("ages_range", a.Min, a.Max)
	if a.Max < 0 {
		s = t.T("ages_over", a.Min)
	}
	if a.NewMax >= 0 {
		s += t.T("ages_new_max", a.NewMax)
	}
	return s
}

// waitText is a wait time: "Routine: 3–4 weeks (as of November 2, 2026)".
func waitText(t *i18n.Table, w content.WaitTime) string {
	label := w.Label() // a kind no table names is printed as written
	if l := t.T("wait_" + w.Kind); l != "wait_"+w.Kind {
		label = l
	}
	n := strconv.Itoa(w.Min)
	if w.Max != w.Min {
		n += "–" + strconv.Itoa(w.Max)
	}
	unit := "unit_" + w.Unit
	if w.Max == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return t.T("wait_text", label, n+" "+t.T(unit), t.Date(w.AsOf))
}

// telehealthText is whether video visits are offered; "" when not said.
func telehealthText(t *i18n.Table, b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return t.T("telehealth_yes")
	}
	return t.T("telehealth_no")
}

// referralsText is content.Referrals.Text in the page's language: the
// status, with the qualifier only when the status is stated.
func referralsText(t *i18n.Table, r content.Referrals) string {
	var s string
	switch r.State {
	case content.ReferralsAccepting:
		s = t.T("referrals_accepting")
	case content.ReferralsNotAccepting:
		s = t.T("referrals_not_accepting")
	default:
		return t.T("referrals_not_stated")
	}
	if r.Note != "" {
		s += " (" + r.Note + ")"
	}
	return s
}

// referralsCaveat is content.Referrals.Caveat in the page's language: what
// a reader who assumes a listed provider takes referrals must be told, or
// "" when there is nothing to add.
func referralsCaveat(t *i18n.Table, r content.Referrals) string {
	var s string
	switch {
	case r.State == content.ReferralsNotAccepting:
		s = t.T("referrals_caveat_not_accepting")
	case r.State == content.ReferralsAccepting && r.Note != "":
		s = t.T("referrals_caveat_accepting")
	default:
		return ""
	}
	if r.Note != "" {
		s += ": " + r.Note
	}
	return s
}

// T is the text of key in the site's language, for what the pipeline
// writes outside a layout (a page's title and description), so it is in
// the same language as the page.
func (w *Writer) T(key string, args ...any) string {
	return w.strings().For(w.cfg.Language).T(key, args...)
}
