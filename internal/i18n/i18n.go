// Package i18n holds the translation tables of the fixed strings of the
// built-in theme and the kit layout: one table per language, shipped for
// English and Spanish, which a site extends or overrides with
// i18n/<lang>.yaml. Layouts ask for a string by key (the t template
// function); dates are formatted from the table too, so a page in Spanish
// says "2 de marzo de 2026" where the English one says "March 2, 2026".
package i18n

import (
	"embed"
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// Dir is the folder of a site's own tables.
const Dir = "i18n"

// Default is the language whose table every other falls back to, and the
// only one a site without languages: uses.
const Default = "en"

//go:embed tables/*.yaml
var shipped embed.FS

// Table is the strings of one language. A key the table lacks falls back
// to the English table; Check reports it.
type Table struct {
	Lang    string            // language tag as configured, e.g. es-US
	strings map[string]string // key → text
	from    map[string]string // key → file:line it was defined at, for findings
	base    *Table            // the English table, or nil for English itself
}

// Base returns the primary language subtag of a tag: "es" for "es-US".
func Base(tag string) string {
	b, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(b)
}

// Has reports whether the table, not its fallback, has key.
func (t *Table) Has(key string) bool {
	_, ok := t.strings[key]
	return ok
}

// Own returns the text of key in this language's own tables, not the
// English it falls back to, and the file that gives it: for the words of
// kitgen.yaml a site writes in each language (contact_hours, line_<id>),
// which are shown as written where a language has none.
func (t *Table) Own(key string) (text, file string, ok bool) {
	text, ok = t.strings[key]
	file, _, _ = strings.Cut(t.from[key], ":")
	return text, file, ok
}

// T returns the text of key with {0}, {1}… replaced by args. A key no
// table has is returned as it is, so the page shows what is missing.
func (t *Table) T(key string, args ...any) string {
	return t.Format(key, nil, nil, args...)
}

// Format is T with the text and the values each passed through an
// escaping function (nil for none) before they are put together: the
// HTML writer escapes a value as html/template would, and the table's own
// text as little as it must, as text written in a layout is.
func (t *Table) Format(key string, text, value func(string) string, args ...any) string {
	s, ok := t.lookup(key)
	if !ok {
		s = key
	}
	if text != nil {
		s = text(s)
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	for i, a := range args {
		v := toString(a)
		if value != nil {
			v = value(v)
		}
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", v)
	}
	return s
}

func (t *Table) lookup(key string) (string, bool) {
	for x := t; x != nil; x = x.base {
		if s, ok := x.strings[key]; ok {
			return s, true
		}
	}
	return "", false
}

func toString(a any) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case interface{ String() string }:
		return v.String()
	}
	return ""
}

// Date formats a date as the language writes it (date_format with {day},
// {month} and {year}); the zero time gives "".
func (t *Table) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	f, _ := t.lookup("date_format")
	month, _ := t.lookup("month_" + strconv.Itoa(int(d.Month())))
	r := strings.NewReplacer("{day}", strconv.Itoa(d.Day()), "{month}", month, "{year}", strconv.Itoa(d.Year()))
	return r.Replace(f)
}

// Hours formats an opening-hours row — schema.org day codes ("Mo-Fr",
// "Sa", "Mo,We") and 24-hour HH:MM times — as the language writes it:
// "Mon–Fri 7:30 a.m.–5:30 p.m." (day_Mo…, clock, am, pm). Day codes it
// does not know give no days, as content.Hours.Text does.
func (t *Table) Hours(days, opens, closes string) string {
	return t.days(days) + " " + t.clock(opens) + "–" + t.clock(closes)
}

func (t *Table) days(days string) string {
	var parts []string
	for _, group := range strings.Split(days, ",") {
		ends := strings.Split(strings.TrimSpace(group), "-")
		if len(ends) > 2 {
			return ""
		}
		var names []string
		for _, e := range ends {
			n, ok := t.lookup("day_" + strings.TrimSpace(e))
			if !ok || !dayCodes[strings.TrimSpace(e)] {
				return ""
			}
			names = append(names, n)
		}
		parts = append(parts, strings.Join(names, "–"))
	}
	return strings.Join(parts, ", ")
}

var dayCodes = map[string]bool{"Mo": true, "Tu": true, "We": true, "Th": true, "Fr": true, "Sa": true, "Su": true}

