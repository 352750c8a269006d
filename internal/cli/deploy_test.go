package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestDeployTargetFromConfig deploys to the file:// target written in
// kitgen.yaml, which a testscript cannot name (its path is only known at
// run time).
func TestDeployTargetFromConfig(t *testing.T) {
	t.Setenv("KITGEN_TARGET", "")
	dir, bucket := t.TempDir(), t.TempDir()
	target := "file:///" + strings.TrimPrefix(filepath.ToSlash(bucket), "/")
	files := map[string]string{
		"kitgen.yaml":       "title: T\nbase_url: https://partners.test.example/\ndeploy:\n  target: " + target + "\n",
		"content/_index.md": "---\ntitle: T\ndescription: D.\n---\n\nHello.\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"build", "-s", dir}, &out, &errb); code != 0 {
		t.Fatalf("build: %d\n%s", code, errb.String())
	}
	out.Reset()
	if code := Main([]string{"deploy", "-s", dir}, &out, &errb); code != 0 {
		t.Fatalf("deploy: %d\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), "→ "+target+":") {
		t.Errorf("deploy output %q does not name the target from kitgen.yaml", out.String())
	}
	want, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	got, err := os.ReadFile(filepath.Join(bucket, "index.html"))
	if err != nil || !bytes.Equal(got, want) || len(want) == 0 {
		t.Errorf("index.html in the target: %v; want the built page", err)
	}
}

func writeTestSite(t *testing.T, dir string) {
	t.Helper()
	for name, body := range map[string]string{
		"kitgen.yaml":       "title: T\nbase_url: https://partners.test.example/\n",
		"content/_index.md": "---\ntitle: T\ndescription: D.\n---\n\nHello.\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func buildOptions(dir string) pipeline.Options {
	return pipeline.Options{Source: dir, Dest: filepath.Join(dir, "public")}
}
