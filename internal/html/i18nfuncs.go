package html

import (
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/i18n"
)

// The values kitgen formats from front matter, written in the page's
// language.

// agesText, waitText and telehealthText are the table's (i18n.Table.Ages,
// Wait, Telehealth), which a translated kit's facts print too.
func agesText(t *i18n.Table, a content.AgeRange) string { return t.Ages(a) }

func waitText(t *i18n.Table, w content.WaitTime) string { return t.Wait(w) }

func telehealthText(t *i18n.Table, b *bool) string { return t.Telehealth(b) }

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
