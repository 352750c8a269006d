package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// fpdf parses and subsets TrueType fonts without bounds checks: a damaged
// font makes it panic, and a composite glyph that refers to itself makes it
// recurse until the stack overflows, which no recover can catch. checkTTF
// reads the tables fpdf relies on, with checks, before fpdf ever sees the
// font, and finds which runes the font can draw, the same way fpdf does:
// from the first Unicode cmap subtable in format 4.

// ttf is a font file's bytes with its table directory, and what checkTTF
// learnt of it: each glyph's place in the glyf table, the glyphs each
// composite glyph is made of, and the glyph of each BMP rune (0: none).
type ttf struct {
	b        []byte
	tables   map[string][]byte
	offs     []int // glyph g is glyf[offs[g]:offs[g+1]]
	children [][]int
	gids     []uint16
}

func (t *ttf) u16(tb []byte, off int) (int, error) {
	if off < 0 || off+2 > len(tb) {
		return 0, errors.New("truncated table")
	}
	return int(binary.BigEndian.Uint16(tb[off:])), nil
}

// checkTTF validates b and returns it parsed.
func checkTTF(b []byte) (*ttf, error) {
	if len(b) < 12 {
		return nil, errors.New("not a TrueType font: file too short")
	}
	switch binary.BigEndian.Uint32(b) {
	case 0x00010000, 0x74727565: // TrueType outlines
	case 0x4F54544F:
		return nil, errors.New("OpenType fonts with CFF outlines are not supported; use a TrueType (.ttf) font")
	default:
		return nil, errors.New("not a TrueType font")
	}
	t := &ttf{b: b, tables: map[string][]byte{}}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, errors.New("truncated table directory")
	}
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		off := int64(binary.BigEndian.Uint32(rec[8:]))
		size := int64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > int64(len(b)) {
			return nil, fmt.Errorf("table %q runs past the end of the file", tag)
		}
		t.tables[tag] = b[off : off+size]
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf", "name", "post"} {
		if t.tables[tag] == nil {
			return nil, fmt.Errorf("missing %q table", tag)
		}
	}
	if upem, err := t.u16(t.tables["head"], 18); err != nil || upem < 16 || upem > 16384 {
		return nil, errors.New("bad units per em in head table")
	}
	if err := t.checkGlyphs(); err != nil {
		return nil, err
	}
	gids, err := t.cmap()
	if err != nil {
		return nil, err
	}
	t.gids = gids
	return t, nil
}

