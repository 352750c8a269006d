package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

var env1 = Env{BaseURL: "https://partners.test.example/", Fonts: "f1", Layout: 1}

func resolveEnv(t *testing.T, s *content.Site, defSrc string, env Env) *Resolved {
	t.Helper()
	var l diag.List
	d := ParseDef("kits/x.yaml", []byte(defSrc), &l)
	if d == nil {
		t.Fatalf("ParseDef: %s", findings(&l))
	}
	r := Resolve(d, s, env, &l)
	if f := findings(&l); f != "" {
		t.Fatal(f)
	}
	return r
}

// TestFingerprintSettings: everything that decides a kit's bytes besides
// the quoted text — paper, minimum type size, fonts, kitgen's layout, the
// site address printed on it — changes the fingerprint and is named in
// the changelog; the address a build is deployed at does not.
func TestFingerprintSettings(t *testing.T) {
	s := site(t, "")
	base := resolveEnv(t, s, def, env1)
	if again := resolveEnv(t, site(t, ""), def, env1); again.Fingerprint != base.Fingerprint {
		t.Fatal("the same content and settings give two fingerprints")
	}
	l := &Ledger{Kits: map[string][]Entry{}}
	e, _ := l.Next(base, day1)
	l.Record("x", e)

	withSite := func(edit func(s *content.Site)) *Resolved {
		s := site(t, "")
		edit(s)
		return resolveEnv(t, s, def, env1)
	}
	tests := []struct {
		name    string
		r       *Resolved
		changed string
	}{
		{"paper in kitgen.yaml", withSite(func(s *content.Site) { s.Config.Kits.Paper = "a4" }), "kit settings: paper"},
		{"paper in the kit", resolveEnv(t, s, strings.Replace(def, "page: services/cardiology\n", "page: services/cardiology\npaper: a4\n", 1), env1), "kit settings: paper kits/x.yaml"},
		{"minimum type size", withSite(func(s *content.Site) { s.Config.Kits.MinFontSize = 7 }), "kit settings: min_font_size"},
		{"fonts", resolveEnv(t, s, def, Env{BaseURL: env1.BaseURL, Fonts: "f2", Layout: 1}), "kit settings: fonts"},
		{"no fonts", resolveEnv(t, s, def, Env{BaseURL: env1.BaseURL, Layout: 1}), "kit settings: fonts"},
		{"layout", resolveEnv(t, s, def, Env{BaseURL: env1.BaseURL, Fonts: "f1", Layout: 2}), "kit settings: layout"},
		{"layout zero", resolveEnv(t, s, def, Env{BaseURL: env1.BaseURL, Fonts: "f1"}), "kit settings: layout"},
		{"site address", resolveEnv(t, s, def, Env{BaseURL: "https://referrals.test.example/", Fonts: "f1", Layout: 1}),
			"content/providers/jose-nunez.md content/services/cardiology.md kit settings: base_url"},
		{"practice name", withSite(func(s *content.Site) { s.Config.Title = "Other Clinic" }), "kitgen.yaml"},
		{"language", withSite(func(s *content.Site) { s.Config.Language = "es-US" }), "kitgen.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.r.Fingerprint == base.Fingerprint {
				t.Fatalf("changing the %s left the fingerprint as it was", tt.name)
			}
			e, changed := l.Next(tt.r, day2)
			if !changed || e.Version != 2 || strings.Join(e.Changed, " ") != tt.changed {
				t.Errorf("next = v%d changed %v (%s), want v2 (%s)", e.Version, changed, strings.Join(e.Changed, " "), tt.changed)
			}
		})
	}

	// Deploying elsewhere (a staging site) is not a change: the kit is
	// fingerprinted against the site's own address, and only its links
	// point at the deployment. A deployment at the site's own address, or
	// none, changes nothing at all.
	for _, deploy := range []string{"", env1.BaseURL, "https://staging.test.example/"} {
		env := env1
		env.Deploy = deploy
		r := resolveEnv(t, s, def, env)
		if r.Fingerprint != base.Fingerprint || strings.Join(r.Files(), " ") != strings.Join(base.Files(), " ") {
			t.Errorf("deploy %q changed the fingerprint", deploy)
		}
		if _, changed := l.Next(r, day2); changed {
			t.Errorf("deploy %q: a new version", deploy)
		}
		want := deploy
		if want == "" {
			want = env1.BaseURL
		}
		link := r.Doc.Blocks[1].Children[1].Body[0].Inlines[1].Link
		if r.Doc.URL != want+"kits/x/" || r.Doc.Blocks[2].Providers[0].URL != want+"providers/jose-nunez/" || link != want+"guides/x/" {
			t.Errorf("deploy %q: kit URL %s, provider %s, link %s", deploy, r.Doc.URL, r.Doc.Blocks[2].Providers[0].URL, link)
		}
	}
	// The settings are recorded with the version, readable in the ledger.
	if got := e.Settings; got["paper"] != "letter" || got["min_font_size"] != "8" || got["fonts"] != "f1" || got["layout"] != "1" || got["base_url"] != env1.BaseURL {
		t.Errorf("recorded settings = %v", got)
	}
}

