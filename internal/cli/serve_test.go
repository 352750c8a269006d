package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestServeFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"serve", "--port", "70000"}, 2, "is not a port"},
		{[]string{"serve", "extra"}, 2, "unexpected argument"},
		{[]string{"serve", "--poll", "-1s"}, 2, "--poll -1s is negative"},
		{[]string{"serve", "--poll", "often"}, 2, "invalid argument \"often\" for \"--poll\" flag"},
		{[]string{"serve", "--no-such-flag"}, 2, "unknown flag: --no-such-flag"},
		{[]string{"serve", "-s", "/no/such/site", "--port", "0"}, 1, "is not a folder"},
	} {
		var out, errOut bytes.Buffer
		if code := Main(c.args, &out, &errOut); code != c.code || !strings.Contains(errOut.String(), c.err) {
			t.Errorf("kitgen %s: exit %d, stderr %q; want %d and %q", strings.Join(c.args, " "), code, errOut.String(), c.code, c.err)
		}
	}
}
