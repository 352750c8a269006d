package pdf

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/kitgen/kitgen/internal/kit"
)

var sampleOut = flag.String("sample", "", "also write the cardiology kit to this file, to look at")

// requireTool returns the path of an external tool, or skips the test when
// it is missing. With KITGEN_REQUIRE_TOOLS=1 (as in CI) a missing tool fails
// the test instead, so CI cannot pass by skipping.
func requireTool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := fmt.Sprintf("%s not found (install Debian's %s: apt-get install -y %s)", name, pkg, pkg)
	if os.Getenv("KITGEN_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s; KITGEN_REQUIRE_TOOLS=1 requires it", msg)
	}
	t.Skip(msg)
	return ""
}

var (
	fontsOnce sync.Once
	defFonts  *Fonts
	fontsErr  error
)

func testFonts(t testing.TB) *Fonts {
	t.Helper()
	fontsOnce.Do(func() { defFonts, fontsErr = LoadFonts(nil) })
	if fontsErr != nil {
		t.Fatal(fontsErr)
	}
	return defFonts
}

func txt(s string) kit.Inline { return kit.Inline{Text: s} }

func para(ins ...kit.Inline) kit.Node { return kit.Node{Kind: kit.Paragraph, Inlines: ins} }

func item(ns ...kit.Node) []kit.Node { return ns }

func bullets(items ...[]kit.Node) kit.Node { return kit.Node{Kind: kit.List, Items: items} }

var criteria = []string{
	"Syncope with exertion or with palpitations",
	"New murmur with symptoms",
	"Atrial fibrillation with ≥ 3 episodes in 30 days despite rate control",
	"Heart failure with EF ≤ 40% not on guideline therapy",
	"Chest pain with abnormal stress test",
}

var documents = []string{
	"Referral order with ICD-10 code",
	"Last clinic note and medication list",
	"12-lead ECG (PDF or fax)",
	"Echo report, if done within 12 months",
	"Recent labs: BMP, CBC, lipid panel",
}

