package kit

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
)

// TestDecide: a changed kit gets its next version recorded by a build of
// the site's own address, an error under --locked, a draft in a preview,
// and a draft with a warning in a build for another address; unchanged
// content keeps its version whatever the policy.
func TestDecide(t *testing.T) {
	first := resolveEnv(t, site(t, ""), def, env1)
	changed := resolveEnv(t, site(t, ""), strings.Replace(def, "title: X kit", "title: X kit, revised", 1), env1)
	ledger := func() *Ledger {
		l := &Ledger{Kits: map[string][]Entry{}}
		e, _ := l.Next(first, day1)
		l.Record("x", e)
		l.changed = false
		return l
	}
	tests := []struct {
		name                     string
		r                        *Resolved
		policy                   Policy
		version                  int
		recorded, draft, changes bool
		finding                  string // rule and severity of the one finding, "" for none
	}{
		{name: "unchanged, build", r: first, policy: Policy{}, version: 1},
		{name: "unchanged, locked", r: first, policy: Policy{Locked: true}, version: 1},
		{name: "unchanged, preview", r: first, policy: Policy{Preview: true}, version: 1},
		{name: "changed, build", r: changed, policy: Policy{}, version: 2, recorded: true, changes: true},
		{name: "changed, check", r: changed, policy: Policy{CheckOnly: true}, version: 2, recorded: true, changes: true},
		{name: "changed, locked", r: changed, policy: Policy{Locked: true}, version: 2, finding: "error kit-version"},
		{name: "changed, locked preview", r: changed, policy: Policy{Locked: true, Preview: true}, version: 2, finding: "error kit-version"},
		{name: "changed, preview", r: changed, policy: Policy{Preview: true}, version: 2, draft: true},
		{name: "changed, another address", r: changed, policy: Policy{Deploy: "https://staging.test.example/"}, version: 2, draft: true, finding: "warning kit-version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ledger()
			var diags diag.List
			d := l.Decide(tt.r, tt.policy, day2, &diags)
			if d.Entry.Version != tt.version || d.Recorded != tt.recorded || d.Draft != tt.draft {
				t.Errorf("decision v%d recorded %v draft %v, want v%d recorded %v draft %v", d.Entry.Version, d.Recorded, d.Draft, tt.version, tt.recorded, tt.draft)
			}
			if l.Changed() != tt.changes || (tt.recorded && l.Latest("x").Version != tt.version) {
				t.Errorf("ledger changed %v (latest v%d), want %v", l.Changed(), l.Latest("x").Version, tt.changes)
			}
			var got []string
			for _, f := range diags.Sorted() {
				got = append(got, f.Severity.String()+" "+string(f.Rule))
				if f.File != "kits/x.yaml" || !strings.Contains(f.Message, "x") {
					t.Errorf("finding %s does not name the kit file and kit", f)
				}
			}
			if want := tt.finding; (want == "" && len(got) > 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
				t.Errorf("findings %q, want %q", got, want)
			}
		})
	}
	// A damaged ledger records nothing and shows the change as a draft.
	l := ledger()
	l.damaged = true
	var diags diag.List
	if d := l.Decide(changed, Policy{}, day2, &diags); d.Recorded || !d.Draft || l.Changed() {
		t.Errorf("damaged ledger: %+v, ledger changed %v", d, l.Changed())
	}
}

// TestRecords: only a build of the site's own address that publishes,
// into a sound ledger, writes the ledger and archive.
func TestRecords(t *testing.T) {
	sound, damaged := &Ledger{}, &Ledger{damaged: true}
	for _, c := range []struct {
		p    Policy
		l    *Ledger
		want bool
	}{
		{Policy{}, sound, true},
		{Policy{}, damaged, false},
		{Policy{Locked: true}, sound, false},
		{Policy{Preview: true}, sound, false},
		{Policy{CheckOnly: true}, sound, false},
		{Policy{Deploy: "https://staging.test.example/"}, sound, false},
	} {
		if got := c.p.Records(c.l); got != c.want {
			t.Errorf("%+v, damaged %v: records %v, want %v", c.p, c.l.damaged, got, c.want)
		}
	}
}

// TestDescribe: the changelog names pages by title and settings by what
// they mean, never by path, except for files it has no name for; in the
// words of the kit's language, the English ones those it always printed.
func TestDescribe(t *testing.T) {
	files := []string{
		"content/guides/cardiology-referral.md", "kitgen.yaml", "kits/ledger.yaml", "kits/cardiology.yaml",
		"kit settings: paper", "kit settings: min_font_size", "kit settings: fonts", "kit settings: layout", "kit settings: base_url",
		"kit settings: i18n", "kit settings: shade", "content/unknown.md",
	}
	titles := map[string]string{"content/guides/cardiology-referral.md": "When to refer to cardiology"}
	en, es := tables(t)
	got := Describe(files, titles, en)
	want := []string{
		"When to refer to cardiology", "practice contact details", "kit versions", "the kit's layout",
		"paper size", "smallest type size", "typefaces", "page layout (kitgen update)", "website address printed on the kit",
		"the kit's fixed wording (translation table)", "kit settings: shade", "content/unknown.md",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Describe:\n got  %q\n want %q", got, want)
	}
	got = Describe(files, titles, es)
	want = []string{
		"When to refer to cardiology", "datos de contacto del centro", "versiones del kit", "el diseño del kit",
		"tamaño del papel", "tamaño mínimo de letra", "tipos de letra", "diseño de la página (actualización de kitgen)", "dirección del sitio impresa en el kit",
		"los textos fijos del kit (tabla de traducción)", "kit settings: shade", "content/unknown.md",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Describe in Spanish:\n got  %q\n want %q", got, want)
	}
	if got := Describe(nil, nil, en); len(got) != 0 {
		t.Errorf("Describe(nil) = %q", got)
	}
}
