package html

import (
	"regexp"
	"strings"
)

// specialtyTerms maps words editors write in a provider's specialty to
// members of schema.org's MedicalSpecialty enumeration. medicalSpecialty
// takes only those members, so free text such as "Pulmonary and sleep
// medicine" has to be mapped, and a specialty with no fitting member is
// left out of the structured data rather than sent as invalid text.
var specialtyTerms = []struct {
	re     *regexp.Regexp
	member string
	unless *regexp.Regexp // a more specific member that excludes this one
}{
	{regexp.MustCompile(`\bcardi|\bheart\b|\bvascular\b`), "Cardiovascular", nil},
	{regexp.MustCompile(`\bgastro|\bhepat|\bdigestive\b`), "Gastroenterologic", nil},
	{regexp.MustCompile(`\bpulmon|\blungs?\b`), "Pulmonary", nil},
	{regexp.MustCompile(`\borthop|\bmusculoskeletal\b|\bsports medicine\b`), "Musculoskeletal", nil},
	{regexp.MustCompile(`\bdermat`), "Dermatology", nil},
	{regexp.MustCompile(`\bendocrin|\bdiabet`), "Endocrine", nil},
	{regexp.MustCompile(`\bneuro`), "Neurologic", nil},
	{regexp.MustCompile(`\boncolog|\bcancer\b`), "Oncologic", nil},
	{regexp.MustCompile(`\bhematol|\bhaematol`), "Hematologic", nil},
	{regexp.MustCompile(`\bnephrol|\bkidney\b|\brenal\b`), "Renal", nil},
	{regexp.MustCompile(`\brheumat`), "Rheumatologic", nil},
	{regexp.MustCompile(`\burolog`), "Urologic", nil},
	{regexp.MustCompile(`\bpa?ediatr`), "Pediatric", nil},
	{regexp.MustCompile(`\bpsychiatr`), "Psychiatric", nil},
	{regexp.MustCompile(`\bobstet`), "Obstetric", nil},
	{regexp.MustCompile(`\bgyn(a)?ec`), "Gynecologic", nil},
	{regexp.MustCompile(`\botolaryng|\bent\b|\bear, nose`), "Otolaryngologic", nil},
	{regexp.MustCompile(`\binfectious\b`), "Infectious", nil},
	{regexp.MustCompile(`\bgeriatr`), "Geriatric", nil},
	{regexp.MustCompile(`\ban(a)?esth`), "Anesthesia", nil},
	{regexp.MustCompile(`\bemergency\b`), "Emergency", nil},
	{regexp.MustCompile(`\bspeech`), "SpeechPathology", nil},
	{regexp.MustCompile(`\bpatholog`), "Pathology", regexp.MustCompile(`\bspeech`)},
	{regexp.MustCompile(`\bradiol`), "Radiography", nil},
	{regexp.MustCompile(`\bphysiotherap|\bphysical therap`), "Physiotherapy", nil},
	{regexp.MustCompile(`\bpodiatr`), "Podiatric", nil},
	{regexp.MustCompile(`\bplastic surg`), "PlasticSurgery", nil},
	{regexp.MustCompile(`\bsurg`), "Surgical", regexp.MustCompile(`\bplastic surg`)},
	{regexp.MustCompile(`\bprimary care\b|\bfamily medicine\b`), "PrimaryCare", nil},
	{regexp.MustCompile(`\bgenetic`), "Genetic", nil},
	{regexp.MustCompile(`\bnutrition|\bdietet`), "DietNutrition", nil},
	{regexp.MustCompile(`\bdental\b|\bdentist`), "Dentistry", nil},
	{regexp.MustCompile(`\boptometr`), "Optometric", nil},
	{regexp.MustCompile(`\bmidwif`), "Midwifery", nil},
	{regexp.MustCompile(`\bnursing\b`), "Nursing", nil},
	{regexp.MustCompile(`\btoxicol`), "Toxicologic", nil},
	{regexp.MustCompile(`\bpharmac`), "PharmacySpecialty", nil},
	{regexp.MustCompile(`\bpublic health\b`), "PublicHealth", nil},
	{regexp.MustCompile(`\bcommunity health\b`), "CommunityHealth", nil},
	{regexp.MustCompile(`\brespiratory therap`), "RespiratoryTherapy", nil},
}

// MedicalSpecialties returns the schema.org MedicalSpecialty members (as
// https://schema.org/… URLs) that a free-text specialty names, in a fixed
// order and without repeats; none when nothing fits.
func MedicalSpecialties(specialty string) []string {
	s := strings.ToLower(specialty)
	var out []string
	for _, t := range specialtyTerms {
		if t.re.MatchString(s) && (t.unless == nil || !t.unless.MatchString(s)) {
			out = append(out, "https://schema.org/"+t.member)
		}
	}
	return out
}
