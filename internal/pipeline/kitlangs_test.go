package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/route"
)

const exampleBase = "https://partners.lakeshore-specialty.example"

// recorded is the last version of kit id the site's ledger records.
func recorded(t *testing.T, site, id string) int {
	t.Helper()
	var l diag.List
	e := kit.LoadLedger(os.DirFS(site), &l).Latest(id)
	if e == nil {
		t.Fatalf("the ledger records no version of kit %s: %v", id, l.Sorted())
	}
	return e.Version
}

// kitWordsOf returns a PDF's text as pdftotext reads it, whitespace collapsed.
func kitWordsOf(t *testing.T, file string) string {
	t.Helper()
	return strings.Join(strings.Fields(pdfText(t, file)), " ")
}

// TestTranslatedKit builds the example site, whose cardiology kit quotes
// pages that are all translated into Spanish, under --locked: the
// Spanish kit is served at its recorded version and read back as a
// referring office would — the PDF's text (Spanish sections at the
// positions of the English ones, the facts the English kit prints, the
// layout's strings in Spanish), its structure (qpdf --check), its QR code
// (to the Spanish kit page) — and the kit page, its hreflang links both
// ways, the kits index, the feed and the CDN rules. The English kit is
// the version recorded before kits had languages, byte for byte.
func TestTranslatedKit(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	ledger, _ := os.ReadFile(filepath.Join(site, kit.LedgerFile))
	res := buildAt(t, site, exampleDay.AddDate(0, 0, 10), Options{Dest: dest, Locked: true, Strict: true})
	es := kitResult(t, res, "cardiology.es")
	en := kitResult(t, res, "cardiology")
	v := recorded(t, site, "cardiology.es")
	esFile := fmt.Sprintf("kits/cardiology/cardiology.es-v%d.pdf", v)
	if es.New || es.Draft || es.Version != v || es.File != "/"+esFile || es.Title != "Kit de derivación: Cardiología" {
		t.Errorf("Spanish kit: %+v", es)
	}
	if got, _ := os.ReadFile(filepath.Join(site, kit.LedgerFile)); !bytes.Equal(got, ledger) || res.Ledger {
		t.Error("a locked build wrote the ledger")
	}
	for _, k := range res.Kits {
		if strings.Contains(k.ID, ".") && k.ID != "cardiology.es" {
			t.Errorf("kit %s published, but not all its pages are translated", k.ID)
		}
	}
	// The English kit is its recorded version, as archived.
	enPDF := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(en.File, "/")))
	if a, b := readOut(t, site, kit.ArchiveFile("cardiology", en.Version)), readOut(t, dest, strings.TrimPrefix(en.File, "/")); a != b {
		t.Error("the English kit is not its archived version")
	}

	esPDF := filepath.Join(dest, esFile)
	if a, b := readOut(t, site, kit.ArchiveFile("cardiology.es", v)), readOut(t, dest, esFile); a != b || a != readOut(t, dest, "kits/cardiology/cardiology.es-latest.pdf") {
		t.Error("the Spanish kit and its latest copy are not its archived version")
	}
	text, enText := kitWordsOf(t, esPDF), kitWordsOf(t, enPDF)
	for _, want := range []string{
		"KIT DE DERIVACIÓN", fmt.Sprintf("Versión %d", v), "Kit de derivación: Cardiología",
		"Señales de alarma", "> 130 lpm", // section 1 of the Spanish guide, where the kit quotes #red-flags
		"Derivación urgente", "Derivación ordinaria", "Documentos que enviar",
		"A quién atendemos: Desde los 18 años", // the facts block, labelled from the Spanish table
		"Contacto y derivaciones", "TELÉFONO", "HORARIO", "lun–vie 7:30–17:30",
		"Versión vigente: " + exampleBase + "/es/kits/cardiology/",
		"Escanee el código o siga el enlace para comprobar que esta copia sigue vigente.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Spanish kit lacks %q", want)
		}
	}
	// Facts are the source's: the same numbers and names as the English kit.
	for _, fact := range []string{"(312) 555-0150", "(312) 555-0151", "(312) 555-0110", "José Núñez, MD, FACC", "loop@lakeshore-specialty.example", "350 N. Clarkson Street, Suite 1200"} {
		if !strings.Contains(text, fact) || !strings.Contains(enText, fact) {
			t.Errorf("%q is not in both kits (Spanish %v, English %v)", fact, strings.Contains(text, fact), strings.Contains(enText, fact))
		}
	}
	for _, english := range []string{"Red flags", "Urgent referral", "REFERRAL KIT", fmt.Sprintf("Version %d", v), "Scan the code", "Mon–Fri", "Who we see", "Ages 18"} {
		if strings.Contains(text, english) {
			t.Errorf("the Spanish kit prints the English %q", english)
		}
	}
	if out, err := exec.Command(requireTool(t, "qpdf", "qpdf"), "--check", esPDF).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	if qr := qrOf(t, esPDF); qr != exampleBase+"/es/kits/cardiology/" {
		t.Errorf("the Spanish kit's QR code leads to %q", qr)
	}
	if !bytes.Contains([]byte(readOut(t, dest, esFile)), []byte("/Lang (es-US)")) {
		t.Error("the Spanish kit's PDF language is not es-US")
	}

	// The kit pages link to each other in both languages.
	for _, c := range []struct{ file, lang, self string }{
		{"kits/cardiology/index.html", "en-US", "/kits/cardiology/"},
		{"es/kits/cardiology/index.html", "es-US", "/es/kits/cardiology/"},
	} {
		page := readOut(t, dest, c.file)
		if m := htmlLangRE.FindStringSubmatch(page); m == nil || m[1] != c.lang {
			t.Errorf("%s: html lang %v, want %s", c.file, m, c.lang)
		}
		var links []string
		for _, m := range hreflangRE.FindAllStringSubmatch(page, -1) {
			links = append(links, m[1]+" "+strings.TrimPrefix(m[2], exampleBase))
		}
		if want := []string{"en-US /kits/cardiology/", "es-US /es/kits/cardiology/", "x-default /kits/cardiology/"}; !slices.Equal(links, want) {
			t.Errorf("%s: hreflang %q, want %q", c.file, links, want)
		}
	}
	page := readOut(t, dest, "es/kits/cardiology/index.html")
	for _, want := range []string{"<h1>Kit de derivación: Cardiología</h1>", fmt.Sprintf("Versión vigente: %d</strong>, vigente desde el", v), "href=/" + esFile, "Señales de alarma", "Descargar"} {
		if !strings.Contains(page, want) {
			t.Errorf("the Spanish kit page lacks %q", want)
		}
	}
	if p := readOut(t, dest, "kits/gastroenterology/index.html"); strings.Contains(p, "hreflang") {
		t.Error("a kit in one language has hreflang links")
	}
	if strings.Contains(readOut(t, dest, "kits/index.html"), "cardiology.es") {
		t.Error("the English kits index lists the Spanish kit")
	}
	if feed := readOut(t, dest, "kits/feed.xml"); !strings.Contains(feed, "<link href=\""+exampleBase+"/es/kits/cardiology/\"/>") {
		t.Error("the feed has no entry for the Spanish kit")
	}
	if h := readOut(t, dest, "_headers"); !strings.Contains(h, route.KitVersions("cardiology.es")+"\n  Cache-Control: public, max-age=31536000, immutable") {
		t.Errorf("_headers does not keep the Spanish kit's versions immutable:\n%s", h)
	}
}

