package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/kitgen/kitgen/internal/kit"
)

// Space is how a kit's blocks use the page at one body size: what an
// editor needs to know to make a kit fit, or to see how close it is.
type Space struct {
	Size    float64 // body size the blocks are set at, pt
	MinSize float64 // smallest body size the kit may shrink to, pt
	// Available is the height between the header and the footer, and
	// Used the height the blocks take there, gaps included, in mm.
	Available, Used float64
	Gap             float64 // space between two blocks, mm
	Blocks          []BlockSpace
}

// Left returns the room left below the blocks in mm; it is negative when
// they do not fit.
func (s *Space) Left() float64 { return s.Available - s.Used }

// BlockSpace is the room one block takes.
type BlockSpace struct {
	Title  string     // as shown on the page; "" for an untitled block
	Source kit.Source // where its content comes from
	Height float64    // mm, without the gap above it
	// Columns are the blocks set side by side in a columns block; the
	// tallest decides its height.
	Columns []BlockSpace
}

// Name is how messages refer to the block: its title, or for an untitled
// columns block, its columns' titles.
func (b *BlockSpace) Name() string {
	if b.Title != "" || len(b.Columns) == 0 {
		return fmt.Sprintf("%q", b.Title)
	}
	names := make([]string, len(b.Columns))
	for i := range b.Columns {
		names[i] = b.Columns[i].Name()
	}
	return strings.Join(names, " | ")
}

// space measures page pg of kit d.
func space(d *kit.Doc, pg *page, minSize float64) *Space {
	sp := &Space{Size: pg.size, MinSize: minSize, Available: pg.limit - pg.top, Used: pg.bottom - pg.top, Gap: pg.gap}
	var measure func(pb placed) BlockSpace
	measure = func(pb placed) BlockSpace {
		bs := BlockSpace{Title: displayTitle(pb.block), Source: pb.block.Source, Height: pb.bottom - pb.top}
		if c := pb.block.Contact; bs.Source.File == "" && c != nil {
			bs.Source = c.Source
		}
		for _, c := range pb.children {
			bs.Columns = append(bs.Columns, measure(c))
		}
		return bs
	}
	for _, pb := range pg.blocks {
		sp.Blocks = append(sp.Blocks, measure(pb))
	}
	return sp
}

// OverflowError reports a kit whose content does not fit on one page even
// at its minimum body size.
type OverflowError struct {
	Kit        string     // kit id
	Block      kit.Source // source of the first block that crosses the page bottom
	BlockTitle string     // that block's title as shown on the page
	Over       float64    // mm of content that did not fit at the minimum size
	MinSize    float64    // the minimum body size, pt
	Space      *Space     // every block's height at the minimum size
}

// Error names the kit and says by how much it overflows, how tall each
// block is, and which blocks would have to go or shrink.
func (e *OverflowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kit %q does not fit on one page at the minimum %g pt: ", e.Kit, e.MinSize)
	sp := e.Space
	if sp == nil {
		fmt.Fprintf(&b, "it overflows by %.1f mm", e.Over)
	} else {
		fmt.Fprintf(&b, "its blocks take %.1f mm of the %.1f mm between header and footer, %.1f mm too much. Heights: ", sp.Used, sp.Available, e.Over)
		for i := range sp.Blocks {
			if i > 0 {
				b.WriteString("; ")
			}
			writeHeight(&b, &sp.Blocks[i])
		}
		b.WriteString(". ")
		var enough []string
		for i := range sp.Blocks {
			freed := sp.Blocks[i].Height
			if len(sp.Blocks) > 1 {
				freed += sp.Gap
			}
			if freed >= e.Over {
				enough = append(enough, sp.Blocks[i].Name())
			}
		}
		switch len(enough) {
		case 0:
			fmt.Fprintf(&b, "No one block is that tall: leave out or shorten blocks by %.1f mm in all", e.Over)
		case 1:
			fmt.Fprintf(&b, "Leaving out %s would make it fit; otherwise shorten blocks by %.1f mm in all", enough[0], e.Over)
		default:
			fmt.Fprintf(&b, "Leaving out any one of %s would make it fit; otherwise shorten blocks by %.1f mm in all", strings.Join(enough, ", "), e.Over)
		}
		for i := range sp.Blocks {
			if len(sp.Blocks[i].Columns) > 0 {
				b.WriteString(" (in columns side by side, the tallest column)")
				break
			}
		}
	}
	b.WriteString(", or lower kits.min_font_size in kitgen.yaml; kitgen kits --layout " + e.Kit + " shows the heights as you edit")
	return b.String()
}

// writeHeight writes a block's name, height and source, and its columns'.
func writeHeight(b *strings.Builder, bs *BlockSpace) {
	if len(bs.Columns) > 0 && bs.Title == "" {
		fmt.Fprintf(b, "columns %.1f mm (", bs.Height)
	} else {
		fmt.Fprintf(b, "%s %.1f mm", bs.Name(), bs.Height)
		if bs.Source.File != "" {
			fmt.Fprintf(b, " (%s)", position(bs.Source.File, bs.Source.Line))
		}
		if len(bs.Columns) == 0 {
			return
		}
		b.WriteString(" with columns (")
	}
	for i := range bs.Columns {
		if i > 0 {
			b.WriteString(" beside ")
		}
		writeHeight(b, &bs.Columns[i])
	}
	b.WriteString(")")
}

func position(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// Report writes the room each block takes as a table, followed by the
// room left (or missing), for kitgen kits --layout.
func (s *Space) Report(w io.Writer, id string) {
	fmt.Fprintf(w, "kit %q: body text at %g pt (the smallest allowed is %g pt)\n", id, s.Size, s.MinSize)
	fmt.Fprintf(w, "%9s  %-40s %s\n", "HEIGHT", "BLOCK", "SOURCE")
	var row func(bs *BlockSpace, indent string)
	row = func(bs *BlockSpace, indent string) {
		name := bs.Name()
		if bs.Title == "" && len(bs.Columns) > 0 {
			name = "columns"
		}
		src := ""
		if bs.Source.File != "" {
			src = position(bs.Source.File, bs.Source.Line)
		}
		fmt.Fprintf(w, "%6.1f mm  %-40s %s\n", bs.Height, indent+name, src)
		for i := range bs.Columns {
			row(&bs.Columns[i], indent+"  ")
		}
	}
	for i := range s.Blocks {
		row(&s.Blocks[i], "")
	}
	if n := len(s.Blocks); n > 1 {
		fmt.Fprintf(w, "%6.1f mm  %s\n", s.Gap*float64(n-1), "space between blocks")
	}
	fmt.Fprintf(w, "%6.1f mm  used of the %.1f mm between header and footer: ", s.Used, s.Available)
	if left := s.Left(); left >= 0 {
		fmt.Fprintf(w, "%.1f mm left\n", left)
	} else {
		fmt.Fprintf(w, "%.1f mm too much at the smallest size; the kit does not fit\n", -left)
	}
}
