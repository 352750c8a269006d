package html

import (
	"html/template"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/i18n"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/phone"
)

// funcs are the template functions layouts may call. They only read the
// model; contact facts are looked up, never retyped in layouts. Those that
// return pages record them in rec (see Dep); settings, assets and the
// navigation are read by every page, and a change to them renders every
// page again.
//
// t and date read the table of the language of the page being rendered
// (*tr, which Render sets). minified says the set was parsed from minified
// layouts, whose cached partials are kept apart from those of the layouts
// as written.
func (w *Writer) funcs(set **template.Template, rec *recorder, tr **i18n.Table, minified bool) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) template.HTML {
			return template.HTML((*tr).Format(key, textEscaper.Replace, valueEscaper.Replace, args...))
		},
		// partialCached renders a partial once per build (per variant) and
		// reuses the result, for fragments that are the same on every
		// page, like the footer; as in Hugo, the caller vouches that the
		// output depends only on the variant.
		//
		// What the partial read is kept with it: every page that shows it
		// has read that too.
		"partialCached": func(name string, data any, variant ...string) (template.HTML, error) {
			// A partial's strings are in the page's language.
			key := (*tr).Lang + "\x00" + name + "\x00" + strings.Join(variant, "\x00")
			if !minified {
				key = "\x01" + key
			}
			if v, ok := w.cached.Load(key); ok {
				c := v.(cachedPartial)
				for _, d := range c.deps {
					rec.deps[d] = true
				}
				return c.html, nil
			}
			outer := rec.deps
			rec.deps = map[Dep]bool{}
			defer func() {
				for d := range rec.deps {
					outer[d] = true
				}
				rec.deps = outer
			}()
			buf := getBuffer()
			defer putBuffer(buf)
			if err := (*set).ExecuteTemplate(buf, name, data); err != nil {
				return "", err
			}
			c := cachedPartial{html: template.HTML(buf.String())}
			for d := range rec.deps {
				c.deps = append(c.deps, d)
			}
			w.cached.Store(key, c)
			return c.html, nil
		},
		// navCurrent is the page's URL when the main navigation links to
		// it, and "" otherwise: the variant key of the cached navigation.
		"navCurrent": func(d *Data) string {
			if d.Page == nil {
				return ""
			}
			for _, n := range w.InfoIn(d.Lang).Nav {
				if n.URL == d.Page.URL {
					return n.URL
				}
			}
			return ""
		},
		"ref": func(section, slug string) *content.Page {
			rec.add(DepPage, section+"/"+slug)
			return w.site.Ref(section, slug)
		},
		"pages": func(section string) []*content.Page {
			rec.add(DepSection, section)
			return w.site.Of(section)
		},
		// line is a phone line of kitgen.yaml, its label in the page's
		// language when the site's table gives one (line_<key>).
		"line": func(key string) *config.Line {
			l := w.cfg.LineByKey(key)
			if s, _, ok := (*tr).Own("line_" + key); ok && strings.TrimSpace(s) != "" && l != nil {
				c := *l
				c.Label = s
				return &c
			}
			return l
		},
		// contactHours is the practice-wide contact's hours (contact.hours
		// of kitgen.yaml), in the page's language when the site's table
		// gives them (contact_hours).
		"contactHours": func() string {
			if s, _, ok := (*tr).Own("contact_hours"); ok && strings.TrimSpace(s) != "" && w.cfg.Contact.Hours != "" {
				return s
			}
			return w.cfg.Contact.Hours
		},
		"absURL": w.AbsURL,
		"date":   func(t time.Time) string { return (*tr).Date(t) },
		// hours writes opening hours in the page's language; hoursList
		// writes several, as a phone line's are: "Mon–Fri …; Sat …".
		"hours": func(h content.Hours) string { return (*tr).Hours(h.Days, h.Opens, h.Closes) },
		"hoursList": func(hs []content.Hours) string {
			parts := make([]string, len(hs))
			for i, h := range hs {
				parts[i] = (*tr).Hours(h.Days, h.Opens, h.Closes)
			}
			return strings.Join(parts, "; ")
		},
		"effective": kit.EffectiveText,
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"tel":             TelURL,
		"telehealth":      func(b *bool) string { return telehealthText(*tr, b) },
		"referrals":       func(r content.Referrals) string { return referralsText(*tr, r) },
		"referralsCaveat": func(r content.Referrals) string { return referralsCaveat(*tr, r) },
		"ages":            func(a content.AgeRange) string { return agesText(*tr, a) },
		"wait":            func(w content.WaitTime) string { return waitText(*tr, w) },
		"join":            strings.Join,
		"kb":              func(n int) int { return (n + 1023) / 1024 },
		// clinicDays and languageNames are a provider's clinic days and
		// languages in the page's language: "mar, jue", "inglés, español".
		"clinicDays":    func(codes string) string { return (*tr).ClinicDays(codes) },
		"languageNames": func(ls []content.Language) []string { return (*tr).Languages(ls) },
		"asset": func(src string) string {
			if a := w.Assets.Get(src); a != nil {
				return a.URL
			}
			return ""
		},
		"providersOf": func(slugs []string) []*content.Page { return w.refs(rec, content.TypeProvider, slugs) },
		"locationsOf": func(slugs []string) []*content.Page { return w.refs(rec, content.TypeLocation, slugs) },
		"servicesOf":  func(slugs []string) []*content.Page { return w.refs(rec, content.TypeService, slugs) },
		"guidesFor": func(p *content.Page) []*content.Page {
			rec.add(DepSection, content.TypeGuide)
			var out []*content.Page
			for _, g := range w.site.Of(content.TypeGuide) {
				if g.Guide() != nil && g.Guide().Service == p.SlugName() {
					out = append(out, g)
				}
			}
			return out
		},
		"providersAt": func(p *content.Page) []*content.Page {
			rec.add(DepSection, content.TypeProvider)
			var out []*content.Page
			for _, pr := range w.site.Of(content.TypeProvider) {
				if pr.Provider() == nil {
					continue
				}
				for _, l := range pr.Provider().Locations {
					if l == p.SlugName() {
						out = append(out, pr)
						break
					}
				}
			}
			return out
		},
		"formsFor": func(p *content.Page) []content.Form { return w.formsFor(rec, p) },
		"firstLocation": func() *content.Page {
			rec.add(DepSection, content.TypeLocation)
			if ls := w.site.Of(content.TypeLocation); len(ls) > 0 {
				return ls[0]
			}
			return nil
		},
	}
}

