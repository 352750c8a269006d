// Package message reads the staff message templates in messages/: Markdown
// with front matter (subject, purpose, audience) and placeholders, blanks
// that staff fill in ({{referring_office}}) and site facts quoted the way
// kits quote them ({{location.loop.phone}}, {{kit.version}},
// {{section guides/cardiology-referral#documents-to-send}}), so a message
// can never state an outdated number. It resolves those facts against the
// model and fills a template into the subject and kit nodes that the draft
// writers read.
package message

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// Dir is the folder of message templates.
const Dir = "messages"

// Template is one messages/<id>.md.
type Template struct {
	ID, File string
	Subject  string
	// SubjectLine and SubjectCol are where the subject's text starts.
	SubjectLine, SubjectCol int
	Purpose, Audience       string
	// KitCover marks the message kitgen mail puts in front of each kit.
	KitCover     bool
	KitCoverLine int
	// PartnerCover marks the message kitgen mail puts in front of a
	// partner's copy of a kit instead, when there is one: it may quote
	// {{partner.code}}, which a public kit's draft cannot state.
	PartnerCover     bool
	PartnerCoverLine int
	// Page is the template's body as a page outside the site, so the
	// checks that read pages read it, and kit.Body converts it.
	Page *content.Page
	// Placeholders are the subject's, then the body's, in order.
	Placeholders []Placeholder

	// Lang is the language of a translation (messages/<id>.<code>.md,
	// for a language of the site's languages: after the first), "" for a
	// template in the site's language. A translation has the subject and
	// body of its source in that language, and translates: (on
	// Page.Translates), the source's version it translates; everything
	// else is the source's.
	Lang string
	// Translations are a template's translations by language tag.
	Translations map[string]*Template
}

// Blanks are the parts of a message staff fill in before sending, with
// what each is for. A template may use only these, so a misspelt one is
// an error rather than a blank nobody notices. None holds patient details
// in the template; the patient is named only in the message staff send.
var Blanks = []struct{ Name, What string }{
	{"referring_office", "the referring practice's name"},
	{"referring_clinician", "the referring clinician's name"},
	{"patient_reference", "how the referring office knows the patient (their referral number or the patient's initials), typed when sending"},
	{"referral_date", "the date the referral arrived"},
	{"appointment_date", "the date of the appointment"},
	{"appointment_time", "the time of the appointment"},
	{"provider_name", "the clinician the patient sees"},
	{"missing_items", "what the referral still needs"},
	{"staff_name", "who signs the message"},
}

// SubjectQuotesKit reports whether the subject states something of the
// kit a draft goes with ({{kit.…}}).
func (t *Template) SubjectQuotesKit() bool {
	for _, p := range t.Placeholders {
		if p.InSubject && p.Kind == Fact && strings.HasPrefix(p.Name, "kit.") {
			return true
		}
	}
	return false
}

// BlankNames returns the names of Blanks.
func BlankNames() []string {
	out := make([]string, len(Blanks))
	for i, b := range Blanks {
		out[i] = b.Name
	}
	return out
}

var templateFiles = source.Named{Dir: Dir, Ext: ".md", Rule: diag.RuleMessage, What: "message template",
	IDUse: "names its drafts", Example: "referral-received.md", MaxSize: content.MaxPageSize,
	Stray: "only Markdown files directly in " + Dir + "/ are message templates; move it there as a .md file, or out of " + Dir + "/"}

