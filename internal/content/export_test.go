package content

// AcceptedLanguages is every language a provider's languages: may name,
// as parsed from each English name kitgen accepts, for the tables' test.
func AcceptedLanguages() []Language {
	var out []Language
	for n := range languageNames {
		l, _ := parseLanguage(n)
		out = append(out, l)
	}
	for _, l := range languageAliases {
		out = append(out, l)
	}
	return out
}
