package kit

import "time"

// Doc is one referral kit resolved against the content model: every block
// already holds the rich text it quotes, so a writer (the PDF writer, the
// HTML rendition) never reads Markdown or front matter itself.
type Doc struct {
	ID       string // kit id, the base name of kits/<id>.yaml
	Title    string
	Audience string
	Practice string // practice name from the site settings (PDF author)
	Language string // BCP 47 tag, e.g. "en-US"
	Keywords []string

	Version   int       // version number this rendering carries
	Effective time.Time // effective date of that version (UTC midnight)
	Draft     bool      // preview only (kitgen serve): marked as a draft
	URL       string    // absolute URL of the kit's live page on the site

	Paper       string  // "letter" (default) or "a4"
	MinFontSize float64 // smallest body size the writer may shrink to, in points

	Blocks []Block

	// Label is what the header calls the document: "" for a referral
	// kit; the fax cover sheet (see FaxCover) sets its own. Left out of
	// the JSON when empty, as every field added to Doc must be: the JSON
	// is part of the kit's fingerprint, and a new empty field would
	// otherwise make a new version of every kit.
	Label string `json:",omitempty"`

	// Words is the kit layout's fixed strings ("Version {0}", "Phone")
	// in the kit's language, by translation-table key, where they differ
	// from the English ones the PDF writer knows (pdf.Words): empty for an
	// English kit, so its fingerprint is unchanged, and part of a
	// translated kit's, so a new wording is a new version.
	Words map[string]string `json:",omitempty"`

	// Where the kit's own words come from, for errors about them: the
	// kit file for its title and audience, the site settings for the
	// practice name and the URL.
	TitleSource, AudienceSource, SettingsSource Source `json:"-"`
}

// BlockKind says how a writer lays out a block.
type BlockKind int

const (
	// Section is quoted rich text: a whole page or one heading's section.
	Section BlockKind = iota
	// Urgent is a Section drawn as a box that stands out ("urgent: call now").
	Urgent
	// Columns lays its Children side by side, in equal columns.
	Columns
	// ContactBlock is a location's (or the site's) contact facts.
	ContactBlock
	// ProviderList is a list of providers.
	ProviderList
	// FormFields is a set of labelled boxes left blank to be filled in by
	// hand (the fax cover sheet's To, From, Date, Pages, patient name).
	FormFields
)

// Field is one box of a FormFields block.
type Field struct {
	Label string
	Wide  bool // takes the whole width, for longer writing (a name)
}

// Block is one quoted part of a kit, in reading order.
type Block struct {
	Kind  BlockKind
	Title string // heading shown above the block; may be empty
	Body  []Node // Section and Urgent

	Children []Block // Columns

	Contact   *Contact   // ContactBlock
	Providers []Provider // ProviderList
	Fields    []Field    `json:",omitempty"` // FormFields

	// Checklist marks a quoted section whose list items are what to send
	// with a referral: the fax cover sheet prints them as tick boxes.
	Checklist bool `json:",omitempty"`

	Source Source // where the quoted content comes from, for errors
	// TitleSource is where Title comes from when the kit file sets it
	// rather than the quoted heading; empty otherwise.
	TitleSource Source `json:"-"`
}

// Source is a position in a content file, so an overflow can be reported as
// file:line. The line is left out of a kit's fingerprint (as Node.Line is):
// text added above a quoted section moves it without changing what the kit
// says, and must not bump its version.
type Source struct {
	File string // path relative to the site root, slash-separated
	Line int    `json:"-"`
}

// Contact holds the canonical contact facts of a location or the site.
type Contact struct {
	Name      string
	Address   []string // address lines, in order
	Phone     string
	Fax       string
	Email     string
	EReferral string   // e-referral channel, e.g. a portal name
	Hours     []string // human-readable lines, e.g. "Mon–Fri 7:30 a.m.–5:00 p.m."
	// FaxCover is the absolute URL of the kit's fax cover sheet, printed
	// beside the fax number it is addressed to; empty on the sheet itself.
	FaxCover string `json:",omitempty"`

	// Source is the file the facts come from, at its name; Lines gives
	// the line of each front-matter key there. Both are for errors only.
	Source Source         `json:"-"`
	Lines  map[string]int `json:"-"`
}

// Provider is one row of a provider list.
type Provider struct {
	Name        string // e.g. "José Núñez"
	Credentials string // e.g. "MD, FACC"
	Role        string // e.g. "Interventional cardiologist"
	Focus       []string
	URL         string // absolute URL of the bio page

	// Source is the provider's page, at its title; Lines gives the line
	// of each front-matter key there. Both are for errors only.
	Source Source         `json:"-"`
	Lines  map[string]int `json:"-"`
}

// NodeKind is the kind of a rich-text node.
type NodeKind int

const (
	Paragraph NodeKind = iota
	Heading
	List
	Table
)

// Node is a block of rich text converted from the page's Markdown AST.
type Node struct {
	Kind    NodeKind
	Level   int      // Heading: 1–6 (relative to the quoted section)
	Inlines []Inline // Paragraph, Heading

	Ordered bool     // List
	Items   [][]Node // List: each item is a sequence of nodes (nested lists allowed)

	Header []Cell   // Table
	Rows   [][]Cell // Table
	Line   int      `json:"-"` // source line of the node, for errors; not part of the fingerprint
	// File is the file the node's text comes from when it is not the
	// block's: an urgent block's escalation line comes from kitgen.yaml.
	File string `json:"-"`
}

// Cell is one table cell.
type Cell []Inline

// Inline is a run of text with uniform style.
type Inline struct {
	Text   string
	Bold   bool
	Italic bool
	Code   bool
	Link   string // absolute URL when the run is a link (tel:, mailto:, https:)
}

// EffectiveText is how every output writes a kit's effective date: the
// PDF's header and footer, the kit page, the kits index and the feed. A
// recipient checks the date printed on their copy against the live page,
// so both show it the same way.
func EffectiveText(t time.Time) string { return t.Format(time.DateOnly) }
