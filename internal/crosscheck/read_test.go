package crosscheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// Readers of the built outputs. None of them is kitgen code: HTML goes
// through golang.org/x/net/html (the HTML5 parsing algorithm browsers use),
// PDFs through poppler's pdftotext and pdftoppm, qpdf and zbarimg.

// tool returns the path of an external program, or skips the test when it
// is missing; KITGEN_REQUIRE_TOOLS=1 (CI) makes a missing tool a failure.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := fmt.Sprintf("%s not found (apt-get install -y %s)", name, pkg)
	if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s; KITGEN_REQUIRE_TOOLS=1 requires it", msg)
	}
	t.Skip(msg)
	return ""
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// page is a parsed HTML page.
type page struct {
	file string
	root *html.Node
}

func readPage(t *testing.T, file string) *page {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("reading the built page: %v", err)
	}
	defer f.Close()
	n, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &page{file: file, root: n}
}

// all returns every element with the tag, in document order.
func (p *page) all(tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.root)
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// text is the node's text content with white space collapsed, leaving out
// scripts and styles, as a reader would see it.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head"):
			return
		case n.Type == html.ElementNode:
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			b.WriteString(" ")
		}
	}
	walk(n)
	return collapse(b.String())
}

func collapse(s string) string { return norm.NFC.String(strings.Join(strings.Fields(s), " ")) }

// body is the visible text of the page's main content.
func (p *page) body() string {
	if m := p.all("main"); len(m) > 0 {
		return text(m[0])
	}
	return text(p.root)
}

// jsonLD returns the page's structured-data objects.
func (p *page) jsonLD(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range p.all("script") {
		if ty, _ := attr(s, "type"); ty != "application/ld+json" || s.FirstChild == nil {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(s.FirstChild.Data), &v); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v", p.file, err)
			continue
		}
		out = append(out, v)
	}
	return out
}

// entry returns the text of the list item or table row that links to
// href: one provider's entry in the directory.
func (p *page) entry(href string) string {
	for _, a := range p.all("a") {
		if h, _ := attr(a, "href"); h != href {
			continue
		}
		for n := a.Parent; n != nil; n = n.Parent {
			if n.Type == html.ElementNode && (n.Data == "li" || n.Data == "tr" || n.Data == "article") {
				return text(n)
			}
		}
	}
	return ""
}

// telLink is an <a href="tel:…"> and its visible text.
type telLink struct{ href, text string }

func (p *page) telLinks() []telLink {
	var out []telLink
	for _, a := range p.all("a") {
		if h, _ := attr(a, "href"); strings.HasPrefix(h, "tel:") {
			out = append(out, telLink{h, text(a)})
		}
	}
	return out
}

// pdfText is the kit's text as pdftotext extracts it, white space collapsed.
func pdfText(t *testing.T, file string) string {
	return collapse(string(run(t, tool(t, "pdftotext", "poppler-utils"), "-enc", "UTF-8", file, "-")))
}

// pdfTitle is the document title pdfinfo reads from the metadata.
func pdfInfo(t *testing.T, file string) map[string]string {
	out := run(t, tool(t, "pdfinfo", "poppler-utils"), "-enc", "UTF-8", file)
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

var uriRe = regexp.MustCompile(`/URI\s*\(((?:\\.|[^\\)])*)\)`)

// pdfURIs returns the targets of the PDF's link annotations, read from the
// file as qpdf rewrites it with every object uncompressed.
func pdfURIs(t *testing.T, file string) []string {
	out := filepath.Join(t.TempDir(), "qdf.pdf")
	q := tool(t, "qpdf", "qpdf")
	cmd := exec.Command(q, "--qdf", "--object-streams=disable", file, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, m := range uriRe.FindAllSubmatch(data, -1) {
		s := strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(string(m[1]))
		uris = append(uris, s)
	}
	return uris
}

// pdfQR renders the kit and returns what zbarimg decodes from it.
func pdfQR(t *testing.T, file string) []string {
	dir := t.TempDir()
	run(t, tool(t, "pdftoppm", "poppler-utils"), "-r", "200", "-png", file, filepath.Join(dir, "kit"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "kit*.png"))
	if len(pngs) != 1 {
		t.Fatalf("pdftoppm rendered %d pages, want 1", len(pngs))
	}
	z := tool(t, "zbarimg", "zbar-tools")
	cmd := exec.Command(z, "-q", "--raw", pngs[0])
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("zbarimg found no code in the kit: %v", err)
	}
	return strings.Fields(string(out))
}

// digits keeps the digits of s, dropping a leading NANP country code.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return d
}