// TestTranslatedKitHeld: the English guide's red flags change, and so
// does the Loop office's fax number, which both kits print; the Spanish
// guide does not follow yet. The English kit records its next version;
// the Spanish kit, which would otherwise record one for the new fax with
// its translation behind, is not versioned again — its recorded version
// is served as it was — and the build warns at the Spanish guide's
// translates: line, so --strict fails. Once the Spanish guide follows and
// is marked, the Spanish kit records its next version with the new text.
// Translations never marked (a Spanish gastroenterology pair) hold back a
// kit never recorded: nothing of it is published.
func TestTranslatedKitHeld(t *testing.T) {
	site := copySite(t)
	day := exampleDay.AddDate(0, 0, 10)
	for _, f := range []string{"services/gastroenterology", "guides/gastroenterology-referral"} {
		body := readOut(t, site, "content/"+f+".md")
		body = body[strings.Index(body[3:], "---")+6:]
		put(t, site, "content/"+f+".es.md", "---\ntitle: Gastroenterología\n---\n"+body)
	}
	edit(t, site, "content/guides/cardiology-referral.md", "lasting ≥ 20 minutes", "lasting ≥ 15 minutes")
	edit(t, site, "content/locations/loop.md", `fax: "(312) 555-0151"`, `fax: "(312) 555-0161"`)
	v := recorded(t, site, "cardiology.es")
	archived := readOut(t, site, kit.ArchiveFile("cardiology.es", v))
	held, next := fmt.Sprintf("kits/cardiology/cardiology.es-v%d.pdf", v), fmt.Sprintf("kits/cardiology/cardiology.es-v%d.pdf", v+1)

	if res, err := Build(Options{Source: site, Dest: filepath.Join(t.TempDir(), "strict"), Today: day, Strict: true}); err == nil {
		t.Fatalf("a strict build passed with the Spanish kit held back: %v", res.Diags)
	}
	dest := filepath.Join(t.TempDir(), "out")
	res := buildAt(t, site, day, Options{Dest: dest})
	if en := kitResult(t, res, "cardiology"); !en.New {
		t.Errorf("the English kit did not record its next version: %+v", en)
	}
	if es := kitResult(t, res, "cardiology.es"); es.New || es.Draft || es.Version != v {
		t.Errorf("the held Spanish kit: %+v", es)
	}
	for _, k := range res.Kits {
		if k.ID == "gastroenterology.es" {
			t.Errorf("a kit never recorded is published while its translations are behind: %+v", k)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "es/kits/gastroenterology/index.html")); err == nil {
		t.Error("the page of a held kit never recorded is published")
	}
	if readOut(t, dest, held) != archived || readOut(t, dest, "kits/cardiology/cardiology.es-latest.pdf") != archived {
		t.Error("the held Spanish kit is not served as recorded")
	}
	if _, err := os.Stat(filepath.Join(dest, next)); err == nil {
		t.Errorf("the held Spanish kit has a version %d", v+1)
	}
	got := strings.Join(findingLines(res.Diags), "\n")
	for _, want := range []string{
		fmt.Sprintf("content/guides/cardiology-referral.es.md:4:1: warning: translation: kit \"cardiology.es\" quotes this translation, which is behind (changed: red-flags) against content/guides/cardiology-referral.md, so the kit stays at version %d, as recorded, until it is up to date; translate what changed, then run kitgen translations mark content/guides/cardiology-referral.es.md", v),
		"content/guides/gastroenterology-referral.es.md:1:1: warning: translation: kit \"gastroenterology.es\" quotes this translation, which is never marked against content/guides/gastroenterology-referral.md, so the kit is not published until it is up to date",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("findings lack\n  %s\ngot:\n%s", want, got)
		}
	}
	if strings.Contains(got, "content/services/cardiology.es.md:4:1: warning: translation: kit") {
		t.Error("a translation that is up to date is reported as holding back the kit")
	}

	edit(t, site, "content/guides/cardiology-referral.es.md", "reposo de ≥ 20 minutos", "reposo de ≥ 15 minutos")
	markTranslations(t, site, day)
	res = buildAt(t, site, day, Options{Dest: dest})
	if es := kitResult(t, res, "cardiology.es"); !es.New || es.Version != v+1 {
		t.Errorf("the Spanish kit once its guide is marked: %+v", es)
	}
	if text := kitWordsOf(t, filepath.Join(dest, next)); !strings.Contains(text, "reposo de ≥ 15 minutos") || !strings.Contains(text, "(312) 555-0161") || !strings.Contains(text, fmt.Sprintf("Versión %d", v+1)) {
		t.Errorf("the Spanish kit's version %d does not say what its guide says:\n%s", v+1, text)
	}
	if readOut(t, dest, held) != archived {
		t.Errorf("version %d of the Spanish kit is no longer served as recorded", v)
	}
}

