package pipeline

import (
	"encoding/xml"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
)

// atomFeed is the part of the Atom feed a reader shows for an entry.
type atomFeed struct {
	Entries []struct {
		ID      string `xml:"id"`
		Summary string `xml:"summary"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func feedEntry(t *testing.T, dest, id string) (summary, content string) {
	t.Helper()
	var f atomFeed
	if err := xml.Unmarshal(read(t, filepath.Join(dest, "kits", "feed.xml")), &f); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	for _, e := range f.Entries {
		if strings.HasSuffix(e.ID, id) {
			if e.Content.Body != "" && e.Content.Type != "html" {
				t.Errorf("entry %s: content type %q", id, e.Content.Type)
			}
			return e.Summary, e.Content.Body
		}
	}
	t.Fatalf("no feed entry %s", id)
	return "", ""
}

var (
	delRE = regexp.MustCompile(`<del><span class="?visually-hidden"?>removed: </span>([^<]*)</del>`)
	insRE = regexp.MustCompile(`<ins><span class="?visually-hidden"?>added: </span>([^<]*)</ins>`)
)

// words returns what the del or ins elements of an HTML fragment hold.
func words(re *regexp.Regexp, h string) string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(h, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " | ")
}

// TestChangeNoteAndWordChanges: an editor changes a threshold in a guide
// and writes why in the kit file. The build records the next version with
// the note and keeps its quoted text; the kit page's changelog and the
// feed show the note and, for the section that changed, the words removed
// and added; kitgen check passes it as it is. Changing the kit again with
// the same note is an error at the note, and nothing is recorded.
func TestChangeNoteAndWordChanges(t *testing.T) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	base := buildAt(t, site, day, Options{Dest: dest, Locked: true, Strict: true})
	var v int
	for _, k := range base.Kits {
		if k.ID == "cardiology" {
			v = k.Version
		}
	}
	if _, err := os.Stat(filepath.Join(site, kit.QuotedFile("cardiology", v))); err != nil {
		t.Fatalf("the example keeps no quoted text of its current version: %v", err)
	}

	const note = "chest pain at rest now counts from 15 minutes"
	edit(t, site, "content/guides/cardiology-referral.md", "lasting ≥ 20 minutes", "lasting ≥ 15 minutes")
	// The Spanish guide follows, as an editor keeps it up to date, so
	// the strict build below is not failed by a translation behind.
	edit(t, site, "content/guides/cardiology-referral.es.md", "reposo de ≥ 20 minutos", "reposo de ≥ 15 minutos")
	markTranslations(t, site, day)
	setNote(t, site, note)
	res := buildAt(t, site, day, Options{Dest: dest})
	var got KitResult
	for _, k := range res.Kits {
		switch {
		case k.ID == "cardiology":
			got = k
		case k.ID == "cardiology.es":
			// The Spanish kit quotes the Spanish guide, which changed
			// too: its next version, without the English note.
			if !k.New || k.Note != "" {
				t.Errorf("Spanish kit: %+v", k)
			}
		case k.New:
			t.Errorf("kit %s recorded a version", k.ID)
		}
	}
	if !got.New || got.Version != v+1 || got.Note != note {
		t.Fatalf("cardiology: %+v", got)
	}
	ledger := string(read(t, filepath.Join(site, kit.LedgerFile)))
	if strings.Count(ledger, "note: "+note+"\n") != 1 {
		t.Errorf("the ledger does not record the note once")
	}
	quoted := kit.QuotedFile("cardiology", v+1)
	if !strings.Contains(strings.Join(res.Archived, " "), quoted) || !strings.Contains(string(read(t, filepath.Join(site, quoted))), "lasting ≥ 15 minutes") {
		t.Errorf("archived %v, want %s with the new text", res.Archived, quoted)
	}

	page := mainElement(t, string(read(t, filepath.Join(dest, "kits", "cardiology", "index.html"))))
	entry := listItem(t, page, fmt.Sprintf("Version %d</strong>", v+1))
	if !strings.Contains(visible(entry), "Why: "+note) {
		t.Errorf("changelog entry without the note: %s", visible(entry))
	}
	if words(delRE, entry) != "20" || words(insRE, entry) != "15" {
		t.Errorf("changelog word changes: removed %q, added %q in %s", words(delRE, entry), words(insRE, entry), entry)
	}
	if !strings.Contains(visible(entry), "Red flags … at rest lasting ≥ removed: 20 added: 15 minutes, or with sweating, …") {
		t.Errorf("changelog entry does not read as the change in context: %s", visible(entry))
	}
	// The example's own versions keep their notes and word changes, from
	// the quoted text archived with each and with the version before: the
	// latest added the facts block in place of a section, the one before
	// changed a threshold.
	prev := listItem(t, page, fmt.Sprintf("Version %d</strong>", v))
	if !strings.Contains(visible(prev), `Why: the kit now gives who we see, the wait for a first visit and video visits (from the cardiology page) in place of "Before the visit" Cardiology New in this version. Before the visit No longer in the kit.`) {
		t.Errorf("version %d: %s", v, visible(prev))
	}
	prev = listItem(t, page, fmt.Sprintf("Version %d</strong>", v-1))
	if !strings.Contains(visible(prev), "Why: the fast heart-rate red flag is now > 130 bpm (was > 150 bpm)") || words(delRE, prev) != "150" || words(insRE, prev) != "130" {
		t.Errorf("version %d: %s", v-1, visible(prev))
	}
	// A version whose previous version's text was never kept shows no
	// word changes, rather than guessing them.
	if older := listItem(t, page, fmt.Sprintf("Version %d</strong>", v-2)); strings.Contains(older, "<del") || strings.Contains(older, "<ins") || strings.Contains(older, "Why:") {
		t.Errorf("version %d shows changes nobody recorded: %s", v-2, older)
	}
	summary, content := feedEntry(t, dest, fmt.Sprintf("/kits/cardiology/#v%d", v+1))
	if !strings.Contains(summary, "Why: "+note) || words(delRE, content) != "20" || words(insRE, content) != "15" || !strings.Contains(content, note) {
		t.Errorf("feed entry: summary %q content %q", summary, content)
	}
	if summary, content := feedEntry(t, dest, fmt.Sprintf("/kits/cardiology/#v%d", v-2)); strings.Contains(summary, "Why:") || content != "" {
		t.Errorf("feed entry of version %d: summary %q content %q", v-2, summary, content)
	}
	buildAt(t, site, day, Options{Dest: dest, Locked: true, Strict: true})

	// The same note with another change is stale: a preview warns at the
	// note and shows the draft without it, and a build records the next
	// version without it.
	edit(t, site, "content/guides/cardiology-referral.md", "lasting ≥ 15 minutes", "lasting ≥ 10 minutes")
	preview, err := Build(Options{Source: site, Dest: dest, Today: day, Preview: true, CheckOnly: true})
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	f := only(t, preview.Diags, diag.RuleKitVersion)
	if f.File != "kits/cardiology.yaml" || f.Line != 5 || f.Col != 14 || f.Severity != diag.Warning || !strings.Contains(f.Message, fmt.Sprintf("was recorded with version %d, so version %d gets no note", v+1, v+2)) {
		t.Errorf("stale note: %s", f)
	}
	res = buildAt(t, site, day, Options{Dest: dest})
	for _, k := range res.Kits {
		if k.ID == "cardiology" && (!k.New || k.Version != v+2 || k.Note != "") {
			t.Errorf("stale note: %+v", k)
		}
	}
	if strings.Count(string(read(t, filepath.Join(site, kit.LedgerFile))), "note: "+note+"\n") != 1 {
		t.Error("the stale note was recorded again")
	}
}

// mainElement returns the main element of a page.
func mainElement(t *testing.T, page string) string {
	t.Helper()
	i, j := strings.Index(page, "<main"), strings.Index(page, "</main>")
	if i < 0 || j < i {
		t.Fatal("the page has no main element")
	}
	return page[i:j]
}

// listItem returns the list item of page that holds marker.
func listItem(t *testing.T, page, marker string) string {
	t.Helper()
	i := strings.Index(page, marker)
	start := strings.LastIndex(page[:max(i, 0)], "<li")
	end := strings.Index(page[max(i, 0):], "</li>")
	if i < 0 || start < 0 || end < 0 {
		t.Fatalf("no list item with %s", marker)
	}
	return page[start : i+end]
}

var tagsRE = regexp.MustCompile(`<[^>]*>`)

// visible is the text of an HTML fragment as a screen reader reads it,
// with runs of white space (and tag boundaries) as one space.
func visible(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagsRE.ReplaceAllString(h, " "))), " ")
}

// setNote replaces the change note of the example's cardiology kit, on
// line 5 of kits/cardiology.yaml.
func setNote(t *testing.T, site, note string) {
	t.Helper()
	file := filepath.Join(site, "kits", "cardiology.yaml")
	data := string(read(t, file))
	lines := strings.SplitAfter(data, "\n")
	if !strings.HasPrefix(lines[4], "change_note: ") {
		t.Fatalf("line 5 of kits/cardiology.yaml is %q, not its change note", lines[4])
	}
	lines[4] = "change_note: " + note + "\n"
	if err := os.WriteFile(file, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// only returns the one finding of rule in ds.
func only(t *testing.T, ds []diag.Diagnostic, rule diag.Rule) diag.Diagnostic {
	t.Helper()
	var found []diag.Diagnostic
	for _, d := range ds {
		if d.Rule == rule {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d %s findings, want 1: %v", len(found), rule, ds)
	}
	return found[0]
}

// TestChangeNoteRules: the rules for published words read the note, at
// its position in the kit file, and a note too long or over two lines is
// an error there.
func TestChangeNoteRules(t *testing.T) {
	tests := []struct {
		note string
		rule diag.Rule
		col  int
	}{
		{"guaranteed same-week visits", diag.RuleClaims, 14},
		{"example patient MRN 12345678 removed", diag.RulePatientData, 30},
		{"\"new fax (312) 555-0199\"", diag.RuleContact, 23},
		{strings.Repeat("long ", 40), diag.RuleKit, 14},
		{"two\n  lines", diag.RuleKit, 14},
	}
	for _, tt := range tests {
		t.Run(string(tt.rule), func(t *testing.T) {
			site := copySite(t)
			setNote(t, site, tt.note)
			res, err := Build(Options{Source: site, Dest: filepath.Join(t.TempDir(), "public"), Today: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), CheckOnly: true})
			if err == nil {
				t.Fatal("the note passed")
			}
			f := only(t, res.Diags, tt.rule)
			if f.File != "kits/cardiology.yaml" || f.Line != 5 || f.Col != tt.col || f.Severity != diag.Error {
				t.Errorf("finding %s, want an error at kits/cardiology.yaml:5:%d", f, tt.col)
			}
		})
	}
}
