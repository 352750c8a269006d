package pipeline

import (
	"fmt"
	netmail "net/mail"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/kit"
	"github.com/kitgen/kitgen/internal/mail"
	"github.com/kitgen/kitgen/internal/message"
	"github.com/kitgen/kitgen/internal/schema"
)

// Draft is one e-mail draft of kitgen mail: a kit's cover message with
// its current PDF attached.
type Draft struct {
	File    string // file name, e.g. cardiology-v3.eml
	Kit     string // kit id
	Message string // message template id
	Partner string // for a partner's copy of the kit: the partner's id
	Data    []byte // the .eml file
}

// messageRun is what the message stages keep within a run.
type messageRun struct {
	resolved []*message.Resolved
	kits     map[string]*message.KitFacts
	strict   []diag.Diagnostic // patient-data findings in messages, which no setting turns down
	// stale are the translations of messages that are not current (never
	// marked, or behind their source), by file: kitgen mail does not
	// write a draft from them.
	stale map[string]content.TranslationStatus
}

// resolveMessages loads the message templates (messages/), runs on each
// the checks a page gets, and resolves the facts and sections it quotes.
// It runs after the kits are resolved (messages quote their versions) and
// before the pages are rendered, which drops the syntax trees sections
// are quoted from. Messages are not part of the site: nothing is written,
// and every run does this again (a few files).
func (b *run) resolveMessages() {
	ts := message.Load(b.fsys, b.site.Config.Languages, b.diags)
	m := &b.msgs
	m.kits = map[string]*message.KitFacts{}
	base := strings.TrimSuffix(b.site.Config.BaseURL, "/")
	for _, r := range b.kits {
		ref := b.refs[r.Def.ID]
		m.kits[ref.ID] = &message.KitFacts{ID: ref.ID, Title: ref.Title, Version: ref.Version, Effective: ref.Effective,
			URL: base + ref.URL, PDF: base + ref.PDF, Latest: base + ref.Latest, File: path.Base(ref.PDF)}
	}
	var cover, partnerCover *message.Template
	m.stale = map[string]content.TranslationStatus{}
	n := len(b.res.Translations)
	for _, t := range ts {
		b.checkMessage(t)
		for _, lang := range b.site.Config.Languages {
			tr := t.Translations[lang]
			if tr == nil {
				continue
			}
			b.checkMessage(tr)
			// Whether it says what its source says now, as for a page.
			if st, ok := content.CheckTranslation(b.fsys, tr.Page, t.Page, b.diags); ok {
				b.res.Translations = append(b.res.Translations, st)
				if !st.Freshness.Current() {
					m.stale[tr.File] = st
				}
			}
		}
		if t.KitCover {
			if cover != nil {
				b.diags.Errorf(t.File, t.KitCoverLine, 1, diag.RuleMessage, "%s is already the kit cover message (kit_cover: true); kitgen mail puts one message in front of each kit, so set kit_cover on only one", cover.File)
			} else {
				cover = t
			}
		}
		if t.PartnerCover {
			if partnerCover != nil {
				b.diags.Errorf(t.File, t.PartnerCoverLine, 1, diag.RuleMessage, "%s is already the partner cover message (partner_cover: true); kitgen mail puts one message in front of each partner's kit, so set partner_cover on only one", partnerCover.File)
			} else {
				partnerCover = t
			}
		}
		m.resolved = append(m.resolved, message.Resolve(t, b.site, m.kits, b.w.I18n, b.diags))
	}
	if len(b.res.Translations) > n {
		content.SortTranslations(b.res.Translations)
	}
}

// checkMessage runs on a template, or a translation, the checks a page
// gets.
func (b *run) checkMessage(t *message.Template) {
	local := &diag.List{}
	content.Parse(t.Page)
	check.Page(b.check, t.Page, local)
	for _, pr := range message.Dates(t) {
		local.Errorf(t.File, pr.Line, pr.Col, diag.RulePatientData, "%s", pr.Message)
	}
	// A template goes to many recipients, so the patient-data rule is
	// strict in it: its findings are errors whatever the settings.
	for _, d := range local.Sorted() {
		if d.Rule == diag.RulePatientData {
			d.Severity = diag.Error
			b.msgs.strict = append(b.msgs.strict, d)
			continue
		}
		b.diags.Add(d)
	}
}

