package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/kitgen/kitgen/internal/pipeline"
)

// kitSite writes a small site whose one kit quotes a guide section and a
// provider, with the given section text and provider name.
func kitSite(t *testing.T, section, provider string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "kitgen.yaml", "title: Lakeshore\nbase_url: https://partners.example.org/\nlines:\n  urgent: {label: On call, phone: \"(312) 555-0110\"}\n")
	writeFile(t, dir, "content/services/neuro.md", "---\ntitle: Neurology\n---\n\nAdults.\n")
	writeFile(t, dir, "content/guides/headache.md", "---\ntitle: Headache guide\naudience: Clinicians\nescalation: urgent\nreviewed: 2026-10-01\n---\n\n## Red flags\n\n"+section+"\n")
	writeFile(t, dir, "content/providers/anh.md", "---\ntitle: "+provider+"\ncredentials: MD\nrole: Neurologist\n---\n\nBio.\n")
	writeFile(t, dir, "kits/neuro.yaml", "title: Neurology kit\naudience: Clinicians\npage: services/neuro\nblocks:\n  - section: guides/headache#red-flags\n  - providers: [anh]\n")
	return dir
}

// buildKit builds a site as a preview (no ledger written) and returns the
// result and the output folder.
func buildKit(t *testing.T, site string) (*pipeline.Result, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{Source: site, Dest: dest, Preview: true, Today: today})
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatalf("build: %v", err)
	}
	return res, dest
}

// kitPDFText extracts the text of a PDF with pdftotext, whitespace
// collapsed. It skips the test when poppler-utils are missing, unless
// KITGEN_REQUIRE_TOOLS=1.
func kitPDFText(t *testing.T, file string) string {
	t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
			t.Fatal("pdftotext is missing (apt-get install poppler-utils); KITGEN_REQUIRE_TOOLS=1 makes that a failure")
		}
		t.Skip("pdftotext is missing; apt-get install poppler-utils to check kit PDFs")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// pageText returns what a browser shows of an HTML page's markup: tags
// removed, character references resolved, whitespace collapsed.
func pageText(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return text(string(data))
}

// TestKitTextIsPlainUnicode checks that quoted text reaches both kit
// outputs as a reader should see it: the typographer's curly quotes and
// apostrophes as characters (not "&ldquo;" in the PDF or "&amp;ldquo;" on
// the kit page) and Markdown escapes resolved ("\*" prints "*").
func TestKitTextIsPlainUnicode(t *testing.T) {
	site := kitSite(t, `Ask about the child's "worst ever" headache -- and any \*new\* deficit.`, "Maria Lopez")
	_, dest := buildKit(t, site)
	const want = "Ask about the child’s “worst ever” headache – and any *new* deficit."
	if got := kitPDFText(t, filepath.Join(dest, "kits/neuro/neuro-latest.pdf")); !strings.Contains(got, want) {
		t.Errorf("the PDF reads:\n%s\nwant it to contain:\n%s", got, want)
	}
	if got := pageText(t, filepath.Join(dest, "kits/neuro/index.html")); !strings.Contains(got, want) {
		t.Errorf("the kit page reads:\n%s\nwant it to contain:\n%s", got, want)
	}
}

// TestKitFonts checks that the built-in kit font draws Vietnamese, Greek
// and Cyrillic names, that a character no kit font has fails the build at
// the line the text comes from, saying how to add a font, and that a
// fallback font in assets/fonts supplies such a character.
func TestKitFonts(t *testing.T) {
	site := kitSite(t, "Ask for Dr. Αλεξάνδρα Παπαδοπούλου or Д-р Ольга Иванова.", "Ngọc Anh Trần")
	_, dest := buildKit(t, site)
	got := kitPDFText(t, filepath.Join(dest, "kits/neuro/neuro-latest.pdf"))
	for _, want := range []string{"Ngọc Anh Trần, MD", "Ask for Dr. Αλεξάνδρα Παπαδοπούλου or Д-р Ольга Иванова."} {
		if !strings.Contains(got, want) {
			t.Errorf("the PDF reads:\n%s\nwant it to contain %q", got, want)
		}
	}

	// Devanagari is in no kit font; the provider's name is on line 2 of
	// its page and the quoted section's text on line 10 of the guide.
	site = kitSite(t, "Ask for डॉ. अनीता.", "अनीता राव")
	res, err := pipeline.Build(pipeline.Options{Source: site, Dest: filepath.Join(site, "public"), Preview: true, Today: today})
	if err == nil {
		t.Fatal("a kit with characters no font has built")
	}
	var findings []string
	for _, d := range res.Diags {
		findings = append(findings, d.String())
	}
	all := strings.Join(findings, "\n")
	for _, want := range []string{
		`content/providers/anh.md:2: error: kit-font: kit "neuro": "अ" (U+0905), "न" (U+0928), "ी" (U+0940) and 4 more in "अनीता राव" cannot be drawn by any kit font; add a TrueType font that has them to assets/fonts/ as Fallback-1-Regular.ttf`,
		`content/guides/headache.md:10: error: kit-font: kit "neuro": "ड" (U+0921), "ॉ" (U+0949), "अ" (U+0905) and 4 more in "Ask for डॉ. अनीता." cannot be drawn by any kit font`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("findings:\n%s\nwant one starting:\n%s", all, want)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("a failed build wrote public/ (%v)", err)
	}

	// Go Regular has U+F800, which DejaVu Sans lacks: as a fallback font
	// it supplies that character, and only that one.
	site = kitSite(t, "Marked \uf800 here.", "Maria Lopez")
	writeFile(t, site, "assets/fonts/Fallback-1-Regular.ttf", string(goregular.TTF))
	_, dest = buildKit(t, site)
	data, err := os.ReadFile(filepath.Join(dest, "kits/neuro/neuro-latest.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// Font descriptors are written twice (by fpdf, and renamed by the
	// tagging update); the font programs they point to count once.
	programs := map[string]bool{}
	for _, m := range regexp.MustCompile(`/FontFile2 (\d+) 0 R`).FindAllSubmatch(data, -1) {
		programs[string(m[1])] = true
	}
	if n := len(programs); n != 3 {
		t.Errorf("the PDF embeds %d fonts, want 3: built-in regular and bold, and the fallback", n)
	}
}
