package pipeline_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/mail/mailtest"
	"github.com/kitgen/kitgen/internal/message"
	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/kitgen/kitgen/internal/route"
)

// TestExampleDrafts builds the example site, then drafts its kits as
// kitgen mail does, and reads every draft back with Go's readers and with
// Python's email package: the headers, both bodies, and the attachment,
// which must be the very bytes the build published as the kit's current
// version. Every fact the message quotes must be stated, so only blanks
// for staff are left.
func TestExampleDrafts(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	dest := filepath.Join(t.TempDir(), "public")
	built, err := pipeline.Build(pipeline.Options{Source: root, Dest: dest, Locked: true, Today: today})
	if err != nil {
		t.Fatalf("build: %v: %v", err, built.Diags)
	}
	res, err := pipeline.Build(pipeline.Options{Source: root, CheckOnly: true, Locked: true, Mail: true, Today: today})
	if err != nil {
		t.Fatalf("mail: %v: %v", err, res.Diags)
	}
	if len(res.Drafts) < len(built.Kits) || len(built.Kits) < 4 {
		t.Fatalf("%d drafts for %d kits", len(res.Drafts), len(built.Kits))
	}
	all := res.Drafts
	checkPartnerDrafts(t, dest, built, all[len(built.Kits):])
	res.Drafts = all[:len(built.Kits)]
	cfg := built.Kits
	dir := t.TempDir()
	var files []string
	blank := regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)
	for i, d := range res.Drafts {
		k := cfg[i]
		if d.Kit != k.ID || d.Message != "kit-cover" || d.File != fmt.Sprintf("%s-v%d.eml", k.ID, k.Version) {
			t.Errorf("draft %d is %s of kit %s with %s, want %s-v%d.eml with kit-cover", i, d.File, d.Kit, d.Message, k.ID, k.Version)
		}
		file, _ := route.File(route.KitPDF(k.ID, k.Version))
		published, err := os.ReadFile(filepath.Join(dest, file))
		if err != nil {
			t.Fatal(err)
		}
		p, err := mailtest.Read(d.Data)
		if err != nil {
			t.Fatalf("%s: %v", d.File, err)
		}
		for _, pr := range mailtest.LineProblems(d.Data) {
			t.Errorf("%s: %s", d.File, pr)
		}
		date := kit.EffectiveText(k.Effective)
		// A translated kit's draft is written from the message's
		// translation (messages/kit-cover.es.md), and kitgen's own words
		// in it are Spanish.
		lang, role := "en-US", "email"
		wantSubject := fmt.Sprintf("Our current referral kit: %s, version %d, effective %s", k.Title, k.Version, date)
		stated := fmt.Sprintf("version %d", k.Version)
		if strings.HasSuffix(k.ID, ".es") {
			lang, role = "es-US", "correo electrónico"
			wantSubject = fmt.Sprintf("Nuestro kit de derivación vigente: %s, versión %d, vigente desde el %s", k.Title, k.Version, date)
			stated = fmt.Sprintf("versión %d", k.Version)
		}
		if p.Subject != wantSubject {
			t.Errorf("%s: subject %q, want %q", d.File, p.Subject, wantSubject)
		}
		if got, err := p.Header.Date(); err != nil || !got.Equal(k.Effective) {
			t.Errorf("%s: Date %v (%v), want the effective date %s", d.File, got, err, date)
		}
		for h, want := range map[string]string{
			"X-Unsent":         "1",
			"Message-Id":       fmt.Sprintf("<%s.v%d.kit-cover@partners.lakeshore-specialty.example>", k.ID, k.Version),
			"From":             `"Lakeshore Specialty Partners" <referrals@lakeshore-specialty.example>`,
			"Content-Language": lang,
		} {
			if got := p.Header.Get(h); got != want {
				t.Errorf("%s: %s %q, want %q", d.File, h, got, want)
			}
		}
		if _, ok := p.Header["To"]; ok {
			t.Errorf("%s: a kit draft has a recipient; staff choose it", d.File)
		}
		att, ok := p.Attachments[fmt.Sprintf("%s-v%d.pdf", k.ID, k.Version)]
		if !ok || len(p.Attachments) != 1 || att.Type != "application/pdf" {
			t.Errorf("%s: attachments %v, want only %s-v%d.pdf as application/pdf", d.File, keys(p.Attachments), k.ID, k.Version)
		} else if !bytes.Equal(att.Data, published) {
			t.Errorf("%s: the attachment (%d bytes) is not the published PDF (%d bytes)", d.File, len(att.Data), len(published))
		}
		// The version and date the draft states are the ones the kit
		// itself prints and its page shows.
		if pdftotext := requireTool(t, "pdftotext", "poppler-utils"); pdftotext != "" {
			out, err := exec.Command(pdftotext, "-layout", filepath.Join(dest, file), "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("Version %d · Effective %s", k.Version, date)
			if strings.HasSuffix(k.ID, ".es") {
				want = fmt.Sprintf("Versión %d · Vigente desde %s", k.Version, date)
			}
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: the attached kit does not print %q", d.File, want)
			}
		}
		pageFile, _ := route.File(route.KitPage(k.ID))
		page, err := os.ReadFile(filepath.Join(dest, pageFile))
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("Current version: %d</strong>, effective <time datetime=%s>%s</time>", k.Version, date, date)
		if strings.HasSuffix(k.ID, ".es") {
			want = fmt.Sprintf("Versión vigente: %d</strong>, vigente desde el <time datetime=%s>%s</time>", k.Version, date, date)
		}
		if !strings.Contains(pipeline.FullyMinified(t, string(page)), want) {
			t.Errorf("%s: the kit page does not show %q", d.File, want)
		}
		url := "https://partners.lakeshore-specialty.example" + route.KitPage(k.ID)
		for _, body := range []struct{ name, text string }{{"text", p.Text}, {"HTML", p.HTML}} {
			for _, want := range []string{k.Title, stated, date, url, "(312) 555-0100", "(312) 555-0101", "Lakeshore Partner Portal", "Lakeshore Specialty Partners — Referral Intake"} {
				if !strings.Contains(body.text, want) {
					t.Errorf("%s: %s body lacks %q", d.File, body.name, want)
				}
			}
			for _, m := range blank.FindAllStringSubmatch(body.text, -1) {
				if !isBlank(m[1]) {
					t.Errorf("%s: %s body leaves %s unfilled, which is a fact the site has", d.File, body.name, m[0])
				}
			}
		}
		for _, bad := range []string{"<style", "<script", "<link", "<img", "src=", "url(", "@import"} {
			if strings.Contains(p.HTML, bad) {
				t.Errorf("%s: HTML body has %s; it must use inline styles only and load nothing", d.File, bad)
			}
		}
		if !strings.Contains(p.HTML, `<html lang="`+lang+`">`) || !strings.Contains(p.HTML, `aria-roledescription="`+role+`"`) {
			t.Errorf("%s: the HTML body is not marked as %s, a message (%q)", d.File, lang, role)
		}
		if !strings.Contains(p.HTML, `<a href="tel:+13125550100"`) {
			t.Errorf("%s: the intake phone is not a tel: link in the HTML body", d.File)
		}
		f := filepath.Join(dir, d.File)
		if err := os.WriteFile(f, d.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}

	// The same drafts as Python's email package reads them.
	for i, v := range mailtest.ReadPython(t, files...) {
		k, d := cfg[i], res.Drafts[i]
		if len(v.Defects) > 0 {
			t.Errorf("%s: Python reports defects %v", d.File, v.Defects)
		}
		subject := fmt.Sprintf("%s, version %d, effective %s", k.Title, k.Version, kit.EffectiveText(k.Effective))
		lang := "en-US"
		if strings.HasSuffix(k.ID, ".es") {
			subject = fmt.Sprintf("%s, versión %d, vigente desde el %s", k.Title, k.Version, kit.EffectiveText(k.Effective))
			lang = "es-US"
		}
		if !strings.Contains(v.Headers["Subject"], subject) || v.Headers["X-Unsent"] != "1" || v.Headers["Content-Language"] != lang {
			t.Errorf("%s: headers as Python reads them: %v", d.File, v.Headers)
		}
		file, _ := route.File(route.KitPDF(k.ID, k.Version))
		published, _ := os.ReadFile(filepath.Join(dest, file))
		sum := sha256.Sum256(published)
		if len(v.Attachments) != 1 || v.Attachments[0].SHA256 != hex.EncodeToString(sum[:]) || v.Attachments[0].Name != fmt.Sprintf("%s-v%d.pdf", k.ID, k.Version) {
			t.Errorf("%s: attachments as Python reads them: %+v", d.File, v.Attachments)
		}
		if !strings.Contains(v.Text, "(312) 555-0101") || !strings.Contains(v.HTML, "(312) 555-0101") {
			t.Errorf("%s: bodies as Python reads them lack the intake fax", d.File)
		}
		types := []string{}
		for _, p := range v.Parts {
			types = append(types, p.Type)
		}
		if strings.Join(types, " ") != "multipart/mixed multipart/alternative text/plain text/html application/pdf" {
			t.Errorf("%s: parts %v", d.File, types)
		}
	}

	// The same input gives the same bytes.
	again, err := pipeline.Build(pipeline.Options{Source: root, CheckOnly: true, Locked: true, Mail: true, Today: today.AddDate(0, 0, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Drafts) != len(all) {
		t.Fatalf("a second run gave %d drafts, the first %d", len(again.Drafts), len(all))
	}
	for i, d := range again.Drafts {
		if !bytes.Equal(d.Data, all[i].Data) {
			t.Errorf("%s: a second run a few days later gave different bytes", d.File)
		}
	}
}

func isBlank(name string) bool {
	for _, b := range message.BlankNames() {
		if b == name {
			return true
		}
	}
	return false
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestMessageChecks checks that a message template gets the checks a page
// gets, at its file:line: a phone number that is not canonical, an
// overstated claim, a tracking pixel, a link that goes nowhere; and that
// patient data in a template is an error even where the site turns the
// rule off.
func TestMessageChecks(t *testing.T) {
	site := inputSite(t, map[string]string{
		"kitgen.yaml": "title: Test Clinic\nbase_url: https://partners.test.example/\ncontact:\n  phone: \"(555) 555-0100\"\ncheck:\n  rules: {patient-data: off}\n",
		"messages/m.md": "---\nsubject: Hello\npurpose: p\naudience: a\n---\n\n" +
			"Call (555) 555-0199 today.\n\n" + // 7: contact
			"Results are guaranteed.\n\n" + // 9: claims
			"![](https://tracker.example/p.gif)\n\n" + // 11: privacy
			"See [the guide](/guides/nope/).\n\n" + // 13: links
			"MRN: 12345678, seen 3/4/2026.\n", // 15: patient data twice
		"content/about.md": "---\ntitle: About\n---\n\nMRN: 12345678\n",
	})
	res, err := pipeline.Build(pipeline.Options{Source: site, CheckOnly: true, Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err == nil {
		t.Fatal("a message with errors passed the checks")
	}
	want := map[string]diag.Rule{
		"messages/m.md:7":  diag.RuleContact,
		"messages/m.md:9":  diag.RuleClaims,
		"messages/m.md:11": diag.RulePrivacy,
		"messages/m.md:13": diag.RuleLinks,
	}
	patient := 0
	for _, d := range res.Diags {
		if d.File == "content/about.md" && d.Rule == diag.RulePatientData {
			t.Errorf("patient-data: off did not turn the rule off on a page: %v", d)
		}
		if d.File != "messages/m.md" {
			continue
		}
		if d.Rule == diag.RulePatientData {
			if d.Line != 15 || d.Severity != diag.Error {
				t.Errorf("patient data finding %v, want an error at line 15", d)
			}
			patient++
			continue
		}
		at := fmt.Sprintf("%s:%d", d.File, d.Line)
		if want[at] == d.Rule && d.Severity == diag.Error {
			delete(want, at)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v in:\n%v", want, res.Diags)
	}
	if patient != 2 {
		t.Errorf("%d patient-data findings in the message, want 2 (the MRN and the date):\n%v", patient, res.Diags)
	}
}

// TestKitCover checks which message kitgen mail drafts with: none marked
// is an error saying what to add, two marked is an error at the second,
// and --message picks one by id (a misspelt id names the ones there are).
func TestKitCover(t *testing.T) {
	msg := func(cover string) string {
		return "---\nsubject: S\npurpose: p\naudience: a\n" + cover + "---\n\nHello {{referring_office}}.\n"
	}
	for _, c := range []struct {
		name    string
		files   map[string]string
		message string
		want    string // a finding's message; "" for drafts
	}{
		{"none", map[string]string{"messages/a.md": msg("")}, "", "add kit_cover: true"},
		{"false", map[string]string{"messages/a.md": msg("kit_cover: false\n")}, "", "add kit_cover: true"},
		{"two", map[string]string{"messages/a.md": msg("kit_cover: true\n"), "messages/b.md": msg("kit_cover: true\n")}, "", "messages/a.md is already the kit cover message"},
		{"one", map[string]string{"messages/a.md": msg(""), "messages/b.md": msg("kit_cover: true\n")}, "", ""},
		{"chosen", map[string]string{"messages/a.md": msg("")}, "a", ""},
		{"misspelt", map[string]string{"messages/abc.md": msg("")}, "abd", `there is no message "abd" (messages/abd.md) (did you mean "abc"?)`},
		{"no messages", nil, "", "add kit_cover: true"},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := inputSite(t, c.files)
			// Two cover messages are an error of every build, not only
			// of kitgen mail.
			if _, err := pipeline.Build(pipeline.Options{Source: site, Dest: filepath.Join(t.TempDir(), "public")}); (err != nil) != (c.name == "two") {
				t.Fatalf("build: %v", err)
			}
			res, err := pipeline.Build(pipeline.Options{Source: site, CheckOnly: true, Locked: true, Mail: true, MailMessage: c.message})
			if c.want == "" {
				if err != nil || len(res.Drafts) != 1 {
					t.Fatalf("got %d drafts, %v: %v", len(res.Drafts), err, res.Diags)
				}
				p, err := mailtest.Read(res.Drafts[0].Data)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(p.Subject, "S: Cardiology kit, version 1, effective ") {
					t.Errorf("subject %q", p.Subject)
				}
				// The site has no contact e-mail: the mail client fills
				// in the sender.
				if _, ok := p.Header["From"]; ok {
					t.Errorf("From: %q without a contact e-mail in kitgen.yaml", p.Header.Get("From"))
				}
				return
			}
			if err == nil || len(res.Drafts) != 0 {
				t.Fatalf("got %d drafts and no error, want %q", len(res.Drafts), c.want)
			}
			for _, d := range res.Diags {
				if d.Rule == diag.RuleMessage && strings.Contains(d.Message, c.want) {
					return
				}
			}
			t.Errorf("no finding %q in %v", c.want, res.Diags)
		})
	}
}