// cardiology returns a realistic kit: an urgent box, criteria and documents
// side by side, a section with a table and nested lists, six providers and
// a contact panel.
func cardiology() *kit.Doc {
	var critItems, docItems [][]kit.Node
	for _, c := range criteria {
		critItems = append(critItems, item(para(txt(c))))
	}
	for _, d := range documents {
		docItems = append(docItems, item(para(txt(d))))
	}
	return &kit.Doc{
		ID:        "cardiology",
		Title:     "Cardiology referral kit",
		Audience:  "For primary care clinicians and care coordinators",
		Practice:  "Lakeshore Heart & Vascular",
		Language:  "en-US",
		Keywords:  []string{"cardiology", "referral", "Lakeshore"},
		Version:   3,
		Effective: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		URL:       "https://referrals.lakeshoreheart.example/kits/cardiology/",
		Blocks: []kit.Block{
			{
				Kind:   kit.Urgent,
				Title:  "Urgent: call now",
				Source: kit.Source{File: "content/guides/cardiology.md", Line: 12},
				Body: []kit.Node{
					para(txt("Chest pain at rest, syncope with injury, or new heart block: "),
						kit.Inline{Text: "send to the emergency department", Bold: true},
						txt(" and call the cardiologist on call at "),
						kit.Inline{Text: "(312) 555-0199", Bold: true, Link: "tel:+13125550199"},
						txt(". Do not fax these referrals.")),
				},
			},
			{
				Kind: kit.Columns,
				Children: []kit.Block{
					{Kind: kit.Section, Title: "When to refer", Source: kit.Source{File: "content/guides/cardiology.md", Line: 20},
						Body: []kit.Node{{Kind: kit.List, Items: critItems}}},
					{Kind: kit.Section, Title: "Documents to send", Source: kit.Source{File: "content/guides/cardiology.md", Line: 31},
						Body: []kit.Node{{Kind: kit.List, Ordered: true, Items: docItems}}},
				},
			},
			{
				Kind:   kit.Section,
				Title:  "What happens next",
				Source: kit.Source{File: "content/services/cardiology.md", Line: 8},
				Body: []kit.Node{
					para(txt("We triage every referral within one business day and book by urgency. The "),
						kit.Inline{Text: "referring office", Italic: true},
						txt(" gets a confirmation by fax; patients get a call and a text. See "),
						kit.Inline{Text: "our referral guide", Link: "https://referrals.lakeshoreheart.example/guides/cardiology/"},
						txt(" for details, or use the e-referral code "),
						kit.Inline{Text: "CARD-01", Code: true}, txt(".")),
					{Kind: kit.Table,
						Header: []kit.Cell{{txt("Priority")}, {txt("Seen within")}, {txt("Examples")}},
						Rows: [][]kit.Cell{
							{{kit.Inline{Text: "Urgent", Bold: true}}, {txt("2 business days")}, {txt("Symptomatic AF, new HF, abnormal troponin (outpatient)")}},
							{{txt("Soon")}, {txt("2 weeks")}, {txt("Murmur with symptoms, syncope without injury")}},
							{{txt("Routine")}, {txt("6 weeks")}, {txt("Hypertension, lipids, pre-operative evaluation")}},
						}},
					{Kind: kit.Heading, Level: 2, Inlines: []kit.Inline{txt("Before the visit")}},
					bullets(
						item(para(txt("Ask the patient to bring:")),
							kit.Node{Kind: kit.List, Items: [][]kit.Node{
								item(para(txt("all medications, including supplements"))),
								item(para(txt("home blood pressure log, if kept"))),
							}}),
						item(para(txt("Hold metformin 48 hours after contrast studies only if told to."))),
					),
				},
			},
			{
				Kind:   kit.ProviderList,
				Title:  "Our cardiologists",
				Source: kit.Source{File: "content/providers/_index.md", Line: 1},
				Providers: []kit.Provider{
					{Name: "José Núñez", Credentials: "MD, FACC", Role: "Interventional cardiologist", Focus: []string{"Coronary disease", "Structural heart"}, URL: "https://referrals.lakeshoreheart.example/providers/jose-nunez/"},
					{Name: "Zoë Adeyemi-Łukasik", Credentials: "DO", Role: "Electrophysiologist", Focus: []string{"Atrial fibrillation", "Devices"}},
					{Name: "Priya Raman", Credentials: "MD", Role: "Heart failure specialist", Focus: []string{"Advanced heart failure", "Cardio-oncology"}},
					{Name: "Daniel O’Connor", Credentials: "MD", Role: "General cardiologist", Focus: []string{"Prevention", "Lipids"}},
					{Name: "Mei-Ling Chen", Credentials: "MD, PhD", Role: "Imaging cardiologist", Focus: []string{"Echocardiography", "Cardiac MRI"}},
					{Name: "Samuel Okafor", Credentials: "NP", Role: "Nurse practitioner", Focus: []string{"Hypertension clinic", "Post-procedure follow-up"}},
				},
			},
			{
				Kind:   kit.ContactBlock,
				Title:  "Send referrals to",
				Source: kit.Source{File: "content/locations/lakeshore.md", Line: 1},
				Contact: &kit.Contact{
					Name:      "Lakeshore Heart & Vascular — Main campus",
					Address:   []string{"1200 N Lake Shore Dr, Suite 400", "Chicago, IL 60610"},
					Phone:     "(312) 555-0142",
					Fax:       "(312) 555-0143",
					Email:     "referrals@lakeshoreheart.example",
					EReferral: "Epic Care Link: “Lakeshore Cardiology”",
					Hours:     []string{"Mon–Fri 7:30 a.m.–5:00 p.m.", "Sat 8:00 a.m.–noon"},
				},
			},
		},
	}
}

func render(t testing.TB, d *kit.Doc) []byte {
	t.Helper()
	b, err := Render(d, testFonts(t))
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b
}

// pdfcpuConf returns a pdfcpu configuration that reads no config directory.
func pdfcpuConf() *model.Configuration {
	api.DisableConfigDir()
	return model.NewDefaultConfiguration()
}

