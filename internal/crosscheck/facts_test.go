package crosscheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/cli"
)

// effective is the build date every generated site is built on, so the
// kits' effective dates are known.
var effective = time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)

// seeds is how many random sites a run builds: KITGEN_CROSSCHECK_SEEDS, or
// 12 (4 with -short). Seeds 0–8 cover every accepting × credentials state
// on the first provider.
func seeds() int {
	if n, err := strconv.Atoi(os.Getenv("KITGEN_CROSSCHECK_SEEDS")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 4
	}
	return 12
}

// TestFactsAgree builds random sites and checks that every fact a
// referring office relies on reads back the same from every output: the
// provider and location pages, the directory, their JSON-LD, the kit PDF's
// text, links and QR code, the kit page, the kits index and the feed.
func TestFactsAgree(t *testing.T) {
	t.Setenv("CI", "")
	t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(effective.Unix(), 10))
	for seed := range uint64(seeds()) {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			s := newSite(seed)
			dir := t.TempDir()
			s.write(t, dir)
			dest := filepath.Join(t.TempDir(), "public")
			var stdout, stderr bytes.Buffer
			if code := cli.Main([]string{"build", "-s", dir, "-d", dest}, &stdout, &stderr); code != 0 {
				t.Fatalf("kitgen build exited %d:\n%s%s", code, stdout.String(), stderr.String())
			}
			o := &outputs{t: t, s: s, dest: dest}
			o.providers()
			o.serviceAndGuide()
			o.locations()
			o.kitPDF()
			o.kitPage()
			o.everyPhoneLink()
		})
	}
}

type outputs struct {
	t    *testing.T
	s    *site
	dest string
}

func (o *outputs) page(url string) *page {
	return readPage(o.t, filepath.Join(o.dest, filepath.FromSlash(strings.Trim(url, "/")), "index.html"))
}

// displayPhone is how every output shows a NANP number.
func displayPhone(d string) string { return fmt.Sprintf("(%s) %s-%s", d[:3], d[3:6], d[6:]) }

// displayHours is how every output shows an opening-hours row.
func displayHours(h hoursRow) string {
	days := strings.NewReplacer("Mo", "Mon", "Tu", "Tue", "We", "Wed", "Th", "Thu", "Fr", "Fri", "Sa", "Sat", "Su", "Sun", "-", "–").Replace(h.days)
	clock := func(s string) string {
		hh, _ := strconv.Atoi(s[:2])
		suffix := "a.m."
		if hh >= 12 {
			suffix = "p.m."
		}
		if hh > 12 {
			hh -= 12
		}
		if hh == 0 {
			hh = 12
		}
		return fmt.Sprintf("%d:%s %s", hh, s[3:], suffix)
	}
	return fmt.Sprintf("%s %s–%s", days, clock(h.opens), clock(h.closes))
}

// accepting reports what a text says about accepting new referrals:
// "yes", "no" or "" when it says nothing.
func accepting(text string) string {
	l := strings.ToLower(text)
	no := strings.Count(l, "not accepting")
	yes := strings.Count(l, "accepting") - no
	switch {
	case no > 0 && yes == 0:
		return "no"
	case yes > 0 && no == 0:
		return "yes"
	case yes == 0 && no == 0:
		return ""
	}
	return "both"
}

func want(p *provider) string {
	switch {
	case p.accepting == nil:
		return ""
	case *p.accepting:
		return "yes"
	}
	return "no"
}

