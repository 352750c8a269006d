package html

import (
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/phone"
)

// jsonLD returns the schema.org description of a page: a WebSite on the
// home page, and for a typed page what its row of pageTypes builds
// (MedicalClinic for a location, IndividualPhysician for a provider,
// MedicalWebPage with lastReviewed for a guide). Contact facts come from
// the location pages and kitgen.yaml, never from text.
func (w *Writer) jsonLD(p *content.Page) map[string]any {
	switch p.Kind {
	case content.KindHome:
		return map[string]any{
			"@context": "https://schema.org", "@type": "WebSite",
			"name": w.cfg.Title, "url": w.cfg.BaseURL, "inLanguage": w.langOf(p),
		}
	case content.KindPage:
		// A translation describes the same clinic, physician or guide as
		// its source, in its own language and at its own address.
		typed := p.Typed != nil || (p.Source() != nil && p.Source().Typed != nil)
		if t := pageTypes[p.Type]; t.JSONLD != nil && typed {
			return t.JSONLD(w, p)
		}
	}
	return nil
}

// langOf is the language of a page: a translation's, or the site's.
func (w *Writer) langOf(p *content.Page) string {
	if p.Lang != "" {
		return p.Lang
	}
	return w.cfg.Language
}

// guideLD describes a "when to refer" guide as a MedicalWebPage for
// clinicians, with the date a clinician last reviewed it.
func (w *Writer) guideLD(p *content.Page) map[string]any {
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "MedicalWebPage",
		"name": p.Title, "url": w.AbsURL(p.URL), "inLanguage": w.langOf(p),
		"audience": map[string]any{"@type": "MedicalAudience", "audienceType": "Clinician", "name": p.Guide().Audience},
	}
	// The guide is written for clinicians (audience); the ages are of the
	// patients it is about.
	if a := ageAudience(p.Guide().Ages); a != nil {
		ld["about"] = a
	}
	if !p.Reviewed.IsZero() {
		ld["lastReviewed"] = p.Reviewed.Format("2006-01-02")
	}
	if p.Description != "" {
		ld["description"] = p.Description
	}
	return ld
}

// physician describes a provider as an IndividualPhysician, schema.org's
// type for one practitioner (a Physician, and so a MedicalOrganization:
// not a Person). That decides the properties: credentials are credentials
// (hasCredential; honorificSuffix belongs to Person only), the offices are
// where the physician practices (practicesAt; hospitalAffiliation takes a
// Hospital, which a clinic is not), and medicalSpecialty takes members of
// the MedicalSpecialty enumeration, never free text.
func (w *Writer) physician(p *content.Page) map[string]any {
	pr := p.Provider()
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "IndividualPhysician",
		"name": p.Title, "url": w.AbsURL(p.URL),
	}
	var creds []any
	for _, c := range strings.Split(pr.Credentials, ",") {
		if c = strings.TrimSpace(c); c != "" {
			creds = append(creds, map[string]any{"@type": "EducationalOccupationalCredential", "name": c})
		}
	}
	if len(creds) > 0 {
		ld["hasCredential"] = creds
	}
	if sp := MedicalSpecialties(pr.Specialty); len(sp) > 0 {
		ld["medicalSpecialty"] = sp
	}
	if r := pr.Referrals(); r.Stated() {
		ld["isAcceptingNewPatients"] = r.Accepting()
	}
	if len(pr.FocusAreas) > 0 {
		ld["knowsAbout"] = pr.FocusAreas
	}
	providerFields(ld, pr)
	if o := telehealthOffer(p.Title, pr.Telehealth); o != nil {
		ld["makesOffer"] = o
	}
	var locs []any
	for _, s := range pr.Locations {
		if l := w.site.Ref(content.TypeLocation, s); l != nil && l.Location() != nil {
			locs = append(locs, w.clinic(l, false))
		}
	}
	if len(locs) > 0 {
		ld["practicesAt"] = locs
		c := locs[0].(map[string]any)
		if tel, ok := c["telephone"]; ok {
			ld["telephone"] = tel
		}
		if addr, ok := c["address"]; ok {
			ld["address"] = addr
		}
	}
	return ld
}

func (w *Writer) clinic(p *content.Page, withContext bool) map[string]any {
	l := p.Location()
	addr := map[string]any{"@type": "PostalAddress"}
	if l.Address.Street != "" {
		addr["streetAddress"] = l.Address.Street
	}
	if l.Address.City != "" {
		addr["addressLocality"] = l.Address.City
	}
	if l.Address.Region != "" {
		addr["addressRegion"] = l.Address.Region
	}
	if l.Address.PostalCode != "" {
		addr["postalCode"] = l.Address.PostalCode
	}
	country := l.Address.Country
	if country == "" {
		country = "US"
	}
	addr["addressCountry"] = country
	ld := map[string]any{"@type": "MedicalClinic", "name": p.Title, "url": w.AbsURL(p.URL)}
	if len(l.Address.Lines()) > 0 {
		ld["address"] = addr
	}
	if withContext {
		ld["@context"] = "https://schema.org"
	}
	// A location without a phone or fax builds (with a warning); an empty
	// value would claim a number that is not there. The numbers carry the
	// country code: search engines and assistants read them from anywhere.
	if l.Phone != "" {
		ld["telephone"] = phone.InternationalFormat(l.Phone)
	}
	if l.Fax != "" {
		ld["faxNumber"] = phone.InternationalFormat(l.Fax)
	}
	if l.Email != "" {
		ld["email"] = l.Email
	}
	var hours []string
	for _, h := range l.Hours {
		hours = append(hours, h.Spec())
	}
	if len(hours) > 0 {
		ld["openingHours"] = hours
	}
	if withContext {
		// Within a physician's practicesAt, the office's name, address and
		// numbers say enough.
		locationFields(ld, l)
	}
	return ld
}
