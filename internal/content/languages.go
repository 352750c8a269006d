package content

import (
	"regexp"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/schema"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"gopkg.in/yaml.v3"
)

// Language is a language a provider speaks with patients: its English
// name, shown on pages and kits, and its BCP 47 code, given to search
// engines.
type Language struct {
	Name string // e.g. "Spanish"
	Code string // e.g. "es"
}

// knownLanguages are the three-letter codes whose English names editors
// may write instead of a code, besides every two-letter (ISO 639-1)
// language: ones US patients need that have no two-letter code. Any
// other language is written by its code.
var knownLanguages = []string{"ase", "hmn", "yue", "haw", "chk", "mh", "sm", "to", "nv"}

// languageAliases are other English names in common use for a language,
// printed as written.
var languageAliases = map[string]Language{
	"asl":                 {"American Sign Language", "ase"},
	"bengali":             {"Bengali", "bn"},
	"cape verdean creole": {"Cape Verdean Creole", "kea"},
	"dari":                {"Dari", "prs"},
	"karen":               {"Karen", "kar"},
	"twi":                 {"Twi", "tw"},
	"farsi":               {"Farsi", "fa"},
	"mandarin":            {"Mandarin", "cmn"},
	"norwegian":           {"Norwegian", "no"},
	"tagalog":             {"Tagalog", "tl"},
}

var languageNames = func() map[string]string {
	m := map[string]string{}
	add := func(c string) {
		if n := display.English.Tags().Name(language.Make(c)); n != "" {
			m[strings.ToLower(n)] = c
		}
	}
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			if c := string([]rune{a, b}); language.Make(c).String() == c {
				add(c)
			}
		}
	}
	for _, c := range knownLanguages {
		add(c)
	}
	return m
}()

// codeRE is what looks like a language code (es, hmn, zh-Hant, pt-BR)
// rather than a name.
var codeRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// languagesTo decodes a list of languages, each an English name or a
// BCP 47 code, into dst.
func languagesTo(d *schema.Decoder, dst *[]Language, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		names := d.Strings(v, key)
		items := schema.Items(v)
		if len(items) != len(names) {
			return // an item was not text, and is reported
		}
		for i, s := range names {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if l, ok := parseLanguage(s); ok {
				*dst = append(*dst, l)
				continue
			}
			var known []string
			for n := range languageNames {
				known = append(known, n)
			}
			for n := range languageAliases {
				known = append(known, n)
			}
			sort.Strings(known)
			hint := ""
			if best := schema.Closest(strings.ToLower(s), known); best != "" {
				l, _ := parseLanguage(best)
				hint = " (did you mean " + l.Name + "?)"
			}
			d.Errorf(items[i], "%s: %q is not a language kitgen knows%s; write its English name, e.g. Spanish, or its BCP 47 code, e.g. es or hmn", key, s, hint)
		}
	}
}

// parseLanguage reads an English language name or a BCP 47 code.
func parseLanguage(s string) (Language, bool) {
	if l, ok := languageAliases[strings.ToLower(s)]; ok {
		return l, true
	}
	if code, ok := languageNames[strings.ToLower(s)]; ok {
		return Language{Name: display.English.Tags().Name(language.Make(code)), Code: code}, true
	}
	if !codeRE.MatchString(s) {
		return Language{}, false
	}
	tag, err := language.Parse(s)
	if err != nil {
		return Language{}, false
	}
	name := display.English.Tags().Name(tag)
	if name == "" {
		return Language{}, false
	}
	return Language{Name: name, Code: tag.String()}, true
}