// TestRenderStrict validates kits with pdfcpu's strict mode, with links
// and without. Link annotations are indirect objects, as the standard
// asks, since kits are tagged (fpdf writes them inline in the page).
func TestRenderStrict(t *testing.T) {
	d := cardiology()
	linked := render(t, d)
	d.URL = ""
	for i := range d.Blocks {
		unlink(&d.Blocks[i])
	}
	b := render(t, d)
	if bytes.Contains(b, []byte("/Annots")) {
		t.Fatal("kit without links still has annotations")
	}
	conf := pdfcpuConf()
	conf.ValidationMode = model.ValidationStrict
	for name, b := range map[string][]byte{"linked": linked, "no links": b} {
		if err := api.Validate(bytes.NewReader(b), conf); err != nil {
			t.Errorf("%s: pdfcpu strict validation: %v", name, err)
		}
	}
}

// unlink removes every link from a block, phone numbers included.
func unlink(b *kit.Block) {
	for i := range b.Children {
		unlink(&b.Children[i])
	}
	for i := range b.Providers {
		b.Providers[i].URL = ""
	}
	if b.Contact != nil {
		b.Contact.Phone, b.Contact.Email, b.Contact.EReferral = "", "", ""
	}
	var nodes func([]kit.Node)
	nodes = func(ns []kit.Node) {
		for i := range ns {
			for j := range ns[i].Inlines {
				ns[i].Inlines[j].Link = ""
			}
			for _, it := range ns[i].Items {
				nodes(it)
			}
		}
	}
	nodes(b.Body)
}

func TestRenderValidOnePage(t *testing.T) {
	b := render(t, cardiology())
	if len(b) > 200<<10 {
		t.Errorf("kit is %d bytes, want under 200 KB", len(b))
	}
	t.Logf("cardiology kit: %d bytes", len(b))
	if err := api.Validate(bytes.NewReader(b), pdfcpuConf()); err != nil {
		t.Fatalf("pdfcpu validation: %v", err)
	}
	n, err := api.PageCount(bytes.NewReader(b), pdfcpuConf())
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("page count = %d, want 1", n)
	}
	if *sampleOut != "" {
		if err := os.WriteFile(*sampleOut, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kit.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRenderText(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	path := writeTemp(t, render(t, cardiology()))
	out, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	want := []string{"(312) 555-0142", "(312) 555-0143", "José Núñez, MD", "Zoë Adeyemi-Łukasik, DO", "≥", "Daniel O’Connor, MD",
		"Version 3 · Effective 2025-03-01", "https://referrals.lakeshoreheart.example/kits/cardiology/", "Urgent: call now",
		"Mon–Fri 7:30 a.m.–5:00 p.m.", "code CARD-01."}
	want = append(want, criteria...)
	want = append(want, documents...)
	for _, w := range want {
		if !containsWords(text, w) {
			t.Errorf("extracted text lacks %q", w)
		}
	}
	if strings.Contains(text, "DRAFT") {
		t.Error("a released kit says DRAFT")
	}
	if t.Failed() {
		t.Logf("extracted text:\n%s", text)
	}
}

// containsWords reports whether the words of want occur in text in order.
// pdftotext -layout prints side-by-side columns line by line, so a line
// that wraps in one column is continued after the other column's text on
// the same line; a few words may come between.
func containsWords(text, want string) bool {
	words, ws := strings.Fields(text), strings.Fields(want)
	for start := range words {
		i, gap := 0, 0
		for j := start; j < len(words) && i < len(ws) && gap <= 12; j++ {
			if words[j] == ws[i] {
				i, gap = i+1, 0
			} else if i > 0 {
				gap++
			} else {
				break
			}
		}
		if i == len(ws) {
			return true
		}
	}
	return false
}

func TestRenderDraft(t *testing.T) {
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	d := cardiology()
	d.Draft = true
	path := writeTemp(t, render(t, d))
	out, err := exec.Command(pdftotext, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "DRAFT — not for distribution") {
		t.Errorf("draft kit lacks its draft notice:\n%s", out)
	}
}

func TestRenderMetadata(t *testing.T) {
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	path := writeTemp(t, render(t, cardiology()))
	out, err := exec.Command(pdfinfo, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	for k, want := range map[string]string{
		"Title":    "Cardiology referral kit — v3",
		"Author":   "Lakeshore Heart & Vascular",
		"Subject":  "For primary care clinicians and care coordinators",
		"Keywords": "cardiology, referral, Lakeshore",
		"Creator":  "kitgen",
		"Pages":    "1",
	} {
		if info[k] != want {
			t.Errorf("pdfinfo %s = %q, want %q", k, info[k], want)
		}
	}
	if !strings.Contains(info["CreationDate"], "2025") {
		t.Errorf("CreationDate = %q, want the effective date", info["CreationDate"])
	}
}

// TestQRDecodes rasterises the kit and reads its QR code back. zbarimg
// (Debian's zbar-tools) is optional even in CI: without it the test skips.
func TestQRDecodes(t *testing.T) {
	pdftoppm := requireTool(t, "pdftoppm", "poppler-utils")
	zbarimg, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not found (apt-get install -y zbar-tools)")
	}
	d := cardiology()
	path := writeTemp(t, render(t, d))
	png := filepath.Join(filepath.Dir(path), "kit")
	// 100 dpi is a poor office scan; the code must still read.
	if out, err := exec.Command(pdftoppm, "-png", "-r", "100", "-singlefile", path, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	out, err := exec.Command(zbarimg, "-q", "--raw", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != d.URL {
		t.Errorf("QR code reads %q, want %q", got, d.URL)
	}
}

func TestRenderDeterministic(t *testing.T) {
	a := render(t, cardiology())
	b := render(t, cardiology())
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same kit differ")
	}
}

func TestRenderConcurrent(t *testing.T) {
	want := render(t, cardiology())
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := render(t, cardiology()); !bytes.Equal(got, want) {
				t.Error("concurrent render differs")
			}
		})
	}
	wg.Wait()
}

