package pdf

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kitgen/kitgen/internal/kit"
)

// missingRune is a character the layout met that no kit font can draw.
type missingRune struct {
	src  kit.Source
	r    rune
	text string // the text it is part of
}

// MissingGlyphs is a text of a kit with characters no kit font can draw.
type MissingGlyphs struct {
	Source kit.Source // where the text comes from
	Text   string     // the text, so the reader can find it
	Runes  []rune     // the characters, in order of first appearance
}

// Message says which characters cannot be drawn and how to fix that.
func (m MissingGlyphs) Message() string {
	var b strings.Builder
	for i, r := range m.Runes {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(m.Runes)-3)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q (U+%04X)", string(r), r)
	}
	fmt.Fprintf(&b, " in %q cannot be drawn by any kit font; add a TrueType font that has %s to assets/fonts/ as Fallback-1-Regular.ttf "+
		"(and Fallback-1-Bold.ttf and so on, if it has those styles); each character is drawn with the first font that has it: "+
		"Regular.ttf (or the built-in DejaVu Sans), then Fallback-1-…, Fallback-2-… and so on",
		excerpt(m.Text), map[bool]string{true: "it", false: "them"}[len(m.Runes) == 1])
	return b.String()
}

// excerpt shortens s for a message.
func excerpt(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// GlyphError reports the texts of a kit that have characters no kit font
// can draw. Drawing them as U+FFFD would print a name or an instruction
// wrong without a word, so the kit is not rendered at all.
type GlyphError struct {
	Kit     string
	Missing []MissingGlyphs // sorted by source
}

// Error names the kit and its first text with a character no font has.
func (e *GlyphError) Error() string {
	m := e.Missing[0]
	msg := fmt.Sprintf("%s: kit %q: %s", position(m.Source.File, m.Source.Line), e.Kit, m.Message())
	if len(e.Missing) > 1 {
		msg += fmt.Sprintf(" (and %d more texts)", len(e.Missing)-1)
	}
	return msg
}

// glyphError groups the characters a layout could not draw by source and
// text, or returns nil when there are none.
func glyphError(id string, ms []missingRune) error {
	if len(ms) == 0 {
		return nil
	}
	type key struct {
		src  kit.Source
		text string
	}
	byKey := map[key]*MissingGlyphs{}
	var out []*MissingGlyphs
	for _, m := range ms {
		k := key{m.src, m.text}
		g := byKey[k]
		if g == nil {
			g = &MissingGlyphs{Source: m.src, Text: m.text}
			byKey[k] = g
			out = append(out, g)
		}
		seen := false
		for _, r := range g.Runes {
			seen = seen || r == m.r
		}
		if !seen {
			g.Runes = append(g.Runes, m.r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Source, out[j].Source
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	e := &GlyphError{Kit: id}
	for _, g := range out {
		e.Missing = append(e.Missing, *g)
	}
	return e
}
