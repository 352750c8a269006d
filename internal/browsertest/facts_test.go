package browsertest

import (
	"strings"
	"testing"
)

// TestReferralStatus reads, as a referring office would, whether a
// provider takes new referrals: on the provider page and in the directory,
// at desktop and phone widths. Ingrid Sørensen's front matter says
// accepting_referrals: false, José Núñez's says true.
func TestReferralStatus(t *testing.T) {
	s := setup(t)
	for _, vp := range []viewport{desktop, phone} {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			tab := s.open(t, vp)
			for _, tt := range []struct{ slug, want string }{
				{"ingrid-sorensen", "Not accepting"},
				{"jose-nunez", "Accepting"},
			} {
				tab.load(t, "/providers/"+tt.slug+"/", 200)
				got := eval[string](t, tab, `(() => {
  for (const dt of document.querySelectorAll('main dt'))
    if (dt.innerText.trim() === 'New referrals') return dt.nextElementSibling.innerText.trim();
  return '';
})()`)
				if got != tt.want {
					t.Errorf("/providers/%s/ shows New referrals: %q, want %q", tt.slug, got, tt.want)
				}
				if main := eval[string](t, tab, `document.querySelector('main').innerText`); tt.want != "Accepting" && strings.Contains(main, "Accepting") {
					t.Errorf("/providers/%s/ says Accepting somewhere:\n%s", tt.slug, main)
				}

				tab.load(t, "/providers/", 200)
				entry := eval[string](t, tab, `(() => {
  const a = document.querySelector('main a[href="/providers/`+tt.slug+`/"]');
  const li = a && a.closest('li');
  return li ? li.innerText : '';
})()`)
				if !strings.Contains(entry, "New referrals") || !strings.Contains(entry, tt.want) {
					t.Errorf("the directory entry of %s does not read New referrals %s:\n%s", tt.slug, tt.want, entry)
				}
				if tt.want != "Accepting" && strings.Contains(entry, "Accepting") {
					t.Errorf("the directory entry of %s says Accepting:\n%s", tt.slug, entry)
				}
			}
		})
	}
}
