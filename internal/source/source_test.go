package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
)

// site writes files (name → contents) under a new folder and returns it.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot create symbolic links here: %v", err)
	}
}

// refused asserts err refuses path for being kind, and that the message
// says what to do.
func refused(t *testing.T, err error, path, kind string) {
	t.Helper()
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("error %v, want %s refused as %s", err, path, kind)
	}
	if nr.Path != path || nr.Kind != kind {
		t.Fatalf("refused %s as %s, want %s as %s", nr.Path, nr.Kind, path, kind)
	}
	if !strings.Contains(nr.Message(), "replace it with the file itself") {
		t.Fatalf("message %q does not say how to fix it", nr.Message())
	}
}

func TestReadsRegularFiles(t *testing.T) {
	dir := site(t, map[string]string{"content/a/b.md": "hello", "empty.txt": ""})
	s := Dir(dir)
	for name, want := range map[string]string{"content/a/b.md": "hello", "empty.txt": ""} {
		got, err := fs.ReadFile(s, name)
		if err != nil || string(got) != want {
			t.Fatalf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := fs.ReadFile(s, "missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want not exist", err)
	}
	if _, err := fs.ReadFile(s, "content/missing/x.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("file in a missing folder: %v, want not exist", err)
	}
	if _, err := s.Open("../x"); err == nil {
		t.Fatal("a path out of the site opened")
	}
	es, err := fs.ReadDir(s, "content")
	if err != nil || len(es) != 1 || es[0].Name() != "a" || !es[0].IsDir() {
		t.Fatalf("ReadDir(content) = %v, %v", es, err)
	}
}

// TestRefusesLinks: a link to a file, a link to a folder on the way to a
// file, and a link that stays inside the site are all refused, and nothing
// of the target is returned.
func TestRefusesLinks(t *testing.T) {
	dir := site(t, map[string]string{"secret.txt": "TOKEN=abc", "layouts/real/x.html": "inside"})
	symlink(t, filepath.Join(dir, "secret.txt"), filepath.Join(dir, "layouts", "footer.html"))
	symlink(t, filepath.Join(dir, "layouts", "real"), filepath.Join(dir, "layouts", "partials"))
	symlink(t, "/etc", filepath.Join(dir, "assets"))
	s := Dir(dir)

	data, err := fs.ReadFile(s, "layouts/footer.html")
	refused(t, err, "layouts/footer.html", "a symbolic link")
	if len(data) > 0 {
		t.Fatalf("read %q through a link", data)
	}
	_, err = fs.ReadFile(s, "layouts/partials/x.html")
	refused(t, err, "layouts/partials", "a symbolic link")
	_, err = fs.ReadFile(s, "assets/passwd")
	refused(t, err, "assets", "a symbolic link")
	_, err = fs.ReadDir(s, "assets")
	refused(t, err, "assets", "a symbolic link")
	_, err = fs.Stat(s, "assets/passwd")
	refused(t, err, "assets", "a symbolic link")
	// Stat describes a link as a link, so a walk does not enter it.
	fi, err := fs.Stat(s, "assets")
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("Stat(assets) = %v, %v; want the link itself", fi, err)
	}
	// Through fs.Sub, as the build reads assets/ and layouts/.
	sub, err := fs.Sub(s, "layouts")
	if err != nil {
		t.Fatal(err)
	}
	_, err = fs.ReadFile(sub, "footer.html")
	refused(t, err, "layouts/footer.html", "a symbolic link")
}

