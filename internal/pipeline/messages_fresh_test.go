package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/mail/mailtest"
)

// TestStaleMessageTranslationDraft drafts the example's Spanish cardiology
// kit while the kit cover message's translation is current, then after
// the English message changes, then once the translation is marked again,
// and reads each draft back with Go's readers and Python's email package.
// While the translation is behind, the draft is the English message's,
// in English throughout, and two warnings at the translation's
// translates: line say it is behind and what kitgen mail did about it.
func TestStaleMessageTranslationDraft(t *testing.T) {
	site := copySite(t)
	day := exampleDay.AddDate(0, 0, 10)
	type draftRead struct {
		lang, subject string
		texts         []string // Go's text and HTML, Python's text and HTML
		findings      []string // of rule translation at the message's translation
		status        string   // of the translation in kitgen translations
	}
	draft := func() draftRead {
		t.Helper()
		res := buildAt(t, site, day, Options{CheckOnly: true, Locked: true, Mail: true})
		var r draftRead
		for _, d := range res.Diags {
			if d.File == "messages/kit-cover.es.md" {
				r.findings = append(r.findings, d.String())
			}
		}
		for _, ts := range res.Translations {
			if ts.File == "messages/kit-cover.es.md" {
				r.status = ts.Freshness.String()
			}
		}
		i := slices.IndexFunc(res.Drafts, func(d Draft) bool { return d.Kit == "cardiology.es" && d.Partner == "" })
		if i < 0 {
			t.Fatal("no draft of the Spanish kit")
		}
		p, err := mailtest.Read(res.Drafts[i].Data)
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), res.Drafts[i].File)
		if err := os.WriteFile(f, res.Drafts[i].Data, 0o644); err != nil {
			t.Fatal(err)
		}
		py := mailtest.ReadPython(t, f)[0]
		if py.Headers["Subject"] != p.Subject || py.Headers["Content-Language"] != p.Header.Get("Content-Language") || len(py.Defects) > 0 {
			t.Errorf("Python reads Subject %q, Content-Language %q, defects %v; Go %q, %q", py.Headers["Subject"], py.Headers["Content-Language"], py.Defects, p.Subject, p.Header.Get("Content-Language"))
		}
		r.lang, r.subject, r.texts = p.Header.Get("Content-Language"), p.Subject, []string{p.Text, p.HTML, py.Text, py.HTML}
		return r
	}
	check := func(r draftRead, lang, subject string, has, hasNot []string) {
		t.Helper()
		if r.lang != lang || !strings.HasPrefix(r.subject, subject) {
			t.Errorf("Content-Language %q, subject %q; want %q, %q…", r.lang, r.subject, lang, subject)
		}
		for i, text := range r.texts {
			for _, s := range has {
				if !strings.Contains(text, s) {
					t.Errorf("body %d lacks %q", i, s)
				}
			}
			for _, s := range hasNot {
				if strings.Contains(text, s) {
					t.Errorf("body %d has %q", i, s)
				}
			}
		}
	}

	r := draft()
	if r.status != "current" || len(r.findings) > 0 {
		t.Fatalf("the example's translation: %s, findings %q", r.status, r.findings)
	}
	check(r, "es-US", "Nuestro kit de derivación vigente: Kit de derivación: Cardiología, versión ",
		[]string{"Gracias por sus derivaciones,"}, []string{"Dear", "Thank you"})

	edit(t, site, "messages/kit-cover.md", "Thank you for your referrals,", "Thank you for every referral,")
	r = draft()
	want := []string{
		`messages/kit-cover.es.md:3:1: warning: translation: kit "cardiology.es" is in es-US, but this translation of messages/kit-cover.md is behind (changed: (top)), so the kit's draft is written from messages/kit-cover.md, in en-US; bring the translation up to date, then run kitgen translations mark messages/kit-cover.es.md`,
		`messages/kit-cover.es.md:3:1: warning: translation: this translation is behind messages/kit-cover.md, changed: (top); translate what changed, then run kitgen translations mark messages/kit-cover.es.md`,
	}
	if r.status != "behind (changed: (top))" || !slices.Equal(r.findings, want) {
		t.Errorf("behind: %s, findings\n%s\nwant\n%s", r.status, strings.Join(r.findings, "\n"), strings.Join(want, "\n"))
	}
	check(r, "en-US", "Our current referral kit: Kit de derivación: Cardiología, version ",
		[]string{"Thank you for every referral,"}, []string{"Estimado", "Gracias", "versión"})

	markTranslations(t, site, day)
	r = draft()
	if r.status != "current" || len(r.findings) > 0 {
		t.Errorf("marked again: %s, findings %q", r.status, r.findings)
	}
	check(r, "es-US", "Nuestro kit de derivación vigente: Kit de derivación: Cardiología, versión ",
		[]string{"Gracias por sus derivaciones,"}, []string{"Dear", "Thank you"})
}

// TestSessionMessageTranslation: in kitgen serve, editing a message makes
// its translation's finding appear, and marking the translation makes it
// go, as a full build reports them.
func TestSessionMessageTranslation(t *testing.T) {
	site := copySite(t)
	opts := Options{Source: site, Dest: filepath.Join(t.TempDir(), "out"), Preview: true, Today: exampleDay}
	s := startSession(t, opts)
	step := func(changed string, want ...string) {
		t.Helper()
		u, err := s.Rebuild([]string{changed})
		if err != nil {
			t.Fatalf("after %s: %v", changed, err)
		}
		var got []string
		for _, d := range u.Diags {
			if d.File == "messages/kit-cover.es.md" && d.Rule == diag.RuleTranslation {
				got = append(got, d.String())
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("after %s: findings\n%s\nwant\n%s", changed, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		fo := opts
		fo.Dest = filepath.Join(t.TempDir(), "fresh")
		res, err := Build(fo)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := findingLines(u.Diags), findingLines(res.Diags); !slices.Equal(a, b) {
			t.Errorf("after %s: the session's findings\n%s\ndiffer from a full build's\n%s", changed, strings.Join(a, "\n"), strings.Join(b, "\n"))
		}
	}
	edit(t, site, "messages/kit-cover.md", "subject: Our current referral kit", "subject: Our referral kit")
	step("messages/kit-cover.md", "messages/kit-cover.es.md:3:1: warning: translation: this translation is behind messages/kit-cover.md, changed: (top); translate what changed, then run kitgen translations mark messages/kit-cover.es.md")
	markTranslations(t, site, exampleDay)
	step("messages/kit-cover.es.md")
}
