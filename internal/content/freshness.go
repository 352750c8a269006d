package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// A translation records which version of its source it translates: the
// fingerprint of each section of the source when the translation was last
// brought up to date (translates:, written by kitgen translations mark).
// A section is the text from one heading to the next, named by its
// heading id; TopSection is the title, the description and the text
// before the first heading. Facts of the front matter are not part of
// any section: they are not translated, so changing a phone number does
// not put a translation behind.

// TopSection names the title, description and text before the first
// heading in translates:.
const TopSection = "(top)"

// SectionSum is the fingerprint of one section of a source page.
type SectionSum struct {
	ID   string // heading id, or TopSection
	Sum  string // 8 hex digits of the section's SHA-256
	Line int    // where the section starts in the source file
}

// SectionSums reads the source file of a page of the default language
// again and returns the fingerprint of each of its sections, in order.
// The file is read rather than p.Body, which a build drops once the page
// is rendered.
func SectionSums(fsys fs.FS, p *Page) ([]SectionSum, error) {
	src, err := fs.ReadFile(fsys, p.File)
	if err != nil {
		return nil, err
	}
	_, _, _, body, bodyLine, ok := split(p.File, src, &diag.List{})
	if !ok {
		return nil, errors.New("its front matter cannot be read")
	}
	tmp := &Page{Body: body, BodyLine: bodyLine}
	doc := Parse(tmp)
	lines := bytes.SplitAfter(body, []byte("\n"))
	sum := func(id string, from, to int, head string) SectionSum {
		h := sha256.New()
		h.Write([]byte(head))
		for _, l := range lines[max(0, min(from, len(lines))):max(0, min(to, len(lines)))] {
			h.Write(bytes.TrimRight(l, " \t\r\n"))
			h.Write([]byte("\n"))
		}
		return SectionSum{ID: id, Sum: hex.EncodeToString(h.Sum(nil))[:8], Line: bodyLine + from}
	}
	end := len(lines)
	if len(doc.Headings) > 0 {
		end = doc.Headings[0].Line - bodyLine
	}
	out := []SectionSum{sum(TopSection, 0, end, p.Title+"\x00"+p.Description+"\x00")}
	out[0].Line = p.Line("title")
	for i, h := range doc.Headings {
		to := len(lines)
		if i+1 < len(doc.Headings) {
			to = doc.Headings[i+1].Line - bodyLine
		}
		out = append(out, sum(h.ID, h.Line-bodyLine, to, ""))
	}
	return out, nil
}

// Freshness is how a translation stands against its source.
type Freshness struct {
	Marked  bool     // translates: is set
	Changed []string // sections of the source changed since, by id, in source order
	Added   []string // sections the source has that it did not have
	Removed []string // sections the source no longer has
}

// Current reports whether the translation translates its source as it is.
func (f Freshness) Current() bool {
	return f.Marked && len(f.Changed)+len(f.Added)+len(f.Removed) == 0
}

// String says how the translation stands, as kitgen translations lists it.
func (f Freshness) String() string {
	switch {
	case !f.Marked:
		return "never marked"
	case f.Current():
		return "current"
	}
	return "behind (" + f.Changes() + ")"
}

// Changes names the sections of the source that changed, were added or
// were removed since the translation was marked: "changed: red-flags;
// new: documents".
func (f Freshness) Changes() string {
	var parts []string
	if len(f.Changed) > 0 {
		parts = append(parts, "changed: "+strings.Join(f.Changed, ", "))
	}
	if len(f.Added) > 0 {
		parts = append(parts, "new: "+strings.Join(f.Added, ", "))
	}
	if len(f.Removed) > 0 {
		parts = append(parts, "removed: "+strings.Join(f.Removed, ", "))
	}
	return strings.Join(parts, "; ")
}

// FreshnessOf compares what a translation records with its source's
// sections now.
func FreshnessOf(t *Page, now []SectionSum) Freshness {
	f := Freshness{Marked: t.Translates != nil}
	if !f.Marked {
		return f
	}
	seen := map[string]bool{}
	for _, s := range now {
		seen[s.ID] = true
		old, ok := t.Translates[s.ID]
		switch {
		case !ok:
			f.Added = append(f.Added, s.ID)
		case old != s.Sum:
			f.Changed = append(f.Changed, s.ID)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(t.Translates)) {
		if !seen[id] {
			f.Removed = append(f.Removed, id)
		}
	}
	return f
}

func headingList(ss []SectionSum) string {
	if len(ss) == 0 {
		return "none"
	}
	ids := make([]string, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

// TranslationStatus is one translation of the site and how it stands.
type TranslationStatus struct {
	File, Lang, Source string
	Freshness          Freshness
	Sums               []SectionSum // the source's sections now, which marking records
}

// CheckTranslations reports every translation of the site that was never
// marked or is behind its source (see CheckTranslation). It returns the
// status of each, by file.
func CheckTranslations(fsys fs.FS, s *Site, diags *diag.List) []TranslationStatus {
	var out []TranslationStatus
	for _, t := range s.Pages {
		if src := t.Source(); src != nil {
			if ts, ok := CheckTranslation(fsys, t, src, diags); ok {
				out = append(out, ts)
			}
		}
	}
	SortTranslations(out)
	return out
}

// SortTranslations sorts statuses by file, as kitgen translations lists
// them.
func SortTranslations(ts []TranslationStatus) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].File < ts[j].File })
}

