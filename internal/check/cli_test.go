package check_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/cli"
)

// kitgen runs the command line in-process with the date fixed and outside
// CI, and returns its exit status and output.
func kitgen(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(today.Unix(), 10))
	t.Setenv("CI", "")
	var out, errb bytes.Buffer
	status = cli.Main(args, &out, &errb)
	return status, out.String(), errb.String()
}

func TestCheckJSON(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := writeSite(t, map[string]string{"content/a.md": claimPage})
	status, stdout, stderr := kitgen(t, "check", "-s", dir, "--format", "json")
	if status != 1 {
		t.Errorf("status %d, want 1; stderr:\n%s", status, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, stdout)
	}
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1:\n%s", len(got), stdout)
	}
	f := got[0]
	want := map[string]any{"file": "content/a.md", "line": 5.0, "column": 12.0, "severity": "error", "rule": "claims"}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s = %v, want %v", k, f[k], v)
		}
	}
	if msg, _ := f["message"].(string); !strings.Contains(msg, "best in the nation") {
		t.Errorf("message %q does not quote the claim", msg)
	}

	// A clean site is an empty array, not null.
	status, stdout, _ = kitgen(t, "check", "-s", writeSite(t, nil), "--format", "json")
	if status != 0 || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("clean site: status %d, stdout %q; want 0 and []", status, stdout)
	}
}

func TestCheckGitHubAnnotations(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": claimPage})
	const want = "::error file=content/a.md,line=5,col=12,title=claims::"

	t.Setenv("GITHUB_ACTIONS", "true")
	status, stdout, stderr := kitgen(t, "check", "-s", dir)
	if status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	if !strings.Contains(stdout, want) {
		t.Errorf("in GitHub Actions, stdout has no annotation %q:\n%s", want, stdout)
	}
	if !strings.Contains(stderr, "content/a.md:5:12: error: claims: ") {
		t.Errorf("in GitHub Actions, the text findings are gone from stderr:\n%s", stderr)
	}

	t.Setenv("GITHUB_ACTIONS", "")
	_, stdout, stderr = kitgen(t, "check", "-s", dir, "--format", "github")
	if !strings.Contains(stdout+stderr, want) {
		t.Errorf("--format github printed no annotation %q:\n%s%s", want, stdout, stderr)
	}
	_, stdout, _ = kitgen(t, "check", "-s", dir)
	if strings.Contains(stdout, "::error") {
		t.Errorf("outside GitHub Actions, stdout has annotations:\n%s", stdout)
	}
}

func TestCheckStrict(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := writeSite(t, map[string]string{"content/a.md": page("See [click here](/locations/loop/).\n")})
	status, stdout, stderr := kitgen(t, "check", "-s", dir)
	if status != 0 {
		t.Errorf("a warning failed check without --strict: status %d\n%s", status, stderr)
	}
	if !strings.Contains(stderr, "content/a.md:5:5: warning: a11y: ") || !strings.Contains(stdout, "0 errors, 1 warning") {
		t.Errorf("the warning is not reported:\nstdout: %s\nstderr: %s", stdout, stderr)
	}
	status, _, stderr = kitgen(t, "check", "-s", dir, "--strict")
	if status != 1 {
		t.Errorf("a warning passed check --strict: status %d\n%s", status, stderr)
	}
	status, _, stderr = kitgen(t, "build", "-s", dir, "-d", t.TempDir()+"/out", "--strict")
	if status != 1 {
		t.Errorf("a warning passed build --strict: status %d\n%s", status, stderr)
	}
}