// TestLineEndings: a kit file or content file checked out with CRLF or CR
// line endings, or with a byte order mark, is the same content.
func TestLineEndings(t *testing.T) {
	g := strings.Replace(guide, "- Chest pain at rest.", "- Chest pain at rest.\n\n```\ncall 911\nthen page cardiology\n```\n\n    indented\n    code", 1)
	base := resolveEnv(t, site(t, g), def, env1)
	l := &Ledger{Kits: map[string][]Entry{}}
	e, _ := l.Next(base, day1)
	l.Record("x", e)
	variants := map[string]func(string) string{
		"CRLF": func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"CR":   func(s string) string { return strings.ReplaceAll(s, "\n", "\r") },
		"BOM":  func(s string) string { return "\ufeff" + s },
	}
	for name, conv := range variants {
		kitFile := resolveEnv(t, site(t, g), conv(def), env1)
		if name != "CR" { // goldmark reads a lone CR as text, not a line end
			quoted := resolveEnv(t, site(t, conv(g)), def, env1)
			if quoted.Fingerprint != base.Fingerprint {
				t.Errorf("%s in the guide changed the fingerprint", name)
			}
			if got := quoted.Doc.Blocks[0].Body[2].Inlines[0].Text; got != "call 911\nthen page cardiology" {
				t.Errorf("%s: code block reads %q", name, got)
			}
		}
		if kitFile.Fingerprint != base.Fingerprint {
			t.Errorf("%s in the kit file changed the fingerprint", name)
		}
		if e, changed := l.Next(kitFile, day2); changed {
			t.Errorf("%s in the kit file records version %d (%v)", name, e.Version, e.Changed)
		}
	}
}

