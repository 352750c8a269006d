package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Kits embed their fonts themselves rather than through fpdf: fpdf parses
// each font again for every document, builds a width table of 65,536
// entries for it and hashes that table as JSON, which took about half the
// time of a kit. A face is embedded as a Type 0 font whose character codes
// are the glyph numbers of a subset (see subset): text is written as those
// numbers, widths and the map back to Unicode cover exactly the glyphs
// the page uses, and nothing is parsed while a kit is written.

// embedded is one face as a kit embeds it.
type embedded struct {
	fc   *face
	res  string          // resource name in the page's font dictionary, F1, F2, …
	name string          // subset tag and PostScript name, ABCDEF+DejaVuSans
	ttf  []byte          // the font program
	gids map[rune]uint16 // glyph of each rune the page draws with it

	pack        sync.Once
	widthsArray string // the /W array's entries
	packedTTF   []byte // ttf, compressed
	packedToUni []byte // the ToUnicode CMap, compressed
}

// embedFace cuts fc down to runes, in the order the page first uses them.
func embedFace(fc *face, runes []rune, res string) *embedded {
	e := &embedded{fc: fc, res: res, name: subsetName(fc, runes)}
	e.ttf, e.gids = fc.subset(runes)
	if e.ttf == nil {
		// A font subset cannot cut down is embedded whole.
		e.ttf, e.gids = fc.ttf, map[rune]uint16{}
		for _, r := range runes {
			if fc.has(r) {
				e.gids[r] = fc.t.gids[r]
			}
		}
	}
	return e
}

// encode returns text as a hex string of glyph numbers.
func (e *embedded) encode(text string) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 2+4*len(text))
	b = append(b, '<')
	for _, r := range text {
		g := e.gids[r]
		b = append(b, hex[g>>12], hex[g>>8&15], hex[g>>4&15], hex[g&15])
	}
	return string(append(b, '>'))
}

// write adds the font's objects to u and returns the number of its font
// dictionary.
func (e *embedded) write(u *update) int {
	font, cid, desc, file, toUni := u.alloc(1), u.alloc(1), u.alloc(1), u.alloc(1), u.alloc(1)
	u.obj(font, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
		e.name, cid, toUni))

	e.pack.Do(e.packOnce)
	d := e.fc.desc
	u.obj(cid, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [%s] /CIDToGIDMap /Identity>>",
		e.name, desc, d.MissingWidth, e.widthsArray))
	u.obj(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		e.name, (d.Flags|4)&^32, d.FontBBox.Xmin, d.FontBBox.Ymin, d.FontBBox.Xmax, d.FontBBox.Ymax, d.ItalicAngle, d.Ascent, d.Descent, d.CapHeight, d.StemV, d.MissingWidth, file))
	u.packed(file, fmt.Sprintf("/Length1 %d", len(e.ttf)), e.packedTTF)
	u.packed(toUni, "", e.packedToUni)
	return font
}

// packOnce computes what write writes of the face that does not depend
// on the document: the widths, and the compressed font program and map
// back to Unicode. A partner copy's faces are shared by many documents
// (see Prepared), so this is done once per face.
func (e *embedded) packOnce() {
	// Glyph widths, in runs of consecutive glyphs.
	runes := make([]rune, 0, len(e.gids))
	for r := range e.gids {
		runes = append(runes, r)
	}
	slices.SortFunc(runes, func(a, b rune) int { return int(e.gids[a]) - int(e.gids[b]) })
	var w strings.Builder
	for i := 0; i < len(runes); {
		j := i + 1
		for j < len(runes) && e.gids[runes[j]] == e.gids[runes[j-1]]+1 {
			j++
		}
		fmt.Fprintf(&w, "%d [", e.gids[runes[i]])
		for k, r := range runes[i:j] {
			if k > 0 {
				w.WriteByte(' ')
			}
			fmt.Fprintf(&w, "%d", e.fc.widths[r])
		}
		w.WriteString("] ")
		i = j
	}
	e.widthsArray = strings.TrimSpace(w.String())
	e.packedTTF = deflate(e.ttf)

	// The map from glyph numbers back to text, for copying, searching
	// and screen readers; at most 100 entries per block, as the CMap
	// format asks.
	var m strings.Builder
	m.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(runes); i += 100 {
		block := runes[i:min(i+100, len(runes))]
		fmt.Fprintf(&m, "%d beginbfchar\n", len(block))
		for _, r := range block {
			fmt.Fprintf(&m, "<%04X> <%04X>\n", e.gids[r], r)
		}
		m.WriteString("endbfchar\n")
	}
	m.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	e.packedToUni = deflate([]byte(m.String()))
}

// subsetName returns the name a subset of fc with the given runes is
// embedded under: a tag of six capital letters, a plus sign and the
// font's PostScript name, as PDF requires of font subsets. The tag is
// derived from the subset, so the same kit always gets the same one.
func subsetName(fc *face, runes []rune) string {
	h := sha256.Sum256([]byte(fc.family + "\x00" + string(runes)))
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + h[i]%26
	}
	return string(tag[:]) + "+" + fc.psName
}

// zlibWriters are reused across streams and kits: a new zlib writer
// allocates and clears its window and tables, which costs as much as
// compressing a font. A sync.Pool would drop them at every garbage
// collection, which rendering kits causes often.
var zlibWriters = make(chan *zlib.Writer, 16)

// stream writes object n as a Flate-compressed stream of data, with the
// extra dictionary entries given.
func (u *update) stream(n int, extra string, data []byte) {
	u.packed(n, extra, deflate(data))
}

// packed writes object n as a stream of data already compressed by
// deflate.
func (u *update) packed(n int, extra string, z []byte) {
	if extra != "" {
		extra = " " + extra
	}
	u.offs[n] = u.b.Len()
	fmt.Fprintf(u.b, "%d 0 obj\n<</Filter /FlateDecode /Length %d%s>>\nstream\n", n, len(z), extra)
	u.b.Write(z)
	u.b.WriteString("\nendstream\nendobj\n")
}

// deflate compresses data as a FlateDecode stream holds it.
func deflate(data []byte) []byte {
	var z bytes.Buffer
	var w *zlib.Writer
	select {
	case w = <-zlibWriters:
		w.Reset(&z)
	default:
		w, _ = zlib.NewWriterLevel(&z, zlib.BestSpeed)
	}
	w.Write(data)
	w.Close()
	select {
	case zlibWriters <- w:
	default:
	}
	return z.Bytes()
}