// CheckTranslation compares the translation t with its source src — a
// page and its translation, or a message template and its translation,
// both read as pages — and reports, at t's translates: line, a
// translation never marked or behind its source, naming the sections of
// the source that changed and the command that records a translation
// brought up to date, and one with another number of headings than its
// source. ok is false when the source cannot be read (its own findings
// say why).
func CheckTranslation(fsys fs.FS, t, src *Page, diags *diag.List) (ts TranslationStatus, ok bool) {
	now, err := SectionSums(fsys, src)
	if err != nil {
		return ts, false
	}
	f := FreshnessOf(t, now)
	ts = TranslationStatus{File: t.File, Lang: t.Lang, Source: src.File, Freshness: f, Sums: now}
	if own, err := SectionSums(fsys, t); err == nil && len(own) != len(now) {
		// A section left out (or added) is text the source has and
		// the translation does not, whatever translates: says; and
		// section n of the translation is section n of the source.
		diags.Warnf(t.File, t.BodyLine, 1, diag.RuleTranslation,
			"this translation has %d headings and its source %s has %d (%s); translate each of the source's sections under a heading of its own, in the same order",
			len(own)-1, src.File, len(now)-1, headingList(now[1:]))
	}
	switch {
	case !f.Marked:
		diags.Warnf(t.File, 1, 1, diag.RuleTranslation,
			"this translation does not say which version of %s it translates; once it is up to date, run kitgen translations mark %s", src.File, t.File)
	case !f.Current():
		diags.Warnf(t.File, t.Line("translates"), 1, diag.RuleTranslation,
			"this translation is behind %s, %s; translate what changed, then run kitgen translations mark %s", src.File, f.Changes(), t.File)
	}
	return ts, true
}

// translatesLine matches the translates: key of YAML front matter and
// the indented lines of its value.
var translatesLine = regexp.MustCompile(`(?m)^translates:.*\n(?:[ \t]+.*\n)*`)

// Mark returns the source of a translation file with translates: set to
// sums, replacing the value it had. Only YAML front matter is supported:
// a TOML translation is marked by hand.
func Mark(file string, src []byte, sums []SectionSum) ([]byte, error) {
	src = bytes.TrimPrefix(src, bom)
	m := openRE.FindSubmatchIndex(src)
	if m == nil || string(src[m[2]:m[3]]) != "---" {
		return nil, fmt.Errorf("%s: only YAML front matter (between --- lines) can be marked; add translates: by hand", file)
	}
	rest := src[m[1]:]
	end := -1
	for off := 0; off < len(rest); {
		i := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if i >= 0 {
			line = rest[off : off+i+1]
		}
		if string(bytes.TrimRight(line, " \t\r\n")) == "---" {
			end = off
			break
		}
		if i < 0 {
			break
		}
		off += i + 1
	}
	if end < 0 {
		return nil, fmt.Errorf("%s: its front matter is never closed; add a line --- after the last key", file)
	}
	var fm bytes.Buffer
	fm.Write(translatesLine.ReplaceAll(rest[:end], nil))
	fm.WriteString("translates: {")
	for i, s := range sums {
		if i > 0 {
			fm.WriteString(", ")
		}
		fmt.Fprintf(&fm, "%q: %q", s.ID, s.Sum)
	}
	fm.WriteString("}\n")
	// Front matter written in an unusual way (indented keys, a flow
	// mapping) may not take a new line at the end; check that it reads
	// back rather than write a file that says something else.
	var back struct {
		Translates map[string]string `yaml:"translates"`
	}
	if err := yaml.Unmarshal(fm.Bytes(), &back); err != nil || len(back.Translates) != len(sums) {
		return nil, fmt.Errorf("%s: translates: cannot be added to this front matter; write each key on its own line at the start of the line, or add translates: by hand", file)
	}
	for _, s := range sums {
		if back.Translates[s.ID] != s.Sum {
			return nil, fmt.Errorf("%s: translates: cannot be added to this front matter; add it by hand", file)
		}
	}
	var b bytes.Buffer
	b.Write(src[:m[1]])
	b.Write(fm.Bytes())
	b.Write(rest[end:])
	return b.Bytes(), nil
}
