package pipeline_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/mail/mailtest"
	"github.com/kitgen/kitgen/internal/partner"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// checkPartnerDrafts reads back the drafts of the example's partner
// copies, which follow its kits' drafts: one per copy the build published,
// made from the partner cover message, addressed to the partner when its
// file gives an e-mail address, quoting its code, with the very copy
// published under its landing page attached.
func checkPartnerDrafts(t *testing.T, dest string, built *pipeline.Result, drafts []pipeline.Draft) {
	t.Helper()
	to := map[string]string{ // what the example's partner files say
		"northside-family-medicine":            `"Northside Family Medicine" <referrals@northside-family.example>`,
		"lincoln-park-orthopedic-sports-rehab": `"Front Desk" <frontdesk@lincolnparkrehab.example>`,
		"lakeview-community-health-center":     "",
	}
	type want struct {
		partner *pipeline.PartnerResult
		kit     pipeline.PartnerKitResult
	}
	var wants []want
	for _, p := range built.Partners {
		for _, k := range p.Kits {
			if k.Size > 0 {
				wants = append(wants, want{p, k})
			}
		}
	}
	if len(drafts) != len(wants) || len(wants) < 5 {
		t.Fatalf("%d partner drafts for %d partner copies", len(drafts), len(wants))
	}
	dir := t.TempDir()
	var files []string
	for i, d := range drafts {
		p, k := wants[i].partner, wants[i].kit
		name := fmt.Sprintf("%s-v%d", k.ID, k.Version)
		if d.File != name+"."+p.ID+".eml" || d.Kit != k.ID || d.Partner != p.ID || d.Message != "partner-kit-cover" {
			t.Errorf("draft %d is %s (kit %s, partner %s, message %s), want %s.%s.eml from partner-kit-cover", i, d.File, d.Kit, d.Partner, d.Message, name, p.ID)
		}
		published, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(k.File)))
		if err != nil {
			t.Fatal(err)
		}
		m, err := mailtest.Read(d.Data)
		if err != nil {
			t.Fatalf("%s: %v", d.File, err)
		}
		for _, pr := range mailtest.LineProblems(d.Data) {
			t.Errorf("%s: %s", d.File, pr)
		}
		want, ok := to[p.ID]
		if !ok {
			t.Fatalf("the example has a partner %s this test does not know", p.ID)
		}
		if got, has := m.Header["To"]; want == "" && has {
			t.Errorf("%s: To %q for a partner without an e-mail address", d.File, got)
		} else if got := m.Header.Get("To"); got != want {
			t.Errorf("%s: To %q, want %q", d.File, got, want)
		}
		if got, want := m.Subject, "Your practice's referral kit, code "+p.Code; !strings.HasPrefix(got, want) {
			t.Errorf("%s: subject %q, want it to start %q", d.File, got, want)
		}
		if got, want := m.Header.Get("Message-Id"), fmt.Sprintf("<%s.v%d.%s@partners.lakeshore-specialty.example>", k.ID, k.Version, p.Code); got != want {
			t.Errorf("%s: Message-ID %q, want %q", d.File, got, want)
		}
		att, ok := m.Attachments[path.Base(k.File)]
		if !ok || len(m.Attachments) != 1 {
			t.Errorf("%s: attachments %v, want only %s", d.File, keys(m.Attachments), path.Base(k.File))
		} else if !bytes.Equal(att.Data, published) {
			t.Errorf("%s: the attachment (%d bytes) is not the partner's published copy %s (%d bytes)", d.File, len(att.Data), k.File, len(published))
		}
		for _, body := range []struct{ name, text string }{{"text", m.Text}, {"HTML", m.HTML}} {
			for _, s := range []string{"Dear " + p.Name + " team", "the code " + p.Code + " in the reason", p.Landing, fmt.Sprintf("version %d", k.Version)} {
				if !strings.Contains(body.text, strings.ReplaceAll(s, "&", "&amp;")) && !strings.Contains(body.text, s) {
					t.Errorf("%s: %s body lacks %q", d.File, body.name, s)
				}
			}
			if strings.Contains(body.text, "{{partner.") || strings.Contains(body.text, "{{referring_office}}") {
				t.Errorf("%s: %s body leaves the partner's facts unfilled", d.File, body.name)
			}
		}
		// The code the draft quotes is the one the attached copy prints.
		if pdftotext := requireTool(t, "pdftotext", "poppler-utils"); pdftotext != "" {
			out, err := exec.Command(pdftotext, filepath.Join(dest, filepath.FromSlash(k.File)), "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), p.Code) {
				t.Errorf("%s: the attached copy does not print the code %s", d.File, p.Code)
			}
		}
		f := filepath.Join(dir, d.File)
		if err := os.WriteFile(f, d.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for i, v := range mailtest.ReadPython(t, files...) {
		p, k, d := wants[i].partner, wants[i].kit, drafts[i]
		if len(v.Defects) > 0 {
			t.Errorf("%s: Python reports defects %v", d.File, v.Defects)
		}
		// Python writes a display name without the quotes.
		if want := strings.ReplaceAll(to[p.ID], `"`, ""); v.Headers["To"] != want {
			t.Errorf("%s: To as Python reads it %q, want %q", d.File, v.Headers["To"], want)
		}
		published, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(k.File)))
		sum := sha256.Sum256(published)
		if len(v.Attachments) != 1 || v.Attachments[0].SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: attachments as Python reads them: %+v", d.File, v.Attachments)
		}
		if !strings.Contains(v.Text, p.Code) || !strings.Contains(v.HTML, p.Code) {
			t.Errorf("%s: bodies as Python reads them lack the code %s", d.File, p.Code)
		}
	}
}

