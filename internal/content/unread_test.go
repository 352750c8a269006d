package content

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/adrg/frontmatter"
	"github.com/kitgen/kitgen/internal/diag"
)

const unreadPage = "---\ntitle: Cardiology\ndescription: Heart care\n---\n\n## Who we see\n\nSee [the guide](/guides/x/#red-flags).\n"

// TestLoadFrontParsesTheSameBody checks that a page loaded without its
// body parses to what LoadFile's does, reading the body when parsed.
func TestLoadFrontParsesTheSameBody(t *testing.T) {
	fsys := fstest.MapFS{"content/services/cardiology.md": {Data: []byte(unreadPage)}}
	kept, ok := LoadFile(fsys, "content/services/cardiology.md", nil, &diag.List{})
	if !ok {
		t.Fatal("LoadFile failed")
	}
	p, ok := LoadFront(fsys, "content/services/cardiology.md", nil, &diag.List{})
	if !ok {
		t.Fatal("LoadFront failed")
	}
	if p.Body != nil {
		t.Fatalf("LoadFront kept the body %q", p.Body)
	}
	if string(p.Front) != string(kept.Front) || p.FrontLine != kept.FrontLine || p.BodyLine != kept.BodyLine || p.Title != kept.Title {
		t.Fatalf("front matter %q line %d, body line %d, title %q; LoadFile gives %q, %d, %d, %q",
			p.Front, p.FrontLine, p.BodyLine, p.Title, kept.Front, kept.FrontLine, kept.BodyLine, kept.Title)
	}
	doc, want := Parse(p), Parse(kept)
	if string(p.Body) != string(kept.Body) {
		t.Fatalf("body read again %q, want %q", p.Body, kept.Body)
	}
	if len(doc.Problems) != 0 {
		t.Fatalf("problems %v", doc.Problems)
	}
	if len(doc.Headings) != 1 || doc.Headings[0] != (Heading{Level: 2, Text: "Who we see", ID: "who-we-see", LegacyID: "who-we-see", Line: 6, Node: doc.Headings[0].Node}) {
		t.Fatalf("headings %+v", doc.Headings)
	}
	if len(doc.Links) != 1 || doc.Links[0] != want.Links[0] || doc.Links[0].Line != 8 {
		t.Fatalf("links %+v, want %+v at line 8", doc.Links, want.Links)
	}
	// Released, the page is not read again: its indexes stay.
	doc.Release()
	p.Body = nil
	delete(fsys, "content/services/cardiology.md")
	if again := Parse(p); again != doc || len(again.Headings) != 1 || len(again.Problems) != 0 {
		t.Fatalf("parsing a released page read it again: %+v", again)
	}
}

// TestLoadFrontFileChanged checks what parsing finds when the file changed
// between loading and parsing: a changed front matter (or a file gone) is
// a problem at the front matter, with nothing of the new file used; a
// changed body is simply the body.
func TestLoadFrontFileChanged(t *testing.T) {
	const file = "content/services/cardiology.md"
	for _, tc := range []struct {
		name    string
		now     *fstest.MapFile // nil: the file is gone
		problem string          // "" for none
		body    string
	}{
		{"body edited", &fstest.MapFile{Data: []byte(strings.Replace(unreadPage, "Who we see", "Whom we see", 1))}, "", "\n## Whom we see\n\nSee [the guide](/guides/x/#red-flags).\n"},
		{"front matter edited", &fstest.MapFile{Data: []byte(strings.Replace(unreadPage, "Heart care", "Heart", 1))}, "the front matter changed while kitgen was building", ""},
		{"front matter grown", &fstest.MapFile{Data: []byte(strings.Replace(unreadPage, "---\n\n", "weight: 2\n---\n\n", 1))}, "the front matter changed while kitgen was building", ""},
		{"file truncated", &fstest.MapFile{Data: []byte("---\n")}, "the front matter changed while kitgen was building", ""},
		{"file empty", &fstest.MapFile{Data: nil}, "the front matter changed while kitgen was building", ""},
		{"file gone", nil, "could not be read again", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{file: {Data: []byte(unreadPage)}}
			p, ok := LoadFront(fsys, file, nil, &diag.List{})
			if !ok {
				t.Fatal("LoadFront failed")
			}
			if tc.now == nil {
				delete(fsys, file)
			} else {
				fsys[file] = tc.now
			}
			doc := Parse(p)
			if string(p.Body) != tc.body {
				t.Errorf("body %q, want %q", p.Body, tc.body)
			}
			if tc.problem == "" {
				if len(doc.Problems) != 0 {
					t.Errorf("problems %+v, want none", doc.Problems)
				}
				return
			}
			if len(doc.Problems) != 1 || !strings.Contains(doc.Problems[0].Message, tc.problem) || !strings.Contains(doc.Problems[0].Message, "build again") {
				t.Fatalf("problems %+v, want one saying %q and what to do", doc.Problems, tc.problem)
			}
			if pr := doc.Problems[0]; pr.Line != 1 || pr.Col != 1 {
				t.Errorf("problem at %d:%d, want 1:1 (the front matter's opening line)", pr.Line, pr.Col)
			}
			if len(doc.Headings) != 0 || len(doc.Links) != 0 {
				t.Errorf("the changed file was parsed: headings %+v, links %+v", doc.Headings, doc.Links)
			}
		})
	}
}

