package content

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
)

// TestReferrals decodes every way a provider's front matter can state (or
// not state) whether it takes new referrals, and checks the wording every
// writer shows for it. A false must never read as accepting, and an absent
// or empty value must not read as either answer.
func TestReferrals(t *testing.T) {
	tests := []struct {
		name, fm            string
		state               ReferralState
		short, text, caveat string
		accepting, stated   bool
	}{
		{name: "true", fm: "accepting_referrals: true",
			state: ReferralsAccepting, short: "Accepting", text: "Accepting", caveat: "", accepting: true, stated: true},
		{name: "false", fm: "accepting_referrals: false",
			state: ReferralsNotAccepting, short: "Not accepting", text: "Not accepting", caveat: "not accepting new referrals", stated: true},
		{name: "absent", fm: "",
			state: ReferralsNotStated, short: "Not stated", text: "Not stated", caveat: ""},
		{name: "empty", fm: "accepting_referrals:",
			state: ReferralsNotStated, short: "Not stated", text: "Not stated", caveat: ""},
		{name: "true with a note", fm: "accepting_referrals: true\naccepting_referrals_note: ages 0–5 only",
			state: ReferralsAccepting, short: "Accepting", text: "Accepting (ages 0–5 only)", caveat: "accepting new referrals: ages 0–5 only", accepting: true, stated: true},
		{name: "false with a note", fm: "accepting_referrals: false\naccepting_referrals_note: \"reopens March 2027\"",
			state: ReferralsNotAccepting, short: "Not accepting", text: "Not accepting (reopens March 2027)", caveat: "not accepting new referrals: reopens March 2027", stated: true},
		{name: "true with an empty note", fm: "accepting_referrals: true\naccepting_referrals_note:",
			state: ReferralsAccepting, short: "Accepting", text: "Accepting", caveat: "", accepting: true, stated: true},
		{name: "true with a blank note", fm: "accepting_referrals: true\naccepting_referrals_note: \"  \"",
			state: ReferralsAccepting, short: "Accepting", text: "Accepting", caveat: "", accepting: true, stated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: Ana Ruiz\ncredentials: MD\n" + tt.fm + "\n---\n"
			var l diag.List
			p := Decode("content/providers/ana-ruiz.md", []byte(src), &l)
			if f := findings(&l); f != "" || p == nil {
				t.Fatalf("findings:\n%s", f)
			}
			r := p.Provider().Referrals()
			if r.State != tt.state || r.Short() != tt.short || r.Text() != tt.text || r.Caveat() != tt.caveat ||
				r.Accepting() != tt.accepting || r.Stated() != tt.stated {
				t.Errorf("got state %v, Short %q, Text %q, Caveat %q, Accepting %v, Stated %v\nwant state %v, Short %q, Text %q, Caveat %q, Accepting %v, Stated %v",
					r.State, r.Short(), r.Text(), r.Caveat(), r.Accepting(), r.Stated(),
					tt.state, tt.short, tt.text, tt.caveat, tt.accepting, tt.stated)
			}
			for _, s := range []string{r.Short(), r.Text(), r.Caveat()} {
				if tt.state != ReferralsAccepting && strings.HasPrefix(s, "Accepting") {
					t.Errorf("%q reads as accepting", s)
				}
			}
		})
	}
}

// TestReferralsFindings lists the referral fields an editor can get wrong,
// each with the finding kitgen prints.
func TestReferralsFindings(t *testing.T) {
	tests := []struct{ name, fm, want string }{
		{name: "not a bool", fm: "accepting_referrals: yes please",
			want: `content/providers/ana-ruiz.md:4:22: error: front-matter: accepting_referrals must be true or false, not the text "yes please"`},
		{name: "a note alone", fm: "accepting_referrals_note: ages 0–5 only",
			want: `content/providers/ana-ruiz.md:4:1: error: front-matter: accepting_referrals_note needs accepting_referrals; add "accepting_referrals: true" (or false) so the note qualifies a stated answer`},
		{name: "a note on an empty answer", fm: "accepting_referrals:\naccepting_referrals_note: ages 0–5 only",
			want: `content/providers/ana-ruiz.md:5:1: error: front-matter: accepting_referrals_note needs accepting_referrals; add "accepting_referrals: true" (or false) so the note qualifies a stated answer`},
		{name: "a note and a wrong answer", fm: "accepting_referrals: 1\naccepting_referrals_note: ages 0–5 only",
			want: `content/providers/ana-ruiz.md:4:22: error: front-matter: accepting_referrals must be true or false, not the number 1`},
		{name: "a note on two lines", fm: "accepting_referrals: true\naccepting_referrals_note: |\n  ages 0–5\n  only",
			want: `content/providers/ana-ruiz.md:5:27: error: front-matter: accepting_referrals_note must be one short line, e.g. "ages 0–5 only"; put longer explanations in the bio`},
		{name: "a note as a list", fm: "accepting_referrals: true\naccepting_referrals_note: [a, b]",
			want: `content/providers/ana-ruiz.md:5:27: error: front-matter: accepting_referrals_note must be text, not a list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: Ana Ruiz\ncredentials: MD\n" + tt.fm + "\n---\n"
			var l diag.List
			Decode("content/providers/ana-ruiz.md", []byte(src), &l)
			if got := strings.TrimSuffix(findings(&l), "\n"); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestReferralsTOML checks the same fields in TOML front matter.
func TestReferralsTOML(t *testing.T) {
	src := "+++\ntitle = \"Ana Ruiz\"\ncredentials = \"MD\"\naccepting_referrals = false\naccepting_referrals_note = \"reopens in March\"\n+++\n"
	var l diag.List
	p := Decode("content/providers/ana-ruiz.md", []byte(src), &l)
	if f := findings(&l); f != "" || p == nil {
		t.Fatalf("findings:\n%s", f)
	}
	if got := p.Provider().Referrals().Text(); got != "Not accepting (reopens in March)" {
		t.Errorf("Text = %q", got)
	}
}
