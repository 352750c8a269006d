package pipeline

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/publish"
)

var (
	vday1 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	vday2 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
)

// kitSite writes a small site with one kit (cardiology) that quotes a
// guide section and a location.
func kitSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	files := map[string]string{
		"kitgen.yaml": "title: Test Clinic\nbase_url: https://partners.test.example/\n",
		"kits/cardiology.yaml": "title: Cardiology referral kit\naudience: Referring clinicians\npage: services/cardiology\nblocks:\n" +
			"  - section: guides/cardiology#red-flags\n  - contact: loc\n",
		"content/services/cardiology.md": "---\ntitle: Cardiology\n---\n\nAdults with heart disease.\n",
		"content/guides/cardiology.md": "---\ntitle: When to refer\naudience: Clinicians\nreviewed: 2026-02-01\n---\n\n## Red flags\n\n- Chest pain at rest.\n\n" +
			"```\ncall 911\n```\n\n## Routine\n\n- Palpitations.\n",
		"content/locations/loc.md": "---\ntitle: Main office\naddress:\n  street: 1 Main St\n  city: Springfield\nphone: \"(555) 555-0150\"\nfax: \"(555) 555-0151\"\n---\n\nParking.\n",
	}
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func buildAt(t *testing.T, site string, day time.Time, opts Options) *Result {
	t.Helper()
	opts.Source, opts.Today = site, day
	res, err := Build(opts)
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatalf("build: %v", err)
	}
	return res
}

// read returns a file's bytes; a page's fully minified (FullyMinified),
// the form the tests write the markup they look for in.
func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".html") {
		return []byte(FullyMinified(t, string(b)))
	}
	return b
}

func kitResult(t *testing.T, res *Result, id string) KitResult {
	t.Helper()
	for _, k := range res.Kits {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("no kit %s in the result", id)
	return KitResult{}
}

// pdfText returns what pdftotext reads in a PDF.
func pdfText(t *testing.T, file string) string {
	t.Helper()
	out, err := exec.Command(requireTool(t, "pdftotext", "poppler-utils"), file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s not found (apt-get install -y %s); KITGEN_REQUIRE_TOOLS=1 requires it", name, pkg)
	}
	t.Skipf("%s not found (apt-get install -y %s)", name, pkg)
	return ""
}

// TestSettingsChangeKeepsPublishedVersion: changing kits.paper records a
// new version, and the published -v1.pdf keeps its bytes (it is served as
// immutable for a year). pdfinfo reads the two page sizes.
func TestSettingsChangeKeepsPublishedVersion(t *testing.T) {
	site := kitSite(t)
	public := filepath.Join(site, "public")
	res := buildAt(t, site, vday1, Options{})
	if k := kitResult(t, res, "cardiology"); !k.New || k.Version != 1 {
		t.Fatalf("first build: %+v", k)
	}
	v1 := read(t, filepath.Join(public, "kits/cardiology/cardiology-v1.pdf"))
	if !bytes.Equal(read(t, filepath.Join(site, "kits/archive/cardiology-v1.pdf")), v1) {
		t.Fatal("the archive does not hold the published version 1")
	}

	os.WriteFile(filepath.Join(site, "kitgen.yaml"), []byte("title: Test Clinic\nbase_url: https://partners.test.example/\nkits:\n  paper: a4\n"), 0o644)
	res = buildAt(t, site, vday2, Options{})
	k := kitResult(t, res, "cardiology")
	if !k.New || k.Version != 2 || strings.Join(k.Changed, ",") != "kit settings: paper" {
		t.Fatalf("after kits.paper: a4: %+v", k)
	}
	if got := read(t, filepath.Join(public, "kits/cardiology/cardiology-v1.pdf")); !bytes.Equal(got, v1) {
		t.Error("cardiology-v1.pdf changed bytes without a new version")
	}
	if got := read(t, filepath.Join(site, "kits/archive/cardiology-v1.pdf")); !bytes.Equal(got, v1) {
		t.Error("the archived version 1 was rewritten")
	}
	v2 := read(t, filepath.Join(public, "kits/cardiology/cardiology-v2.pdf"))
	if !bytes.Equal(read(t, filepath.Join(public, "kits/cardiology/cardiology-latest.pdf")), v2) {
		t.Error("latest is not version 2")
	}
	info := requireTool(t, "pdfinfo", "poppler-utils")
	size := func(f string) string {
		out, err := exec.Command(info, filepath.Join(public, "kits/cardiology", f)).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "Page size:") {
				return l
			}
		}
		return ""
	}
	if s := size("cardiology-v1.pdf"); !strings.Contains(s, "letter") {
		t.Errorf("version 1: %s, want letter", s)
	}
	if s := size("cardiology-v2.pdf"); !strings.Contains(s, "A4") {
		t.Errorf("version 2: %s, want A4", s)
	}
	page := string(read(t, filepath.Join(public, "kits/cardiology/index.html")))
	if !strings.Contains(page, "updated paper size") {
		t.Error("the changelog does not say the paper size changed")
	}
}

