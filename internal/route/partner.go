package route

import "fmt"

// PartnersRoot is the folder of the partners' landing pages. Nothing on
// the site links there and the sitemap leaves it out: a partner learns its
// page from its own kits, and a visit to /r/<code>/ in the CDN's request
// log is a visit from that partner.
const PartnersRoot = "/r/"

// PartnerPage returns the URL of a partner's landing page: /r/<code>/.
func PartnerPage(code string) string { return PartnersRoot + code + "/" }

// PartnerPDF returns the URL of a partner's copy of one version of a kit:
// /r/<code>/<id>-v<N>.pdf.
func PartnerPDF(code, id string, version int) string {
	return fmt.Sprintf("%s%s-v%d.pdf", PartnerPage(code), id, version)
}

// PartnerPages returns the pattern of every landing page and partner copy
// in the wildcard syntax of CDN header rules: /r/*.
func PartnerPages() string { return PartnersRoot + "*" }