// cmap decodes the first Unicode format 4 subtable, as fpdf chooses it,
// into the glyph of each BMP rune.
func (t *ttf) cmap() ([]uint16, error) {
	cm := t.tables["cmap"]
	n, err := t.u16(cm, 2)
	if err != nil {
		return nil, err
	}
	sub := -1
	for i := range n {
		platform, err1 := t.u16(cm, 4+8*i)
		encoding, err2 := t.u16(cm, 6+8*i)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if platform != 0 && !(platform == 3 && encoding == 1) {
			continue
		}
		if 12+8*i > len(cm) {
			return nil, errors.New("truncated cmap table")
		}
		off := int(binary.BigEndian.Uint32(cm[8+8*i:]))
		if f, err := t.u16(cm, off); err == nil && f == 4 {
			sub = off
			break
		}
	}
	if sub < 0 {
		return nil, errors.New("no Unicode character map (cmap format 4)")
	}
	s := cm[sub:]
	length, err := t.u16(s, 2)
	if err != nil {
		return nil, err
	}
	segs, err := t.u16(s, 6)
	if err != nil {
		return nil, err
	}
	segs /= 2
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if _, err := t.u16(s, ranges+2*segs-2); err != nil && segs > 0 {
		return nil, errors.New("truncated cmap subtable")
	}
	gids := make([]uint16, 0x10000)
	mapped := 0
	for i := range segs {
		end, _ := t.u16(s, ends+2*i)
		start, _ := t.u16(s, starts+2*i)
		delta, _ := t.u16(s, deltas+2*i)
		ro, _ := t.u16(s, ranges+2*i)
		// Segments of a sound font do not overlap; fpdf would walk
		// overlapping ones over and over.
		if mapped += end - start + 1; mapped > 0x10000+segs {
			return nil, errors.New("overlapping cmap segments")
		}
		for r := start; r <= end; r++ {
			g := 0
			if ro == 0 {
				g = (r + delta) & 0xFFFF
			} else {
				pos := ranges + 2*i + ro + 2*(r-start)
				if pos >= length {
					continue
				}
				if g, err = t.u16(s, pos); err != nil {
					return nil, errors.New("truncated cmap subtable")
				}
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g < len(t.offs)-1 {
				gids[r] = uint16(g)
			}
		}
	}
	return gids, nil
}

// checkGlyphs checks that every glyph lies inside the glyf table and that
// composite glyphs refer only to existing glyphs, without cycles.
func (t *ttf) checkGlyphs() error {
	numGlyphs, err := t.u16(t.tables["maxp"], 4)
	if err != nil {
		return err
	}
	longLoca, err := t.u16(t.tables["head"], 50)
	if err != nil {
		return err
	}
	loca, glyf := t.tables["loca"], t.tables["glyf"]
	offset := func(i int) (int, error) {
		if longLoca != 0 {
			if 4*i+4 > len(loca) {
				return 0, errors.New("truncated loca table")
			}
			return int(binary.BigEndian.Uint32(loca[4*i:])), nil
		}
		v, err := t.u16(loca, 2*i)
		return 2 * v, err
	}
	children := make([][]int, numGlyphs)
	t.offs = make([]int, numGlyphs+1)
	for g := range numGlyphs {
		start, err1 := offset(g)
		end, err2 := offset(g + 1)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		if start > end || end > len(glyf) {
			return fmt.Errorf("glyph %d lies outside the glyf table", g)
		}
		t.offs[g], t.offs[g+1] = start, end
		if end-start < 10 || int16(binary.BigEndian.Uint16(glyf[start:])) >= 0 {
			continue
		}
		// A composite glyph: a list of components, each naming a glyph.
		p := start + 10
		for {
			flags, err1 := t.u16(glyf, p)
			child, err2 := t.u16(glyf, p+2)
			if err := errors.Join(err1, err2); err != nil || p+4 > end {
				return fmt.Errorf("composite glyph %d is truncated", g)
			}
			if child >= numGlyphs {
				return fmt.Errorf("composite glyph %d refers to missing glyph %d", g, child)
			}
			children[g] = append(children[g], child)
			p += componentSize(uint16(flags))
			if flags&moreComponents == 0 {
				break
			}
		}
	}

	// fpdf walks components recursively, revisiting shared ones, so a cycle
	// would never end and a deep web of components would take as long.
	const maxWalk = 10000
	walk := make([]int, numGlyphs) // glyphs fpdf visits from g; 0 = not yet known
	var visit func(g, depth int) (int, error)
	visit = func(g, depth int) (int, error) {
		if walk[g] > 0 {
			return walk[g], nil
		}
		if depth > 16 {
			return 0, fmt.Errorf("composite glyph %d refers to itself or nests too deeply", g)
		}
		n := 1
		for _, c := range children[g] {
			k, err := visit(c, depth+1)
			if err != nil {
				return 0, err
			}
			n += k
		}
		if n > maxWalk {
			return 0, fmt.Errorf("composite glyph %d has too many components", g)
		}
		walk[g] = n
		return n, nil
	}
	for g := range numGlyphs {
		if _, err := visit(g, 0); err != nil {
			return err
		}
	}
	t.children = children
	return nil
}

// moreComponents is the flag of a composite glyph's component record that
// says another record follows.
const moreComponents = 0x0020

// componentSize is the length of a composite glyph's component record
// with these flags: flags and glyph index, the two offsets (bytes or
// words) and the transform, if any.
func componentSize(flags uint16) int {
	n := 4
	if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
		n += 4
	} else {
		n += 2
	}
	switch {
	case flags&0x0008 != 0: // WE_HAVE_A_SCALE
		n += 2
	case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
		n += 4
	case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
		n += 8
	}
	return n
}

// postScriptName returns the font's PostScript name (name ID 6), with only
// the characters a PDF name of a font may hold, or "" when it has none.
func (t *ttf) postScriptName() string {
	tb := t.tables["name"]
	count, err := t.u16(tb, 2)
	if err != nil {
		return ""
	}
	strOff, _ := t.u16(tb, 4)
	for i := range count {
		rec := 6 + 12*i
		platform, err1 := t.u16(tb, rec)
		id, err2 := t.u16(tb, rec+6)
		n, err3 := t.u16(tb, rec+8)
		off, err4 := t.u16(tb, rec+10)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			return ""
		}
		start := strOff + off
		if id != 6 || start+n > len(tb) {
			continue
		}
		raw := tb[start : start+n]
		var name []byte
		switch platform {
		case 1: // Macintosh, one byte per character
			name = raw
		case 0, 3: // Unicode and Windows, UTF-16BE
			for j := 1; j < len(raw); j += 2 {
				if raw[j-1] == 0 {
					name = append(name, raw[j])
				}
			}
		default:
			continue
		}
		var b strings.Builder
		for _, c := range name {
			if c > ' ' && c < 0x7f && !strings.ContainsRune("[](){}<>/%#", rune(c)) {
				b.WriteByte(c)
			}
		}
		if b.Len() > 0 {
			return b.String()
		}
	}
	return ""
}
