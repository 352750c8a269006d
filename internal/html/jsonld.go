package html

import (
	"github.com/kitgen/kitgen/internal/content"
)

// jsonLD returns the schema.org description of a page: MedicalClinic for a
// location, Physician for a provider, MedicalWebPage (with lastReviewed)
// for a guide, a WebSite on the home page. Contact facts come from the
// location pages and kitgen.yaml, never from text.
func (w *Writer) jsonLD(p *content.Page) map[string]any {
	switch {
	case p.Kind == content.KindHome:
		return map[string]any{
			"@context": "https://schema.org", "@type": "WebSite",
			"name": w.cfg.Title, "url": w.cfg.BaseURL, "inLanguage": w.cfg.Language,
		}
	case p.Location != nil:
		return w.clinic(p, true)
	case p.Provider != nil:
		pr := p.Provider
		ld := map[string]any{
			"@context": "https://schema.org", "@type": []string{"Physician", "IndividualPhysician"},
			"name": p.Title, "url": w.AbsURL(p.URL),
		}
		if pr.Credentials != "" {
			ld["honorificSuffix"] = pr.Credentials
		}
		if pr.Specialty != "" {
			ld["medicalSpecialty"] = pr.Specialty
		}
		if len(pr.FocusAreas) > 0 {
			ld["knowsAbout"] = pr.FocusAreas
		}
		if len(pr.Languages) > 0 {
			ld["knowsLanguage"] = pr.Languages
		}
		var locs []any
		for _, s := range pr.Locations {
			if l := w.site.Ref(content.TypeLocation, s); l != nil && l.Location != nil {
				locs = append(locs, w.clinic(l, false))
			}
		}
		if len(locs) > 0 {
			ld["hospitalAffiliation"] = locs
			if c := locs[0].(map[string]any); c != nil {
				ld["telephone"] = c["telephone"]
				ld["address"] = c["address"]
			}
		}
		return ld
	case p.Guide != nil:
		ld := map[string]any{
			"@context": "https://schema.org", "@type": "MedicalWebPage",
			"name": p.Title, "url": w.AbsURL(p.URL), "inLanguage": w.cfg.Language,
			"audience": map[string]any{"@type": "MedicalAudience", "audienceType": "Clinician", "name": p.Guide.Audience},
		}
		if !p.Reviewed.IsZero() {
			ld["lastReviewed"] = p.Reviewed.Format("2006-01-02")
		}
		if p.Description != "" {
			ld["description"] = p.Description
		}
		return ld
	}
	return nil
}

func (w *Writer) clinic(p *content.Page, withContext bool) map[string]any {
	l := p.Location
	addr := map[string]any{"@type": "PostalAddress", "streetAddress": l.Address.Street, "addressLocality": l.Address.City}
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
	ld := map[string]any{
		"@type": "MedicalClinic", "name": p.Title, "url": w.AbsURL(p.URL),
		"telephone": l.Phone, "faxNumber": l.Fax, "address": addr,
	}
	if withContext {
		ld["@context"] = "https://schema.org"
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
	return ld
}