func (o *outputs) providers() {
	t := o.t
	dir := o.page("/providers/")
	for i := range o.s.providers {
		p := &o.s.providers[i]
		pg := o.page("/providers/" + p.slug + "/")
		h1 := pg.all("h1")
		if len(h1) != 1 || !strings.HasPrefix(text(h1[0]), p.name) {
			t.Errorf("%s: the page heading is not the provider's name %q", p.slug, p.name)
		}
		body := pg.body()
		if p.credState == given && !strings.Contains(body, p.credentials) {
			t.Errorf("%s: credentials %q missing from the provider page", p.slug, p.credentials)
		}
		if got := accepting(body); got != want(p) {
			t.Errorf("%s (accepting_referrals %s): the provider page says %q about accepting referrals, want %q", p.slug, show(p.accepting), got, want(p))
		}
		// The directory entry of this provider says the same.
		row := dir.entry("/providers/" + p.slug + "/")
		if row == "" {
			t.Errorf("%s: no row for %q in the provider directory", p.slug, p.name)
		} else if got := accepting(row); got != want(p) {
			t.Errorf("%s (accepting_referrals %s): the directory row %q says %q, want %q", p.slug, show(p.accepting), row, got, want(p))
		}
		ld := pg.jsonLD(t)
		var doc map[string]any
		for _, d := range ld {
			if typeHas(d, "Physician") || typeHas(d, "IndividualPhysician") {
				doc = d
			}
		}
		if doc == nil {
			t.Errorf("%s: no physician JSON-LD", p.slug)
			continue
		}
		if doc["name"] != p.name {
			t.Errorf("%s: JSON-LD name %v, want %q", p.slug, doc["name"], p.name)
		}
		v, ok := doc["isAcceptingNewPatients"]
		switch {
		case p.accepting == nil && ok:
			t.Errorf("%s: JSON-LD states isAcceptingNewPatients %v for a provider who states nothing", p.slug, v)
		case p.accepting != nil && v != *p.accepting:
			t.Errorf("%s: JSON-LD isAcceptingNewPatients %v, want %t", p.slug, v, *p.accepting)
		}
		if p.credState == given {
			for _, c := range strings.Split(p.credentials, ",") {
				if !strings.Contains(fmt.Sprint(doc), strings.TrimSpace(c)) {
					t.Errorf("%s: credential %q missing from the JSON-LD", p.slug, strings.TrimSpace(c))
				}
			}
		}
		switch id, ok := doc["identifier"].(map[string]any); {
		case p.npi == "" && doc["identifier"] != nil:
			t.Errorf("%s: JSON-LD identifier %v for a provider without an NPI", p.slug, doc["identifier"])
		case p.npi != "" && (!ok || id["propertyID"] != "NPI" || id["value"] != p.npi):
			t.Errorf("%s: JSON-LD identifier %v, want the NPI %s", p.slug, doc["identifier"], p.npi)
		}
		if p.npi != "" && !strings.Contains(body, p.npi) {
			t.Errorf("%s: the provider page does not show NPI %s", p.slug, p.npi)
		}
		if p.npi == "" && strings.Contains(body, "NPI") {
			t.Errorf("%s: the provider page shows an NPI the provider does not have", p.slug)
		}
		o.video(p.slug+" (telehealth "+strings.TrimSpace(p.video.yaml())+")", body, p.video)
		offer, _ := doc["makesOffer"].(map[string]any)
		item, _ := offer["itemOffered"].(map[string]any)
		if got := channel(item); got != (p.video == videoYes) || (doc["makesOffer"] != nil && item == nil) {
			t.Errorf("%s (telehealth %q): JSON-LD makesOffer %v, want a video channel: %v", p.slug, p.video.yaml(), doc["makesOffer"], p.video == videoYes)
		}
		noEmptyValues(t, p.slug+" JSON-LD", doc)
	}
	svc := o.page("/services/heart/").body()
	switch w := o.s.wait; {
	case w != nil && !strings.Contains(svc, w.text()):
		t.Errorf("the service page does not show the wait %q", w.text())
	case w == nil && strings.Contains(svc, "Routine:"):
		t.Errorf("the service page shows a wait time the service does not give")
	}
}

// video checks what a page says about video visits: the word the source
// gives, and nothing when it gives none (absent or empty).
func (o *outputs) video(where, body string, v video) {
	switch {
	case v.text() != "" && !strings.Contains(body, "Video visits "+v.text()):
		o.t.Errorf("%s: the page does not say Video visits %s", where, v.text())
	case v.text() == "" && strings.Contains(body, "Video visits"):
		o.t.Errorf("%s: the page says something about video visits the source does not", where)
	case v == videoNo && strings.Contains(body, "Video visits Offered"):
		o.t.Errorf("%s: the page says video visits are offered", where)
	}
}

// channel reports whether a Service offers video visits as a
// ServiceChannel (availableChannel).
func channel(svc map[string]any) bool {
	c, ok := svc["availableChannel"].(map[string]any)
	return ok && typeHas(c, "ServiceChannel") && c["name"] == "Video visits"
}

// audienceAges checks a PeopleAudience's suggested ages against a.
func (o *outputs) audienceAges(where string, v any, a ages) {
	aud, _ := v.(map[string]any)
	if a.min < 0 {
		if v != nil {
			o.t.Errorf("%s: ages %v for a page without ages", where, v)
		}
		return
	}
	want := map[string]any{"@type": "PeopleAudience", "name": a.text(), "suggestedMinAge": float64(a.min)}
	if a.max >= 0 {
		want["suggestedMaxAge"] = float64(a.max)
	}
	if fmt.Sprint(aud) != fmt.Sprint(want) {
		o.t.Errorf("%s (%s): JSON-LD %v, want %v", where, strings.TrimSpace(a.yaml()), aud, want)
	}
}

