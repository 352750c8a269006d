package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kitgen/kitgen/internal/kit"
)

// A kit's PDF is written in three parts. fpdf writes the frame: the
// header, the page and pages objects, the information dictionary, the
// catalog and the cross-reference table. kitgen writes the page's
// content stream from the display list (content.go) and puts it into the
// frame, compressed as fpdf would have; then the tagging update adds the
// fonts and the structure (tagged.go). The frame depends on the kit's
// metadata and paper only, so the partner copies of a kit share one (see
// Prepared) and no copy runs fpdf: each compresses its content stream and
// puts it in.

// frame is what fpdf writes of a kit's PDF, around the content stream.
type frame struct {
	head   []byte   // fpdf's output before the content stream object
	tail   []byte   // and after it: the other objects, the xref table and trailer
	pre    []byte   // what fpdf starts the page's content with
	n      int      // the content stream's object number
	length int      // the length of its object as fpdf wrote it, empty
	xref   int      // offset in tail of the cross-reference table
	moved  [][2]int // object number and offset of each object after the content stream
	k, h   float64  // fpdf's scale factor (pt per mm) and page height (mm)
}

var contentsRE = regexp.MustCompile(`/Contents (\d+) 0 R`)

// newFrame has fpdf write d's document with an empty page, uncompressed,
// and keeps the parts around the page's content stream.
func newFrame(d *kit.Doc, p paper) (fr *frame, err error) {
	defer func() {
		if r := recover(); r != nil {
			fr, err = nil, fmt.Errorf("writing the PDF failed: %v", r)
		}
	}()
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: p.name})
	// Uncompressed, so that the page's content is found as written; it is
	// compressed when it is put in (splice).
	pdf.SetCompression(false)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true)
	// fpdf stamps the time of rendering when no date is set; a kit's
	// dates are its effective date so that rebuilds give the same bytes.
	date := d.Effective
	if date.IsZero() {
		date = time.Unix(0, 0).UTC()
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle(fmt.Sprintf("%s — v%d", d.Title, d.Version), true)
	pdf.SetAuthor(d.Practice, true)
	pdf.SetSubject(d.Audience, true)
	pdf.SetKeywords(strings.Join(d.Keywords, ", "), true)
	pdf.SetCreator("kitgen", false)
	pdf.SetProducer("kitgen", false)
	pdf.SetLang(language(d.Language))
	pdf.AddPage()
	if n := pdf.PageCount(); n != 1 {
		return nil, fmt.Errorf("internal error: added one page but fpdf has %d", n)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	n, at, end, stream, err := pageContent(b)
	if err != nil {
		return nil, fmt.Errorf("internal error: fpdf's output: %w", err)
	}
	x, _ := parseXref(b)
	fr = &frame{head: b[:at], tail: b[end:], pre: bytes.Clone(stream),
		n: n, length: end - at, xref: x.start - end, k: pdf.GetConversionRatio()}
	_, fr.h = pdf.GetPageSize()
	if fr.xref < 0 {
		return nil, errors.New("internal error: fpdf's output: the content stream is after the xref table")
	}
	for i, off := range x.offsets {
		if off > at {
			fr.moved = append(fr.moved, [2]int{i, off})
		}
	}
	return fr, nil
}

// pageContent finds the content stream of the one page of b, a PDF as
// fpdf writes it: the stream's object number, where its object starts
// and ends, and the stream's data.
func pageContent(b []byte) (n, at, end int, stream []byte, err error) {
	x, err := parseXref(b)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	cat, err := x.dict(b, x.root)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	pages, err := x.dict(b, refOf(pagesRE, cat))
	if err != nil {
		return 0, 0, 0, nil, err
	}
	page, err := x.dict(b, refOf(kidsRE, pages))
	if err != nil {
		return 0, 0, 0, nil, err
	}
	n = refOf(contentsRE, page)
	if _, err := x.dict(b, n); err != nil {
		return 0, 0, 0, nil, err
	}
	at = x.offsets[n]
	obj := b[at:]
	end = bytes.Index(obj, []byte("\nendobj\n"))
	s := bytes.Index(obj, []byte(">>\nstream\n"))
	e := bytes.LastIndex(obj[:max(end, 0)], []byte("\nendstream"))
	if end < 0 || s < 0 || e < s+len(">>\nstream\n") {
		return 0, 0, 0, nil, errors.New("no content stream")
	}
	return n, at, at + end + len("\nendobj\n"), obj[s+len(">>\nstream\n") : e], nil
}

// splice returns the PDF with content, the page's content stream (which
// starts with pre), compressed into it, as fpdf writes it with
// compression on.
func (fr *frame) splice(content []byte, extra int) []byte {
	z := deflate(content)
	out := make([]byte, 0, len(fr.head)+len(z)+len(fr.tail)+100+extra)
	out = append(out, fr.head...)
	out = fmt.Appendf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", fr.n, len(z))
	out = append(out, z...)
	out = append(out, "\nendstream\nendobj\n"...)
	shift := len(out) - len(fr.head) - fr.length
	start := len(out)
	out = append(out, fr.tail...)
	// The objects after the content stream moved by shift: their entries
	// in the xref table (20 bytes each, the offset in the first ten) and
	// the table's own offset, in the trailer's startxref.
	table := out[start+fr.xref:]
	entries := bytes.IndexByte(table[len("xref\n"):], '\n') + len("xref\n") + 1
	for _, m := range fr.moved {
		copy(table[entries+20*m[0]:][:10], fmt.Sprintf("%010d", m[1]+shift))
	}
	sx := bytes.LastIndex(out, []byte("startxref\n"))
	return append(out[:sx], "startxref\n"+strconv.Itoa(start+fr.xref)+"\n%%EOF\n"...)
}
