package kit

import (
	"fmt"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/phone"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// A facts block quotes typed front-matter facts of one page, such as a
// service's ages and wait times or a location's phone lines, as a list:
//
//	- facts: services/cardiology
//	  show: [ages, wait_times, forms]   # optional: the default is every fact the page has
//
// It becomes a Section block, so both kit writers draw it as they draw
// quoted text. Each fact is worded as the site words it (content's Text
// methods), and a fact with an address (a form, an e-referral portal, a
// phone line) prints it, since a printed kit cannot be clicked.

// fact is one fact a page type can show in a kit: its show key, and a
// function returning its list item, or nil when the page does not have it.
type fact struct {
	key  string
	item func(rs *resolver, p *content.Page) []Inline
}

// factsOf are the facts of each page type, in the order a kit lists them.
var factsOf = map[string][]fact{
	content.TypeService: {
		{"ages", func(rs *resolver, p *content.Page) []Inline {
			return rs.labelled("who_we_see", "Who we see", rs.ages(p.Service().Ages))
		}},
		{"wait_times", func(rs *resolver, p *content.Page) []Inline { return rs.waits(p.Service().WaitTimes) }},
		{"telehealth", func(rs *resolver, p *content.Page) []Inline {
			return rs.labelled("video_visits", "Video visits", rs.telehealth(p.Service().Telehealth))
		}},
		{"insurance", func(rs *resolver, p *content.Page) []Inline { return rs.insurance(p.Service().Insurance) }},
		{"forms", func(rs *resolver, p *content.Page) []Inline { return rs.forms(p.Service().Forms) }},
	},
	content.TypeGuide: {
		{"ages", func(rs *resolver, p *content.Page) []Inline {
			return rs.labelled("patients_label", "Patients", rs.ages(p.Guide().Ages))
		}},
		{"forms", func(rs *resolver, p *content.Page) []Inline { return rs.forms(p.Guide().Forms) }},
	},
	content.TypeProvider: {
		{"languages", func(rs *resolver, p *content.Page) []Inline {
			return rs.labelled("languages_spoken", "Languages", strings.Join(rs.languages(p.Provider()), ", "))
		}},
		{"clinic_days", func(rs *resolver, p *content.Page) []Inline {
			return rs.labelled("clinic_days", "Clinic days", rs.clinicDays(p.Provider()))
		}},
		{"telehealth", func(rs *resolver, p *content.Page) []Inline {
			return rs.labelled("video_visits", "Video visits", rs.telehealth(p.Provider().Telehealth))
		}},
		{"npi", func(rs *resolver, p *content.Page) []Inline { return rs.labelled("npi", "NPI", p.Provider().NPI) }},
	},
	content.TypeLocation: {
		{"virtual", func(rs *resolver, p *content.Page) []Inline {
			l := p.Location()
			if !l.Virtual {
				return nil
			}
			s := rs.say("by_video", "By video")
			if l.Instructions != "" {
				s += ": " + l.Instructions
			}
			return rs.labelled("visits", "Visits", s)
		}},
		{"lines", func(rs *resolver, p *content.Page) []Inline {
			var out []Inline
			for i, l := range p.Location().Lines {
				if i > 0 {
					out = append(out, Inline{Text: "; "})
				}
				out = append(out, rs.line(l, "")...)
			}
			return out
		}},
		{"after_hours", func(rs *resolver, p *content.Page) []Inline {
			if l := p.Location().AfterHours; l != nil {
				return rs.line(*l, rs.say("after_hours_prefix", "After hours, "))
			}
			return nil
		}},
		{"ereferral", func(rs *resolver, p *content.Page) []Inline {
			l := p.Location()
			if l.EReferral == "" {
				return nil
			}
			out := rs.labelled("ereferral", "E-referral", l.EReferral)
			if l.EReferralURL != "" {
				out = append(out, Inline{Text: ", "}, Inline{Text: l.EReferralURL, Link: l.EReferralURL})
			}
			return out
		}},
		{"departments", func(rs *resolver, p *content.Page) []Inline {
			var out []Inline
			for i, d := range p.Location().Departments {
				if i > 0 {
					out = append(out, Inline{Text: "; "})
				}
				var hours []string
				for _, h := range d.Hours {
					hours = append(hours, rs.hours(h))
				}
				out = append(out, Inline{Text: d.Name + ": ", Bold: true}, Inline{Text: strings.Join(hours, ", ")})
				if d.Phone != "" {
					out = append(out, Inline{Text: ", "}, Inline{Text: phone.Format(d.Phone), Link: phone.URI(d.Phone)})
				}
			}
			return out
		}},
		{"closures", func(rs *resolver, p *content.Page) []Inline {
			var days []string
			for _, c := range p.Location().Closures {
				days = append(days, c.Text())
			}
			return rs.labelled("closed", "Closed", strings.Join(days, "; "))
		}},
		{"insurance", func(rs *resolver, p *content.Page) []Inline { return rs.insurance(p.Location().Insurance) }},
	},
}

// labelled is "Label: text" with the label in bold, or nil without text.
// The label is the table's text of key in a translated kit, and english in
// the default language's, whose words and fingerprint stay as they were.
func (rs *resolver) labelled(key, english, text string) []Inline {
	if text == "" {
		return nil
	}
	return []Inline{{Text: rs.say(key, english) + ": ", Bold: true}, {Text: text}}
}

// ages, telehealth and hours write a value from front matter in the
// kit's language, as the translated page writes it.
func (rs *resolver) ages(a content.AgeRange) string {
	if rs.tr == nil {
		return a.Text()
	}
	return rs.tr.Ages(a)
}

func (rs *resolver) telehealth(b *bool) string {
	if rs.tr == nil {
		return content.TelehealthText(b)
	}
	return rs.tr.Telehealth(b)
}

func (rs *resolver) languages(pr *content.Provider) []string {
	if rs.tr == nil {
		return pr.LanguageNames()
	}
	return rs.tr.Languages(pr.Languages)
}

func (rs *resolver) clinicDays(pr *content.Provider) string {
	if rs.tr == nil {
		return pr.ClinicDaysText()
	}
	return rs.tr.ClinicDays(pr.ClinicDays)
}

func (rs *resolver) hours(h content.Hours) string {
	if rs.tr == nil {
		return h.Text()
	}
	return rs.tr.Hours(h.Days, h.Opens, h.Closes)
}

func (rs *resolver) waits(ws []content.WaitTime) []Inline {
	var parts []string
	for _, w := range ws {
		if rs.tr == nil {
			parts = append(parts, w.Text())
		} else {
			parts = append(parts, rs.tr.Wait(w))
		}
	}
	return rs.labelled("wait_first_visit", "Wait for a first visit", strings.Join(parts, "; "))
}

func (rs *resolver) insurance(in content.Insurance) []Inline {
	out := rs.labelled("insurance_accepted", "Insurance accepted", strings.Join(in.Plans, "; "))
	if in.Check != "" {
		if out != nil {
			out = append(out, Inline{Text: ". "})
		}
		out = append(out, rs.labelled("checking_coverage", "Checking coverage", in.Check)...)
	}
	return out
}

// line is a phone line: its label, its number (linked) and its hours.
func (rs *resolver) line(l content.PhoneLine, prefix string) []Inline {
	out := []Inline{{Text: prefix + l.Label + ": ", Bold: true}, {Text: phone.Format(l.Phone), Link: phone.URI(l.Phone)}}
	var hours []string
	for _, h := range l.Hours {
		hours = append(hours, rs.hours(h))
	}
	if h := strings.Join(hours, "; "); h != "" {
		out = append(out, Inline{Text: " (" + h + ")"})
	}
	return out
}

// forms lists forms with their addresses written out.
func (rs *resolver) forms(fs []content.Form) []Inline {
	var out []Inline
	for i, f := range fs {
		if i == 0 {
			out = append(out, Inline{Text: rs.say("forms", "Forms") + ": ", Bold: true})
		} else {
			out = append(out, Inline{Text: "; "})
		}
		u := rs.absURL(f.URL())
		out = append(out, Inline{Text: f.Title + " "}, Inline{Text: u, Link: u})
	}
	return out
}

// facts resolves a facts block into a Section block of one list.
func (rs *resolver) facts(b BlockDef) (Block, bool) {
	p := rs.page(b, b.Ref)
	if p == nil {
		return Block{}, false
	}
	all, ok := factsOf[p.Type]
	if !ok || p.Kind != content.KindPage || p.Typed == nil {
		rs.errorf(b, b.RefAt, diag.RuleKitMissing, "kit %q quotes the facts of %s, which is not a service, guide, provider or location page; quote it with page: or section: instead", rs.def.ID, p.File)
		return Block{}, false
	}
	var keys []string
	for _, f := range all {
		keys = append(keys, f.key)
	}
	chosen := all
	if b.Show != nil && len(b.Show) == 0 {
		rs.errorf(b, Pos{}, diag.RuleKit, "show is empty; list the facts to show (%s), or remove show to show them all", strings.Join(keys, ", "))
		return Block{}, false
	}
	if b.Show != nil {
		chosen = nil
		for i, k := range b.Show {
			at := Pos{b.Line, b.Col}
			if i < len(b.ShowAt) {
				at = b.ShowAt[i]
			}
			f := findFact(all, k)
			if f == nil {
				hint := ""
				if best := schema.Closest(k, keys); best != "" {
					hint = fmt.Sprintf(" (did you mean %q?)", best)
				}
				rs.errorf(b, at, diag.RuleKit, "show: %q is not a fact of a %s page%s; its facts are: %s", k, content.TypeOf(p.Type).Name, hint, strings.Join(keys, ", "))
				continue
			}
			if f.item(rs, p) == nil {
				rs.errorf(b, at, diag.RuleKitMissing, "kit %q shows %s of %s, which does not give it; add %s to its front matter, or remove it from show", rs.def.ID, k, p.File, k)
				continue
			}
			chosen = append(chosen, *f)
		}
	}
	list := Node{Kind: List}
	for _, f := range chosen {
		if in := f.item(rs, p); in != nil {
			list.Items = append(list.Items, []Node{{Kind: Paragraph, Inlines: in, Line: p.Line(f.key)}})
		}
	}
	if len(list.Items) == 0 {
		if b.Show == nil {
			rs.errorf(b, b.RefAt, diag.RuleKitMissing, "kit %q quotes the facts of %s, which has none of %s; add them to its front matter, or remove the block", rs.def.ID, p.File, strings.Join(keys, ", "))
		}
		return Block{}, false
	}
	// A translated kit names the facts by the translated page's title;
	// the facts themselves are the source's.
	title := translationOf(rs.site, p, rs.tr).Title
	blk := Block{Kind: Section, Title: title, Body: []Node{list}, Source: Source{File: p.File, Line: p.Line("title")}}
	rs.input(p.File, blk)
	return blk, true
}

func findFact(all []fact, key string) *fact {
	for i := range all {
		if all[i].key == key {
			return &all[i]
		}
	}
	return nil
}

// showList decodes a facts block's show list with each item's position.
func showList(d *schema.Decoder, v *yaml.Node) ([]string, []Pos) {
	keys := d.Strings(v, "show")
	items := schema.Items(v)
	var at []Pos
	for _, it := range items {
		l, c := d.Pos(it)
		at = append(at, Pos{l, c})
	}
	if keys == nil {
		keys = []string{}
	}
	return keys, at
}
