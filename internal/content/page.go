// Package content is kitgen's site model: it loads kitgen.yaml and every
// Markdown file under content/, decodes front matter against the schema of
// the file's section, and parses bodies with goldmark. Every writer (HTML,
// PDF kits, checks) reads this model; none of them reads Markdown itself.
package content

import (
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/route"
)

// Kind distinguishes the home page, section list pages and regular pages.
type Kind int

const (
	KindPage Kind = iota
	KindSection
	KindHome
)

// Type names the schema a page was decoded with; it is the section folder
// of a typed section (a row of PageTypes) and "page" for everything else.
const (
	TypeService  = "services"
	TypeGuide    = "guides"
	TypeProvider = "providers"
	TypeLocation = "locations"
	TypePage     = "page"
)

// Page is one Markdown file.
type Page struct {
	File    string // path relative to the site root, e.g. content/services/cardiology.md
	Path    string // content path without extension, e.g. services/cardiology; "" for home
	Section string // first folder, e.g. services; "" at the root
	Kind    Kind
	Type    string // schema: TypeService … or TypePage
	URL     string // site-relative URL with trailing slash, e.g. /services/cardiology/
	// Lang is the language tag of a translation (es-US); "" for a page
	// in the site's default language. See translation.go.
	Lang string

	Title       string
	Description string
	Date        time.Time
	Reviewed    time.Time
	Draft       bool
	Tags        []string
	Weight      int
	Slug        string
	Silence     []Silence
	// Menu puts a free page in the main navigation, ordered by Weight.
	Menu bool

	// Typed is the front matter of the page's own type (*Service, *Guide,
	// …; see PageTypes), read through Service, Guide and the other
	// accessors; nil for free pages, list pages and the home page.
	Typed any

	Body     []byte         // Markdown after the front matter
	BodyLine int            // line of File where Body starts
	Lines    map[string]int // front-matter key → line, for findings about a field
	Refs     []Ref          // what the front matter names elsewhere, in file order

	// Front is the front matter as written, comments included, for the
	// checks that read text rather than values (leftover placeholders);
	// FrontLine is the line of File where it starts.
	Front     []byte
	FrontLine int

	Doc    *Document // parsed body; set by Parse
	unread *unread   // where Body is when it was left unread (LoadFront)

	// Translates is a translation's record of the source it translates:
	// the fingerprint of each section of the source (see Fingerprints),
	// as kitgen translations mark wrote it; nil when never marked.
	Translates map[string]string
	source     *Page // the page a translation translates; set by Assemble
}

// Silence turns off one rule for one page, with the reason recorded in the
// page itself so reviewers see why.
type Silence struct {
	Rule, Reason string
	Line         int
}

// Ref is one value of front matter that names something else: a page of
// another section by its slug (a service's providers, a guide's service)
// or a phone line of kitgen.yaml (a guide's escalation). It keeps the
// value's position, so a name that resolves to nothing is reported where
// it is written.
type Ref struct {
	Key       string // front-matter key, e.g. "providers"
	Section   string // section of the page named, e.g. "providers"; "" for a line of kitgen.yaml
	Name      string // the slug or line key as written
	Line, Col int
}

// Service is the front matter of a service line page.
type Service struct {
	Specialty   string
	Conditions  []string
	Providers   []string // provider slugs
	Locations   []string // location slugs
	Guide       string   // guide slug
	VisitLength string
	Results     string
	Ages        AgeRange   // who is seen
	WaitTimes   []WaitTime // current wait for a first appointment
	Telehealth  *bool      // video visits offered; nil when not said
	Insurance   Insurance
	Forms       []Form
}

// Guide is the front matter of a "when to refer" guide.
type Guide struct {
	Audience   string
	Service    string // service slug
	Escalation string // key of a line in kitgen.yaml
	Ages       AgeRange
	Forms      []Form
}

// Provider is the front matter of a provider bio.
type Provider struct {
	Credentials         string
	Role                string
	Specialty           string
	Education           []string
	BoardCertifications []string
	FocusAreas          []string
	Locations           []string
	Services            []string
	Languages           []Language
	AcceptingReferrals  *bool  // nil when the front matter does not say; see Referrals
	ReferralsNote       string // accepting_referrals_note, e.g. "ages 0–5 only"
	NPI                 string // ten digits, check digit verified
	ClinicDays          string // schema.org day codes, e.g. "Tu,Th"
	Telehealth          *bool  // offers video visits; nil when not said
}

// ClinicDaysText is the provider's clinic days as printed: "Tue, Thu".
func (pr *Provider) ClinicDaysText() string {
	s, _ := DaysText(pr.ClinicDays)
	return s
}

// LanguageNames is the provider's languages by their English names.
func (pr *Provider) LanguageNames() []string {
	var out []string
	for _, l := range pr.Languages {
		out = append(out, l.Name)
	}
	return out
}

