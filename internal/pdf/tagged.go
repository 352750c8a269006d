package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// The tagged-PDF post-pass. fpdf draws the page, with the marked content
// the structure tree points into, but writes none of the objects a tagged
// PDF needs. finish appends them to fpdf's output as an incremental
// update: the structure tree, the link annotations that belong to it, XMP
// metadata, and new versions of the catalog, the page and the font
// dictionaries (whose names get the subset tag). The bytes fpdf wrote stay
// as they are but for the version in the header, and a reader takes the
// newest version of each object.

const ptPerMM = 72 / 25.4

// tagged is what the post-pass adds to one kit's PDF.
type tagged struct {
	root    *elem
	parents []*elem     // parents[mcid] is the element the content belongs to
	annots  []op        // link annotations; annotation i has StructParent i+1
	fonts   []*embedded // the page's fonts

	title, author, subject, keywords, lang string
	date                                   time.Time
	pageH                                  float64 // page height, pt
}

// xref is a parsed cross-reference table of fpdf's output.
type xref struct {
	offsets []int // by object number; 0 for none
	root    int   // catalog
	info    int   // document information dictionary; 0 for none
	start   int   // offset of the table
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	rootRE      = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE      = regexp.MustCompile(`/Info (\d+) 0 R`)
	pagesRE     = regexp.MustCompile(`/Pages (\d+) 0 R`)
	kidsRE      = regexp.MustCompile(`/Kids \[(\d+) 0 R`)
	resourcesRE = regexp.MustCompile(`/Resources (\d+) 0 R`)
)

// parseXref reads the classic cross-reference table fpdf writes.
func parseXref(b []byte) (*xref, error) {
	m := startxrefRE.FindSubmatch(b)
	if m == nil {
		return nil, errors.New("no startxref")
	}
	start, _ := strconv.Atoi(string(m[1]))
	if start <= 0 || start >= len(b) || !bytes.HasPrefix(b[start:], []byte("xref\n0 ")) {
		return nil, errors.New("no xref table at startxref")
	}
	rest := b[start+len("xref\n0 "):]
	nl := bytes.IndexByte(rest, '\n')
	n, err := strconv.Atoi(string(rest[:max(nl, 0)]))
	if err != nil || n <= 0 || nl+1+20*n > len(rest) {
		return nil, errors.New("bad xref subsection")
	}
	x := &xref{offsets: make([]int, n), start: start}
	entries := rest[nl+1:]
	for i := range n {
		e := entries[20*i : 20*i+20]
		if e[17] == 'n' {
			x.offsets[i], _ = strconv.Atoi(string(e[:10]))
		}
	}
	trailer := entries[20*n:]
	x.root, x.info = refOf(rootRE, trailer), refOf(infoRE, trailer)
	if x.root <= 0 || x.root >= n {
		return nil, errors.New("no catalog in the trailer")
	}
	return x, nil
}

// dict returns the dictionary of object n: its text up to "stream" or
// "endobj".
func (x *xref) dict(b []byte, n int) ([]byte, error) {
	if n <= 0 || n >= len(x.offsets) || x.offsets[n] <= 0 || x.offsets[n] >= len(b) {
		return nil, fmt.Errorf("object %d is missing", n)
	}
	head := fmt.Sprintf("%d 0 obj\n", n)
	obj := b[x.offsets[n]:]
	if !bytes.HasPrefix(obj, []byte(head)) {
		return nil, fmt.Errorf("object %d is not at its offset", n)
	}
	obj = obj[len(head):]
	end := bytes.Index(obj, []byte("endobj"))
	if s := bytes.Index(obj, []byte("stream")); s >= 0 && (end < 0 || s < end) {
		end = s
	}
	if end < 0 {
		return nil, fmt.Errorf("object %d has no end", n)
	}
	return bytes.TrimSpace(obj[:end]), nil
}

