package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/mail/mailtest"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// TestTranslatedKitDraftLanguage drafts the example site's kits with the
// kit cover message, which has a Spanish translation, and with
// information-missing, which has none, and reads the Spanish kit's draft
// back with Go's readers and Python's email package. With the
// translation, the draft is Spanish throughout: its text, the words
// kitgen adds to the subject, Content-Language and the HTML body's lang
// and role. Without one, the draft is written from the English message,
// in English throughout, and one warning at the message names the file
// to add.
func TestTranslatedKitDraftLanguage(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		message, lang, role, subject, text, warning string
		notInText                                   []string
	}{
		{"", "es-US", "correo electrónico",
			"Nuestro kit de derivación vigente: Kit de derivación: Cardiología, versión %d, vigente desde el 2026-12-01",
			"Estimado equipo de {{referring_office}}:", "",
			[]string{"Dear", "Attached", "version ", "effective", "a.m."}},
		{"information-missing", "en-US", "email",
			"Your referral needs more information: Kit de derivación: Cardiología, version %d, effective 2026-12-01",
			"Dear {{referring_office}} team,",
			`messages/information-missing.md:1:1: warning: message: kit "cardiology.es" is in es-US, but this message has no translation into it (messages/information-missing.es.md), so its draft is written from this message, in en-US; add messages/information-missing.es.md with the message in es-US`,
			[]string{"versión", "vigente desde"}},
	} {
		t.Run("message="+tt.message, func(t *testing.T) {
			res, err := pipeline.Build(pipeline.Options{Source: root, CheckOnly: true, Locked: true, Mail: true, MailMessage: tt.message, Today: today})
			if err != nil {
				t.Fatalf("mail: %v: %v", err, res.Diags)
			}
			var warnings []string
			for _, d := range res.Diags {
				if d.Rule == diag.RuleMessage && strings.Contains(d.Message, "translation") {
					warnings = append(warnings, d.String())
				}
			}
			if tt.warning == "" && len(warnings) > 0 || tt.warning != "" && (len(warnings) != 1 || warnings[0] != tt.warning) {
				t.Errorf("findings about translations:\n%s\nwant %q", strings.Join(warnings, "\n"), tt.warning)
			}
			// The draft of the Spanish kit's current version.
			v := 0
			for _, k := range res.Kits {
				if k.ID == "cardiology.es" {
					v = k.Version
				}
			}
			subject, file := fmt.Sprintf(tt.subject, v), fmt.Sprintf("cardiology.es-v%d", v)
			var data []byte
			for _, d := range res.Drafts {
				if d.File == file+".eml" {
					data = d.Data
				}
			}
			if data == nil {
				t.Fatal("no draft of the Spanish kit")
			}
			p, err := mailtest.Read(data)
			if err != nil {
				t.Fatal(err)
			}
			if p.Subject != subject || p.Header.Get("Content-Language") != tt.lang {
				t.Errorf("Subject %q, Content-Language %q; want %q, %q", p.Subject, p.Header.Get("Content-Language"), subject, tt.lang)
			}
			if !strings.Contains(p.HTML, `<html lang="`+tt.lang+`">`) || !strings.Contains(p.HTML, `aria-roledescription="`+tt.role+`"`) {
				t.Errorf("the HTML body is not marked %s, %q", tt.lang, tt.role)
			}
			if _, ok := p.Attachments[file+".pdf"]; !ok {
				t.Errorf("attachments %v", keys(p.Attachments))
			}
			f := filepath.Join(t.TempDir(), "draft.eml")
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
			py := mailtest.ReadPython(t, f)[0]
			if py.Headers["Subject"] != subject || py.Headers["Content-Language"] != tt.lang || len(py.Defects) > 0 {
				t.Errorf("as Python reads it: headers %v, defects %v", py.Headers, py.Defects)
			}
			for _, body := range []struct{ name, text string }{{"Go text", p.Text}, {"Go HTML", p.HTML}, {"Python text", py.Text}, {"Python HTML", py.HTML}} {
				// The HTML body highlights a blank, so the words before it
				// are what both bodies share.
				if want, _, _ := strings.Cut(tt.text, "{{"); !strings.Contains(body.text, want) {
					t.Errorf("%s body lacks %q", body.name, want)
				}
				for _, bad := range tt.notInText {
					if strings.Contains(body.text, bad) {
						t.Errorf("%s body has %q", body.name, bad)
					}
				}
			}
		})
	}
}
