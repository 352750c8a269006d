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

// knownLanguages are the codes whose English names editors may write
// instead of a code: the languages US patients most often need, by the
// Census Bureau's language-use tables, and sign languages. Any other
// language is written by its code.
var knownLanguages = []string{
	"am", "ar", "ase", "bn", "de", "el", "en", "es", "fa", "fr", "gu", "he", "hi", "hmn", "ht",
	"hy", "it", "ja", "km", "ko", "lo", "ne", "nl", "pa", "pl", "ps", "pt", "ro", "ru", "so",
	"sq", "sr", "sw", "ta", "te", "th", "ti", "tl", "tr", "uk", "ur", "vi", "yi", "yo", "zh",
	"yue", "ig", "my", "nv",
}

// languageAliases are other English names in common use for a language,
// printed as written.
var languageAliases = map[string]Language{
	"asl":      {"American Sign Language", "ase"},
	"bengali":  {"Bengali", "bn"},
	"farsi":    {"Farsi", "fa"},
	"mandarin": {"Mandarin", "cmn"},
	"tagalog":  {"Tagalog", "tl"},
}

var languageNames = func() map[string]string {
	m := map[string]string{}
	for _, c := range knownLanguages {
		if n := display.English.Tags().Name(language.Make(c)); n != "" {
			m[strings.ToLower(n)] = c
		}
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
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
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