// TestPartnerDraftCover checks which message a partner's draft is made
// from (partner_cover, else the kit cover, or --message for every draft),
// that two partner covers are an error, and that a kit cover quoting the
// partner's code leaves it, said where, in the public kit's draft.
func TestPartnerDraftCover(t *testing.T) {
	code, err := partner.Generate("north", nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := func(extra, body string) string {
		return "---\nsubject: S\npurpose: p\naudience: a\n" + extra + "---\n\n" + body + "\n"
	}
	pfile := "name: North Clinic\nsegment: primary-care\ncode: " + code + "\n"
	for _, c := range []struct {
		name     string
		files    map[string]string
		message  string
		public   string // the public draft's text says this
		partner  string // the partner draft's text says this
		finding  string // a message finding
		severity diag.Severity
	}{
		{"partner cover", map[string]string{"messages/k.md": msg("kit_cover: true\n", "Public."), "messages/p.md": msg("partner_cover: true\n", "Code {{partner.code}}.")},
			"", "Public.", "Code " + code + ".", "", 0},
		{"kit cover only", map[string]string{"messages/k.md": msg("kit_cover: true\n", "For {{partner.name}}.")},
			"", "For {{partner.name}}.", "For North Clinic.", "{{partner.name}} is stated only in the drafts of partners' kits", diag.Warning},
		{"chosen", map[string]string{"messages/k.md": msg("kit_cover: true\n", "Public."), "messages/p.md": msg("partner_cover: true\n", "Code {{partner.code}}."), "messages/o.md": msg("", "Other.")},
			"o", "Other.", "Other.", "", 0},
		{"two partner covers", map[string]string{"messages/k.md": msg("kit_cover: true\n", "Public."), "messages/p.md": msg("partner_cover: true\n", "P."), "messages/q.md": msg("partner_cover: true\n", "Q.")},
			"", "", "", "messages/p.md is already the partner cover message", diag.Error},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.files["partners/north.yaml"] = pfile
			site := inputSite(t, c.files)
			if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: filepath.Join(t.TempDir(), "public")}); (err != nil) != (c.severity == diag.Error) {
				t.Fatalf("build: %v", err)
			}
			res, err := pipeline.Build(pipeline.Options{Source: site, CheckOnly: true, Locked: true, Mail: true, MailMessage: c.message})
			found := c.finding == ""
			for _, d := range res.Diags {
				if d.Rule == diag.RuleMessage && d.Severity == c.severity && strings.Contains(d.Message, c.finding) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %v finding %q in %v", c.severity, c.finding, res.Diags)
			}
			if c.severity == diag.Error {
				if err == nil || len(res.Drafts) != 0 {
					t.Errorf("%d drafts and error %v, want none and an error", len(res.Drafts), err)
				}
				return
			}
			if err != nil || len(res.Drafts) != 2 {
				t.Fatalf("%d drafts, %v: %v", len(res.Drafts), err, res.Diags)
			}
			for i, want := range []string{c.public, c.partner} {
				m, err := mailtest.Read(res.Drafts[i].Data)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(m.Text, want) {
					t.Errorf("draft %s says %q, want %q", res.Drafts[i].File, m.Text, want)
				}
			}
			if res.Drafts[1].File != "cardiology-v1.north.eml" || res.Drafts[1].Partner != "north" || res.Drafts[0].Partner != "" {
				t.Errorf("drafts %s (%s), %s (%s)", res.Drafts[0].File, res.Drafts[0].Partner, res.Drafts[1].File, res.Drafts[1].Partner)
			}
		})
	}
}

// TestPartnerPageInSpanish builds a site whose language is Spanish: the
// landing page's strings come from the translation table, with the
// partner's name, fax and kit escaped as the English page escapes them.
func TestPartnerPageInSpanish(t *testing.T) {
	code, err := partner.Generate("norte", nil)
	if err != nil {
		t.Fatal(err)
	}
	site := inputSite(t, map[string]string{
		"kitgen.yaml":         "title: Clínica\nbase_url: https://partners.test.example/\nlanguage: es-US\ncontact:\n  phone: \"(555) 555-0100\"\n",
		"partners/norte.yaml": "name: Clínica Norte & Hijos\nsegment: primary-care\ncode: " + code + "\nfax: \"(555) 555-0199\"\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	if res, err := pipeline.Build(pipeline.Options{Source: site, Dest: dest}); err != nil {
		t.Fatalf("build: %v: %v", err, res.Diags)
	}
	raw, err := os.ReadFile(filepath.Join(dest, "r", code, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Read minified whole, in one spelling of its markup: attribute
	// quotes and character references go where they can.
	page := pipeline.FullyMinified(t, string(raw))
	for _, want := range []string{
		"<html lang=es-US>",
		"<title>Kits de derivación para Clínica Norte & Hijos · Clínica</title>",
		`<meta name=description content="Kits de derivación y cómo derivar para Clínica Norte & Hijos, código ` + code + `.">`,
		"<h1>Kits de derivación para Clínica Norte & Hijos</h1>",
		"Indique su código de derivación <strong class=partner-code>" + code + "</strong> en cada derivación",
		"<h2 id=partner-kits>Sus kits</h2>",
		"Cardiology kit, versión 1 (PDF,",
		"<li>Envíe la derivación por fax al (555) 555-0199.</li>",
		"<li>Escriba el código <strong>" + code + "</strong> en el motivo o las notas de la derivación.</li>",
		"Preguntas sobre una derivación: llame al <a href=tel:+15555550100>",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the Spanish landing page lacks %q:\n%s", want, page)
		}
	}
	for _, english := range []string{"Referral kits for", "Quote your", "How to refer", "by fax to", "What changed"} {
		if strings.Contains(string(page), english) {
			t.Errorf("the Spanish landing page says %q", english)
		}
	}
}