// checkMessageLinks checks the links of every message against the
// build's route table, as checkSite checks the pages'.
func (b *run) checkMessageLinks() {
	if len(b.msgs.resolved) == 0 {
		return
	}
	// A dev-server run that took the cross-page findings from its cache
	// did not set the check's routes.
	b.check.Routes = b.res.Routes
	for _, r := range b.msgs.resolved {
		check.Links(b.check, r.Template.Page, b.diags)
		for _, lang := range b.site.Config.Languages {
			if tr := r.Translations[lang]; tr != nil {
				check.Links(b.check, tr.Template.Page, b.diags)
			}
		}
	}
}

// composeDrafts writes, for kitgen mail (Options.Mail), one draft per kit:
// the cover message (Options.MailMessage, or the template with
// kit_cover: true) filled for the kit, with the PDF the build publishes
// for its current version attached; and one per partner copy, with the
// partner cover message (partner_cover: true) when there is one and no
// Options.MailMessage, addressed to the partner when its file gives an
// e-mail address, with the copy published under its landing page attached.
func (b *run) composeDrafts() {
	if !b.opts.Mail {
		return
	}
	cover := b.coverMessage()
	if cover == nil {
		return
	}
	warned := map[string]bool{}
	for i, r := range b.kits {
		data := b.res.Kits[i].PDF
		if data == nil {
			continue // the kit's own findings say why
		}
		kf := b.msgs.kits[r.Def.ID]
		b.res.Drafts = append(b.res.Drafts, b.draft(b.inLanguage(cover, r.Def.ID, warned), draftSpec{kit: kf, pdf: data}))
	}
	if len(b.kits) > 0 {
		// Staff fill a partner fact left in a public kit's draft as they
		// fill a blank; say so once per placeholder, where it is written.
		for _, p := range cover.PartnerFacts {
			b.diags.Warnf(cover.Template.File, p.Line, p.Col, diag.RuleMessage, "%s is stated only in the drafts of partners' kits; the public kits' drafts leave it as written for you to fill in or delete", p.Raw)
		}
	}
	pcover := cover
	if b.opts.MailMessage == "" {
		for _, r := range b.msgs.resolved {
			if r.Template.PartnerCover {
				pcover = r
			}
		}
	}
	for i, p := range b.partners.list {
		res := b.partners.results[i]
		pf := &message.PartnerFacts{Name: p.Name, Code: p.Code, Landing: res.Landing}
		var to *netmail.Address
		if p.Email != "" {
			to = &netmail.Address{Name: p.EmailName, Address: p.Email}
			if to.Name == "" {
				to.Name = p.Name
			}
		}
		for _, k := range res.Kits {
			if k.PDF == nil {
				continue // the partner's findings say why
			}
			// The partner's copy is the kit's PDF as the draft states it.
			kf := *b.msgs.kits[k.ID]
			kf.File, kf.PDF = path.Base(k.File), strings.TrimSuffix(b.site.Config.BaseURL, "/")+k.File
			b.res.Drafts = append(b.res.Drafts, b.draft(b.inLanguage(pcover, k.ID, warned), draftSpec{kit: &kf, partner: pf, partnerID: p.ID, pdf: k.PDF, to: to,
				blanks: map[string]string{"referring_office": p.Name}, name: strings.TrimSuffix(kf.File, ".pdf") + "." + p.ID}))
		}
	}
}

// inLanguage returns the message a draft of kit id is written from: its
// translation into the kit's language, or the message itself for a kit
// in the site's language. A message with no translation into the kit's
// language is used as it is, so the draft is in the site's language, and
// a warning at the message says so, once per message and language.
//
// So is a message whose translation is not known to say what it says —
// never marked, or behind it (resolveMessages): a draft in the kit's
// language that says something else than the message staff reviewed
// would go out unnoticed, so the draft is the message as it is, and a
// warning at the translation's translates: line says so and how to fix
// it.
func (b *run) inLanguage(msg *message.Resolved, id string, warned map[string]bool) *message.Resolved {
	ref := b.refs[id]
	if ref == nil || ref.Lang == "" {
		return msg
	}
	t := msg.Template
	if tr := msg.Translations[ref.Lang]; tr != nil {
		st, stale := b.msgs.stale[tr.Template.File]
		if !stale {
			return tr
		}
		if key := tr.Template.File; !warned[key] {
			warned[key] = true
			why := "is " + st.Freshness.String()
			if !st.Freshness.Marked {
				why = "does not say which version of it translates"
			}
			b.diags.Warnf(tr.Template.File, tr.Template.Page.Line("translates"), 1, diag.RuleTranslation,
				"kit %q is in %s, but this translation of %s %s, so the kit's draft is written from %s, in %s; bring the translation up to date, then run kitgen translations mark %s",
				id, ref.Lang, t.File, why, t.File, b.site.Config.Language, tr.Template.File)
		}
		return msg
	}
	if key := t.File + "\x00" + ref.Lang; !warned[key] {
		warned[key] = true
		want := message.Dir + "/" + t.ID + "." + content.LangCode(ref.Lang) + ".md"
		b.diags.Warnf(t.File, 1, 1, diag.RuleMessage, "kit %q is in %s, but this message has no translation into it (%s), so its draft is written from this message, in %s; add %s with the message in %s",
			id, ref.Lang, want, b.site.Config.Language, want, ref.Lang)
	}
	return msg
}

