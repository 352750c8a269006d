package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kitgen/kitgen/internal/config"
)

// Scheme is the fingerprint scheme of entries this kitgen records. Scheme
// 1 (ledgers written before settings were fingerprinted; its entries carry
// no scheme key) hashed the kit file's raw bytes and the quoted blocks.
// Scheme 2 hashes everything that decides a kit's bytes: the definition
// with line endings normalised, the whole Doc except its version and date,
// and the kit's settings (paper, minimum type size, fonts, kitgen's layout
// version, the site address printed on it).
const Scheme = 2

// Env is what, besides the quoted content, decides how a kit looks. The
// build supplies it: the kit package does not know the PDF writer.
type Env struct {
	// BaseURL is the site's address as kitgen.yaml records it. It is
	// printed on every kit and encoded in its QR code, so it is part of
	// the fingerprint: moving the site is a new version of each kit.
	BaseURL string
	// Deploy is the address this build is deployed at when it differs
	// from BaseURL (kitgen build --base-url, e.g. a staging site). It is
	// not content: the kit is fingerprinted against BaseURL and only its
	// links and QR code are rewritten to Deploy, and a build deploying
	// elsewhere never records a version.
	Deploy string
	// Fonts is a hash of the font files kits are set in (pdf.Fonts.Fingerprint).
	Fonts string
	// Layout is the PDF writer's pdf.LayoutVersion.
	Layout int
	// Words is the kit layout's fixed strings in the kit's language where
	// they differ from the PDF writer's English ones (see Doc.Words).
	Words map[string]string
}

// settings returns the resolved settings recorded with a version, by the
// name the changelog shows ("kit settings: paper").
func settings(d *Doc, env Env) map[string]string {
	s := map[string]string{
		"paper":         d.Paper,
		"min_font_size": strconv.FormatFloat(d.MinFontSize, 'g', -1, 64),
		"fonts":         env.Fonts,
		"layout":        strconv.Itoa(env.Layout),
		"base_url":      env.BaseURL,
	}
	if len(d.Words) > 0 {
		// The kit's strings from the translation table (a translated
		// kit's title and audience are among them), so that a new
		// wording is named as what changed. Absent for a kit with the
		// English strings, whose recorded settings stay as they were.
		b, _ := json.Marshal([]any{d.Words, d.Title, d.Audience})
		s["i18n"] = shortHash(b)
	}
	return s
}

// normalize returns text input as kitgen reads it: without a UTF-8 byte
// order mark, with CRLF and CR line endings turned into LF. Git for
// Windows converts line endings on checkout; that is not a change.
func normalize(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// lf normalises the line endings of quoted text (see normalize).
func lf(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// fingerprint computes r's scheme-2 fingerprint and inputs, and the
// scheme-1 ones an older ledger may hold.
func (rs *resolver) fingerprint(env Env) {
	r, def := rs.r, rs.def
	raw := def.fingerprinted()
	norm := normalize(raw)

	// Scheme 1, exactly as it was computed, so a ledger recorded by an
	// older kitgen still matches unchanged content, whether the kit file
	// had LF or CRLF line endings where it was recorded and where it is
	// checked out now.
	blocks, _ := json.Marshal(withoutFaxCover(r.Doc.Blocks))
	crlf := bytes.ReplaceAll(norm, []byte("\n"), []byte("\r\n"))
	for _, b := range [][]byte{raw, norm, crlf} {
		h := sha256.New()
		h.Write(b)
		h.Write(blocks)
		r.legacy.fingerprints = append(r.legacy.fingerprints, "sha256:"+hex.EncodeToString(h.Sum(nil)))
		r.legacy.defHashes = append(r.legacy.defHashes, shortHash(b))
	}
	r.legacy.inputs = map[string]string{}
	for f, b := range rs.parts {
		r.legacy.inputs[f] = shortHash(b)
	}
	r.legacy.inputs[def.File] = shortHash(raw)

	// Scheme 2: the whole Doc but the version it will carry.
	doc := *r.Doc
	doc.Version, doc.Effective, doc.Draft = 0, time.Time{}, false
	r.Settings = settings(r.Doc, env)
	h := sha256.New()
	h.Write([]byte("kitgen kit fingerprint 2\n"))
	h.Write(norm)
	b, _ := json.Marshal(&doc)
	h.Write(b)
	keys := make([]string, 0, len(r.Settings))
	for k := range r.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.Write([]byte("\n" + k + "=" + r.Settings[k]))
	}
	r.Fingerprint = "sha256:" + hex.EncodeToString(h.Sum(nil))

	// Inputs name the source files a change came from. Scheme 2 adds what
	// the Doc takes from the settings (practice name, language) and from
	// the kit's page (its tags become the PDF's keywords).
	r.Inputs = map[string]string{}
	extra := map[string][]byte{}
	meta, _ := json.Marshal([]string{doc.Practice, doc.Language})
	extra[config.FileName] = meta
	if len(r.Pages) > 0 && len(doc.Keywords) > 0 {
		kw, _ := json.Marshal(doc.Keywords)
		extra[r.Pages[0].File] = kw
	}
	for f, b := range rs.parts {
		r.Inputs[f] = shortHash(append(append([]byte{}, b...), extra[f]...))
	}
	for f, b := range extra {
		if _, ok := rs.parts[f]; !ok {
			r.Inputs[f] = shortHash(b)
		}
	}
	r.Inputs[def.File] = shortHash(norm)
}

// withoutFaxCover returns blocks as scheme 1 saw them: without the fax
// cover sheet's address, which kitgen prints beside a fax number since
// after scheme 1. It is layout, not content, and scheme 1 fingerprinted
// no layout; blocks is left as it was.
func withoutFaxCover(blocks []Block) []Block {
	out := append([]Block(nil), blocks...)
	for i := range out {
		b := &out[i]
		if b.Contact != nil && b.Contact.FaxCover != "" {
			c := *b.Contact
			c.FaxCover = ""
			b.Contact = &c
		}
		if len(b.Children) > 0 {
			b.Children = withoutFaxCover(b.Children)
		}
	}
	return out
}