// Location is the front matter of a location: the one place its contact
// facts are written.
type Location struct {
	Address      Address
	Phone        string
	Fax          string
	Email        string
	EReferral    string // the e-referral channel's name
	EReferralURL string // its web address; may be empty
	Hours        []Hours
	Services     []string
	// Virtual is a location patients reach by video: it has no street
	// address, and Instructions says how a visit works.
	Virtual      bool
	Instructions string
	Lines        []PhoneLine // further lines, with the hours they are answered
	AfterHours   *PhoneLine  // who answers when the office is closed
	Departments  []Department
	Closures     []Closure
	Insurance    Insurance
}

// Address is a postal address.
type Address struct {
	Street, City, Region, PostalCode, Country string
}

// Hours is one opening-hours row in schema.org's day notation ("Mo-Fr").
type Hours struct {
	Days   string
	Opens  string // HH:MM, 24-hour
	Closes string
}

// Site is the whole loaded model.
type Site struct {
	Config *config.Config
	Pages  []*Page          // every page, sorted by Path
	byPath map[string]*Page // Path → page
	byURL  map[string]*Page
	broken []*Page // pages whose front matter has errors: File, Path and URL only

	translations map[*Page][]*Page // page of the default language → its translations
}

// Page returns the page with the given content path ("services/cardiology",
// "" for home), or nil.
func (s *Site) Page(path string) *Page { return s.byPath[path] }

// PageByURL returns the page served at the site-relative URL, or nil.
func (s *Site) PageByURL(u string) *Page { return s.byURL[u] }

// Of returns the regular pages of a section type, ordered by weight, then
// title, then path, which is the order lists show them in.
func (s *Site) Of(section string) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Kind == KindPage && p.Section == section && p.Lang == "" {
			out = append(out, p)
		}
	}
	SortPages(out)
	return out
}

// Sections returns the section list pages (real or implied), by path.
func (s *Site) Sections() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Kind == KindSection && p.Lang == "" {
			out = append(out, p)
		}
	}
	return out
}

// Broken returns the pages left out of the site because their front
// matter has errors, sorted by path. Only their File, Path and URL are
// meaningful. Their own findings say what is wrong; what refers to them
// should not add "does not exist" to those.
func (s *Site) Broken() []*Page { return s.broken }

// HasErrors reports whether the content path names a page that exists but
// was left out of the site because its front matter has errors.
func (s *Site) HasErrors(path string) bool {
	for _, p := range s.broken {
		if p.Path == path {
			return true
		}
	}
	return false
}

// Slugs returns the slugs of the regular pages of a section, sorted: the
// names a reference into that section may use.
func (s *Site) Slugs(section string) []string {
	var out []string
	for _, p := range s.Pages {
		if p.Kind == KindPage && p.Section == section && p.Path == section+"/"+p.SlugName() {
			out = append(out, p.SlugName())
		}
	}
	return out
}

// Home returns the home page.
func (s *Site) Home() *Page { return s.byPath[""] }

// Slug returns the last element of the page's path, the name other pages
// use to refer to it (e.g. a provider's slug in a service's providers list).
func (p *Page) SlugName() string {
	for i := len(p.Path) - 1; i >= 0; i-- {
		if p.Path[i] == '/' {
			return p.Path[i+1:]
		}
	}
	return p.Path
}

// Ref resolves a slug within a section: Ref("providers", "jose-nunez").
func (s *Site) Ref(section, slug string) *Page {
	return s.byPath[section+"/"+slug]
}

// LastReviewed returns Reviewed, or Date when the page was never reviewed.
func (p *Page) LastReviewed() time.Time {
	if !p.Reviewed.IsZero() {
		return p.Reviewed
	}
	return p.Date
}

// Line returns the line of a front-matter key, or the first line.
func (p *Page) Line(key string) int {
	if l, ok := p.Lines[key]; ok {
		return l
	}
	return 1
}

// Routes returns the routes of the site's pages, and of the pages left out
// because their front matter has errors (they exist, and links to them
// are not broken; their ids are unknown). A parsed page's ids are its
// heading ids.
func (s *Site) Routes() []route.Route {
	out := make([]route.Route, 0, len(s.Pages)+len(s.broken))
	for _, p := range s.Pages {
		r := route.Route{URL: p.URL, Kind: route.KindPage, Source: p.File}
		switch p.Kind {
		case KindSection:
			r.Kind = route.KindSection
		case KindHome:
			r.Kind = route.KindHome
		}
		if p.Doc != nil {
			r.IDsKnown = true
			for _, h := range p.Doc.Headings {
				r.IDs = append(r.IDs, h.ID)
			}
		}
		out = append(out, r)
	}
	for _, p := range s.broken {
		out = append(out, route.Route{URL: p.URL, Kind: route.KindPage, Source: p.File})
	}
	return out
}