// TestSessionTranslatedKit: in the dev server, an edit to the Spanish
// guide's red flags re-renders the Spanish kit (a draft of its next
// version) and leaves the English kit as it was, as a full build does.
func TestSessionTranslatedKit(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: exampleDay.AddDate(0, 0, 10)}
	s := startSession(t, opts)
	en := readOut(t, dest, "kits/cardiology/cardiology-latest.pdf")
	f := "content/guides/cardiology-referral.es.md"
	edit(t, site, f, "reposo de ≥ 20 minutos", "reposo de ≥ 25 minutos")
	if _, err := s.Rebuild([]string{f}); err != nil {
		t.Fatal(err)
	}
	text := kitWordsOf(t, filepath.Join(dest, "kits/cardiology/cardiology.es-latest.pdf"))
	if !strings.Contains(text, "reposo de ≥ 25 minutos") || !strings.Contains(text, "BORRADOR") {
		t.Errorf("the Spanish kit after the edit:\n%s", text)
	}
	if readOut(t, dest, "kits/cardiology/cardiology-latest.pdf") != en {
		t.Error("an edit to the Spanish guide changed the English kit")
	}
	sameAsFullBuild(t, site, dest, opts)
}

// TestTranslatedKitWording: the site's own Spanish table rewords a string
// the kit PDF prints; the Spanish kit records its next version, naming
// the table's strings as what changed, and prints the new wording; the
// English kits are not versioned again.
func TestTranslatedKitWording(t *testing.T) {
	site := copySite(t)
	f := filepath.Join(site, "i18n/es-US.yaml")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f, append(b, "scan_the_code: Escanee el código para ver si esta copia sigue vigente.\n"...), 0o644)
	dest := filepath.Join(t.TempDir(), "out")
	v := recorded(t, site, "cardiology.es") + 1
	res := buildAt(t, site, exampleDay.AddDate(0, 0, 10), Options{Dest: dest})
	for _, k := range res.Kits {
		switch {
		case k.ID == "cardiology.es":
			if !k.New || k.Version != v || strings.Join(k.Changed, ",") != "kit settings: i18n" {
				t.Errorf("Spanish kit: %+v", k)
			}
		case k.New:
			t.Errorf("kit %s recorded a version for a Spanish string", k.ID)
		}
	}
	if text := kitWordsOf(t, filepath.Join(dest, fmt.Sprintf("kits/cardiology/cardiology.es-v%d.pdf", v))); !strings.Contains(text, "Escanee el código para ver si esta copia sigue vigente.") {
		t.Errorf("the Spanish kit does not print the site's wording:\n%s", text)
	}
}
