package build_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/build"
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
func buildKit(t *testing.T, site string) (*build.Result, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(build.Options{Source: site, Dest: dest, Preview: true, Today: today})
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
