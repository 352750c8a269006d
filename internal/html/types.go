package html

import (
	"regexp"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
)

// pageType is the HTML writer's part of a page-type row (content.PageTypes):
// the layout that renders the type's pages and the schema.org description
// search engines get for them (nil for none).
type pageType struct {
	Layout string
	JSONLD func(w *Writer, p *content.Page) map[string]any
}

// pageTypes is keyed by content.PageType.Section. A type without a row, or
// whose layout the site and theme both lack, renders with page.html.
var pageTypes = map[string]pageType{
	content.TypeService:  {Layout: "service.html", JSONLD: (*Writer).serviceLD},
	content.TypeGuide:    {Layout: "guide.html", JSONLD: (*Writer).guideLD},
	content.TypeProgram:  {Layout: "program.html", JSONLD: (*Writer).courseLD},
	content.TypeProvider: {Layout: "provider.html", JSONLD: (*Writer).physician},
	content.TypeLocation: {Layout: "location.html", JSONLD: func(w *Writer, p *content.Page) map[string]any { return w.clinic(p, true) }},
	content.TypePage:     {Layout: "page.html"},
}

// ageRangeRE is schema.org's typicalAgeRange notation: "7-9", or "12-" for
// twelve and older.
var ageRangeRE = regexp.MustCompile(`^[0-9]+-([0-9]+)?$`)

// courseLD describes a program as a Course: schema.org's type for teaching
// offered in sessions, which is what a program is to a patient. An Event
// would need a start date for every session, and a MedicalWebPage would
// describe the page, not the program. The practice is its provider. The
// schedule is free text, for which Course has no property (courseSchedule
// takes a structured Schedule), so it stays on the page only.
func (w *Writer) courseLD(p *content.Page) map[string]any {
	pr := p.Program()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Course",
		"name": p.Title, "url": w.AbsURL(p.URL), "inLanguage": w.langOf(p),
		"provider": map[string]any{"@type": "MedicalOrganization", "name": w.cfg.Title, "url": w.cfg.BaseURL},
	}
	if p.Description != "" {
		ld["description"] = p.Description
	}
	if pr.Audience != "" {
		ld["audience"] = map[string]any{"@type": "PeopleAudience", "name": pr.Audience}
	}
	if ages := strings.ReplaceAll(pr.Ages, "–", "-"); ageRangeRE.MatchString(ages) {
		ld["typicalAgeRange"] = ages
	}
	return ld
}
