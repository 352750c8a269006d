package pdf

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// TestWordsMatchEnglishTable: the English table has every string the kit
// layout prints, with pdf.Words' text, so an English kit carries no Words
// of its own and its fingerprint is unchanged; the Spanish table has each
// of them in Spanish.
func TestWordsMatchEnglishTable(t *testing.T) {
	var diags diag.List
	set := i18n.Load(nil, []string{"en-US", "es-US"}, &diags)
	if len(diags.Sorted()) > 0 {
		t.Fatalf("shipped tables: %v", diags.Sorted())
	}
	en, es := set.For("en-US"), set.For("es-US")
	for key, text := range Words {
		if !en.Has(key) || en.T(key) != text {
			t.Errorf("en table %s = %q (present %v), kit layout prints %q", key, en.T(key), en.Has(key), text)
		}
		if !es.Has(key) {
			t.Errorf("es table lacks %s", key)
		} else if es.T(key) == text && !strings.EqualFold(key, "fax") {
			t.Errorf("es table %s is the English %q", key, text)
		}
	}
}

// TestRenderWords: a kit carrying Spanish words prints them (read back
// with pdftotext), in its header, footer, contact labels and draft notice,
// and none of the English ones; its PDF language is the kit's.
func TestRenderWords(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	es := i18n.Load(nil, []string{"en-US", "es-US"}, &diag.List{}).For("es-US")
	d := cardiology()
	d.Language, d.Draft = "es-US", true
	d.Words = map[string]string{}
	for key := range Words {
		d.Words[key] = es.T(key)
	}
	b := render(t, d)
	out, err := exec.Command(pdftotext, writeTemp(t, b), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, w := range []string{"KIT DE DERIVACIÓN", "Versión 3 · Vigente desde 2025-03-01", "BORRADOR — no distribuir",
		"Versión vigente: https://referrals.lakeshoreheart.example/kits/cardiology/",
		"Escanee el código o siga el enlace para comprobar que esta copia sigue vigente.", "TELÉFONO", "DIRECCIÓN"} {
		if !containsWords(text, w) {
			t.Errorf("Spanish kit lacks %q", w)
		}
	}
	for _, w := range []string{"Version 3", "Effective", "DRAFT", "Current version", "Scan the code", "PHONE", "ADDRESS", "REFERRAL KIT"} {
		if strings.Contains(text, w) {
			t.Errorf("Spanish kit prints the English %q", w)
		}
	}
	if !bytes.Contains(b, []byte("/Lang (es-US)")) {
		t.Error("Spanish kit's PDF language is not es-US")
	}
	if t.Failed() {
		t.Logf("extracted text:\n%s", text)
	}
}
