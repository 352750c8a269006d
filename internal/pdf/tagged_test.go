package pdf

import (
	"bytes"
	"encoding/xml"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/kitgen/kitgen/internal/kit"
)

// structNode is one line of pdfinfo -struct-text: an element with its
// children, or a text (quoted).
type structNode struct {
	label  string
	parent *structNode
	kids   []*structNode
}

// readStructText parses pdfinfo -struct-text's indented tree.
func readStructText(out string) *structNode {
	root := &structNode{label: "(root)"}
	stack := []*structNode{root}
	depths := []int{-1}
	for _, line := range strings.Split(out, "\n") {
		text := strings.TrimLeft(line, " ")
		if text == "" {
			continue
		}
		depth := len(line) - len(text)
		for depths[len(depths)-1] >= depth {
			stack, depths = stack[:len(stack)-1], depths[:len(depths)-1]
		}
		n := &structNode{label: text, parent: stack[len(stack)-1]}
		n.parent.kids = append(n.parent.kids, n)
		stack, depths = append(stack, n), append(depths, depth)
	}
	return root
}

// texts returns the quoted texts under n in reading order, with the node
// of each.
func (n *structNode) texts() (out []*structNode) {
	if strings.HasPrefix(n.label, `"`) {
		return []*structNode{n}
	}
	for _, k := range n.kids {
		out = append(out, k.texts()...)
	}
	return out
}

// path returns the element names from the root down to n.
func (n *structNode) path() string {
	var parts []string
	for p := n.parent; p != nil && p.parent != nil; p = p.parent {
		parts = append([]string{strings.Fields(strings.TrimSuffix(p.label, ":"))[0]}, parts...)
	}
	return strings.Join(parts, "/")
}

// TestTaggedStructText reads the structure tree back with poppler: the
// kit's text in reading order under the elements a screen reader needs.
func TestTaggedStructText(t *testing.T) {
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	path := writeTemp(t, render(t, cardiology()))
	info, err := exec.Command(pdfinfo, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Tagged:          yes", "PDF version:     1.7", "Metadata Stream: yes"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	out, err := exec.Command(pdfinfo, "-struct-text", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	tree := readStructText(string(out))
	if len(tree.kids) != 1 || tree.kids[0].label != "Document" {
		t.Fatalf("the tree's root is not one Document:\n%s", out)
	}
	var all strings.Builder
	where := map[string]string{}
	for _, n := range tree.texts() {
		text, _ := strconv.Unquote(n.label)
		all.WriteString(text)
		all.WriteString("\n")
		if _, seen := where[text]; !seen {
			where[text] = n.path()
		}
	}
	joined := all.String()

	// Reading order: title, red flags, criteria, documents, the table,
	// providers, contact, the footer.
	order := []string{"Cardiology referral kit", "Version 3", "Urgent: call now", "(312) 555-0199", "When to refer",
		"Syncope with exertion", "Documents to send", "Referral order with ICD-10 code", "What happens next",
		"Priority", "2 business days", "Hypertension, lipids", "Before the visit", "José Núñez, MD, FACC",
		"Send referrals to", "(312) 555-0142", "Chicago, IL 60610", "Version 3 · Effective 2025-03-01",
		"https://referrals.lakeshoreheart.example/kits/cardiology/"}
	at := 0
	for _, w := range order {
		i := strings.Index(joined[at:], w)
		if i < 0 {
			t.Errorf("%q is missing from the structure tree, or out of order", w)
			continue
		}
		at += i + len(w)
	}
	if !strings.Contains(joined, "heart block: send to the emergency department and call the cardiologist") {
		t.Error("words of differently styled runs run together in the structure text")
	}

	for text, want := range map[string]string{
		"Cardiology referral kit":                    "Document/H1",
		"Urgent: call now":                           "Document/Sect/H2",
		"When to refer":                              "Document/Sect/Sect/H2",
		"Syncope with exertion or with palpitations": "Document/Sect/Sect/L/LI/LBody/P",
		"•":                                      "Document/Sect/Sect/L/LI/Lbl",
		"Priority":                               "Document/Sect/Table/TR/TH",
		"2 business days":                        "Document/Sect/Table/TR/TD",
		"(312) 555-0199":                         "Document/Sect/P/Link",
		"Before the visit":                       "Document/Sect/H3",
		"all medications, including supplements": "Document/Sect/L/LI/LBody/L/LI/LBody/P",
		"José Núñez, MD, FACC":                   "Document/Sect/L/LI/LBody/P/Link",
		"PHONE":                                  "Document/Sect/L/LI/Lbl",
		"!":                                      "Document/Sect/Figure",
	} {
		if got := where[text]; got != want {
			t.Errorf("%q is at %q, want %q", text, got, want)
		}
	}
	if !strings.Contains(string(out), "/Scope /Column") {
		t.Error("table header cells have no scope")
	}
	if t.Failed() {
		t.Logf("pdfinfo -struct-text:\n%s", out)
	}
}

// TestQpdfCheck: qpdf finds no damage in a tagged kit, with and without
// links.
func TestQpdfCheck(t *testing.T) {
	qpdf := requireTool(t, "qpdf", "qpdf")
	plain := cardiology()
	plain.URL = ""
	for i := range plain.Blocks {
		unlink(&plain.Blocks[i])
	}
	for name, d := range map[string]*kit.Doc{"linked": cardiology(), "no links": plain, "empty": {ID: "e", Title: "E"}} {
		out, err := exec.Command(qpdf, "--check", writeTemp(t, render(t, d))).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors found") {
			t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
		}
	}
}