// TestStagingBuildRecordsNothing: builds for a staging address, alternating
// with builds for the real one, record nothing; the staging PDF links and
// its QR code point at staging and carry the recorded version number, and
// the archived file is the one for the real address.
func TestStagingBuildRecordsNothing(t *testing.T) {
	site := kitSite(t)
	public := filepath.Join(site, "public")
	buildAt(t, site, vday1, Options{})
	ledger := read(t, filepath.Join(site, kit.LedgerFile))
	v1 := read(t, filepath.Join(site, "kits/archive/cardiology-v1.pdf"))
	for i := 0; i < 2; i++ {
		res := buildAt(t, site, vday2, Options{BaseURL: "https://staging.test.example"})
		if k := kitResult(t, res, "cardiology"); k.New || k.Upgraded || k.Version != 1 || res.Ledger || len(res.Archived) > 0 {
			t.Fatalf("staging build: %+v, ledger %v, archived %v", k, res.Ledger, res.Archived)
		}
		staged := filepath.Join(public, "kits/cardiology/cardiology-v1.pdf")
		text := pdfText(t, staged)
		if !strings.Contains(text, "https://staging.test.example/kits/cardiology/") || strings.Contains(text, "partners.test.example") {
			t.Errorf("staging PDF text:\n%s", text)
		}
		zbar := requireTool(t, "zbarimg", "zbar-tools")
		png := filepath.Join(t.TempDir(), "page")
		if out, err := exec.Command(requireTool(t, "pdftoppm", "poppler-utils"), "-r", "150", "-png", "-singlefile", staged, png).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		qr, err := exec.Command(zbar, "-q", "--raw", png+".png").Output()
		if err != nil || strings.TrimSpace(string(qr)) != "https://staging.test.example/kits/cardiology/" {
			t.Errorf("staging QR code reads %q (%v)", qr, err)
		}
		res = buildAt(t, site, vday2, Options{})
		if k := kitResult(t, res, "cardiology"); k.New || k.Version != 1 || res.Ledger {
			t.Fatalf("build after staging: %+v", k)
		}
		if !bytes.Equal(read(t, filepath.Join(public, "kits/cardiology/cardiology-v1.pdf")), v1) {
			t.Error("the real build does not publish the archived version 1")
		}
	}
	if !bytes.Equal(read(t, filepath.Join(site, kit.LedgerFile)), ledger) {
		t.Error("alternating builds changed the ledger")
	}
}