// legacyFingerprint is the scheme-1 fingerprint as kitgen computed it
// before scheme 2: the kit file's bytes and the quoted blocks (which had
// no fax cover sheet's address then).
func legacyFingerprint(raw []byte, r *Resolved) string {
	h := sha256.New()
	h.Write(raw)
	b, _ := json.Marshal(withoutFaxCover(r.Doc.Blocks))
	h.Write(b)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// TestLegacyEntries: a ledger recorded before scheme 2 keeps its versions
// when the content is unchanged (whatever the kit file's line endings),
// and Upgrade rewrites only the fingerprint, inputs and settings.
func TestLegacyEntries(t *testing.T) {
	s := site(t, "")
	r := resolveEnv(t, s, def, env1)
	for name, raw := range map[string]string{"LF": def, "CRLF": strings.ReplaceAll(def, "\n", "\r\n")} {
		t.Run(name, func(t *testing.T) {
			old := Entry{Version: 1, Effective: "2025-06-01", Fingerprint: legacyFingerprint([]byte(raw), r), Changed: []string{"kits/x.yaml"}, Inputs: map[string]string{}}
			for f, h := range r.legacy.inputs {
				old.Inputs[f] = h
			}
			old.Inputs["kits/x.yaml"] = shortHash([]byte(raw))
			for _, checkout := range []string{def, strings.ReplaceAll(def, "\n", "\r\n")} {
				cur := resolveEnv(t, s, checkout, env1)
				l := &Ledger{Kits: map[string][]Entry{"x": {old}}}
				if e, changed := l.Next(cur, day2); changed {
					t.Fatalf("unchanged content recorded as version %d (%v)", e.Version, e.Changed)
				}
				if !l.Upgrade(cur) || !l.Changed() {
					t.Fatal("Upgrade did not rewrite a scheme-1 entry")
				}
				got := l.Latest("x")
				if got.Version != 1 || got.Effective != "2025-06-01" || strings.Join(got.Changed, " ") != "kits/x.yaml" || got.Scheme != Scheme || got.Fingerprint != cur.Fingerprint || got.Settings["paper"] != "letter" {
					t.Errorf("upgraded entry = %+v", got)
				}
				if l.Upgrade(cur) {
					t.Error("Upgrade rewrote an entry of the current scheme")
				}
			}
			// Changed content is a new version, and names the file that
			// changed, not every file the older scheme hashed differently.
			edited := resolveEnv(t, site(t, strings.Replace(guide, "Chest pain at rest.", "Chest pain at rest for 20 minutes.", 1)), def, env1)
			l := &Ledger{Kits: map[string][]Entry{"x": {old}}}
			e, changed := l.Next(edited, day2)
			if !changed || e.Version != 2 || strings.Join(e.Changed, " ") != "content/guides/x.md" {
				t.Errorf("edited: v%d %v %v", e.Version, changed, e.Changed)
			}
			if l.Upgrade(edited) {
				t.Error("Upgrade rewrote an entry whose content changed")
			}
		})
	}
}

// sealed returns a saved ledger's bytes with two kits.
func sealed(t *testing.T) []byte {
	t.Helper()
	l := &Ledger{Kits: map[string][]Entry{}}
	for _, id := range []string{"a", "b", "b"} {
		e, _ := l.Next(&Resolved{Def: &Definition{ID: id}, Fingerprint: "sha256:" + id + string(rune('0'+len(l.Kits[id]))), Inputs: map[string]string{"a.md": "1"}}, day1)
		l.Record(id, e)
	}
	dir := t.TempDir()
	if err := l.Save(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, LedgerFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadLedger(data []byte) (*Ledger, string) {
	var l diag.List
	led := LoadLedger(fstest.MapFS{LedgerFile: {Data: data}}, &l)
	return led, findings(&l)
}

// TestLedgerDamage: a ledger that is empty, cut short anywhere or altered
// is reported, naming the file and how to restore it, and is never
// treated as a short history.
func TestLedgerDamage(t *testing.T) {
	good := sealed(t)
	if !bytes.HasSuffix(good, []byte("\n")) || !strings.Contains(string(good), "\n# end of ledger: 2 kits, 3 versions, sha256:") {
		t.Fatalf("saved ledger has no seal:\n%s", good)
	}
	if led, f := loadLedger(good); f != "" || led.Damaged() || len(led.Kits["b"]) != 2 {
		t.Fatalf("a saved ledger does not load: %s", f)
	}
	// Every cut, at a line end or inside a line, is found.
	for n := 0; n < len(good)-1; n++ {
		led, f := loadLedger(good[:n])
		if !led.Damaged() || !strings.HasPrefix(f, "kits/ledger.yaml") || !strings.Contains(f, "git checkout kits/ledger.yaml") {
			t.Fatalf("ledger cut to %d bytes: damaged %v, findings %q", n, led.Damaged(), f)
		}
	}
	tests := []struct{ name, src, want string }{
		{"empty", "", "kits/ledger.yaml: error: ledger: the ledger is empty, so every kit's version history is missing; " + restore + " (delete the file only if no kit version was ever published)"},
		{"blank", "\n \n", "kits/ledger.yaml: error: ledger: the ledger is empty"},
		{"header only", "# Referral kit versions\n", "kits/ledger.yaml: error: ledger: the ledger records no kits"},
		{"no kits", "kits: {}\n", "kits/ledger.yaml: error: ledger: the ledger records no kits"},
		{"kit without versions", "kits:\n  x: []\n", `kits/ledger.yaml: error: ledger: kit "x" has no versions`},
		{"edited", strings.Replace(string(good), "version: 2", "version: 3", 1), fmt.Sprintf("kits/ledger.yaml:%d: error", strings.Count(string(good), "\n")) + ": ledger: the ledger is damaged: what it holds does not match the checksum on its last line"},
		{"seal lost", strings.Join(strings.SplitAfter(string(good), "\n")[:18], ""), "kits/ledger.yaml:18: error: ledger: the ledger is truncated: its last line (# end of ledger: …) is missing; " + restore},
		{"entry cut", "kits:\n  x:\n    - version: 1\n", `kits/ledger.yaml: error: ledger: kit "x": version 1 has no fingerprint or effective date`},
		{"newer scheme", "kits:\n  x:\n    - {version: 1, effective: \"2026-01-01\", scheme: 3, fingerprint: a}\n", `recorded by a newer kitgen (fingerprint scheme 3; this kitgen knows 2); upgrade kitgen`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			led, f := loadLedger([]byte(tt.src))
			if !led.Damaged() || !strings.Contains(f, tt.want) {
				t.Errorf("damaged %v, findings:\n%s\nwant:\n%s", led.Damaged(), f, tt.want)
			}
			if !strings.HasPrefix(tt.want, "kits/") && !strings.HasPrefix(f, "kits/ledger.yaml") {
				t.Errorf("finding does not name the ledger: %s", f)
			}
		})
	}

	// A ledger from before the seal is accepted, and sealed on saving.
	legacy := "kits:\n  x:\n    - {version: 1, effective: \"2026-01-01\", fingerprint: \"sha256:a\", changed: [a.md], inputs: {a.md: \"1\"}}\n"
	led, f := loadLedger([]byte(legacy))
	if f != "" || led.Damaged() || led.Latest("x") == nil {
		t.Fatalf("a ledger without a seal: %s", f)
	}
	b, _ := led.Marshal()
	if back, f := loadLedger(b); f != "" || back.Latest("x").Fingerprint != "sha256:a" || !strings.Contains(string(b), "# end of ledger: 1 kits, 1 versions") {
		t.Errorf("resaved legacy ledger: %s\n%s", f, b)
	}
}

// TestArchived: archive files are listed by kit, and one of a version the
// ledger does not record means lost history.
func TestArchived(t *testing.T) {
	led, _ := loadLedger(sealed(t))
	pdf := &fstest.MapFile{Data: []byte("%PDF")}
	fsys := fstest.MapFS{
		"kits/archive/a-v1.pdf":     pdf,
		"kits/archive/b-v1.pdf":     pdf,
		"kits/archive/b-v2.pdf":     pdf,
		"kits/archive/my-kit-v.pdf": pdf,
		"kits/archive/notes.txt":    pdf,
	}
	var l diag.List
	got := led.Archived(fsys, &l)
	if f := findings(&l); f != "" || !got["a"][1] || !got["b"][2] || len(got) != 2 {
		t.Fatalf("archived %v, findings %s", got, f)
	}
	fsys["kits/archive/a-v2.pdf"] = pdf
	fsys["kits/archive/c-v1.pdf"] = pdf
	l = diag.List{}
	led.Archived(fsys, &l)
	want := `kits/ledger.yaml: error: ledger: kits/archive/a-v2.pdf is archived, but the ledger records 1 versions of kit "a": the ledger has lost history; ` + restore + ` (if kits/archive/a-v2.pdf is left over from a failed build and was never published, delete it instead)
kits/ledger.yaml: error: ledger: kits/archive/c-v1.pdf is archived, but the ledger records 0 versions of kit "c": the ledger has lost history; ` + restore + ` (if kits/archive/c-v1.pdf is left over from a failed build and was never published, delete it instead)`
	if f := findings(&l); f != want {
		t.Errorf("findings:\n%s\nwant:\n%s", f, want)
	}
	// No archive folder is an empty archive.
	l = diag.List{}
	if got := led.Archived(fstest.MapFS{}, &l); len(got) != 0 || findings(&l) != "" {
		t.Errorf("no archive: %v %s", got, findings(&l))
	}
}