// TestFontNames: embedded fonts carry a subset tag and their PostScript
// name, and map back to Unicode.
func TestFontNames(t *testing.T) {
	pdffonts := requireTool(t, "pdffonts", "poppler-utils")
	out, err := exec.Command(pdffonts, writeTemp(t, render(t, cardiology()))).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	names := map[string]bool{}
	for _, l := range lines {
		f := strings.Fields(l)
		names[regexp.MustCompile(`^[A-Z]{6}\+`).ReplaceAllString(f[0], "")] = true
		if !regexp.MustCompile(`^[A-Z]{6}\+[A-Za-z-]+$`).MatchString(f[0]) || !strings.Contains(l, "yes yes yes") {
			t.Errorf("font %q: want a subset tag and its name, embedded, subset, with a ToUnicode map: %s", f[0], l)
		}
	}
	for _, want := range []string{"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "GoMono"} {
		if !names[want] {
			t.Errorf("no font named %s: %v", want, names)
		}
	}
}

// TestXMP: the XMP packet is well-formed XML that says PDF/UA-1 and
// repeats the title, author and language, escaped where they need it,
// and leaves out what the kit does not have.
func TestXMP(t *testing.T) {
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	type rdf struct {
		Title    string `xml:"RDF>Description>title>Alt>li"`
		Creator  string `xml:"RDF>Description>creator>Seq>li"`
		Lang     string `xml:"RDF>Description>language>Bag>li"`
		Keywords string `xml:"RDF>Description>Keywords"`
		Part     string `xml:"RDF>Description>part"`
	}
	read := func(d *kit.Doc) rdf {
		t.Helper()
		out, err := exec.Command(pdfinfo, "-meta", writeTemp(t, render(t, d))).Output()
		if err != nil {
			t.Fatal(err)
		}
		var m rdf
		if err := xml.Unmarshal(out, &m); err != nil {
			t.Fatalf("XMP is not well-formed: %v\n%s", err, out)
		}
		return m
	}
	d := cardiology()
	d.Title = `Heart <& "valve"> kit (ñ)`
	m := read(d)
	if m.Title != `Heart <& "valve"> kit (ñ) — v3` || m.Creator != d.Practice || m.Lang != "en-US" || m.Part != "1" || m.Keywords != "cardiology, referral, Lakeshore" {
		t.Errorf("XMP = %+v", m)
	}
	d.Practice, d.Keywords, d.Language = "", nil, ""
	if m := read(d); m.Creator != "" || m.Keywords != "" || m.Lang != "en-US" || m.Part != "1" {
		t.Errorf("XMP without author, keywords and language = %+v", m)
	}
}

