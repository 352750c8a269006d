package kit

import (
	"strings"
	"testing"
)

// TestSettingsI18n: a kit carrying words of its own records a hash of
// them (with its title and audience) as the setting i18n, so a new
// wording is named as what changed; a kit with the English strings (nil
// or empty words) records no such setting, as before kits had languages.
func TestSettingsI18n(t *testing.T) {
	env := Env{BaseURL: "https://x.example/", Fonts: "f", Layout: 1}
	for _, words := range []map[string]string{nil, {}} {
		if _, ok := settings(&Doc{Words: words}, env)["i18n"]; ok {
			t.Errorf("words %v: an i18n setting", words)
		}
	}
	es := &Doc{Title: "Kit de derivación: Cardiología", Words: map[string]string{"version_n": "Versión {0}"}}
	a := settings(es, env)["i18n"]
	es.Words["version_n"] = "Edición {0}"
	b := settings(es, env)["i18n"]
	es.Title = "Kit: Cardiología"
	c := settings(es, env)["i18n"]
	if a == "" || a == b || b == c {
		t.Errorf("i18n settings %q, %q, %q: want each wording to differ", a, b, c)
	}
	if got := changes(&Entry{Scheme: Scheme, Settings: map[string]string{"i18n": a}}, &Resolved{Def: &Definition{File: "kits/x.yaml"}, Settings: map[string]string{"i18n": b}}); strings.Join(got, ",") != "kit settings: i18n" {
		t.Errorf("changes %q, want kit settings: i18n", got)
	}
}
