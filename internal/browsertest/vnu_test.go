package browsertest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestNuHTMLChecker runs the Nu HTML Checker (vnu.jar, the W3C validator)
// over every HTML page of the example site and of the golden site, whose
// pages hold the absent and empty variants of every field, and fails on
// any error it reports. It needs java and KITGEN_VNU naming vnu.jar
// (npm install vnu-jar puts it in node_modules/vnu-jar/build/dist/); it
// skips without them unless KITGEN_REQUIRE_TOOLS=1, as in CI.
func TestNuHTMLChecker(t *testing.T) {
	java, jar := vnuTools(t)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	golden := unpackSite(t, filepath.Join(root, "internal", "pipeline", "testdata", "golden", "site.txtar"))
	for _, s := range []struct{ name, src string }{{"example", root}, {"golden", golden}} {
		t.Run(s.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if err := buildSite(s.src, dest); err != nil {
				t.Fatal(err)
			}
			pages, _ := filepath.Glob(filepath.Join(dest, "*", "*", "index.html"))
			if len(pages) < 5 {
				t.Fatalf("the %s site built only %d pages two levels down", s.name, len(pages))
			}
			for _, m := range runVnu(t, java, jar, dest) {
				t.Errorf("%s", m)
			}
		})
	}
}

// vnuTools returns java and the vnu.jar that KITGEN_VNU names, or skips
// (fails under KITGEN_REQUIRE_TOOLS=1) when either is missing.
func vnuTools(t *testing.T) (java, jar string) {
	t.Helper()
	missing := func(why string) {
		if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s; KITGEN_REQUIRE_TOOLS=1 requires it", why)
		}
		t.Skip(why)
	}
	jar = os.Getenv("KITGEN_VNU")
	if jar == "" {
		missing("KITGEN_VNU does not name vnu.jar (npm install vnu-jar; it is in node_modules/vnu-jar/build/dist/vnu.jar)")
	}
	if _, err := os.Stat(jar); err != nil {
		missing(fmt.Sprintf("KITGEN_VNU names %s: %v", jar, err))
	}
	java, err := exec.LookPath("java")
	if err != nil {
		missing("java not found (apt-get install -y default-jre-headless)")
	}
	return java, jar
}

// runVnu checks every HTML file under dir and returns the errors as
// "file:line:col: message", file relative to dir.
func runVnu(t *testing.T, java, jar, dir string) []string {
	t.Helper()
	cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", "--format", "json", dir)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it finds errors; the report says which
	var report struct {
		Messages []struct {
			Type, URL, Message, SubType string
			LastLine, FirstColumn       int
		}
	}
	if err := json.Unmarshal([]byte(stderr.String()), &report); err != nil {
		t.Fatalf("vnu.jar gave no JSON report (%v, %v):\n%s\n%s", runErr, err, stdout.String(), stderr.String())
	}
	var out []string
	for _, m := range report.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(dir, u.Path); err == nil {
				file = filepath.ToSlash(rel)
			}
		}
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", file, m.LastLine, m.FirstColumn, m.Message))
	}
	if len(out) == 0 && runErr != nil {
		t.Fatalf("vnu.jar failed without reporting an error: %v\n%s", runErr, stderr.String())
	}
	return out
}

// unpackSite writes a txtar archive of a site into a new temporary folder.
func unpackSite(t *testing.T, archive string) string {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
