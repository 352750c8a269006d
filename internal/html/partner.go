package html

import "time"

// PartnerRef is what a partner's landing page (layouts/partner.html)
// shows: the partner's name and code, its kits, and how to refer. It
// holds nothing of the partner's own contact details or notes, which are
// not public.
type PartnerRef struct {
	Name string
	Code string
	Kits []PartnerKit
	// Where to send a referral: the partner's own destination when its
	// file gives one, else the site's. EReferralURL has the code filled
	// in when the channel takes it as a query parameter (Prefilled).
	Fax, Phone              string
	EReferral, EReferralURL string
	Prefilled               bool
}

// PartnerKit is one kit on a landing page: the partner's copy to
// download and the public kit page it is a copy of.
type PartnerKit struct {
	Title, Audience string
	Version         int
	Effective       time.Time
	PDF             string // the partner's copy
	Size            int    // bytes
	Page            string // the public kit page
}