// coverMessage is the message kitgen mail drafts with, or nil, reported.
func (b *run) coverMessage() *message.Resolved {
	var ids []string
	for _, r := range b.msgs.resolved {
		t := r.Template
		ids = append(ids, t.ID)
		if b.opts.MailMessage != "" && t.ID == b.opts.MailMessage {
			return r
		}
	}
	if b.opts.MailMessage != "" {
		b.diags.Errorf(message.Dir, 0, 0, diag.RuleMessage, "there is no message %q (%s/%s.md)%s; the messages are: %s", b.opts.MailMessage, message.Dir, b.opts.MailMessage, closestName(b.opts.MailMessage, ids), strings.Join(ids, ", "))
		return nil
	}
	for _, r := range b.msgs.resolved {
		if r.Template.KitCover {
			return r
		}
	}
	b.diags.Errorf(message.Dir, 0, 0, diag.RuleMessage, "kitgen mail needs the message that goes in front of each kit: add kit_cover: true to the front matter of one message in %s/, or pass --message ID", message.Dir)
	return nil
}

// draftSpec is one draft to write: the kit it carries and its PDF, and,
// for a partner's kit, the recipient and the blanks the partner fills
// (referring_office).
type draftSpec struct {
	kit       *message.KitFacts
	pdf       []byte
	partner   *message.PartnerFacts
	partnerID string
	to        *netmail.Address
	blanks    map[string]string
	name      string // file name without .eml; the kit's id and version when empty
}

// draft fills the cover message for one kit and writes it as an .eml
// whose date is the kit's effective date and whose Message-ID is made
// from the kit, its version and the message, so the same release gives
// the same bytes.
//
// The draft is in the message's language (a translation's, or the
// site's): the words kitgen adds to it are that language's table's, and
// its Content-Language and the HTML body's lang say which.
func (b *run) draft(cover *message.Resolved, s draftSpec) Draft {
	cfg := b.site.Config
	lang := cover.Template.Lang
	if lang == "" {
		lang = cfg.Language
	}
	tr := b.w.I18n.For(lang)
	fill := message.Fill{Kit: s.kit, Partner: s.partner, Blanks: s.blanks}
	subject := cover.Subject(fill)
	if !cover.Template.SubjectQuotesKit() {
		// The subject says which kit, which version and since when, so
		// a recipient can tell copies apart without opening them.
		subject = tr.T("mail_subject_kit", subject, s.kit.Title, s.kit.Version, kit.EffectiveText(s.kit.Effective))
	}
	nodes := cover.Body(fill)
	id := []string{s.kit.ID, "v" + strconv.Itoa(s.kit.Version), cover.Template.ID}
	if s.partner != nil {
		// The code tells a partner's drafts apart; the partner cover
		// message goes unnamed so the header stays on one short line.
		id[2] = s.partner.Code
		if !cover.Template.PartnerCover {
			id = append(id, cover.Template.ID)
		}
	}
	msg := &mail.Message{
		Subject:     subject,
		Date:        s.kit.Effective,
		MessageID:   mail.MessageID(host(cfg.BaseURL), id...),
		Text:        message.Text(nodes),
		HTML:        message.HTML(subject, lang, tr.T("mail_role"), nodes),
		Language:    lang,
		Attachments: []mail.Attachment{{Name: s.kit.File, Type: "application/pdf", Data: s.pdf}},
		Draft:       true,
	}
	if cfg.Contact.Email != "" {
		msg.From = &netmail.Address{Name: cfg.Title, Address: cfg.Contact.Email}
	}
	if s.to != nil {
		msg.To = []*netmail.Address{s.to}
	}
	name := s.name
	if name == "" {
		name = s.kit.ID + "-v" + strconv.Itoa(s.kit.Version)
	}
	return Draft{File: name + ".eml", Kit: s.kit.ID, Message: cover.Template.ID, Partner: s.partnerID, Data: msg.Bytes()}
}

// host is the host name of a base URL, for Message-IDs.
func host(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func closestName(name string, names []string) string {
	if best := schema.Closest(name, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