// The strings of a table are escaped as text written in a layout would
// be, which html/template leaves as written: only what would be markup
// is. The values put into them (a kit's title, an audience) are escaped
// as html/template escapes a value, so a page reads the same whether a
// layout writes "For: {{.Audience}}" or {{t "for" .Audience}}.
var (
	textEscaper  = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	valueEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")
)

// formsFor returns the forms of a service or guide page; for a service,
// its guide's forms follow its own, each file once. A kit page lists the
// forms of the page it belongs to.
func (w *Writer) formsFor(rec *recorder, p *content.Page) []content.Form {
	if p == nil {
		return nil
	}
	var out []content.Form
	seen := map[string]bool{}
	add := func(fs []content.Form) {
		for _, f := range fs {
			if !seen[f.File] {
				seen[f.File] = true
				out = append(out, f)
			}
		}
	}
	if s := p.Service(); s != nil {
		add(s.Forms)
		rec.add(DepPage, content.TypeGuide+"/"+s.Guide)
		if g := w.site.Ref(content.TypeGuide, s.Guide); g != nil && g.Guide() != nil {
			add(g.Guide().Forms)
		}
	} else if g := p.Guide(); g != nil {
		add(g.Forms)
	}
	return out
}

func (w *Writer) refs(rec *recorder, section string, slugs []string) []*content.Page {
	var out []*content.Page
	for _, s := range slugs {
		rec.add(DepPage, section+"/"+s)
		if p := w.site.Ref(section, s); p != nil {
			out = append(out, p)
		}
	}
	return out
}

// TelURL is the RFC 3966 tel: URI of a number (phone.URI), typed for
// templates.
func TelURL(number string) template.URL { return template.URL(phone.URI(number)) }
