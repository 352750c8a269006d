package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// action is the part of action.yml that a runner reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			If   string            `yaml:"if"`
			Run  string            `yaml:"run"`
			Dir  string            `yaml:"working-directory"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// TestActionSteps runs the composite action in action.yml the way a
// runner does, on the example site with a file:// deploy target: it
// evaluates each step's if: and ${{ }} expressions with the action's
// inputs, and runs each run: step with bash. The one uses: step
// (actions/setup-go) is what this machine already has: Go.
func TestActionSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and installs the kitgen binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the action's steps are bash")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(repo, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("action.yml runs.using = %q, want composite", a.Runs.Using)
	}

	work, gobin, bucket := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "bucket")
	var out, errb bytes.Buffer
	if code := Main([]string{"init", "--example", work}, &out, &errb); code != 0 {
		t.Fatalf("init --example: %s", errb.String())
	}
	inputs := map[string]string{}
	for name, in := range a.Inputs {
		inputs[name] = in.Default
	}
	// What a workflow sets: deploy on, to a folder.
	inputs["deploy"] = "true"
	inputs["target"] = "file://" + filepath.ToSlash(bucket)
	ctx := map[string]string{
		"github.action_path": repo,
		"github.action_ref":  "v9.8.7",
	}
	for name, v := range inputs {
		ctx["inputs."+name] = v
	}

	env := append(os.Environ(),
		"GOBIN="+gobin,
		"PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CI=true", "GITHUB_ACTIONS=true", "SOURCE_DATE_EPOCH=",
	)
	var ran []string
	var log strings.Builder
	for _, step := range a.Runs.Steps {
		if step.Uses != "" {
			if !strings.HasPrefix(step.Uses, "actions/setup-go@") {
				t.Fatalf("action.yml uses %q, which this test cannot stand in for", step.Uses)
			}
			continue
		}
		if step.If != "" && !actionCondition(t, step.If, ctx) {
			continue
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run)
		cmd.Dir = work
		if step.Dir != "" {
			cmd.Dir = actionExpand(t, step.Dir, ctx)
		}
		cmd.Env = env
		for k, v := range step.Env {
			cmd.Env = append(cmd.Env, k+"="+actionExpand(t, v, ctx))
		}
		b, err := cmd.CombinedOutput()
		log.WriteString("## " + step.Name + "\n" + string(b))
		if err != nil {
			t.Fatalf("step %q: %v\n%s", step.Name, err, b)
		}
		ran = append(ran, step.Name)
	}
	if want := []string{"Install kitgen", "kitgen check", "kitgen build", "kitgen deploy"}; strings.Join(ran, ",") != strings.Join(want, ",") {
		t.Errorf("ran steps %q, want %q", ran, want)
	}
	joined := log.String()
	for _, want := range []string{"kitgen v9.8.7", "checked ", "built ", "deployed public → file://"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the action's output has no %q:\n%s", want, joined)
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

var actionExpr = regexp.MustCompile(`\$\{\{\s*([a-z_.-]+)\s*\}\}`)

// actionExpand replaces ${{ name }} with its value; the action may use no
// other expressions, which would run differently on GitHub.
func actionExpand(t *testing.T, s string, ctx map[string]string) string {
	t.Helper()
	out := actionExpr.ReplaceAllStringFunc(s, func(m string) string {
		name := actionExpr.FindStringSubmatch(m)[1]
		v, ok := ctx[name]
		if !ok {
			t.Fatalf("action.yml uses ${{ %s }}, which the test does not know", name)
		}
		return v
	})
	if strings.Contains(out, "${{") {
		t.Fatalf("action.yml has an expression the test cannot evaluate: %q", s)
	}
	return out
}

// actionCondition evaluates an if: of the form inputs.NAME == 'VALUE'.
func actionCondition(t *testing.T, cond string, ctx map[string]string) bool {
	t.Helper()
	name, value, ok := strings.Cut(cond, "==")
	value = strings.Trim(strings.TrimSpace(value), "'")
	v, known := ctx[strings.TrimSpace(name)]
	if !ok || !known {
		t.Fatalf("action.yml has a condition the test cannot evaluate: %q", cond)
	}
	return v == value
}
