package check_test

import (
	"os"
	"testing"

	"github.com/kitgen/kitgen/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary double as the kitgen command, so scripts
// run it as a separate process, exactly as CI does.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kitgen": func() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the command-line scripts of testdata/script.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			// A fixed date, so freshness never depends on when tests run.
			env.Setenv("SOURCE_DATE_EPOCH", "1780272000")
			return nil
		},
	})
}