// Load reads every messages/*.md, sorted by id; templates with front
// matter errors are left out, their findings in diags. A site without
// messages/ has none. langs are the site's languages, the default first:
// messages/<id>.<code>.md, where code is the first part of a later one
// (kit-cover.es.md for es-US), is a translation of messages/<id>.md,
// found in its source's Translations rather than among the templates. A
// site with one language treats such a file as a template of its own.
func Load(fsys fs.FS, langs []string, diags *diag.List) []*Template {
	var out, translations []*Template
	templateFiles.Each(fsys, diags, func(file, id string, data []byte) {
		lang := ""
		if i := strings.LastIndexByte(id, '.'); i > 0 {
			for _, l := range langs[min(1, len(langs)):] {
				if content.LangCode(l) == id[i+1:] {
					lang = l
				}
			}
		}
		t := parseIn(file, data, lang, diags)
		switch {
		case t == nil:
		case lang != "":
			translations = append(translations, t)
		default:
			out = append(out, t)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	byID := map[string]*Template{}
	for _, t := range out {
		byID[t.ID] = t
	}
	for _, tr := range translations {
		src := byID[tr.ID]
		if src == nil {
			var ids []string
			for _, t := range out {
				ids = append(ids, t.ID)
			}
			diags.Errorf(tr.File, 1, 1, diag.RuleMessage, "%s translates %s/%s.md, which does not exist%s; name a translation after the message it translates, as %s/ID.%s.md",
				tr.File, Dir, tr.ID, suggest(tr.ID, ids), Dir, content.LangCode(tr.Lang))
			continue
		}
		if src.Translations == nil {
			src.Translations = map[string]*Template{}
		}
		src.Translations[tr.Lang] = tr
	}
	return out
}

// sourceOnly are the front-matter keys of a template that a translation
// takes from its source: they are for staff and for kitgen, not sent.
var sourceOnly = []string{"purpose", "audience", "kit_cover", "partner_cover"}

// Parse decodes one template: its front matter against the message
// schema, and its placeholders (whose syntax problems are reported, and
// which are then left out). It returns nil when the front matter is
// unusable.
func Parse(file string, src []byte, diags *diag.List) *Template {
	return parseIn(file, src, "", diags)
}

// parseIn is Parse, of a translation into lang when lang is not "": its
// id is its source's, and its front matter has only subject:.
func parseIn(file string, src []byte, lang string, diags *diag.List) *Template {
	fm, isTOML, fmLine, body, bodyLine, ok := content.SplitFrontMatter(file, src, diags)
	if !ok {
		return nil
	}
	local := &diag.List{}
	d := &schema.Decoder{File: file, LineOffset: fmLine - 1, Rule: diag.RuleFrontMatter, Diags: local}
	parse := d.ParseYAML
	if isTOML {
		parse = d.ParseTOML
	}
	root := parse(fm)
	t := &Template{ID: strings.TrimSuffix(path.Base(file), ".md"), File: file, Lang: lang}
	if lang != "" {
		t.ID = strings.TrimSuffix(t.ID, "."+content.LangCode(lang))
	}
	p := &content.Page{File: file, Path: strings.TrimSuffix(file, ".md"), URL: "/", Kind: content.KindPage, Type: content.TypePage,
		Lines: map[string]int{}, Front: fm, FrontLine: fmLine, Body: body, BodyLine: bodyLine, Lang: lang}
	fix := "front matter is empty; add subject:, purpose: and audience:"
	if lang != "" {
		fix = "front matter is empty; add subject: with the e-mail's subject in this language"
	}
	if d.Empty(root, fix) {
		diags.Merge(local)
		return nil
	}
	if m := root; m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			p.Lines[m.Content[i].Value], _ = d.Pos(m.Content[i])
		}
	}
	fields := []schema.Field{
		{Name: "subject", Required: true, Hint: `add the e-mail's subject, e.g. "subject: We received your referral"`, Set: func(v *yaml.Node) {
			t.Subject = d.String(v, "subject")
			t.SubjectLine, t.SubjectCol = d.Pos(v)
			if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				t.SubjectCol++
			}
		}},
		{Name: "purpose", Required: true, Hint: `say when staff send it, e.g. "purpose: Tell the referring office the referral arrived"`, Set: d.StringTo(&t.Purpose, "purpose")},
		{Name: "audience", Required: true, Hint: `say who receives it, e.g. "audience: Referring office staff"`, Set: d.StringTo(&t.Audience, "audience")},
		{Name: "kit_cover", Set: func(v *yaml.Node) {
			t.KitCover = d.Bool(v, "kit_cover")
			t.KitCoverLine, _ = d.Pos(v)
		}},
		{Name: "partner_cover", Set: func(v *yaml.Node) {
			t.PartnerCover = d.Bool(v, "partner_cover")
			t.PartnerCoverLine, _ = d.Pos(v)
		}},
		{Name: "translates", Set: func(v *yaml.Node) {
			d.Errorf(v, "translates: belongs to a translation, and this message is not one: a message's translation is %s/ID.<code>.md, for a language listed after the first in languages: of kitgen.yaml; remove it here", Dir)
		}},
	}
	required := []struct {
		key   string
		value *string
	}{{"subject", &t.Subject}, {"purpose", &t.Purpose}, {"audience", &t.Audience}}
	if lang != "" {
		source := Dir + "/" + t.ID + ".md"
		// translates: is the fingerprint of the source's subject and
		// sections the translation was made from, as on a translated
		// page (content.CheckTranslation).
		fields = append(fields[:1:1], schema.Field{Name: "translates", Set: func(v *yaml.Node) { p.Translates = content.DecodeTranslates(d, v) }})
		for _, k := range sourceOnly {
			fields = append(fields, schema.Field{Name: k, Set: func(v *yaml.Node) {
				d.Errorf(v, "%s is not translated: a translation takes it from %s; remove it here", k, source)
			}})
		}
		required = required[:1]
	}
	d.Object(root, "message template", fields)
	diags.Merge(local)
	if e, _ := local.Count(); e > 0 {
		return nil
	}
	for _, f := range required {
		if strings.TrimSpace(*f.value) == "" {
			diags.Errorf(file, p.Lines[f.key], 1, diag.RuleFrontMatter, "%s is empty; say it in words: staff choose a message by its subject, purpose and audience", f.key)
			return nil
		}
	}
	if strings.ContainsAny(t.Subject, "\r\n") {
		diags.Errorf(file, t.SubjectLine, t.SubjectCol, diag.RuleMessage, "the subject is more than one line; an e-mail subject is one line, so join them")
		return nil
	}
	p.Title = t.Subject
	t.Page = p
	report := func(ps []Placeholder, probs []Problem) {
		for _, pr := range probs {
			diags.Errorf(file, pr.Line, pr.Col, diag.RuleMessage, "%s", pr.Message)
		}
		t.Placeholders = append(t.Placeholders, ps...)
	}
	ps, probs := Scan(t.Subject, t.SubjectLine, t.SubjectCol)
	for i := range ps {
		ps[i].InSubject = true
	}
	report(ps, probs)
	report(Scan(string(body), bodyLine, 1))
	return t
}
