package pipeline_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// smallSite writes a three-page site whose service page says text.
func smallSite(t *testing.T, text string) string {
	t.Helper()
	site := t.TempDir()
	writeFile(t, site, "content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n")
	writeFile(t, site, "content/privacy.md", "---\ntitle: Privacy\n---\n\nWe keep nothing.\n")
	writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\n"+text+"\n")
	return site
}

// TestHardLinksNotWrittenThrough checks that a file outside the output that
// shares its bytes with an output file through a hard link (ln -f, or a
// cp -al snapshot of the output) is never written by a later build, while
// the output itself gets the new content.
func TestHardLinksNotWrittenThrough(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("hard links as tested here are a Unix matter")
	}
	site := smallSite(t, "Version one.")
	dest := filepath.Join(t.TempDir(), "public")
	opts := pipeline.Options{Source: site, Dest: dest, Preview: true}
	buildOK := func() {
		t.Helper()
		if _, err := pipeline.Build(opts); err != nil {
			t.Fatal(err)
		}
	}
	buildOK()
	buildOK() // now there is a previous output, which the next build reuses

	// ln -f /tmp/x public/privacy/index.html
	outside := filepath.Join(t.TempDir(), "x")
	if err := os.WriteFile(outside, []byte("mine, not the site's"), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dest, "privacy", "index.html")
	os.Remove(linked)
	if err := os.Link(outside, linked); err != nil {
		t.Fatal(err)
	}
	// cp -al public snapshot
	snapshot := filepath.Join(t.TempDir(), "snapshot")
	if out, err := exec.Command("cp", "-al", dest, snapshot).CombinedOutput(); err != nil {
		t.Skipf("cp -al: %v %s", err, out)
	}
	before := readTree(t, snapshot)

	for _, text := range []string{"Version two.", "Version three."} {
		writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\n"+text+"\n")
		writeFile(t, site, "content/privacy.md", "---\ntitle: Privacy\n---\n\nWe keep nothing. "+text+"\n")
		buildOK()
		page, err := os.ReadFile(filepath.Join(dest, "services", "a", "index.html"))
		if err != nil || !strings.Contains(string(page), text) {
			t.Fatalf("the output does not have the new text %q (%v)", text, err)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "mine, not the site's" {
		t.Errorf("a build wrote through a hard link into a file outside the output: it now holds %.60q", b)
	}
	diffTrees(t, "cp -al snapshot of the output after two builds", readTree(t, snapshot), before)
}

// TestLeftoverStagingRemoved checks that staging folders a killed build
// left beside the destination are removed by the next build, and that
// nothing else beside it is touched.
func TestLeftoverStagingRemoved(t *testing.T) {
	site := smallSite(t, "Text.")
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	opts := pipeline.Options{Source: site, Dest: dest, Preview: true}
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	leftovers := []string{".kitgen-public-staging-4242", ".kitgen-public-staging-1234567890", ".kitgen-public-staging-77.old"}
	for _, d := range leftovers {
		writeFile(t, out, d+"/services/a/index.html", "half a page")
	}
	// Not kitgen's staging folders: another destination's, and a user's.
	others := []string{".kitgen-public-staging-x", ".kitgen-public-staging-1-staging-2", "public-staging-5"}
	for _, d := range others {
		writeFile(t, out, d+"/keep.txt", "keep")
	}
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	for _, d := range leftovers {
		if _, err := os.Lstat(filepath.Join(out, d)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the left-over staging folder %s is still there (%v)", d, err)
		}
	}
	for _, d := range others {
		if _, err := os.Stat(filepath.Join(out, d, "keep.txt")); err != nil {
			t.Errorf("%s, which is not a staging folder of public, was touched: %v", d, err)
		}
	}
}

// TestConcurrentBuildRefused checks that a second build into a
// destination another build is writing fails with a clear message, and
// leaves that build's staging folder alone.
func TestConcurrentBuildRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("builds are not locked on Windows")
	}
	site := smallSite(t, "Text.")
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	lock := filepath.Join(out, ".kitgen-public.lock")
	staging := filepath.Join(out, ".kitgen-public-staging-99")
	writeFile(t, out, ".kitgen-public-staging-99/index.html", "being written")
	f, err := os.OpenFile(lock, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// flock(1) holds the lock as another kitgen process would.
	holder := exec.Command("flock", "-o", lock, "sleep", "30")
	if err := holder.Start(); err != nil {
		t.Skipf("flock(1): %v", err)
	}
	defer holder.Process.Kill()
	waitLocked(t, lock)

	_, err = pipeline.Build(pipeline.Options{Source: site, Dest: dest})
	if err == nil || !strings.Contains(err.Error(), "another kitgen build is writing destination "+dest+"; wait for it to finish") {
		t.Fatalf("build while another holds the destination returned %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(staging, "index.html")); err != nil || string(b) != "being written" {
		t.Errorf("the running build's staging folder was touched: %q %v", b, err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused build created %s", dest)
	}
}

// waitLocked waits until someone holds the lock on file.
func waitLocked(t *testing.T, file string) {
	t.Helper()
	for range 500 {
		if exec.Command("flock", "--nonblock", file, "true").Run() != nil {
			return
		}
		exec.Command("sleep", "0.01").Run()
	}
	t.Fatal("the lock was never taken")
}

// TestDestGuardDotFilesOnly checks that a destination holding only
// dot-files and CNAME is built into, and that those stay as they were.
func TestDestGuardDotFilesOnly(t *testing.T) {
	site := smallSite(t, "Text.")
	dest := t.TempDir()
	writeFile(t, dest, ".git", "gitdir: /elsewhere/.git/worktrees/public\n")
	writeFile(t, dest, "CNAME", "partners.example.org\n")
	writeFile(t, dest, ".well-known/security.txt", "Contact: mailto:security@example.org\n")
	before := readTree(t, dest)
	for range 3 {
		if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: dest, Preview: true}); err != nil {
			t.Fatal(err)
		}
	}
	after := readTree(t, dest)
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed or went missing after three builds", p)
		}
	}
	if _, ok := after["services/a/index.html"]; !ok {
		t.Errorf("the site was not built into the destination")
	}
}

