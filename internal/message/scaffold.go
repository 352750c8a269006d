package message

// Scaffold is the template "kitgen new message NAME" writes (%s is the
// subject made from NAME): every front-matter key, a blank and a fact to
// show the two kinds, and "TODO:" where the editor must write, which the
// placeholder check lists until it is done.
const Scaffold = `---
subject: %s  # TODO: the e-mail's subject, as the recipient sees it
purpose: Tell the referring office something  # TODO: say when staff send this message
audience: Referring office staff
# kit_cover: true  # makes this the message kitgen mail puts in front of each kit (one message only)
# partner_cover: true  # the same for partners' copies of the kits, which may quote {{partner.code}}
#
# In the text, blanks are what staff type before sending: {{referring_office}},
# {{referring_clinician}}, {{patient_reference}}, {{referral_date}}, {{appointment_date}},
# {{appointment_time}}, {{provider_name}}, {{missing_items}}, {{staff_name}}.
# Facts are stated by kitgen: {{site.phone}}, {{site.fax}}, {{location.SLUG.phone}},
# {{kit.title}}, {{kit.version}}, {{kit.url}}, {{kits.ID.version}}; a line holding only
# {{section PAGE#HEADING}} quotes that section of a page.
---

Dear {{referring_office}} team,

TODO: write the message. Call our intake team at {{site.phone}} with questions.

{{staff_name}}
`
