package i18n

import (
	"bytes"
	"io/fs"
	"regexp"
	"sort"
	"strconv"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
)

// Use is one place a layout asks for a string.
type Use struct {
	Key  string
	File string // e.g. layouts/kit.html
	Line int
}

// tCall matches a call of the t template function with a literal key:
// {{t "red_flags"}}, (t "kit_summary" .Version …).
var tCall = regexp.MustCompile(`[{(]\s*t\s+"([^"\\]+)"`)

// codeKeys are the keys kitgen's Go code asks for besides layouts: the
// date format and month names.
var codeKeys = []string{"date_format", "month_1", "month_2", "month_3", "month_4", "month_5", "month_6",
	"month_7", "month_8", "month_9", "month_10", "month_11", "month_12",
	"clock", "am", "pm", "ages_range", "ages_over", "ages_new_max", "wait_urgent", "wait_expedited", "wait_routine", "wait_text",
	"unit_day", "unit_days", "unit_week", "unit_weeks", "telehealth_yes", "telehealth_no", "nav_services", "nav_guides", "nav_programs", "nav_providers", "nav_locations", "nav_kits", "day_Mo", "day_Tu", "day_We", "day_Th", "day_Fr", "day_Sa", "day_Su"}

// Uses lists every literal key the layouts ask for, by file and line.
func Uses(layouts fs.FS) []Use {
	var out []Use
	if layouts == nil {
		return nil
	}
	files, _ := fs.Glob(layouts, "*.html")
	partials, _ := fs.Glob(layouts, "partials/*.html")
	for _, f := range append(files, partials...) {
		data, err := fs.ReadFile(layouts, f)
		if err != nil {
			continue // reported by the HTML writer
		}
		for _, m := range tCall.FindAllSubmatchIndex(data, -1) {
			line := 1 + bytes.Count(data[:m[0]], []byte("\n"))
			out = append(out, Use{Key: string(data[m[2]:m[3]]), File: "layouts/" + f, Line: line})
		}
	}
	return out
}

// Check reports, for every language of the set, each key a layout asks
// for that the language's table does not have (it would show the English
// text, or for a key no table has, the key itself). English falls back to
// nothing, so a key only a site's own layout uses must be in
// i18n/en.yaml too.
func (s *Set) Check(layouts fs.FS, diags *diag.List) {
	uses := Uses(layouts)
	for _, k := range codeKeys {
		uses = append(uses, Use{Key: k})
	}
	for _, lang := range s.Langs {
		t := s.tables[lang]
		reported := map[string]bool{}
		var missing []string
		for _, u := range uses {
			if t.Has(u.Key) || reported[u.Key+"\x00"+u.File+strconv.Itoa(u.Line)] {
				continue
			}
			reported[u.Key+"\x00"+u.File+strconv.Itoa(u.Line)] = true
			if u.File == "" {
				missing = append(missing, u.Key)
				continue
			}
			hint := ""
			if c := schema.Closest(u.Key, t.keys()); c != "" {
				hint = " (did you mean " + c + "?)"
			}
			diags.Errorf(u.File, u.Line, 0, diag.RuleI18n, "the string %q has no text in %s%s; add %s: … to %s/%s.yaml", u.Key, lang, hint, u.Key, Dir, lang)
		}
		if len(missing) > 0 {
			diags.Errorf("kitgen.yaml", 1, 0, diag.RuleI18n, "language %s has no date and time format (%v); add them to %s/%s.yaml", lang, missing, Dir, lang)
		}
	}
}

func (t *Table) keys() []string {
	out := make([]string, 0, len(t.strings))
	for k := range t.strings {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