// serviceAndGuide reads the service's ages and video visits back from its
// page and its Service JSON-LD, and the ages from the guide's page and
// MedicalWebPage JSON-LD.
func (o *outputs) serviceAndGuide() {
	t := o.t
	pg := o.page("/services/heart/")
	body := pg.body()
	o.video("the service page (telehealth "+strings.TrimSpace(o.s.video.yaml())+")", body, o.s.video)
	if a := o.s.ages.text(); (a != "" && !strings.Contains(body, "Who we see "+a)) || (a == "" && strings.Contains(body, "Who we see")) {
		t.Errorf("the service page does not say who it sees as %q", a)
	}
	var svc map[string]any
	for _, d := range pg.jsonLD(t) {
		if typeHas(d, "Service") {
			svc = d
		}
	}
	if svc == nil {
		t.Fatal("no Service JSON-LD on the service page")
	}
	if channel(svc) != (o.s.video == videoYes) {
		t.Errorf("service (telehealth %q): JSON-LD availableChannel %v", o.s.video.yaml(), svc["availableChannel"])
	}
	o.audienceAges("service audience", svc["audience"], o.s.ages)
	noEmptyValues(t, "service JSON-LD", svc)

	g := o.page("/guides/heart-referral/")
	if a := o.s.ages.text(); (a != "" && !strings.Contains(g.body(), "Patients: "+a)) || (a == "" && strings.Contains(g.body(), "Patients:")) {
		t.Errorf("the guide does not say its patients are %q", a)
	}
	var guide map[string]any
	for _, d := range g.jsonLD(t) {
		if typeHas(d, "MedicalWebPage") {
			guide = d
		}
	}
	if guide == nil {
		t.Fatal("no MedicalWebPage JSON-LD on the guide")
	}
	o.audienceAges("guide about", guide["about"], o.s.ages)
}

// varyingFacts are the facts the kit quotes only when the site gives
// them: the service's wait and the providers' NPIs.
func (o *outputs) varyingFacts() (given, absent []string) {
	if o.s.wait != nil {
		given = append(given, o.s.wait.text())
	} else {
		absent = append(absent, "Routine:")
	}
	npis := 0
	for _, p := range o.s.providers {
		if p.npi != "" {
			given = append(given, "NPI: "+p.npi)
			npis++
		}
	}
	if npis == 0 {
		absent = append(absent, "NPI")
	}
	return given, absent
}

func show(b *bool) string {
	if b == nil {
		return "absent"
	}
	return strconv.FormatBool(*b)
}

func typeHas(d map[string]any, ty string) bool {
	switch v := d["@type"].(type) {
	case string:
		return v == ty
	case []any:
		for _, x := range v {
			if x == ty {
				return true
			}
		}
	}
	return false
}

// noEmptyValues reports empty strings in structured data: an absent fact
// is left out, never published as "".
func noEmptyValues(t *testing.T, where string, v any) {
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s: an empty value", where)
		}
	case []any:
		for _, x := range v {
			noEmptyValues(t, where, x)
		}
	case map[string]any:
		for k, x := range v {
			noEmptyValues(t, where+"."+k, x)
		}
	}
}