// clock formats "07:30" with the table's clock: {h} (0–23), {h12}
// (1–12), {mm} and {ampm} (am or pm); text that is not a time is kept.
func (t *Table) clock(hhmm string) string {
	hs, ms, ok := strings.Cut(hhmm, ":")
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if !ok || err1 != nil || err2 != nil {
		return hhmm
	}
	h12, ampm := h, "am"
	if h >= 12 {
		ampm = "pm"
	}
	if h12 == 0 {
		h12 = 12
	} else if h12 > 12 {
		h12 -= 12
	}
	f, _ := t.lookup("clock")
	a, _ := t.lookup(ampm)
	mm := strconv.Itoa(m)
	if m < 10 {
		mm = "0" + mm
	}
	return strings.NewReplacer("{h12}", strconv.Itoa(h12), "{h}", strconv.Itoa(h), "{mm}", mm, "{ampm}", a).Replace(f)
}

// Set is the tables of a site's languages; the first is the default.
type Set struct {
	Langs  []string
	tables map[string]*Table
}

// For returns the table of a language tag; an unknown tag gets the
// default language's table.
func (s *Set) For(lang string) *Table {
	if t := s.tables[lang]; t != nil {
		return t
	}
	return s.tables[s.Langs[0]]
}

// Load reads the tables of langs (language tags, the default first): for
// each, the shipped table of its primary subtag, then the site's
// i18n/<subtag>.yaml and i18n/<tag>.yaml, each overriding the one before.
// fsys is the site root. Problems go to diags at their file:line.
func Load(fsys fs.FS, langs []string, diags *diag.List) *Set {
	s := &Set{Langs: langs, tables: map[string]*Table{}}
	en := &Table{Lang: Default, strings: map[string]string{}, from: map[string]string{}}
	read(shipped, "tables/en.yaml", "", en, diags)
	for _, tag := range langs {
		t := &Table{Lang: tag, strings: map[string]string{}, from: map[string]string{}, base: en}
		b := Base(tag)
		if b == Default {
			// English keeps the shipped strings as its own, so a site's
			// i18n/en.yaml overrides them and nothing is "missing".
			t.base = nil
		}
		read(shipped, "tables/"+b+".yaml", "", t, diags)
		files := []string{Dir + "/" + b + ".yaml"}
		if tag != b {
			files = append(files, Dir+"/"+tag+".yaml")
		}
		for _, f := range files {
			read(fsys, f, f, t, diags)
		}
		s.tables[tag] = t
	}
	return s
}

// read adds the strings of one table file to t; a missing file adds
// nothing. shown is the path findings name ("" for a shipped table, whose
// problems are kitgen's, found by its tests).
func read(fsys fs.FS, name, shown string, t *Table, diags *diag.List) {
	if fsys == nil {
		return
	}
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		source.Report(diags, "", name, diag.RuleI18n, err)
		return
	}
	if shown == "" {
		shown = "internal/i18n/" + name
	}
	Parse(shown, data, t, diags)
}

// Bytes returns what the tables hold, in a fixed order: part of the dev
// server's cache key of every page.
func (s *Set) Bytes() []byte {
	var b []byte
	for _, lang := range s.Langs {
		t := s.tables[lang]
		b = append(b, lang...)
		for _, k := range t.keys() {
			b = append(append(append(append(b, 0), k...), 0), t.strings[k]...)
		}
		b = append(b, 1)
	}
	return b
}

// Parse decodes a table file: a mapping of keys to text. Each value must
// be a string; problems go to diags at file:line:col.
func Parse(file string, data []byte, t *Table, diags *diag.List) {
	d := &schema.Decoder{File: file, Rule: diag.RuleI18n, Diags: diags}
	root := d.ParseYAML(data)
	if root == nil {
		return
	}
	if root.Kind != yaml.MappingNode {
		d.Errorf(root, "a translation table is a mapping of key: text lines, such as red_flags: Señales de alarma")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value == "" {
			d.Errorf(k, "a key must be a plain name such as red_flags")
			continue
		}
		if seen[k.Value] {
			d.Errorf(k, "%s is defined twice in this file; keep one", k.Value)
			continue
		}
		seen[k.Value] = true
		if v.Kind != yaml.ScalarNode {
			d.Errorf(v, "the text of %s must be a string; put it in quotes if it contains \": \"", k.Value)
			continue
		}
		// Every entry is required: an empty one would print nothing
		// where the layout asks for the string.
		if v.ShortTag() == "!!null" {
			d.Errorf(k, "%s is empty; write its text, or remove the line to use kitgen's own", k.Value)
			continue
		}
		s, ok := d.Text(v, k.Value)
		if !ok {
			continue
		}
		line, _ := d.Pos(k)
		t.strings[k.Value] = s
		t.from[k.Value] = file + ":" + strconv.Itoa(line)
	}
}