func TestWalk(t *testing.T) {
	dir := site(t, map[string]string{
		"assets/css/main.css":             "a",
		"assets/.private/key.pem":         "secret",
		"assets/vendor/.git/config":       "secret",
		"assets/.well-known/security.txt": "Contact: x",
		"assets/notes.txt~":               "backup",
		"assets/.DS_Store":                "x",
	})
	symlink(t, "/proc/self/environ", filepath.Join(dir, "assets", "env.txt"))
	var files []string
	var bad []string
	Walk(Dir(dir), "assets", func(p string) bool { return p == "assets/.well-known" }, func(p string, err error) {
		if err != nil {
			refused(t, err, p, "a symbolic link")
			bad = append(bad, p)
			return
		}
		files = append(files, p)
	})
	want := []string{"assets/.well-known/security.txt", "assets/css/main.css"}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("files %q, want %q", files, want)
	}
	if !reflect.DeepEqual(bad, []string{"assets/env.txt"}) {
		t.Fatalf("refused %q, want the link", bad)
	}

	// Without keep, .well-known is hidden like any other dot folder; a
	// missing root is no error; a linked root is refused.
	files, bad = nil, nil
	Walk(Dir(dir), "assets", nil, func(p string, err error) { files = append(files, p) })
	if !reflect.DeepEqual(files, []string{"assets/css/main.css", "assets/env.txt"}) {
		t.Fatalf("files %q", files)
	}
	Walk(Dir(dir), "nothing", nil, func(p string, err error) { t.Fatalf("missing root: %s %v", p, err) })
	symlink(t, filepath.Join(dir, "assets"), filepath.Join(dir, "content"))
	n := 0
	Walk(Dir(dir), "content", nil, func(p string, err error) {
		n++
		refused(t, err, "content", "a symbolic link")
	})
	if n != 1 {
		t.Fatalf("linked root reported %d times", n)
	}
	// Any fs.FS works (tests use fstest.MapFS).
	files = nil
	Walk(fstest.MapFS{"c/x.md": {}, "c/.y.md": {}}, "c", nil, func(p string, err error) { files = append(files, p) })
	if !reflect.DeepEqual(files, []string{"c/x.md"}) {
		t.Fatalf("MapFS walk %q", files)
	}
}

func TestReport(t *testing.T) {
	var l diag.List
	Report(&l, "assets/", "css/x.css", "assets", &fs.PathError{Op: "open", Path: "css/x.css", Err: &NotRegularError{Path: "css", Kind: "a symbolic link"}})
	Report(&l, "", "kitgen.yaml", "config", &fs.PathError{Op: "open", Path: "kitgen.yaml", Err: fs.ErrPermission})
	got := l.Sorted()
	if len(got) != 2 || got[0].File != "assets/css" || got[1].File != "kitgen.yaml" ||
		!strings.HasPrefix(got[0].Message, "is a symbolic link;") || got[1].Message != "cannot read: permission denied" {
		t.Fatalf("findings %+v", got)
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"cardiology", "main.css", "a_b-c.9", "cardiología", "ß"} {
		if !ValidName(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "a b", "a\nb", "a*", "x:y", "a/b", "a%0A", "\u202e", "a\tb"} {
		if ValidName(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	if !ValidPath("css/main.css") || ValidPath("css//main.css") || ValidPath("css/a b.css") {
		t.Error("ValidPath")
	}
}

// deadline fails the test when f has not returned within d, which is how a
// hang shows up as a failure instead of a stuck test run.
func deadline(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func TestIgnored(t *testing.T) {
	for p, want := range map[string]bool{
		"content/a.md":                    false,
		"content/.a.md":                   true,
		"content/#a.md#":                  true,
		"content/a.md~":                   true,
		"content/a.md.swp":                true,
		"content/4913":                    true,
		"assets/vendor/.git/config":       true,
		"assets/.well-known/security.txt": false,
		"content/.well-known/a.md":        true,
		"assets/x/.well-known/a.txt":      true,
		"./content/a.md":                  false,
	} {
		if got := Ignored(p); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestInput: the files a build reads, as the loaders and the dev server's
// watcher both see them.
func TestInput(t *testing.T) {
	for p, want := range map[string]bool{
		"kitgen.yaml":                      true,
		"content/services/cardiology.md":   true,
		"layouts/partials/footer.html":     true,
		"kits/cardiology.yaml":             true,
		"assets/css/site.css":              true,
		"assets/.well-known/security.txt":  true,
		"content":                          true,
		"public/index.html":                false,
		".git/HEAD":                        false,
		"notes.md":                         false,
		"content/.drafts/x.md":             false,
		"content/services/cardiology.md~":  false,
		"content/services/.cardiology.swp": false,
		"assets/vendor/.git/config":        false,
		"layouts/.well-known/security.txt": false,
		"kitgen.yaml.orig/x":               false,
		"contents/services/cardiology.md":  false,
	} {
		if got := Input(p); got != want {
			t.Errorf("Input(%q) = %v, want %v", p, got, want)
		}
	}
}