func (o *outputs) locations() {
	t := o.t
	for _, l := range o.s.locations {
		pg := o.page("/locations/" + l.slug + "/")
		body := pg.body()
		for _, fact := range o.contactFacts(&l) {
			if !strings.Contains(body, fact) {
				t.Errorf("%s: the location page does not show %q", l.slug, fact)
			}
		}
		found := false
		for _, a := range pg.telLinks() {
			if a.href == "tel:"+l.phone.e164() {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no tel:%s link for the location's phone", l.slug, l.phone.e164())
		}
		if l.fax == nil && regexp.MustCompile(`(?i)\bfax\b`).MatchString(body) {
			t.Errorf("%s: the page mentions a fax line the location does not have", l.slug)
		}
		var clinic map[string]any
		for _, d := range pg.jsonLD(t) {
			if typeHas(d, "MedicalClinic") {
				clinic = d
			}
		}
		if clinic == nil {
			t.Errorf("%s: no MedicalClinic JSON-LD", l.slug)
			continue
		}
		noEmptyValues(t, l.slug+" JSON-LD", clinic)
		if digits(fmt.Sprint(clinic["telephone"])) != l.phone.digits {
			t.Errorf("%s: JSON-LD telephone %v, want the number %s", l.slug, clinic["telephone"], l.phone.written)
		}
		switch fax, ok := clinic["faxNumber"]; {
		case l.fax == nil && ok:
			t.Errorf("%s: JSON-LD faxNumber %v for a location without fax", l.slug, fax)
		case l.fax != nil && digits(fmt.Sprint(fax)) != l.fax.digits:
			t.Errorf("%s: JSON-LD faxNumber %v, want %s", l.slug, fax, l.fax.written)
		}
		addr, _ := clinic["address"].(map[string]any)
		if addr["streetAddress"] != l.street || addr["addressLocality"] != l.city || addr["postalCode"] != l.zip {
			t.Errorf("%s: JSON-LD address %v, want %s, %s %s", l.slug, addr, l.street, l.city, l.zip)
		}
		var hours []string
		for _, h := range l.hours {
			hours = append(hours, fmt.Sprintf("%s %s-%s", h.days, h.opens, h.closes))
		}
		if got := fmt.Sprint(clinic["openingHours"]); len(hours) > 0 && got != fmt.Sprint(toAny(hours)) {
			t.Errorf("%s: JSON-LD openingHours %s, want %v", l.slug, got, hours)
		} else if len(hours) == 0 && clinic["openingHours"] != nil {
			t.Errorf("%s: JSON-LD openingHours %s for a location without hours", l.slug, got)
		}
		if l.email == "" {
			if _, ok := clinic["email"]; ok {
				t.Errorf("%s: JSON-LD email for a location without one", l.slug)
			}
		} else if clinic["email"] != l.email {
			t.Errorf("%s: JSON-LD email %v, want %s", l.slug, clinic["email"], l.email)
		}
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// contactFacts are the strings a location's contact block must show,
// wherever it appears.
func (o *outputs) contactFacts(l *location) []string {
	facts := []string{displayPhone(l.phone.digits), l.street, l.city}
	if l.fax != nil {
		facts = append(facts, displayPhone(l.fax.digits))
	}
	if l.email != "" {
		facts = append(facts, l.email)
	}
	for _, h := range l.hours {
		facts = append(facts, displayHours(h))
	}
	return facts
}

func (o *outputs) kitURL() string { return o.s.baseURL + "kits/" + o.s.kitID + "/" }

func (o *outputs) kitPDF() {
	t, s := o.t, o.s
	file := filepath.Join(o.dest, "kits", s.kitID, s.kitID+"-v1.pdf")
	latest, err := os.ReadFile(filepath.Join(o.dest, "kits", s.kitID, s.kitID+"-latest.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	v1, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(v1, latest) {
		t.Errorf("the latest kit is not the bytes of its current version")
	}
	info := pdfInfo(t, file)
	if info["Pages"] != "1" {
		t.Errorf("the kit has %s pages, want 1", info["Pages"])
	}
	if !strings.Contains(info["Title"], s.kitTitle) || !strings.Contains(info["Title"], "v1") {
		t.Errorf("PDF title %q does not name the kit and its version", info["Title"])
	}
	txt := pdfText(t, file)
	if strings.ContainsRune(txt, '\uFFFD') {
		t.Errorf("the kit's text has replacement characters (a glyph no font could draw): %q", txt)
	}
	facts := []string{s.kitTitle, "Version 1", effective.Format("2006-01-02"), o.kitURL(), displayPhone(s.oncall.digits)}
	facts = append(facts, o.contactFacts(&s.locations[0])...)
	noAccept := 0
	for _, p := range s.providers {
		name := p.name
		if p.credState == given {
			name += ", " + p.credentials
		}
		facts = append(facts, name)
		if p.accepting != nil && !*p.accepting {
			noAccept++
		}
	}
	given, absent := o.varyingFacts()
	for _, f := range append(facts, given...) {
		if !strings.Contains(txt, f) {
			t.Errorf("the kit PDF does not show %q", f)
		}
	}
	for _, f := range absent {
		if strings.Contains(txt, f) {
			t.Errorf("the kit PDF shows %q, which the site does not give", f)
		}
	}
	if got := strings.Count(strings.ToLower(txt), "not accepting"); got != noAccept {
		t.Errorf("the kit PDF says %d times that a provider is not accepting referrals, want %d", got, noAccept)
	}
	uris := pdfURIs(t, file)
	if !contains(uris, o.kitURL()) {
		t.Errorf("the kit PDF has no link to its live page %s (links: %q)", o.kitURL(), uris)
	}
	for _, u := range uris {
		if strings.HasPrefix(u, "tel:") {
			o.checkTel("kit PDF link", u)
		}
	}
	for _, n := range []phone{s.oncall, s.locations[0].phone} {
		if !contains(uris, "tel:"+n.e164()) {
			t.Errorf("the kit PDF has no tel:%s link for %s (links: %q)", n.e164(), n.written, uris)
		}
	}
	if qr := pdfQR(t, file); len(qr) != 1 || qr[0] != o.kitURL() {
		t.Errorf("the kit's QR code reads %q, want %s", qr, o.kitURL())
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// knownNumbers are every number the source gives.
func (o *outputs) knownNumbers() map[string]bool {
	m := map[string]bool{o.s.contact.digits: true, o.s.oncall.digits: true}
	for _, l := range o.s.locations {
		m[l.phone.digits] = true
	}
	return m
}

var telRe = regexp.MustCompile(`^tel:\+1[2-9]\d{9}$`)

// checkTel checks a tel: URI is RFC 3966 global form for a number the
// source gives.
func (o *outputs) checkTel(where, u string) {
	if !telRe.MatchString(u) {
		o.t.Errorf("%s %q is not a global RFC 3966 tel: URI (tel:+1…)", where, u)
		return
	}
	if !o.knownNumbers()[digits(u)] {
		o.t.Errorf("%s %q is not a number the site's source gives", where, u)
	}
}

func (o *outputs) kitPage() {
	t, s := o.t, o.s
	pg := o.page("/kits/" + s.kitID + "/")
	body := pg.body()
	given, absent := o.varyingFacts()
	for _, f := range append(append([]string{s.kitTitle, effective.Format("2006-01-02")}, o.contactFacts(&s.locations[0])...), given...) {
		if !strings.Contains(body, f) {
			t.Errorf("the kit page does not show %q", f)
		}
	}
	for _, f := range absent {
		if strings.Contains(body, f) {
			t.Errorf("the kit page shows %q, which the site does not give", f)
		}
	}
	if !regexp.MustCompile(`(?i)version 1\b|v1\b`).MatchString(body) {
		t.Errorf("the kit page does not show version 1")
	}
	noAccept := 0
	for _, p := range s.providers {
		if !strings.Contains(body, p.name) {
			t.Errorf("the kit page does not name provider %q", p.name)
		}
		if p.accepting != nil && !*p.accepting {
			noAccept++
		}
	}
	if got := strings.Count(strings.ToLower(body), "not accepting"); got != noAccept {
		t.Errorf("the kit page says %d times that a provider is not accepting referrals, want %d", got, noAccept)
	}
	links := map[string]bool{}
	for _, a := range pg.all("a") {
		h, _ := attr(a, "href")
		links[h] = true
	}
	for _, f := range []string{s.kitID + "-v1.pdf", s.kitID + "-latest.pdf"} {
		if !links["/kits/"+s.kitID+"/"+f] && !links[f] && !links[o.kitURL()+f] {
			t.Errorf("the kit page has no link to %s", f)
		}
	}
	index := o.page("/kits/").body()
	if !strings.Contains(index, s.kitTitle) || !regexp.MustCompile(`(?i)version 1\b|v1\b`).MatchString(index) {
		t.Errorf("the kits index does not show %q at version 1: %q", s.kitTitle, index)
	}
	feed, err := os.ReadFile(filepath.Join(o.dest, "kits", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(feed, []byte(o.kitURL())) {
		t.Errorf("the feed does not link the kit's page %s", o.kitURL())
	}
}

// everyPhoneLink checks every tel: link on every page: global form, a
// number of the source, and link text that shows the same number.
func (o *outputs) everyPhoneLink() {
	filepath.WalkDir(o.dest, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		pg := readPage(o.t, path)
		rel, _ := filepath.Rel(o.dest, path)
		for _, a := range pg.telLinks() {
			o.checkTel(rel, a.href)
			if a.text != "" && digits(a.text) != digits(a.href) {
				o.t.Errorf("%s: link text %q shows another number than its target %s", rel, a.text, a.href)
			}
		}
		return nil
	})
}
