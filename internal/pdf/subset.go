package pdf

import (
	"encoding/binary"
	"slices"
	"sort"
)

// A kit uses a hundred or so characters of the thousands a typeface such
// as DejaVu Sans has, so it embeds each face cut down to those.

// subset returns the face's font with only the glyphs for runes, .notdef
// and the glyphs composite ones are made of, renumbered in that order,
// and the new glyph of each rune. Advance widths, outlines and hinting
// are copied unchanged, so the text draws and measures exactly as with
// the whole font. It returns nil for a font whose metrics tables it
// cannot read; the caller then embeds the whole font.
func (fc *face) subset(runes []rune) (ttf []byte, gids map[rune]uint16) {
	t := fc.t
	if t == nil || len(t.tables["head"]) < 54 || len(t.tables["hhea"]) < 36 || len(t.tables["maxp"]) < 6 {
		return nil, nil
	}
	if m := int(binary.BigEndian.Uint16(t.tables["hhea"][34:])); m < 1 || m > len(t.offs)-1 || len(t.tables["hmtx"]) < 4*m {
		return nil, nil
	}
	ids := map[int]int{}
	var keep []int
	var add func(g int)
	add = func(g int) {
		if _, ok := ids[g]; ok {
			return
		}
		ids[g] = len(keep)
		keep = append(keep, g)
		for _, c := range t.children[g] {
			add(c)
		}
	}
	add(0)
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)
	var mapped []rune
	for _, r := range runes {
		if r >= 0 && r < 0x10000 && t.gids[r] != 0 {
			add(int(t.gids[r]))
			mapped = append(mapped, r)
		}
	}
	gids = make(map[rune]uint16, len(mapped))
	for _, r := range mapped {
		gids[r] = uint16(ids[int(t.gids[r])])
	}

	be := binary.BigEndian
	glyf, loca := []byte{}, make([]byte, 4*(len(keep)+1))
	hmtx := make([]byte, 4*len(keep))
	hhea, old := t.tables["hhea"], t.tables["hmtx"]
	metrics := int(be.Uint16(hhea[34:]))
	for i, g := range keep {
		be.PutUint32(loca[4*i:], uint32(len(glyf)))
		start := len(glyf)
		glyf = append(glyf, t.tables["glyf"][t.offs[g]:t.offs[g+1]]...)
		if len(t.children[g]) > 0 {
			renumber(glyf[start:], ids)
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		// Glyphs past the last long metric share its advance width and
		// keep their own left side bearing, listed after the metrics.
		m := min(g, metrics-1)
		copy(hmtx[4*i:], old[4*m:4*m+2])
		if g < metrics {
			copy(hmtx[4*i+2:], old[4*g+2:4*g+4])
		} else if p := 4*metrics + 2*(g-metrics); p+2 <= len(old) {
			copy(hmtx[4*i+2:], old[p:p+2])
		}
	}
	be.PutUint32(loca[4*len(keep):], uint32(len(glyf)))

	head := slices.Clone(t.tables["head"])
	be.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	be.PutUint16(head[50:], 1) // long loca offsets
	hhea = slices.Clone(hhea)
	be.PutUint16(hhea[34:], uint16(len(keep)))
	maxp := slices.Clone(t.tables["maxp"])
	be.PutUint16(maxp[4:], uint16(len(keep)))
	// A version 3 post table names no glyphs; fpdf reads only its header.
	post := slices.Clone(t.tables["post"][:min(32, len(t.tables["post"]))])
	post = append(post, make([]byte, 32-len(post))...)
	be.PutUint32(post, 0x00030000)

	tables := map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca, "glyf": glyf,
		"cmap": cmap4(mapped, t.gids, ids), "post": post, "name": t.tables["name"],
	}
	for _, tag := range []string{"OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if b, ok := t.tables[tag]; ok {
			tables[tag] = b
		}
	}
	return assemble(tables), gids
}

// renumber rewrites the glyph indexes of a composite glyph's components.
func renumber(g []byte, ids map[int]int) {
	be := binary.BigEndian
	for p := 10; p+4 <= len(g); {
		flags := be.Uint16(g[p:])
		be.PutUint16(g[p+2:], uint16(ids[int(be.Uint16(g[p+2:]))]))
		p += componentSize(flags)
		if flags&moreComponents == 0 {
			return
		}
	}
}

// cmap4 returns a cmap table with one Windows Unicode subtable in format 4
// that maps the sorted runes to their new glyph indexes.
func cmap4(runes []rune, gids []uint16, ids map[int]int) []byte {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, r := range runes {
		delta := (ids[int(gids[r])] - int(r)) & 0xFFFF
		if n := len(segs); n > 0 && segs[n-1].end == int(r)-1 && segs[n-1].delta == delta {
			segs[n-1].end++
			continue
		}
		segs = append(segs, seg{int(r), int(r), delta})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	be := binary.BigEndian
	sub := make([]byte, 16+8*n)
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*n))
	search, selector := 2, 0
	for search*2 <= 2*n {
		search *= 2
		selector++
	}
	be.PutUint16(sub[8:], uint16(search))
	be.PutUint16(sub[10:], uint16(selector))
	be.PutUint16(sub[12:], uint16(2*n-search))
	for i, s := range segs {
		be.PutUint16(sub[14+2*i:], uint16(s.end))
		be.PutUint16(sub[16+2*n+2*i:], uint16(s.start))
		be.PutUint16(sub[16+4*n+2*i:], uint16(s.delta))
		// idRangeOffset stays 0: glyph = rune + delta.
	}
	out := make([]byte, 12, 12+len(sub))
	be.PutUint16(out[2:], 1)  // one subtable
	be.PutUint16(out[4:], 3)  // Windows
	be.PutUint16(out[6:], 1)  // Unicode BMP
	be.PutUint32(out[8:], 12) // at offset 12
	return append(out, sub...)
}

// assemble writes a TrueType file from its tables, with the table
// directory sorted by tag and the checksums the format asks for.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	be := binary.BigEndian
	n := len(tags)
	search, selector := 1, 0
	for search*2 <= n {
		search *= 2
		selector++
	}
	out := make([]byte, 12+16*n)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*search))
	be.PutUint16(out[8:], uint16(selector))
	be.PutUint16(out[10:], uint16(16*(n-search)))
	headAt := 0
	for i, tag := range tags {
		b := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		be.PutUint32(rec[4:], checksum(b))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(b)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the TrueType table checksum: the sum of big-endian 32-bit
// words, the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
