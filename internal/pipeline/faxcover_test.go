package pipeline_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/kitgen/kitgen/internal/route"
)

// TestFaxCoverSheet builds the example site and reads each kit's fax
// cover sheet back with pdftotext, pdfinfo and qpdf, as the referring
// office that prints it would: one tagged page, addressed to the fax and
// phone the location's page shows, with blank To, From, Date, Pages and
// patient-name boxes and, for the cardiology kit, its checklist of what to
// send. The kit PDF prints the sheet's address, and the kit page and the
// pages the kit quotes link it.
func TestFaxCoverSheet(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	qpdf := requireTool(t, "qpdf", "qpdf")
	dest := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Build(pipeline.Options{Source: filepath.Join("..", ".."), Dest: dest, Locked: true, Strict: true, Today: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diags)
	}
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return pipeline.FullyMinified(t, string(b))
	}
	text := func(file string, args ...string) string {
		t.Helper()
		out, err := exec.Command(pdftotext, append(append([]string{"-enc", "UTF-8"}, args...), file, "-")...).Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", file, err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	dd := func(page, label string) string {
		m := regexp.MustCompile(`<dt>` + label + `</dt><dd>(?:<a [^>]*>)?([^<]+)<`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no %s on the page", label)
		}
		return m[1]
	}
	for _, tt := range []struct {
		kit, location string
		checklist     []string
	}{
		{"cardiology", "loop", []string{"Referral letter stating the question you want answered and how urgent it is.", "The 12-lead ECG tracing itself, not only the interpretation.", "Prior echo, stress test, monitor or catheterization reports."}},
		{"orthopedics", "evanston", nil},
	} {
		t.Run(tt.kit, func(t *testing.T) {
			url := route.KitFaxCover(tt.kit)
			file := filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(url, "/")))
			info, err := exec.Command(pdfinfo, file).Output()
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			for _, want := range []string{`(?m)^Pages:\s+1$`, `(?m)^Tagged:\s+yes$`, `(?m)^Title:\s+Fax cover sheet: \w+ referral kit — v\d+$`} {
				if !regexp.MustCompile(want).Match(info) {
					t.Errorf("pdfinfo does not show %q:\n%s", want, info)
				}
			}
			if out, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}

			loc := read("locations/" + tt.location + "/index.html")
			fax, phone := dd(loc, "Fax"), dd(loc, "Phone")
			kitPage := read(strings.TrimPrefix(route.KitPage(tt.kit), "/") + "index.html")
			version := regexp.MustCompile(`Current version: (\d+)`).FindStringSubmatch(kitPage)
			cover := text(file)
			for _, want := range []string{"FAX COVER SHEET", "Lakeshore Specialty Partners", "Fax to", "PHONE FAX " + phone + " " + fax, "Version " + version[1],
				"To From", "Date Pages, including this one", "Patient name"} {
				if !strings.Contains(cover, want) {
					t.Errorf("the cover sheet does not say %q:\n%s", want, cover)
				}
			}
			// The boxes are blank: nothing follows a label but the next.
			if layout := text(file, "-layout"); !regexp.MustCompile(`Patient name (Included with this fax|Version)`).MatchString(layout) {
				t.Errorf("something is written in the boxes:\n%s", layout)
			}
			// The cardiology guide's "Documents to send" has five items.
			if n, want := strings.Count(cover, "☐"), min(len(tt.checklist), 1)*5; n != want {
				t.Errorf("%d tick boxes, want %d", n, want)
			}
			for _, item := range tt.checklist {
				if !strings.Contains(cover, "☐ "+item) {
					t.Errorf("checklist item %q missing:\n%s", item, cover)
				}
			}
			if len(tt.checklist) == 0 && strings.Contains(cover, "Included with this fax") {
				t.Error("a kit without a checklist has one on its cover sheet")
			}

			// The kit names the sheet, and the site links it.
			abs := "https://partners.lakeshore-specialty.example" + url
			if kitText := text(filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(route.KitLatest(tt.kit), "/")))); !strings.Contains(kitText, "Fax cover sheet: "+abs) || !strings.Contains(kitText, fax) {
				t.Errorf("the kit does not name its cover sheet %s:\n%s", abs, kitText)
			}
			if !strings.Contains(kitPage, `<a href=`+url+` download>Fax cover sheet (PDF,`) || !strings.Contains(kitPage, `<dt>Fax cover sheet</dt><dd><a href=`+abs+`>`) {
				t.Error("the kit page does not link the cover sheet")
			}
			if guide := read("guides/" + tt.kit + "-referral/index.html"); !strings.Contains(guide, `<a href=`+url+` download>Fax cover sheet<span class=visually-hidden> for `) {
				t.Error("the guide does not link the cover sheet")
			}
		})
	}
}
