package check

import (
	"io/fs"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// checkWaitTimes reports a service's wait times measured too long before
// the build's date to tell a referring office what it will wait now
// (stale-wait-time), and any measured after it, which is a typo.
func checkWaitTimes(in *Input, p *content.Page, diags *diag.List) {
	s := p.Service()
	if s == nil || in.Today.IsZero() {
		return
	}
	days := 90
	if in.Site != nil && in.Site.Config != nil && in.Site.Config.WaitTimeDays > 0 {
		days = in.Site.Config.WaitTimeDays
	}
	for _, w := range s.WaitTimes {
		switch {
		case w.AsOf.After(in.Today):
			diags.Errorf(p.File, w.Line, w.Col, diag.RuleFrontMatter,
				"as_of %s is after today (%s); write the date the %s wait was measured",
				w.AsOf.Format("2006-01-02"), in.Today.Format("2006-01-02"), w.Kind)
		case w.AsOf.AddDate(0, 0, days).Before(in.Today):
			diags.Warnf(p.File, w.Line, w.Col, diag.RuleStaleWait,
				"the %s wait time is as of %s, more than %d days ago; measure it again and update as_of (or remove it), or set wait_time_days in kitgen.yaml",
				w.Kind, w.AsOf.Format("2006-01-02"), days)
		}
	}
}

// checkForms reports forms a service or guide lists that are not in
// assets/forms/: the page and every kit would link to a file that is
// not there.
func checkForms(in *Input, p *content.Page, diags *diag.List) {
	if in.Assets == nil {
		return
	}
	var forms []content.Form
	if s := p.Service(); s != nil {
		forms = s.Forms
	} else if g := p.Guide(); g != nil {
		forms = g.Forms
	}
	for _, f := range forms {
		if st, err := fs.Stat(in.Assets, f.Asset()); err == nil && st.Mode().IsRegular() {
			continue
		}
		diags.Errorf(p.File, f.Line, f.Col, diag.RuleReferences,
			"forms: %q is not in assets/forms/; add the PDF as assets/forms/%s, or correct the name", f.File, f.File)
	}
}

// checkClosures reports a location's closures that ended before the
// build's date: the page would go on listing a holiday that is over.
func checkClosures(in *Input, p *content.Page, diags *diag.List) {
	l := p.Location()
	if l == nil || in.Today.IsZero() {
		return
	}
	for _, c := range l.Closures {
		if c.Through.Before(in.Today) {
			diags.Warnf(p.File, c.Line, c.Col, diag.RuleFreshness,
				"the closure of %s is over; remove it from closures, so the page lists only days still to come", c.Through.Format("2006-01-02"))
		}
	}
}