// TestMountPointDestination builds into a real tmpfs mount, which cannot
// be renamed: the build publishes into it, keeps its dot-files, leaves no
// staging folder inside it, and a failed build leaves it as it was. It
// needs the right to mount (root on Linux) and skips without it; the
// same logic runs everywhere in the publish package's tests.
func TestMountPointDestination(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mounts a tmpfs")
	}
	site := smallSite(t, "Version one.")
	out := t.TempDir()
	dest := filepath.Join(out, "public")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dest).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, msg)
	}
	t.Cleanup(func() { exec.Command("umount", dest).Run() })
	opts := pipeline.Options{Source: site, Dest: dest, Preview: true}
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dest, ".nojekyll", "")
	writeFile(t, site, "content/services/a.md", "---\ntitle: A\n---\n\nVersion two.\n")
	os.Remove(filepath.Join(site, "content", "privacy.md"))
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, dest)
	if !strings.Contains(got["services/a/index.html"], "Version two.") {
		t.Errorf("the mounted destination does not have the new page")
	}
	if _, ok := got["privacy/index.html"]; ok {
		t.Errorf("the page of a deleted file is still in the mounted destination")
	}
	if _, ok := got[".nojekyll"]; !ok {
		t.Errorf(".nojekyll was not kept")
	}
	for p := range got {
		if strings.HasPrefix(p, ".kitgen-") {
			t.Errorf("%s left inside the destination", p)
		}
	}
	fresh := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: fresh, Preview: true}); err != nil {
		t.Fatal(err)
	}
	want := readTree(t, fresh)
	want[".nojekyll"] = ""
	diffTrees(t, "mounted destination vs a new build", got, want)

	writeFile(t, site, "content/services/a.md", "---\ntitle: [A\n---\n")
	if _, err := pipeline.Build(opts); !errors.Is(err, pipeline.ErrFailed) {
		t.Fatalf("broken build returned %v", err)
	}
	diffTrees(t, "mounted destination after a failed build", readTree(t, dest), got)

	// A full disk fails the build with an error naming the destination,
	// never kitgen's hidden staging folder.
	// Pages stay under the 1 MiB page limit; six of them fill the 4 MiB disk.
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		writeFile(t, site, "content/services/"+name+".md", "---\ntitle: "+name+"\n---\n\n"+strings.Repeat("Long text. ", 80_000)+"\n")
	}
	_, err := pipeline.Build(opts)
	if err == nil || !strings.Contains(err.Error(), "cannot write "+filepath.Join(dest, "services")) || !strings.Contains(err.Error(), ": no space left on device") || strings.Contains(err.Error(), ".kitgen-") {
		t.Errorf("build into a full disk returned %v", err)
	}
	diffTrees(t, "mounted destination after a build that ran out of space", readTree(t, dest), got)
}
