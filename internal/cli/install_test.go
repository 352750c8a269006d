package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestInstallAndCIWorkflow installs kitgen as the README says, from a
// checkout (this one), and runs the README's CI workflow steps as written
// on the example site, deploying to a folder: the documented install line
// and workflow must work.
func TestInstallAndCIWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and installs the kitgen binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the workflow steps are bash")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	steps := workflowSteps(t, string(readme), "The same steps without the action:")
	if len(steps) < 4 || !strings.Contains(steps[0], "go install ./cmd/kitgen") {
		t.Fatalf("README workflow steps %q: want the install step first", steps)
	}

	work, gobin, bucket := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "bucket")
	t.Setenv("SOURCE_DATE_EPOCH", "")
	var out, errb bytes.Buffer
	if code := Main([]string{"init", "--example", work}, &out, &errb); code != 0 {
		t.Fatalf("init --example: %s", errb.String())
	}
	// The workflow's second checkout puts kitgen's source in .kitgen-src.
	if err := os.Symlink(repo, filepath.Join(work, ".kitgen-src")); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"GOBIN="+gobin,
		"PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CI=true", "GITHUB_ACTIONS=true",
		"KITGEN_TARGET=file://"+filepath.ToSlash(bucket),
	)
	outputs := make([]string, len(steps))
	for i, step := range steps {
		cmd := exec.Command("bash", "-eo", "pipefail", "-c", step)
		cmd.Dir, cmd.Env = work, env
		b, err := cmd.CombinedOutput()
		outputs[i] = string(b)
		if err != nil {
			t.Fatalf("step %q: %v\n%s", step, err, b)
		}
	}
	if _, err := os.Lstat(filepath.Join(work, ".kitgen-src")); !os.IsNotExist(err) {
		t.Errorf("the install step left .kitgen-src behind: %v", err)
	}
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		t.Fatalf("the install step's clean-up reached the checkout: %v", err)
	}
	if _, err := os.Stat(filepath.Join(gobin, "kitgen")); err != nil {
		t.Fatalf("go install put no kitgen in GOBIN: %v", err)
	}
	joined := strings.Join(outputs, "\n")
	for _, want := range []string{"checked ", "built ", "dry run: would upload ", "deployed public → file://"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the workflow's output has no %q:\n%s", want, joined)
		}
	}
	for _, name := range []string{"index.html", "kits/cardiology/cardiology-v1.pdf", "sitemap.xml"} {
		want, err1 := os.ReadFile(filepath.Join(work, "public", name))
		got, err2 := os.ReadFile(filepath.Join(bucket, name))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s in the deploy target differs from the build (%v, %v)", name, err1, err2)
		}
	}
}

// workflowSteps returns the run: lines of the first YAML block after
// marker in the README.
func workflowSteps(t *testing.T, readme, marker string) []string {
	t.Helper()
	i := strings.Index(readme, marker)
	if i < 0 {
		t.Fatalf("README has no %q", marker)
	}
	rest := readme[i:]
	start := strings.Index(rest, "```yaml\n")
	if start < 0 {
		t.Fatalf("no YAML block after %q", marker)
	}
	block := rest[start+len("```yaml\n"):]
	block = block[:strings.Index(block, "```")]
	var steps []string
	for _, line := range strings.Split(block, "\n") {
		if run, ok := strings.CutPrefix(strings.TrimSpace(line), "- run: "); ok {
			if c := strings.Index(run, "   #"); c >= 0 {
				run = run[:c]
			}
			steps = append(steps, strings.TrimSpace(run))
		}
	}
	return steps
}
