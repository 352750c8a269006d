package i18n

import (
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
)

// The values kitgen formats from front matter, written in a language: the
// pages of a translation and a translated kit's facts: block print them.
// The English table gives exactly what the content model's Text methods
// print, which the default language's kits use.

// Ages is an age range: "Ages 18 and over", "Desde los 18 años"; "" when
// none is set.
func (t *Table) Ages(a content.AgeRange) string {
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

// Wait is a wait time: "Routine: 3–4 weeks (as of November 2, 2026)".
func (t *Table) Wait(w content.WaitTime) string {
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

// Telehealth is whether video visits are offered; "" when not said.
func (t *Table) Telehealth(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return t.T("telehealth_yes")
	}
	return t.T("telehealth_no")
}

// ClinicDays is a provider's clinic days, schema.org day codes ("Tu,Th"),
// in the language's day names (day_Mo…): "Tue, Thu", "mar, jue"; "" when
// none are set, as content.Provider.ClinicDaysText.
func (t *Table) ClinicDays(codes string) string { return t.days(codes) }

// Languages is the names of the languages a provider speaks, each in the
// language of the table (lang_ with the English name kitgen prints); a
// language no table names is printed as written. The English table gives
// each name as written, so English pages print content's LanguageNames.
func (t *Table) Languages(ls []content.Language) []string {
	var out []string
	for _, l := range ls {
		name := l.Name
		if s, ok := t.lookup("lang_" + l.Name); ok && s != "" {
			name = s
		}
		out = append(out, name)
	}
	return out
}