// refOf returns the object number a regexp's first group matched in d.
func refOf(re *regexp.Regexp, d []byte) int {
	m := re.FindSubmatch(d)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// update is an incremental update being written.
type update struct {
	b    *bytes.Buffer
	offs map[int]int // object number → offset
	next int         // next free object number
}

func (u *update) obj(n int, body string) {
	u.offs[n] = u.b.Len()
	u.b.WriteString(strconv.Itoa(n))
	u.b.WriteString(" 0 obj\n")
	u.b.WriteString(body)
	u.b.WriteString("\nendobj\n")
}

func (u *update) objBytes(n int, body []byte) {
	u.offs[n] = u.b.Len()
	u.b.WriteString(strconv.Itoa(n))
	u.b.WriteString(" 0 obj\n")
	u.b.Write(body)
	u.b.WriteString("\nendobj\n")
}

// finish appends the tagged-PDF objects to b, fpdf's output; b's
// capacity beyond its length is used for them (see room).
func (t *tagged) finish(b []byte) ([]byte, error) {
	x, err := parseXref(b)
	if err != nil {
		return nil, fmt.Errorf("tagging the PDF: %w", err)
	}
	cat, err := x.dict(b, x.root)
	if err != nil {
		return nil, fmt.Errorf("tagging the PDF: %w", err)
	}
	pagesN := refOf(pagesRE, cat)
	pages, err := x.dict(b, pagesN)
	if err != nil {
		return nil, fmt.Errorf("tagging the PDF: %w", err)
	}
	pageN := refOf(kidsRE, pages)
	page, err := x.dict(b, pageN)
	if err != nil || !bytes.HasSuffix(page, []byte(">>")) || bytes.Contains(page, []byte("/Annots")) {
		return nil, fmt.Errorf("tagging the PDF: unexpected page object %d: %v", pageN, err)
	}

	// b is appended to in place when it has room (see frame.splice).
	out := bytes.NewBuffer(b)
	// PDF/UA-1 is based on PDF 1.7; fpdf writes 1.3 (or 1.4), in a header
	// of the same length.
	if hdr := out.Bytes(); bytes.HasPrefix(hdr, []byte("%PDF-1.")) {
		hdr[7] = '7'
	}
	u := &update{b: out, offs: map[int]int{}, next: len(x.offsets)}

	// The page's resources, with the fonts fpdf never saw.
	resN := refOf(resourcesRE, page)
	if resN <= 0 {
		return nil, errors.New("tagging the PDF: the page has no resources")
	}
	var fonts strings.Builder
	for _, e := range t.fonts {
		fmt.Fprintf(&fonts, "/%s %d 0 R ", e.res, e.write(u))
	}
	u.obj(resN, fmt.Sprintf("<</ProcSet [/PDF /Text] /Font <<%s>>>>", strings.TrimSpace(fonts.String())))

	annotN := u.alloc(len(t.annots))
	treeN := u.alloc(1)
	metaN := u.alloc(1)
	elems := map[*elem]int{}
	var order []*elem
	var number func(e *elem)
	number = func(e *elem) {
		elems[e] = u.alloc(1)
		order = append(order, e)
		for _, k := range e.kids {
			if k.elem != nil {
				number(k.elem)
			}
		}
	}
	number(t.root)

	for i, a := range t.annots {
		x1, y1 := a.x*ptPerMM, t.pageH-(a.y+a.h)*ptPerMM
		x2, y2 := (a.x+a.w)*ptPerMM, t.pageH-a.y*ptPerMM
		u.obj(annotN+i, fmt.Sprintf("<</Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] /F 4 /Contents %s /StructParent %d /A <</S /URI /URI %s>>>>",
			x1, y1, x2, y2, pdfString(a.mark.parent.alt), i+1, pdfString(a.link)))
	}

	var tree strings.Builder
	fmt.Fprintf(&tree, "<</Type /StructTreeRoot /K %d 0 R /ParentTreeNextKey %d /ParentTree <</Nums [0 [", elems[t.root], len(t.annots)+1)
	for i, p := range t.parents {
		if i > 0 {
			tree.WriteByte(' ')
		}
		fmt.Fprintf(&tree, "%d 0 R", elems[p])
	}
	tree.WriteString("]")
	for i, a := range t.annots {
		fmt.Fprintf(&tree, " %d %d 0 R", i+1, elems[a.mark.parent])
	}
	tree.WriteString("]>>>>")
	u.obj(treeN, tree.String())

	parentOf := map[*elem]int{t.root: treeN}
	for _, e := range order {
		for _, k := range e.kids {
			if k.elem != nil {
				parentOf[k.elem] = elems[e]
			}
		}
	}
	// A kit has hundreds of elements: each is appended to one buffer,
	// without fmt, which took a tenth of a partner copy's time.
	var s []byte
	ref := func(n int) { s = append(strconv.AppendInt(s, int64(n), 10), " 0 R"...) }
	for _, e := range order {
		s = append(append(s[:0], "<</Type /StructElem /S /"...), e.role...)
		s = append(s, " /P "...)
		ref(parentOf[e])
		s = append(s, " /Pg "...)
		ref(pageN)
		if e.alt != "" && e.role == "Figure" {
			s = append(append(s, " /Alt "...), pdfString(e.alt)...)
		}
		if e.scope != "" {
			s = append(append(append(s, " /A <</O /Table /Scope /"...), e.scope...), ">>"...)
		}
		if len(e.kids) > 0 {
			s = append(s, " /K ["...)
			for i, k := range e.kids {
				if i > 0 {
					s = append(s, ' ')
				}
				switch {
				case k.elem != nil:
					ref(elems[k.elem])
				case k.mark.annot:
					s = append(s, "<</Type /OBJR /Obj "...)
					ref(annotN + k.mark.ids[0])
					s = append(s, ">>"...)
				default:
					for j, id := range k.mark.ids {
						if j > 0 {
							s = append(s, ' ')
						}
						s = strconv.AppendInt(s, int64(id), 10)
					}
				}
			}
			s = append(s, ']')
		}
		s = append(s, ">>"...)
		u.objBytes(elems[e], s)
	}

	xmp := t.xmp()
	u.obj(metaN, fmt.Sprintf("<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n%s\nendstream", len(xmp), xmp))

	var annots strings.Builder
	if len(t.annots) > 0 {
		annots.WriteString(" /Annots [")
		for i := range t.annots {
			if i > 0 {
				annots.WriteByte(' ')
			}
			fmt.Fprintf(&annots, "%d 0 R", annotN+i)
		}
		annots.WriteString("]")
	}
	u.obj(pageN, fmt.Sprintf("%s /StructParents 0 /Tabs /S%s>>", page[:len(page)-2], annots.String()))
	u.obj(x.root, fmt.Sprintf("<</Type /Catalog /Pages %d 0 R /Lang %s /MarkInfo <</Marked true>> /StructTreeRoot %d 0 R /Metadata %d 0 R /ViewerPreferences <</DisplayDocTitle true>>>>",
		pagesN, pdfString(t.lang), treeN, metaN))

	u.xref(x)
	return out.Bytes(), nil
}

// room returns about how many bytes finish appends: the fonts, the
// structure elements and annotations, the metadata.
func (t *tagged) room() int {
	n := 8<<10 + 160*len(t.parents) + 400*len(t.annots)
	var count func(e *elem)
	count = func(e *elem) {
		n += 112 + 8*len(e.kids)
		for _, k := range e.kids {
			if k.elem != nil {
				count(k.elem)
			}
		}
	}
	count(t.root)
	for _, e := range t.fonts {
		e.pack.Do(e.packOnce)
		n += len(e.packedTTF) + len(e.packedToUni) + len(e.widthsArray) + 1024
	}
	return n
}

// alloc reserves n object numbers and returns the first.
func (u *update) alloc(n int) int {
	first := u.next
	u.next += n
	return first
}

// xref writes the update's cross-reference section and trailer, chained to
// the previous one.
func (u *update) xref(prev *xref) {
	nums := make([]int, 0, len(u.offs))
	for n := range u.offs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	start := u.b.Len()
	u.b.WriteString("xref\n")
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		fmt.Fprintf(u.b, "%d %d\n", nums[i], j-i)
		for _, n := range nums[i:j] {
			var e [20]byte
			off := strconv.AppendInt(e[:0], int64(u.offs[n]), 10)
			copy(e[10-len(off):], off)
			for k := range 10 - len(off) {
				e[k] = '0'
			}
			copy(e[10:], " 00000 n \n")
			u.b.Write(e[:])
		}
		i = j
	}
	info := ""
	if prev.info > 0 {
		// fpdf's Info dictionary is not changed; the trailer still names it.
		info = fmt.Sprintf(" /Info %d 0 R", prev.info)
	}
	fmt.Fprintf(u.b, "trailer\n<</Size %d /Root %d 0 R%s /Prev %d>>\nstartxref\n%d\n%%%%EOF\n", u.next, prev.root, info, prev.start, start)
}

// literalEscapes escapes a PDF literal string: built once, since
// building a Replacer costs more than using it.
var literalEscapes = strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)

// pdfString writes s as a PDF text string: a literal string when it is
// printable ASCII, otherwise UTF-16BE with a byte-order mark, in hex.
func pdfString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			ascii = false
			break
		}
	}
	if ascii {
		return "(" + literalEscapes.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
