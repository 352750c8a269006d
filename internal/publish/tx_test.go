package publish

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree returns the files under root by slash-separated path, and folders
// with a trailing slash.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." {
				got[rel+"/"] = ""
			}
			return nil
		}
		b, err := os.ReadFile(p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s is missing", what, p)
		} else if g != w {
			t.Errorf("%s: %s is %q, want %q", what, p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s is extra", what, p)
		}
	}
}

// publishFiles runs one transaction writing files into dest and commits it
// unless commit is false.
func publishFiles(t *testing.T, source, dest string, files map[string]string, commit bool) error {
	t.Helper()
	tx, err := Begin(dest, Options{Source: source})
	if err != nil {
		return err
	}
	defer tx.Close()
	for rel, data := range files {
		tx.Folder().Write(rel, []byte(data))
	}
	tx.Folder().Prune()
	if !commit {
		return nil
	}
	return tx.Commit()
}

// inject replaces a file-system function for one test.
func inject[T any](t *testing.T, v *T, f T) {
	old := *v
	*v = f
	t.Cleanup(func() { *v = old })
}

// TestMountPointSwapsEntries makes the destination look like a mount point
// (which cannot be renamed) and checks that builds publish into it, entry
// by entry: new and changed entries appear, entries of the old output
// that the new one lacks go, dot-files stay, an uncommitted build changes
// nothing, and no staging folder is left inside. It runs with and without
// an atomic exchange (Linux has one, other systems do not).
func TestMountPointSwapsEntries(t *testing.T) {
	for _, ex := range []struct {
		name string
		f    func(a, b string) error
	}{
		{"exchange", exchangeDirs},
		{"renames", func(a, b string) error { return errors.ErrUnsupported }},
	} {
		t.Run(ex.name, func(t *testing.T) {
			inject(t, &mountPoint, func(string) bool { return true })
			inject(t, &exchange, ex.f)
			source := t.TempDir()
			dest := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(filepath.Join(dest, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dest, ".git", "HEAD"), []byte("ref"), 0o644)
			os.WriteFile(filepath.Join(dest, "CNAME"), []byte("example.org"), 0o644)

			one := map[string]string{"index.html": "home 1", "a/index.html": "a 1", "b/index.html": "b 1", "robots.txt": "r"}
			if err := publishFiles(t, source, dest, one, true); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{".git/": "", ".git/HEAD": "ref", "CNAME": "example.org", "a/": "", "b/": ""}
			for k, v := range one {
				want[k] = v
			}
			sameTree(t, "first build", tree(t, dest), want)

			two := map[string]string{"index.html": "home 2", "a/index.html": "a 2", "c/index.html": "c 2"}
			if err := publishFiles(t, source, dest, two, true); err != nil {
				t.Fatal(err)
			}
			want = map[string]string{".git/": "", ".git/HEAD": "ref", "CNAME": "example.org", "a/": "", "c/": ""}
			for k, v := range two {
				want[k] = v
			}
			sameTree(t, "second build", tree(t, dest), want)

			if err := publishFiles(t, source, dest, map[string]string{"index.html": "never"}, false); err != nil {
				t.Fatal(err)
			}
			sameTree(t, "after an uncommitted build", tree(t, dest), want)
		})
	}
}

// TestBusyDestination makes replacing the destination fail as a mount
// point that was not recognised would (EBUSY) and checks that the error
// names the destination as given and says what to do, and that the
// destination, dot-files included, is as it was.
func TestBusyDestination(t *testing.T) {
	source := t.TempDir()
	t.Chdir(t.TempDir())
	dest := "public"
	if err := publishFiles(t, source, dest, map[string]string{"index.html": "old"}, true); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dest, ".nojekyll"), nil, 0o644)
	before := tree(t, dest)
	busy := func(a, b string) error {
		if filepath.Base(b) == dest || filepath.Base(a) == dest {
			return &os.LinkError{Op: "rename", Old: a, New: b, Err: syscall.EBUSY}
		}
		return os.Rename(a, b)
	}
	inject(t, &exchange, func(a, b string) error { return busy(a, b) })
	inject(t, &rename, busy)
	err := publishFiles(t, source, dest, map[string]string{"index.html": "new"}, true)
	want := "cannot replace destination public: device or resource busy; it is in use, or a mount point kitgen did not recognise: build into a folder inside it instead"
	if err == nil || err.Error() != want {
		t.Fatalf("got error %v, want %q", err, want)
	}
	sameTree(t, "destination after the failed swap", tree(t, dest), before)
}

// TestErrorsNameDestination checks that a file that cannot be written is
// reported in the destination the user gave, never in the hidden staging
// folder it was being written to.
func TestErrorsNameDestination(t *testing.T) {
	source := t.TempDir()
	t.Chdir(t.TempDir())
	long := strings.Repeat("a", 300)
	err := publishFiles(t, source, filepath.Join("out", "public"), map[string]string{long + "/index.html": "x", "ok.html": "y"}, true)
	if err == nil {
		t.Fatal("writing a file whose name is too long succeeded")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "cannot create "+filepath.Join("out", "public", long)+": ") || strings.Contains(msg, ".kitgen-") {
		t.Errorf("error %q does not name the file in out/public", msg)
	}
	if _, err := os.Stat(filepath.Join("out", "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build created its destination")
	}
}

// TestKilledBuildCleaned kills a process in the middle of a build and
// checks that the next build removes the staging folder it left, and only
// that.
func TestKilledBuildCleaned(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("builds are not locked on Windows")
	}
	if dest := os.Getenv("KITGEN_TEST_KILLED_DEST"); dest != "" {
		// The build to be killed: write, say so, and wait forever.
		tx, err := Begin(dest, Options{Source: os.Getenv("KITGEN_TEST_KILLED_SOURCE")})
		if err != nil {
			panic(err)
		}
		tx.Folder().Write("index.html", []byte("half a site"))
		os.Stdout.WriteString("writing " + tx.Folder().Root() + "\n")
		time.Sleep(time.Hour)
		return
	}
	source := t.TempDir()
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildCleaned$")
	cmd.Env = append(os.Environ(), "KITGEN_TEST_KILLED_DEST="+dest, "KITGEN_TEST_KILLED_SOURCE="+source)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	staging := strings.TrimSpace(strings.TrimPrefix(line, "writing "))
	if err != nil || staging == "" {
		cmd.Process.Kill()
		t.Fatalf("the build to kill did not start: %q %v", line, err)
	}
	// While it runs, its staging folder is not touched by another build.
	if err := publishFiles(t, source, dest, map[string]string{"index.html": "x"}, true); err == nil || !strings.Contains(err.Error(), "another kitgen build is writing destination") {
		t.Errorf("a build beside a running one returned %v", err)
	}
	if _, err := os.Stat(filepath.Join(staging, "index.html")); err != nil {
		t.Fatalf("the running build's staging folder was touched: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()

	if err := publishFiles(t, source, dest, map[string]string{"index.html": "whole site"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(staging); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the killed build's staging folder %s is still there (%v)", staging, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "whole site" {
		t.Errorf("the build after the killed one published %q", b)
	}
}
