package html

import (
	"strings"
	"testing"
)

// TestMedicalSpecialties maps the specialties editors write (those of the
// example site among them) to schema.org MedicalSpecialty members, and
// leaves out what has no member rather than guess.
func TestMedicalSpecialties(t *testing.T) {
	for in, want := range map[string]string{
		"Cardiology":                             "Cardiovascular",
		"Gastroenterology and hepatology":        "Gastroenterologic",
		"Pulmonary and sleep medicine":           "Pulmonary",
		"Pulmonary and critical care medicine":   "Pulmonary",
		"Orthopedic surgery":                     "Musculoskeletal Surgical",
		"Orthopedic surgery and sports medicine": "Musculoskeletal Surgical",
		"Pediatric cardiology":                   "Cardiovascular Pediatric",
		"Plastic surgery":                        "PlasticSurgery",
		"Speech pathology":                       "SpeechPathology",
		"Anatomic pathology":                     "Pathology",
		"ENT":                                    "Otolaryngologic",
		"Nephrology":                             "Renal",
		"Internal medicine":                      "",
		"Sleep medicine":                         "",
		"Gentle care":                            "", // "ent" inside a word is not ENT
		"":                                       "",
	} {
		got := MedicalSpecialties(in)
		var names []string
		for _, u := range got {
			name, ok := strings.CutPrefix(u, "https://schema.org/")
			if !ok {
				t.Errorf("MedicalSpecialties(%q) gives %q, not a schema.org URL", in, u)
			}
			names = append(names, name)
		}
		if strings.Join(names, " ") != want {
			t.Errorf("MedicalSpecialties(%q) = %v, want %q", in, got, want)
		}
	}
}