func TestRenderA4(t *testing.T) {
	d := cardiology()
	d.Paper = "a4"
	b := render(t, d)
	dims, err := pageDims(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(dims) != 1 {
		t.Fatalf("%d pages, want 1", len(dims))
	}
	// A4 is 595.28 × 841.89 pt; fpdf writes two decimals.
	if w, h := dims[0].Width, dims[0].Height; abs(w-595.28) > 0.01 || abs(h-841.89) > 0.01 {
		t.Errorf("A4 MediaBox is %.2f × %.2f pt, want 595.28 × 841.89", w, h)
	}

	d.Paper = "letter"
	if dims, err = pageDims(render(t, d)); err != nil || dims[0].Width != 612 || dims[0].Height != 792 {
		t.Errorf("Letter MediaBox is %.2f × %.2f pt, want 612 × 792", dims[0].Width, dims[0].Height)
	}

	d.Paper = "legal"
	if _, err := Render(d, testFonts(t)); err == nil || !strings.Contains(err.Error(), `"legal"`) {
		t.Errorf("unknown paper: err = %v", err)
	}
}

func pageDims(b []byte) ([]types.Dim, error) {
	ctx, err := api.ReadContext(bytes.NewReader(b), pdfcpuConf())
	if err != nil {
		return nil, err
	}
	if err := api.ValidateContext(ctx); err != nil {
		return nil, err
	}
	return ctx.PageDims()
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// fitSize returns the body size Render settles on for d.
func fitSize(t *testing.T, d *kit.Doc) float64 {
	t.Helper()
	p := papers[d.Paper]
	minSize := d.MinFontSize
	if minSize == 0 {
		minSize = defaultMinSize
	}
	foot, err := layoutFooter(d, testFonts(t), p)
	if err != nil {
		t.Fatal(err)
	}
	for s := baseSize; s >= minSize; s -= sizeStep {
		pg, err := layoutPage(d, testFonts(t), p, foot, s)
		if err != nil {
			t.Fatal(err)
		}
		if pg.bottom <= pg.limit {
			return s
		}
	}
	return 0
}

// withExtra returns the cardiology kit with n more paragraphs of text in
// its "What happens next" section.
func withExtra(n int) *kit.Doc {
	d := cardiology()
	for i := range n {
		d.Blocks[2].Body = append(d.Blocks[2].Body, para(txt(fmt.Sprintf(
			"Additional note %d: referring offices should include the reason for referral, the question they want answered, and any results from outside our system.", i+1))))
	}
	return d
}

func TestShrink(t *testing.T) {
	short := cardiology()
	short.Blocks = append(short.Blocks[:2], short.Blocks[3:]...)
	if s := fitSize(t, short); s != baseSize {
		t.Errorf("short kit fits at %.1f pt, want the base %.1f pt", s, baseSize)
	}

	full := fitSize(t, cardiology())
	if full >= baseSize || full < defaultMinSize {
		t.Errorf("cardiology kit fits at %.1f pt, want between %.1f and %.1f", full, defaultMinSize, baseSize)
	}
	bigger := withExtra(2)
	s := fitSize(t, bigger)
	if s >= full || s < defaultMinSize {
		t.Errorf("kit with more text fits at %.1f pt, want below %.1f and at least %.1f", s, full, defaultMinSize)
	}
	b := render(t, bigger)
	if n, err := api.PageCount(bytes.NewReader(b), pdfcpuConf()); err != nil || n != 1 {
		t.Errorf("kit with more text: %d pages (%v), want 1", n, err)
	}
	t.Logf("cardiology kit fits at %.1f pt, with more text at %.1f pt", full, s)
}

func TestOverflow(t *testing.T) {
	d := withExtra(40)
	_, err := Render(d, testFonts(t))
	var oe *OverflowError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want *OverflowError", err)
	}
	if oe.BlockTitle != "What happens next" || oe.Block != (kit.Source{File: "content/services/cardiology.md", Line: 8}) {
		t.Errorf("overflow names %q at %v, want \"What happens next\" at content/services/cardiology.md:8", oe.BlockTitle, oe.Block)
	}
	if oe.Over <= 0 || oe.MinSize != defaultMinSize || oe.Kit != "cardiology" {
		t.Errorf("overflow = %+v", oe)
	}
	msg := err.Error()
	for _, want := range []string{`kit "cardiology"`, "minimum 8 pt", fmt.Sprintf("%.1f mm too much", oe.Over),
		`"What happens next" `, " mm (content/services/cardiology.md:8)", `"Urgent: call now" `, `"Send referrals to" `,
		`"When to refer" `, ` beside "Documents to send" `, `Leaving out "What happens next" would make it fit`, "kits.min_font_size"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	t.Log(msg)

	// Every block is measured, and the heights add up to the room used.
	sp := oe.Space
	if sp == nil || len(sp.Blocks) != len(d.Blocks) || len(sp.Blocks[1].Columns) != 2 {
		t.Fatalf("space = %+v, want %d blocks, the second with 2 columns", sp, len(d.Blocks))
	}
	sum := sp.Gap * float64(len(sp.Blocks)-1)
	for i, b := range sp.Blocks {
		if b.Height <= 0 {
			t.Errorf("block %d has height %.1f", i, b.Height)
		}
		sum += b.Height
	}
	if abs(sum-sp.Used) > 0.01 || abs(sp.Left()+oe.Over) > 0.01 || sp.Size != defaultMinSize {
		t.Errorf("heights add up to %.2f mm, used %.2f mm, left %.2f mm, over %.2f mm, size %g", sum, sp.Used, sp.Left(), oe.Over, sp.Size)
	}
	if cols := sp.Blocks[1]; cols.Height != max(cols.Columns[0].Height, cols.Columns[1].Height) {
		t.Errorf("columns block is %.1f mm, its columns %.1f and %.1f mm", cols.Height, cols.Columns[0].Height, cols.Columns[1].Height)
	}

	// A kit that fits at 8 pt does not fit when 10 pt is the minimum.
	d = withExtra(8)
	d.MinFontSize = 10
	if _, err := Render(d, testFonts(t)); !errors.As(err, &oe) || oe.MinSize != 10 {
		t.Errorf("min 10 pt: err = %v, want *OverflowError at 10 pt", err)
	}
}

func TestOverflowInColumn(t *testing.T) {
	d := cardiology()
	docs := &d.Blocks[1].Children[1]
	for range 40 {
		docs.Body = append(docs.Body, para(txt("Another document the referring office should send with the referral.")))
	}
	var oe *OverflowError
	if _, err := Render(d, testFonts(t)); !errors.As(err, &oe) {
		t.Fatalf("err = %v, want *OverflowError", err)
	}
	if oe.BlockTitle != "Documents to send" || oe.Block.Line != 31 {
		t.Errorf("overflow names %q at %v, want \"Documents to send\" at line 31", oe.BlockTitle, oe.Block)
	}
}

// TestLoadFontsFS checks how a site's assets/fonts folder becomes the
// chain of faces each character is looked up in: the site's typeface,
// then its fallbacks by number, then the built-in typeface.
func TestLoadFontsFS(t *testing.T) {
	write := func(dir, name string, b []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	def := testFonts(t)

	dir := t.TempDir()
	write(dir, "README.txt", []byte("not a font"))
	f, err := LoadFonts(os.DirFS(dir))
	if err != nil {
		t.Fatalf("a folder without fonts: %v", err)
	}
	for s := range numStyles {
		if len(f.chains[s]) != len(def.chains[s]) || f.chains[s][0] != def.chains[s][0] {
			t.Errorf("a folder without fonts: style %d does not use the built-in faces", s)
		}
	}

	write(dir, "Regular.ttf", goregular.TTF)
	if f, err = LoadFonts(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	site := f.chains[regular][0]
	if len(f.chains[regular]) != 2 || f.chains[regular][1] != def.first(regular) {
		t.Errorf("regular chain has %d faces, want the site's then the built-in", len(f.chains[regular]))
	}
	if f.chains[bold][0] != site || f.chains[boldItalic][0] != site || f.chains[bold][1] != def.first(bold) {
		t.Error("missing styles do not fall back to Regular.ttf, then to the built-in bold")
	}
	if f.chains[mono][0] != def.first(mono) || f.chains[mono][1] != site {
		t.Error("code is not set in Go Mono, then the regular chain")
	}
	if _, err := Render(cardiology(), f); err != nil {
		t.Errorf("render with one face: %v", err)
	}

	write(dir, "Fallback-10-Regular.ttf", goregular.TTF)
	write(dir, "Fallback-2-Regular.ttf", gobold.TTF)
	write(dir, "Fallback-1-Regular.ttf", goitalic.TTF)
	write(dir, "Fallback-1-Bold.ttf", gobolditalic.TTF)
	if f, err = LoadFonts(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, fc := range f.chains[regular] {
		switch {
		case bytes.Equal(fc.ttf, goregular.TTF):
			order = append(order, "goregular")
		case bytes.Equal(fc.ttf, goitalic.TTF):
			order = append(order, "goitalic")
		case bytes.Equal(fc.ttf, gobold.TTF):
			order = append(order, "gobold")
		case fc == def.first(regular):
			order = append(order, "built-in")
		}
	}
	if got := strings.Join(order, " "); got != "goregular goitalic gobold goregular built-in" {
		t.Errorf("regular chain = %s, want Regular, Fallback-1, -2, -10, built-in", got)
	}
	if !bytes.Equal(f.chains[bold][1].ttf, gobolditalic.TTF) || !bytes.Equal(f.chains[bold][2].ttf, gobold.TTF) {
		t.Error("bold chain does not use Fallback-1-Bold.ttf, then Fallback-2's regular")
	}

	// Fallbacks alone leave the built-in typeface first.
	only := t.TempDir()
	write(only, "Fallback-1-Regular.ttf", goregular.TTF)
	if f, err = LoadFonts(os.DirFS(only)); err != nil {
		t.Fatal(err)
	}
	if len(f.chains[regular]) != 2 || f.chains[regular][0] != def.first(regular) || !bytes.Equal(f.chains[regular][1].ttf, goregular.TTF) {
		t.Error("with only Fallback-1-Regular.ttf, the chain is not the built-in face, then the fallback")
	}

	for _, tt := range []struct{ name, file, want string }{
		{"truncated", "Bold.ttf", "Bold.ttf"},
		{"garbage", "Bold.ttf", "Bold.ttf"},
		{"unknown name", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Regular.ttf is not a kit font name"},
		{"OpenType name", "Regular.otf", "Regular.otf is not a kit font name"},
		{"fallback without regular", "Fallback-3-Bold.ttf", "Fallback-3-Bold.ttf needs Fallback-3-Regular.ttf"},
		{"style without regular", "Italic.ttf", "Italic.ttf needs Regular.ttf"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if !strings.Contains(tt.name, "without regular") {
				write(dir, "Regular.ttf", goregular.TTF)
			}
			data := goregular.TTF
			switch tt.name {
			case "truncated":
				data = goregular.TTF[:2000]
			case "garbage":
				data = []byte("not a font at all")
			}
			write(dir, tt.file, data)
			if _, err := LoadFonts(os.DirFS(dir)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to name %q", err, tt.want)
			}
		})
	}
}

// TestRuns checks how text is cleaned and split between faces: control and
// invisible characters go, invalid UTF-8 shows as U+FFFD, and a character
// no face has is reported and shown as U+FFFD.
func TestRuns(t *testing.T) {
	f := testFonts(t)
	for in, want := range map[string]string{
		"José Núñez ≥ 3 — “ok”": "José Núñez ≥ 3 — “ok”",
		"Ngọc Anh Trần":         "Ngọc Anh Trần",
		"Αθήνα, Москва":         "Αθήνα, Москва",
		"a\tb\nc":               "a b c",
		"bad \xff byte":         "bad \uFFFD byte",
		"zero\u200bwidth":       "zerowidth",
		"emoji 😀":               "emoji \uFFFD",
	} {
		var missing []rune
		var got strings.Builder
		runs := f.runs(regular, f.clean(regular, in), func(r rune) { missing = append(missing, r) })
		for _, r := range runs {
			got.WriteString(r.text)
		}
		if got.String() != want {
			t.Errorf("runs(%q) = %q, want %q", in, got.String(), want)
		}
		if wantMiss := strings.Contains(in, "😀"); wantMiss != (len(missing) == 1 && missing[0] == '😀') {
			t.Errorf("runs(%q) reported missing %q", in, string(missing))
		}
		if len(runs) != 1 && !strings.Contains(in, "😀") {
			t.Errorf("runs(%q) uses %d faces, want one", in, len(runs))
		}
	}
}

func BenchmarkRender(b *testing.B) {
	f := testFonts(b)
	d := cardiology()
	var size int
	for b.Loop() {
		out, err := Render(d, f)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/kit")
}

// BenchmarkEmbedFace measures what a kit does for each face it uses: cut
// the font down to the characters drawn with it and write it, compressed,
// with its widths and its map back to Unicode.
func BenchmarkEmbedFace(b *testing.B) {
	fc := testFonts(b).first(regular)
	runes := []rune("Cardiology referral kit: José Núñez, MD · ≥ 3 episodes in 30 days (312) 555-0150")
	for b.Loop() {
		u := &update{b: &bytes.Buffer{}, offs: map[int]int{}, next: 1}
		embedFace(fc, runes, "F1").write(u)
	}
}

func BenchmarkLayout(b *testing.B) {
	f := testFonts(b)
	d := cardiology()
	foot, err := layoutFooter(d, f, papers[""])
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := layoutPage(d, f, papers[""], foot, baseSize); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadFonts(b *testing.B) {
	for b.Loop() {
		if _, err := LoadFonts(nil); err != nil {
			b.Fatal(err)
		}
	}
}
