package pipeline

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTranslatedProviderDaysAndLanguages builds the example site with a
// Spanish page for José Núñez (clinic days Mo,We,Th; English and Spanish)
// and for two providers, one who speaks Farsi and Brazilian Portuguese and
// gives no clinic days, one with clinic days and no languages, and reads
// both facts back from each page: the same days and languages, in the
// page's words; a language no table names as written; a fact not given,
// no row, in either language.
func TestTranslatedProviderDaysAndLanguages(t *testing.T) {
	site := copySite(t)
	put(t, site, "content/providers/jose-nunez.es.md", "---\ntitle: José Núñez\n---\nCardiólogo.\n")
	put(t, site, "content/providers/lena-test.md", "---\ntitle: Lena Test\ndescription: A provider for the test.\nreviewed: 2026-10-14\nlanguages: [Farsi, pt-BR]\n---\nBio.\n")
	put(t, site, "content/providers/lena-test.es.md", "---\ntitle: Lena Test\n---\nBiografía.\n")
	put(t, site, "content/providers/kai-test.md", "---\ntitle: Kai Test\ndescription: A provider for the test.\nreviewed: 2026-10-14\nclinic_days: Tu,Th\n---\nBio.\n")
	put(t, site, "content/providers/kai-test.es.md", "---\ntitle: Kai Test\n---\nBiografía.\n")
	dest := filepath.Join(t.TempDir(), "out")
	if res, err := Build(Options{Source: site, Dest: dest, Today: exampleDay}); err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	fact := func(page, label string) string {
		m := regexp.MustCompile(`<dt>`+label+`</dt><dd>([^<]*)</dd>`).FindAllStringSubmatch(page, -1)
		if len(m) > 1 {
			t.Errorf("%s is on the page %d times", label, len(m))
		}
		if m == nil {
			return "(none)"
		}
		return m[0][1]
	}
	for _, c := range []struct {
		slug                   string
		enDays, esDays         string
		enLanguages, esLangues string
	}{
		{"jose-nunez", "Mon, Wed, Thu", "lun, mié, jue", "English, Spanish", "inglés, español"},
		{"lena-test", "(none)", "(none)", "Farsi, Brazilian Portuguese", "persa, Brazilian Portuguese"},
		{"kai-test", "Tue, Thu", "mar, jue", "(none)", "(none)"},
	} {
		en := readOut(t, dest, "providers/"+c.slug+"/index.html")
		es := readOut(t, dest, "es/providers/"+c.slug+"/index.html")
		if got := fact(en, "Clinic days"); got != c.enDays {
			t.Errorf("%s: English clinic days %q, want %q", c.slug, got, c.enDays)
		}
		if got := fact(es, "Días de consulta"); got != c.esDays {
			t.Errorf("%s: Spanish clinic days %q, want %q", c.slug, got, c.esDays)
		}
		if got := fact(en, "Languages"); got != c.enLanguages {
			t.Errorf("%s: English languages %q, want %q", c.slug, got, c.enLanguages)
		}
		if got := fact(es, "Idiomas"); got != c.esLangues {
			t.Errorf("%s: Spanish languages %q, want %q", c.slug, got, c.esLangues)
		}
		// Search engines get the same languages from both pages: the
		// English name kitgen knows and the code.
		ld := regexp.MustCompile(`"knowsLanguage":\[[^\]]*\]`)
		if a, b := ld.FindString(en), ld.FindString(es); a != b || (a == "") != (c.enLanguages == "(none)") {
			t.Errorf("%s: knowsLanguage %q on the English page, %q on the Spanish page", c.slug, a, b)
		}
		if strings.Contains(es, "Clinic days") || strings.Contains(es, "<dt>Languages</dt>") {
			t.Errorf("%s: the Spanish page has an English label", c.slug)
		}
	}
}
