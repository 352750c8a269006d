package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
)

// TestPageTypeRows checks every row of the page-type table against itself:
// a page in the row's folder gets the row's type and its own front matter,
// the file "kitgen new" writes names only keys the schema knows, and every
// recommended key is one the schema accepts, so a warning never asks for a
// key that would then be reported as unknown.
func TestPageTypeRows(t *testing.T) {
	names, sections := map[string]bool{}, map[string]bool{}
	for _, pt := range PageTypes {
		if names[pt.Name] || sections[pt.Section] {
			t.Errorf("%s: name or section appears in two rows", pt.Name)
		}
		names[pt.Name], sections[pt.Section] = true, true
		if TypeNamed(pt.Name) != pt || TypeOf(pt.Section) != pt {
			t.Errorf("%s: TypeNamed/TypeOf do not find the row", pt.Name)
		}

		file := pt.File("sample-page")
		var l diag.List
		p := Decode(file, []byte(fmt.Sprintf(pt.Scaffold, "Sample page")), &l)
		for _, d := range l.Sorted() {
			if strings.Contains(d.Message, "unknown key") {
				t.Errorf("%s: the scaffold names a key the schema does not know: %s", pt.Name, d)
			}
		}
		if p != nil {
			if p.Type != pt.Section {
				t.Errorf("%s: a page at %s has type %q, want %q", pt.Name, file, p.Type, pt.Section)
			}
			if (p.Typed != nil) != (pt.Schema != nil) {
				t.Errorf("%s: Typed = %T, want a value exactly when the row has a schema", pt.Name, p.Typed)
			}
		}

		var keys []string
		for _, r := range pt.Recommended {
			keys = append(keys, r.Key+": x")
			if r.Rule == "" || r.Why == "" {
				t.Errorf("%s: recommended key %q has no rule or advice", pt.Name, r.Key)
			}
		}
		var l2 diag.List
		Decode(file, []byte("---\ntitle: T\n"+strings.Join(keys, "\n")+"\n---\n"), &l2)
		for _, d := range l2.Sorted() {
			if strings.Contains(d.Message, "unknown key") {
				t.Errorf("%s: a recommended key is not in the schema: %s", pt.Name, d)
			}
		}
	}
	if TypeOf("news") != TypeNamed("page") || TypeOf("") != TypeNamed("page") {
		t.Errorf("a folder no row claims should hold free pages")
	}
}

// TestRecommendedKeys checks the warnings of each type's recommended keys:
// present, absent and empty.
func TestRecommendedKeys(t *testing.T) {
	for _, pt := range PageTypes {
		for _, r := range pt.Recommended {
			file := pt.File("x")
			var absent diag.List
			Decode(file, []byte("---\ntitle: X\n---\n"), &absent)
			want := fmt.Sprintf("%s:2:1: warning: %s: front matter has no %q", file, r.Rule, r.Key)
			if !strings.Contains(findings(&absent), want) {
				t.Errorf("%s without %s: findings\n%s\nwant a line starting %s", pt.Name, r.Key, findings(&absent), want)
			}
			// A key written with no value is there, just empty: the schema
			// (or the review checks) speak about it, not this warning.
			var empty diag.List
			Decode(file, []byte("---\ntitle: X\n"+r.Key+":\n---\n"), &empty)
			if strings.Contains(findings(&empty), fmt.Sprintf("front matter has no %q", r.Key)) {
				t.Errorf("%s with an empty %s: still warned as missing:\n%s", pt.Name, r.Key, findings(&empty))
			}
		}
	}
	// A free page and a section's list page have no recommended keys.
	for _, file := range []string{"content/about.md", "content/guides/_index.md"} {
		var l diag.List
		Decode(file, []byte("---\ntitle: X\n---\n"), &l)
		if f := findings(&l); f != "" {
			t.Errorf("%s: unexpected findings:\n%s", file, f)
		}
	}
}

// TestDecodeProgram checks a program's own front matter: every field set,
// fields absent or empty, and a value of the wrong shape.
func TestDecodeProgram(t *testing.T) {
	var l diag.List
	p := Decode("content/programs/asthma.md", []byte("---\ntitle: Asthma education\naudience: Children with asthma\nages: 6–17\nschedule: Four Tuesdays\nservice: pulmonology\n---\n"), &l)
	if p == nil || findings(&l) != "" {
		t.Fatalf("Decode: %v\n%s", p, findings(&l))
	}
	if got := *p.Program(); got != (Program{Audience: "Children with asthma", Ages: "6–17", Schedule: "Four Tuesdays", Service: "pulmonology"}) {
		t.Errorf("Program = %+v", got)
	}
	if p.Type != TypeProgram || p.Service() != nil {
		t.Errorf("type %q, Service() = %v; want a program only", p.Type, p.Service())
	}

	var empty diag.List
	p = Decode("content/programs/asthma.md", []byte("---\ntitle: Asthma education\naudience:\nages: \"\"\nschedule:\n---\n"), &empty)
	if p == nil || findings(&empty) != "" {
		t.Fatalf("empty fields: %v\n%s", p, findings(&empty))
	}
	if got := *p.Program(); got != (Program{}) {
		t.Errorf("empty fields: Program = %+v, want zero", got)
	}

	var bad diag.List
	p = Decode("content/programs/asthma.md", []byte("---\ntitle: Asthma education\nages: [6, 17]\n---\n"), &bad)
	if want := "content/programs/asthma.md:3:7: error: front-matter: ages must be text"; p != nil || !strings.Contains(findings(&bad), want) {
		t.Errorf("ages as a list: page %v, findings\n%s\nwant %s", p, findings(&bad), want)
	}
	// A program page elsewhere is a free page, without program fields.
	var free diag.List
	if p := Decode("content/about.md", []byte("---\ntitle: About\nschedule: x\n---\n"), &free); p != nil || !strings.Contains(findings(&free), `unknown key "schedule"`) {
		t.Errorf("schedule on a free page: %v\n%s", p, findings(&free))
	}
}