// TestLineEndingsDoNotBump: a checkout with CRLF (or CR) line endings and
// byte order marks is the same content.
func TestLineEndingsDoNotBump(t *testing.T) {
	for _, conv := range []struct {
		name string
		f    func([]byte) []byte
	}{
		{"CRLF", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
		{"BOM", func(b []byte) []byte { return append([]byte("\ufeff"), b...) }},
	} {
		t.Run(conv.name, func(t *testing.T) {
			site := kitSite(t)
			buildAt(t, site, vday1, Options{})
			ledger := read(t, filepath.Join(site, kit.LedgerFile))
			v1 := read(t, filepath.Join(site, "public/kits/cardiology/cardiology-v1.pdf"))
			files := []string{"kits/cardiology.yaml", "content/guides/cardiology.md", "content/locations/loc.md", "content/services/cardiology.md"}
			if conv.name == "BOM" {
				files = files[:1] // front matter must start the file
			}
			for _, f := range files {
				p := filepath.Join(site, f)
				os.WriteFile(p, conv.f(read(t, p)), 0o644)
			}
			res := buildAt(t, site, vday2, Options{Locked: true})
			if k := kitResult(t, res, "cardiology"); k.New || k.Version != 1 {
				t.Errorf("%s checkout: %+v", conv.name, k)
			}
			res = buildAt(t, site, vday2, Options{})
			if k := kitResult(t, res, "cardiology"); k.New || k.Version != 1 || res.Ledger {
				t.Errorf("%s checkout: %+v", conv.name, k)
			}
			if !bytes.Equal(read(t, filepath.Join(site, kit.LedgerFile)), ledger) {
				t.Error("the ledger changed")
			}
			if !bytes.Equal(read(t, filepath.Join(site, "public/kits/cardiology/cardiology-v1.pdf")), v1) {
				t.Error("version 1 changed bytes")
			}
		})
	}
}

// TestRecordThenPublish: when saving the ledger fails, the build fails and
// public/ is exactly as it was, the ledger too, and no archive file of the
// unrecorded version is left. When publishing fails after recording, the
// error says the versions are recorded, and the next build publishes them.
func TestRecordThenPublish(t *testing.T) {
	site := kitSite(t)
	public := filepath.Join(site, "public")
	buildAt(t, site, vday1, Options{})
	before := tree(t, public)
	ledger := read(t, filepath.Join(site, kit.LedgerFile))
	guide := filepath.Join(site, "content/guides/cardiology.md")
	os.WriteFile(guide, bytes.Replace(read(t, guide), []byte("Chest pain at rest."), []byte("Chest pain at rest for 20 minutes."), 1), 0o644)

	saveLedger = func(*kit.Ledger, string) error { return errors.New("disk full") }
	res, err := Build(Options{Source: site, Today: vday2})
	saveLedger = (*kit.Ledger).Save
	if err == nil || !strings.Contains(err.Error(), "disk full; nothing was recorded or published") {
		t.Fatalf("build with a failing ledger save: %v", err)
	}
	if res.Ledger {
		t.Error("the result says the ledger was saved")
	}
	after := tree(t, public)
	if len(after) != len(before) {
		t.Errorf("public/ holds %d files, had %d", len(after), len(before))
	}
	for f, b := range before {
		if !bytes.Equal(after[f], b) {
			t.Errorf("public/%s changed", f)
		}
	}
	if !bytes.Equal(read(t, filepath.Join(site, kit.LedgerFile)), ledger) {
		t.Error("the ledger changed")
	}
	if _, err := os.Stat(filepath.Join(site, "kits/archive/cardiology-v2.pdf")); err == nil {
		t.Error("the archive holds version 2, which was not recorded")
	}

	publishSite = func(*publish.Tx) error { return errors.New("device busy") }
	_, err = Build(Options{Source: site, Today: vday2})
	publishSite = (*publish.Tx).Commit
	if err == nil || !strings.Contains(err.Error(), "the new kit versions are recorded in kits/ledger.yaml, but "+public+" could not be replaced: device busy; run kitgen build again to publish them") {
		t.Fatalf("build with a failing publish: %v", err)
	}
	if _, err := os.Stat(filepath.Join(public, "kits/cardiology/cardiology-v2.pdf")); err == nil {
		t.Error("public/ has version 2 though publishing failed")
	}
	res = buildAt(t, site, vday2, Options{Locked: true})
	if k := kitResult(t, res, "cardiology"); k.Version != 2 || k.New {
		t.Errorf("next build: %+v", k)
	}
	if !bytes.Equal(read(t, filepath.Join(public, "kits/cardiology/cardiology-v2.pdf")), read(t, filepath.Join(site, "kits/archive/cardiology-v2.pdf"))) {
		t.Error("the next build does not publish the recorded version 2")
	}
}

// TestDamagedLedgerStopsBuild: an empty or truncated ledger fails the
// build with the ledger named and left as it is; nothing is re-recorded
// and nothing published.
func TestDamagedLedgerStopsBuild(t *testing.T) {
	site := kitSite(t)
	buildAt(t, site, vday1, Options{})
	guide := filepath.Join(site, "content/guides/cardiology.md")
	os.WriteFile(guide, bytes.Replace(read(t, guide), []byte("Chest pain at rest."), []byte("Chest pain at rest for 20 minutes."), 1), 0o644)
	buildAt(t, site, vday2, Options{})
	good := read(t, filepath.Join(site, kit.LedgerFile))
	public := filepath.Join(site, "public")
	before := tree(t, public)
	lines := strings.SplitAfter(string(good), "\n")
	for name, data := range map[string]string{
		"empty":            "",
		"truncated":        strings.Join(lines[:len(lines)/2], ""),
		"cut mid-line":     string(good[:len(good)-20]),
		"last kit lost":    strings.Join(lines[:4], ""), // header and "kits:" only
		"archive mismatch": "kits:\n  cardiology:\n    - {version: 1, effective: \"2026-03-01\", fingerprint: \"sha256:a\"}\n",
	} {
		t.Run(name, func(t *testing.T) {
			led := filepath.Join(site, kit.LedgerFile)
			os.WriteFile(led, []byte(data), 0o644)
			res, err := Build(Options{Source: site, Today: vday2.AddDate(0, 0, 5)})
			if !errors.Is(err, ErrFailed) {
				t.Fatalf("build: %v", err)
			}
			found := false
			for _, d := range res.Diags {
				if d.File == kit.LedgerFile && d.Rule == "ledger" && strings.Contains(d.Message, "git checkout kits/ledger.yaml") {
					found = true
				}
				if d.Rule == "kit-version" {
					t.Errorf("a damaged ledger is reported as a kit change: %s", d)
				}
			}
			if !found {
				t.Errorf("no ledger finding with the fix: %v", res.Diags)
			}
			if res.Ledger || string(read(t, led)) != data {
				t.Error("the damaged ledger was rewritten")
			}
			if after := tree(t, public); len(after) != len(before) || !bytes.Equal(after["kits/cardiology/index.html"], before["kits/cardiology/index.html"]) {
				t.Error("public/ changed")
			}
		})
	}
}

// TestLegacyLedgerUpgrade: the example site's ledger as the previous
// kitgen recorded it (fingerprint scheme 1, no archive) keeps every
// version: a CI build passes as it is, and a local build rewrites the
// entries in the current scheme and archives their PDFs, without bumping.
func TestLegacyLedgerUpgrade(t *testing.T) {
	site := copySite(t)
	os.RemoveAll(filepath.Join(site, kit.ArchiveDir))
	// A kitgen before change notes recorded none, and its kit files had
	// none to wait for the next version.
	setNote(t, site, "")
	// The legacy ledger predates partners, whose revisions it lacks.
	os.RemoveAll(filepath.Join(site, "partners"))
	// Nor did it publish kits in a second language.
	for _, f := range []string{"content/services/cardiology.es.md", "content/guides/cardiology-referral.es.md"} {
		os.Remove(filepath.Join(site, f))
	}
	legacy := read(t, "testdata/ledger-scheme1.yaml")
	os.WriteFile(filepath.Join(site, kit.LedgerFile), legacy, 0o644)
	dest := filepath.Join(t.TempDir(), "public")
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

	res := buildAt(t, site, day.AddDate(0, 1, 0), Options{Dest: dest, Locked: true})
	for _, k := range res.Kits {
		if k.New || k.Upgraded || k.Version != 1 || k.Draft {
			t.Errorf("locked build: %+v", k)
		}
	}
	if !bytes.Equal(read(t, filepath.Join(site, kit.LedgerFile)), legacy) || res.Ledger {
		t.Error("a locked build wrote the ledger")
	}

	res = buildAt(t, site, day.AddDate(0, 1, 0), Options{Dest: dest})
	// Each kit's PDF and quoted text (for the changelog's word changes).
	if len(res.Kits) != 4 || len(res.Archived) != 8 || !res.Ledger {
		t.Fatalf("local build: %d kits, archived %v, ledger %v", len(res.Kits), res.Archived, res.Ledger)
	}
	for _, k := range res.Kits {
		if k.New || !k.Upgraded || k.Version != 1 || !k.Effective.Equal(day) {
			t.Errorf("local build: %+v", k)
		}
	}
	res = buildAt(t, site, day.AddDate(0, 2, 0), Options{Dest: dest, Locked: true, Strict: true})
	for _, k := range res.Kits {
		if k.New || k.Upgraded || k.Version != 1 {
			t.Errorf("after the upgrade: %+v", k)
		}
	}
}

// TestMissingArchive: a current version whose archive file is missing is
// archived again by a local build, byte for byte what was published; an
// earlier one cannot be rebuilt, so the build warns how to restore it and
// the kit page does not link it.
func TestMissingArchive(t *testing.T) {
	site := kitSite(t)
	public := filepath.Join(site, "public")
	buildAt(t, site, vday1, Options{})
	guide := filepath.Join(site, "content/guides/cardiology.md")
	os.WriteFile(guide, bytes.Replace(read(t, guide), []byte("Chest pain at rest."), []byte("Chest pain at rest for 20 minutes."), 1), 0o644)
	buildAt(t, site, vday2, Options{})
	v2 := read(t, filepath.Join(public, "kits/cardiology/cardiology-v2.pdf"))
	for _, v := range []string{"v1", "v2"} {
		os.Remove(filepath.Join(site, "kits/archive/cardiology-"+v+".pdf"))
	}

	// CI cannot write the archive: it warns about both.
	res, err := Build(Options{Source: site, Today: vday2, Locked: true, Strict: true})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("locked strict build without archive files: %v", err)
	}
	var warned []string
	for _, d := range res.Diags {
		if d.Rule == "kit-archive" {
			warned = append(warned, d.Message)
		}
	}
	if len(warned) != 2 || !strings.Contains(warned[0]+warned[1], "kits/archive/cardiology-v2.pdf is missing") ||
		!strings.Contains(warned[0]+warned[1], "version 1 of kit \"cardiology\" cannot be published: kits/archive/cardiology-v1.pdf is missing and the kit has changed since; restore it from version control (git log --all -- kits/archive/cardiology-v1.pdf)") {
		t.Errorf("warnings: %q", warned)
	}

	res = buildAt(t, site, vday2, Options{})
	if strings.Join(res.Archived, " ") != "kits/archive/cardiology-v2.pdf" || res.Ledger {
		t.Errorf("archived %v, ledger %v", res.Archived, res.Ledger)
	}
	if !bytes.Equal(read(t, filepath.Join(site, "kits/archive/cardiology-v2.pdf")), v2) {
		t.Error("the re-archived version 2 differs from the published one")
	}
	if _, err := os.Stat(filepath.Join(public, "kits/cardiology/cardiology-v1.pdf")); err == nil {
		t.Error("version 1 is published without its archive file")
	}
	page := string(read(t, filepath.Join(public, "kits/cardiology/index.html")))
	if strings.Contains(page, "cardiology-v1.pdf") || !strings.Contains(page, "href=/kits/cardiology/cardiology-v2.pdf") {
		t.Error("the kit page links a version it cannot publish, or not the current one")
	}
}
