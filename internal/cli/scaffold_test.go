package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// TestNewWritesEveryField runs "kitgen new" for every row of the page-type
// table and checks that the file names every key the type's schema
// accepts, with title, description and any recommended key, so a field
// added to a type cannot be left out of its template again.
func TestNewWritesEveryField(t *testing.T) {
	for _, pt := range content.PageTypes {
		t.Run(pt.Name, func(t *testing.T) {
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			if code := Main([]string{"new", pt.Name, "sample", "-s", dir}, &stdout, &stderr); code != 0 {
				t.Fatalf("kitgen new %s exited %d: %s", pt.Name, code, stderr.String())
			}
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(pt.File("sample"))))
			if err != nil {
				t.Fatal(err)
			}
			written := frontMatterKeys(t, src)

			want := []string{"title", "description"}
			if pt.Schema != nil {
				fields, _ := pt.Schema(&content.Page{}, &schema.Decoder{Diags: &diag.List{}})
				for _, f := range fields {
					want = append(want, f.Name)
				}
			}
			for _, r := range pt.Recommended {
				want = append(want, r.Key)
			}
			for _, k := range want {
				if !written[k] {
					t.Errorf("kitgen new %s writes no %q; the file:\n%s", pt.Name, k, src)
				}
			}
		})
	}
}

// TestNewGuideClaimsNoReview checks that a new guide's review date is
// empty: a date would claim a clinical review that never happened.
func TestNewGuideClaimsNoReview(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"new", "guide", "sleep", "-s", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("kitgen new guide exited %d: %s", code, stderr.String())
	}
	src, err := os.ReadFile(filepath.Join(dir, "content", "guides", "sleep.md"))
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	p := content.Decode("content/guides/sleep.md", src, &l)
	if p == nil {
		t.Fatalf("the new guide does not decode:\n%v", l.Sorted())
	}
	if _, ok := p.Lines["reviewed"]; !ok || !p.Reviewed.IsZero() {
		t.Errorf("reviewed: written %v, date %v; want the key, with no date", ok, p.Reviewed)
	}
}

// frontMatterKeys returns the top-level keys of a page's YAML front
// matter, read with a YAML parser rather than kitgen's own decoder.
func frontMatterKeys(t *testing.T, src []byte) map[string]bool {
	t.Helper()
	parts := strings.SplitN(string(src), "---\n", 3)
	if len(parts) != 3 || parts[0] != "" {
		t.Fatalf("no front matter in:\n%s", src)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(parts[1]), &m); err != nil {
		t.Fatalf("front matter: %v", err)
	}
	keys := map[string]bool{}
	for k := range m {
		keys[k] = true
	}
	return keys
}

// TestStarterFilledIn fills in every placeholder of a site "kitgen init"
// wrote, the way an editor would (own text in place of each "TODO:" note,
// a review date for the guide), and checks that nothing else stands
// between the starter and a --strict build.
func TestStarterFilledIn(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"init", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("kitgen init exited %d: %s", code, stderr.String())
	}
	stderr.Reset()
	if code := Main([]string{"check", "-s", dir, "--strict"}, &stdout, &stderr); code != 1 {
		t.Fatalf("kitgen check --strict on the starter exited %d, want 1: %s", code, stderr.String())
	}

	comment := regexp.MustCompile(`\s*# TODO:.*$`)
	text := regexp.MustCompile(`TODO: ?`)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var out []string
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(strings.TrimSpace(line), "# TODO:"):
				continue
			case strings.HasPrefix(line, "reviewed:"):
				line = "reviewed: " + time.Now().UTC().Format("2006-01-02")
			}
			out = append(out, text.ReplaceAllString(comment.ReplaceAllString(line, ""), ""))
		}
		return os.WriteFile(p, []byte(strings.Join(out, "\n")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := Main([]string{"check", "-s", dir, "--strict"}, &stdout, &stderr); code != 0 {
		t.Errorf("kitgen check --strict with every placeholder filled in exited %d:\n%s", code, stderr.String())
	}
}
