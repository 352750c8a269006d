package pdf

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kitgen/kitgen/internal/kit"
)

var northside = Mark{Name: "Northside Family Medicine", Code: "K7QX-W", URL: "https://referrals.lakeshoreheart.example/r/K7QX-W/"}

func prepare(t testing.TB) *Prepared {
	t.Helper()
	k, err := Prepare(cardiology(), testFonts(t))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func partnerCopy(t testing.TB, k *Prepared, m Mark) []byte {
	t.Helper()
	b, err := k.Partner(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	out, err := exec.Command(pdftotext, "-layout", writeTemp(t, b), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestPartnerCopyText reads a partner copy back: it says everything the
// public kit says, and the partner's name, code and landing page, not the
// kit's page.
func TestPartnerCopyText(t *testing.T) {
	d := cardiology()
	public := pdfText(t, render(t, d))
	b := partnerCopy(t, prepare(t), northside)
	text := pdfText(t, b)
	for _, w := range []string{"Prepared for Northside Family Medicine", "Quote code K7QX-W when you refer",
		"Your kits and how to refer: " + northside.URL, "Version 3 · Effective 2025-03-01", "José Núñez, MD"} {
		if !containsWords(text, w) {
			t.Errorf("partner copy lacks %q", w)
		}
	}
	if strings.Contains(text, d.URL) {
		t.Errorf("partner copy still links the kit's page %s", d.URL)
	}
	// The body is the public kit's: every line above the footer is the same.
	// pdftotext -layout spaces columns by the widest line, so words are compared.
	cut := func(s string) string {
		return strings.Join(strings.Fields(s[:strings.Index(s, "Version 3 · Effective")]), " ")
	}
	if strings.Count(public, "Version 3") < 2 || cut(public) != cut(text) {
		t.Errorf("the body differs from the public kit's:\n--- public\n%s\n--- partner\n%s", cut(public), cut(text))
	}
	n, err := pageCount(b)
	if err != nil || n != 1 {
		t.Errorf("partner copy has %d pages (%v)", n, err)
	}
}

func pageCount(b []byte) (int, error) {
	dims, err := pageDims(b)
	return len(dims), err
}

func TestPartnerCopyQRAndLink(t *testing.T) {
	pdftoppm := requireTool(t, "pdftoppm", "poppler-utils")
	zbarimg := requireTool(t, "zbarimg", "zbar-tools")
	b := partnerCopy(t, prepare(t), northside)
	path := writeTemp(t, b)
	png := filepath.Join(filepath.Dir(path), "kit")
	if out, err := exec.Command(pdftoppm, "-png", "-r", "100", "-singlefile", path, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	out, err := exec.Command(zbarimg, "-q", "--raw", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != northside.URL {
		t.Errorf("QR code reads %q, want %q", got, northside.URL)
	}
	if !bytes.Contains(b, []byte("/URI ("+northside.URL+")")) {
		t.Error("no link annotation to the landing page")
	}
}

// TestPartnerCopyValid: qpdf and pdfcpu accept the copy, and its
// structure tree is complete (every marked sequence has its element).
func TestPartnerCopyValid(t *testing.T) {
	qpdf := requireTool(t, "qpdf", "qpdf")
	k := prepare(t)
	for _, m := range []Mark{northside, {Name: "Ærøskøbing Klinik — Dr. Ngọc Anh Trần", Code: "ZZ99-B", URL: "https://x.example/r/ZZ99-B/"}} {
		b := partnerCopy(t, k, m)
		out, err := exec.Command(qpdf, "--check", writeTemp(t, b)).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors found") {
			t.Errorf("%s: qpdf --check: %v\n%s", m.Name, err, out)
		}
		walkStructTree(t, b)
		if text := pdfText(t, b); !containsWords(text, "Prepared for "+m.Name) {
			t.Errorf("copy for %s lacks the name:\n%s", m.Name, text)
		}
	}
}

// TestPartnerCopyDeterministic: the same partner gives the same bytes,
// whether drawn first, after others or concurrently with them.
func TestPartnerCopyDeterministic(t *testing.T) {
	want := partnerCopy(t, prepare(t), northside)
	k := prepare(t)
	other := Mark{Name: "Lakeview Pediatrics", Code: "ZZ99-B", URL: "https://x.example/r/ZZ99-B/"}
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			m := northside
			if i%2 == 1 {
				m = other
			}
			if got := partnerCopy(t, k, m); m == northside && !bytes.Equal(got, want) {
				t.Error("a partner copy drawn among others differs")
			}
		})
	}
	wg.Wait()
	if bytes.Equal(want, partnerCopy(t, k, other)) {
		t.Error("two partners got the same bytes")
	}
}

// TestPartnerCopyLongName: a name that wraps takes more footer room; the
// body is fitted again above it, smaller, and the copy is still one page;
// a kit with no room to spare overflows and says so.
func TestPartnerCopyLongName(t *testing.T) {
	long := Mark{Name: strings.Repeat("Very Long Partner Practice Name ", 6), Code: "K7QX-W", URL: northside.URL}
	d := withExtra(1)
	k, err := Prepare(d, testFonts(t))
	if err != nil {
		t.Fatal(err)
	}
	b := partnerCopy(t, k, long)
	if n, err := pageCount(b); err != nil || n != 1 {
		t.Fatalf("%d pages (%v)", n, err)
	}
	if text := pdfText(t, b); !containsWords(text, "Quote code K7QX-W when you refer") || !containsWords(text, "Additional note 1:") {
		t.Errorf("long-name copy lacks the code or the body:\n%s", text)
	}
	if !bytes.Equal(b, partnerCopy(t, k, long)) {
		t.Error("a refitted copy is not deterministic")
	}
	full, err := Prepare(withExtra(2), testFonts(t))
	if err != nil {
		t.Fatal(err)
	}
	var oe *OverflowError
	longer := long
	longer.Name = strings.Repeat(long.Name, 2)
	if _, err := full.Partner(longer); !errors.As(err, &oe) {
		t.Errorf("a copy that cannot fit gave %v, want an OverflowError", err)
	}
}

func TestPartnerCopyErrors(t *testing.T) {
	k := prepare(t)
	if _, err := k.Partner(Mark{Name: "N"}); err == nil {
		t.Error("a copy without code and landing page was drawn")
	}
	_, err := k.Partner(Mark{Name: "Emoji 😀 Clinic", Code: "K7QX-W", URL: northside.URL})
	var ge *GlyphError
	if !errors.As(err, &ge) {
		t.Errorf("a name no font can draw gave %v, want a GlyphError", err)
	}
}

// BenchmarkPartnerCopy compares a partner copy with a full render of the
// same kit, in the same run.
func BenchmarkPartnerCopy(b *testing.B) {
	k := prepare(b)
	b.Run("public-render", func(b *testing.B) {
		for b.Loop() {
			if _, err := Render(cardiology(), testFonts(b)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("partner-copy", func(b *testing.B) {
		for b.Loop() {
			if _, err := k.Partner(northside); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPartnerCopyBodyDrawnOnce: a copy drawn on the body drawn once is,
// byte for byte, the copy drawn whole; a name with a character the
// body's subset of its font lacks changes how the body's text is encoded,
// so that copy is drawn whole.
func TestPartnerCopyBodyDrawnOnce(t *testing.T) {
	k := prepare(t)
	for _, c := range []struct {
		name string
		once bool
	}{
		{"Northside Family Medicine", true},
		{"Smith–Jones Cardiology ≥ 2", true}, // the body has – and ≥ in this face
		{"José Núñez Clinic", false},         // it has é, ú and ñ only in bold
		{"Ærøskøbing Health", false},
	} {
		m := Mark{Name: c.name, Code: "K7QX-W", URL: northside.URL}
		// Drawing numbers the footer's marked content, so each draw
		// gets a footer of its own.
		foot := func() (*kit.Doc, *footer) {
			d, layFooter := k.partner(m)
			f, err := layFooter(k.p)
			if err != nil {
				t.Fatal(err)
			}
			return d, f
		}
		whole, err := k.drawWhole(foot())
		if err != nil {
			t.Fatal(err)
		}
		once := k.drawFooter(foot())
		if (once != nil) != c.once {
			t.Errorf("%s: drawn on the body drawn once: %v, want %v", c.name, once != nil, c.once)
		}
		if once != nil && !bytes.Equal(once, whole) {
			t.Errorf("%s: the copy drawn on the body drawn once differs from the copy drawn whole", c.name)
		}
		if got := partnerCopy(t, k, m); !bytes.Equal(got, whole) {
			t.Errorf("%s: Partner gives other bytes than the copy drawn whole", c.name)
		}
		if text := pdfText(t, whole); !containsWords(text, c.name) {
			t.Errorf("%s: the copy does not name the partner:\n%s", c.name, text)
		}
	}
}
