package browsertest

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/kitgen/kitgen/internal/cli"
)

// TestInitSite checks that the sites "kitgen init" and "kitgen init
// --example" write pass in the browser as this repository's example does:
// they start from the embedded starter, theme and example, not from this
// repository's files. The starter has no kits and no layouts of its own,
// so its pages show the built-in theme with the starter's placeholders.
func TestInitSite(t *testing.T) {
	s := setup(t)
	for _, tc := range []struct {
		name  string
		args  []string
		pages []struct{ name, path string }
	}{
		{"starter", nil, []struct{ name, path string }{
			{"home", "/"}, {"service", "/services/your-service/"}, {"guide", "/guides/your-service-referral/"},
			{"directory", "/providers/"}, {"location", "/locations/main-office/"},
		}},
		{"example", []string{"--example"}, []struct{ name, path string }{
			{"home", "/"}, {"directory", "/providers/"}, {"kit", "/kits/cardiology/"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			var stdout, stderr bytes.Buffer
			if code := cli.Main(append([]string{"init", dir}, tc.args...), &stdout, &stderr); code != 0 {
				t.Fatalf("kitgen init %v exited %d: %s", tc.args, code, stderr.String())
			}
			initSite := *s
			initSite.origin, initSite.csp = buildAndServe(t, dir)

			for _, pt := range tc.pages {
				t.Run(pt.name, func(t *testing.T) {
					t.Parallel()
					tab := initSite.open(t, phone)
					tab.load(t, pt.path, 200)
					tab.screenshot(t, "init-"+tc.name+"-"+pt.name+"-phone.png")
					tab.checkNoOverflow(t)
					tab.checkSkipLink(t)
					tab.checkLog(t, 200)
					t.Run("axe", tab.checkAxe)
				})
			}
		})
	}
}
