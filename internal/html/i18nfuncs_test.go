package html

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/i18n"
)

// TestFormattedValues: in English the theme prints exactly what the
// content model's Text methods (and so the kits) print; in Spanish, the
// same facts in Spanish.
func TestFormattedValues(t *testing.T) {
	set := i18n.Load(fstest.MapFS{}, []string{"en-US", "es-US"}, &diag.List{})
	en, es := set.For("en-US"), set.For("es-US")
	yes, no := true, false
	asOf := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		a    content.AgeRange
		want string
	}{
		{content.AgeRange{}, ""},
		{content.AgeRange{Set: true, Min: 18, Max: -1, NewMax: -1}, "Desde los 18 años"},
		{content.AgeRange{Set: true, Min: 0, Max: 17, NewMax: 16}, "De 0 a 17 años (pacientes nuevos hasta los 16)"},
	} {
		if got, want := agesText(en, c.a), c.a.Text(); got != want {
			t.Errorf("en %+v: %q, want %q", c.a, got, want)
		}
		if got := agesText(es, c.a); got != c.want {
			t.Errorf("es %+v: %q, want %q", c.a, got, c.want)
		}
	}
	for _, c := range []struct {
		w    content.WaitTime
		want string
	}{
		{content.WaitTime{Kind: "urgent", Min: 2, Max: 3, Unit: "days", AsOf: asOf}, "Urgente: 2–3 días (al 2 de noviembre de 2026)"},
		{content.WaitTime{Kind: "routine", Min: 1, Max: 1, Unit: "weeks", AsOf: asOf}, "Ordinaria: 1 semana (al 2 de noviembre de 2026)"},
		{content.WaitTime{Kind: "expedited", Min: 1, Max: 1, Unit: "days", AsOf: asOf}, "Preferente: 1 día (al 2 de noviembre de 2026)"},
		{content.WaitTime{Kind: "other", Min: 8, Max: 12, Unit: "weeks", AsOf: asOf}, "other: 8–12 semanas (al 2 de noviembre de 2026)"},
	} {
		if got, want := waitText(en, c.w), c.w.Text(); got != want {
			t.Errorf("en %+v: %q, want %q", c.w, got, want)
		}
		if got := waitText(es, c.w); got != c.want {
			t.Errorf("es %+v: %q, want %q", c.w, got, c.want)
		}
	}
	for _, c := range []struct {
		b    *bool
		want string
	}{{nil, ""}, {&yes, "Sí"}, {&no, "No"}} {
		if got, want := telehealthText(en, c.b), content.TelehealthText(c.b); got != want {
			t.Errorf("en %v: %q, want %q", c.b, got, want)
		}
		if got := telehealthText(es, c.b); got != c.want {
			t.Errorf("es %v: %q, want %q", c.b, got, c.want)
		}
	}
}

// TestValueEscaper: a value put into a table's string is escaped exactly
// as html/template escapes it in a layout's text, so {{t "for" .Audience}}
// writes what "For: {{.Audience}}" wrote.
func TestValueEscaper(t *testing.T) {
	tmpl := template.Must(template.New("").Parse("{{.}}"))
	for _, s := range []string{"Children's <b>hospitals</b> & clinics", `"quoted" + plus`, "nul\x00byte", "José Núñez ≥ 18"} {
		var b strings.Builder
		if err := tmpl.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		if got := valueEscaper.Replace(s); got != b.String() {
			t.Errorf("%q: %q, html/template writes %q", s, got, b.String())
		}
	}
	// A table's own text keeps its apostrophes, as a layout's literal
	// text does, and cannot inject markup.
	if got := textEscaper.Replace(`the practice's <script>`); got != "the practice's &lt;script&gt;" {
		t.Errorf("text: %q", got)
	}
}