// TestStructTreeWalk walks the structure tree with pdfcpu and checks it
// against the page's content stream: every marked-content id is reached
// from the tree exactly once, by the element the parent tree names for
// it; every piece of text and every drawing is inside marked content;
// every figure has alternate text and every link its annotation, which
// has Contents and points back into the tree.
func TestStructTreeWalk(t *testing.T) {
	for name, d := range map[string]*kit.Doc{"cardiology": cardiology(), "draft": func() *kit.Doc { d := cardiology(); d.Draft = true; return d }()} {
		t.Run(name, func(t *testing.T) { walkStructTree(t, render(t, d)) })
	}
}

func walkStructTree(t *testing.T, b []byte) {
	ctx, err := api.ReadContext(bytes.NewReader(b), pdfcpuConf())
	if err != nil {
		t.Fatal(err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Fatalf("pdfcpu validation: %v", err)
	}
	x := ctx.XRefTable
	cat, err := x.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if mi := cat.DictEntry("MarkInfo"); mi == nil || mi.BooleanEntry("Marked") == nil || !*mi.BooleanEntry("Marked") {
		t.Error("catalog has no /MarkInfo <</Marked true>>")
	}
	if vp := cat.DictEntry("ViewerPreferences"); vp == nil || vp.BooleanEntry("DisplayDocTitle") == nil || !*vp.BooleanEntry("DisplayDocTitle") {
		t.Error("catalog does not ask viewers to show the title")
	}
	if lang, _ := cat.StringOrHexLiteralEntry("Lang"); lang == nil || *lang != "en-US" {
		t.Errorf("catalog /Lang = %v", lang)
	}
	page, pageRef, _, err := x.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	if tabs := page.NameEntry("Tabs"); tabs == nil || *tabs != "S" {
		t.Error("page has no /Tabs /S")
	}
	content, err := x.PageContent(page, 1)
	if err != nil {
		t.Fatal(err)
	}
	mcids := checkMarkedContent(t, content)

	root, err := x.DereferenceDict(cat["StructTreeRoot"])
	if err != nil || root == nil {
		t.Fatalf("no structure tree: %v", err)
	}
	parentTree, err := x.DereferenceDict(root["ParentTree"])
	if err != nil || parentTree == nil {
		t.Fatalf("no parent tree: %v", err)
	}
	nums := parentTree.ArrayEntry("Nums")
	parents := map[int]types.Object{} // StructParent(s) key → value
	for i := 0; i+1 < len(nums); i += 2 {
		k, _ := nums[i].(types.Integer)
		parents[int(k)] = nums[i+1]
	}
	sp := page.IntEntry("StructParents")
	if sp == nil {
		t.Fatal("page has no /StructParents")
	}
	byMCID, err := x.DereferenceArray(parents[*sp])
	if err != nil {
		t.Fatal(err)
	}

	reached := map[int]int{}
	annotsReached := map[int]bool{}
	var walk func(ref types.IndirectRef, depth int)
	walk = func(ref types.IndirectRef, depth int) {
		e, err := x.DereferenceDict(ref)
		if err != nil || e == nil || depth > 50 {
			t.Fatalf("structure element %v: %v", ref, err)
		}
		role := *e.NameEntry("S")
		kids := e["K"]
		var list types.Array
		switch k := kids.(type) {
		case types.Array:
			list = k
		case nil:
		default:
			list = types.Array{k}
		}
		hasObjr := false
		for _, k := range list {
			switch k := k.(type) {
			case types.Integer:
				reached[int(k)]++
				if int(k) >= len(byMCID) || byMCID[int(k)].(types.IndirectRef) != ref {
					t.Errorf("MCID %d is in %s %v, but the parent tree says otherwise", int(k), role, ref)
				}
			case types.IndirectRef:
				walk(k, depth+1)
			case types.Dict:
				if k.Type() == nil || *k.Type() != "OBJR" {
					t.Errorf("%s has a kid %v", role, k)
					continue
				}
				hasObjr = true
				annot, err := x.DereferenceDict(k["Obj"])
				if err != nil {
					t.Fatal(err)
				}
				contents, _ := annot.StringOrHexLiteralEntry("Contents")
				if contents == nil || strings.TrimSpace(*contents) == "" {
					t.Errorf("link annotation %v has no Contents", k["Obj"])
				}
				key := annot.IntEntry("StructParent")
				if key == nil || parents[*key] == nil || parents[*key].(types.IndirectRef) != ref {
					t.Errorf("link annotation %v does not point back to its Link element", k["Obj"])
				} else {
					annotsReached[*key] = true
				}
				if role != "Link" {
					t.Errorf("an annotation belongs to %s, not a Link", role)
				}
			}
		}
		if role == "Figure" {
			alt, _ := e.StringOrHexLiteralEntry("Alt")
			if alt == nil || strings.TrimSpace(*alt) == "" {
				t.Errorf("figure %v has no alternate text", ref)
			}
		}
		if role == "Link" && !hasObjr {
			t.Errorf("link %v has no annotation", ref)
		}
		if pg := e.IndirectRefEntry("Pg"); pg == nil || pg.ObjectNumber != pageRef.ObjectNumber {
			t.Errorf("%s %v is not on the page", role, ref)
		}
	}
	top := root.IndirectRefEntry("K")
	if top == nil {
		t.Fatal("the structure tree is empty")
	}
	walk(*top, 0)

	for _, id := range mcids {
		if reached[id] != 1 {
			t.Errorf("MCID %d is reached %d times from the structure tree, want once", id, reached[id])
		}
	}
	if len(reached) != len(mcids) {
		t.Errorf("the tree names %d MCIDs, the page has %d", len(reached), len(mcids))
	}
	annots := page.ArrayEntry("Annots")
	if len(annots) == 0 || len(annotsReached) != len(annots) {
		t.Errorf("%d of %d link annotations are reached from the tree", len(annotsReached), len(annots))
	}
}

// painting are the content-stream operators that put marks on the page.
var painting = map[string]bool{"f": true, "F": true, "f*": true, "S": true, "s": true, "B": true, "B*": true, "b": true, "b*": true,
	"Tj": true, "TJ": true, "'": true, "\"": true, "Do": true, "sh": true, "BI": true}

// checkMarkedContent returns the MCIDs of the page's content stream, in
// order, and fails when text or a drawing is outside marked content or
// sequences are nested. (fpdf writes text as hex strings, so the stream
// splits into operators and operands at white space.)
func checkMarkedContent(t *testing.T, content []byte) []int {
	t.Helper()
	var ids []int
	depth, painted := 0, 0
	tokens := strings.Fields(string(content))
	for i, tok := range tokens {
		switch {
		case tok == "BDC" || tok == "BMC":
			if depth++; depth > 1 {
				t.Fatalf("marked content is nested at token %d", i)
			}
			if tok == "BDC" && i >= 3 && tokens[i-2] == "<</MCID" {
				id, err := strconv.Atoi(strings.TrimSuffix(tokens[i-1], ">>"))
				if err != nil {
					t.Fatalf("bad MCID %q", tokens[i-1])
				}
				ids = append(ids, id)
			} else if tok == "BMC" && tokens[i-1] != "/Artifact" {
				t.Errorf("marked content %s %s is neither an artifact nor tagged", tokens[i-1], tok)
			}
		case tok == "EMC":
			depth--
		case painting[tok]:
			painted++
			if depth != 1 {
				t.Fatalf("%q (token %d) is drawn outside marked content", tok, i)
			}
		}
	}
	if depth != 0 || len(ids) == 0 || painted == 0 {
		t.Fatalf("unbalanced marked content (depth %d), or no ids (%d) or drawing (%d)", depth, len(ids), painted)
	}
	seen := map[int]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("MCID %d is used twice", id)
		}
		seen[id] = true
	}
	return ids
}
