package browsertest

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/kitgen/kitgen/internal/cli"
)

// TestInitSite checks that a site made by "kitgen init" passes in the
// browser as the example does: it starts from the embedded copy of the
// theme and example, not from this repository's files.
func TestInitSite(t *testing.T) {
	s := setup(t)
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := cli.Main([]string{"init", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("kitgen init exited %d: %s", code, stderr.String())
	}
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildSite(dir, dest); err != nil {
		t.Fatal(err)
	}
	origin, csp, stop, err := serve(dest)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	initSite := *s
	initSite.origin, initSite.csp = origin, csp

	for _, pt := range []struct{ name, path string }{{"home", "/"}, {"directory", "/providers/"}, {"kit", "/kits/cardiology/"}} {
		t.Run(pt.name, func(t *testing.T) {
			t.Parallel()
			tab := initSite.open(t, phone)
			tab.load(t, pt.path, 200)
			tab.screenshot(t, "init-"+pt.name+"-phone.png")
			tab.checkNoOverflow(t)
			tab.checkSkipLink(t)
			tab.checkLog(t, 200)
			t.Run("axe", tab.checkAxe)
		})
	}
}