// splitWhole is split as it was before it gave adrg/frontmatter only the
// file up to the closing line: the whole file, the body taken from what
// the library returns.
func splitWhole(src []byte) (fm []byte, isTOML bool, fmLine int, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, bom)
	m := openRE.FindSubmatchIndex(src)
	if m == nil {
		return nil, false, 0, src, 1, false
	}
	delim := string(src[m[2]:m[3]])
	closing := delim
	if strings.HasPrefix(delim, "---") {
		closing = "---"
	}
	openLine := 1 + bytes.Count(src[:m[2]], []byte("\n"))
	if closingEnd(src[m[1]:], closing) < 0 {
		return nil, false, 0, nil, 0, false
	}
	rest, err := frontmatter.Parse(bytes.NewReader(src), nil, rawFormats(&fm, &isTOML)...)
	if err != nil && !errors.Is(err, frontmatter.ErrNotFound) {
		return nil, false, 0, nil, 0, false
	}
	bodyStart := len(src) - len(rest)
	return fm, isTOML, openLine + 1, rest, 1 + bytes.Count(src[:bodyStart], []byte("\n")), true
}

// FuzzSplit checks that split finds the same front matter, body and lines
// as adrg/frontmatter given the whole file, and that the body is the tail
// of the file (which LoadFront reads again by its offset).
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		unreadPage,
		"+++\ntitle = \"Guide\"\n+++\n# A\n",
		"\ufeff---yaml\r\ntitle: T\r\n---\r\nbody\r\n",
		"\n\n  ---  \ntitle: T\n  ---\nbody\n",
		"---\ntitle: T\n---",
		"---\ntitle: T\n---\n---\nmore\n---\n",
		"---toml\ntitle = \"T\"\n---\n\nx",
		"---\ntitle: T\n",
		"no front matter\n",
		"---\n---\n",
		"---\ntitle: T\n+++\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, isTOML, fmLine, body, bodyLine, ok := split("content/x.md", src, &diag.List{})
		wfm, wTOML, wfmLine, wbody, wbodyLine, wok := splitWhole(src)
		if ok != wok {
			t.Fatalf("ok %v, want %v", ok, wok)
		}
		if !ok {
			return
		}
		if string(fm) != string(wfm) || isTOML != wTOML || fmLine != wfmLine || string(body) != string(wbody) || bodyLine != wbodyLine {
			t.Fatalf("split gives fm %q toml %v line %d, body %q line %d;\nwant fm %q toml %v line %d, body %q line %d",
				fm, isTOML, fmLine, body, bodyLine, wfm, wTOML, wfmLine, wbody, wbodyLine)
		}
		if !bytes.HasSuffix(src, body) || (len(body) > 0 && &src[len(src)-len(body)] != &body[0]) {
			t.Fatalf("the body is not the tail of the file")
		}
	})
}
