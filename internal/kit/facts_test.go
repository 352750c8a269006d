package kit

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// factsSite is a site whose pages have every fact a kit can quote, and a
// service and a location that have none.
func factsSite(t *testing.T) *content.Site {
	t.Helper()
	cfg := config.Default()
	cfg.BaseURL = "https://partners.test.example/"
	var l diag.List
	s := content.Load(factsFiles(), cfg, content.Options{}, &l)
	if e, _ := l.Count(); e > 0 {
		t.Fatalf("site: %s", findings(&l))
	}
	return s
}

// factsFiles are the files of factsSite.
func factsFiles() fstest.MapFS {
	return fstest.MapFS{
		"content/services/sleep.md": {Data: []byte(`---
title: Pediatric sleep medicine
ages: {min: 0, max: 17, new_patients_max: 16}
wait_times: [{kind: routine, weeks: 8-12, as_of: 2026-11-01}, {kind: urgent, days: 3, as_of: 2026-11-01}]
telehealth: true
insurance: {plans: [Medicaid, Blue Cross PPO], check: Call intake with the member ID}
forms: [{file: sleep-referral.pdf, title: Sleep referral form}]
---

Text.
`)},
		"content/services/bare.md": {Data: []byte("---\ntitle: Bare\ntelehealth:\n---\n\nText.\n")},
		"content/guides/sleep.md":  {Data: []byte("---\ntitle: Sleep guide\naudience: Clinicians\nreviewed: 2026-10-01\nescalation: x\nages: 0-17\nforms: [fax-cover.pdf]\n---\n\n## Red flags\n\n- Apnea.\n")},
		"content/providers/ana.md": {Data: []byte(`---
title: Ana Ruiz
credentials: MD
npi: "1234567893"
clinic_days: Tu,Th
languages: [English, es]
telehealth: false
---

Bio.
`)},
		"content/locations/video.md": {Data: []byte(`---
title: Video visits
phone: "(312) 555-0190"
fax: "(312) 555-0191"
virtual: true
instructions: A link arrives by text 15 minutes before.
ereferral: {name: Partner Portal, url: "https://portal.test.example/refer"}
lines: [{label: Scheduling, phone: "(312) 555-0192", hours: [{days: Mo-Fr, opens: "08:00", closes: "16:00"}]}]
after_hours: {label: On-call nurse, phone: "(312) 555-0199"}
departments: [{name: Sleep lab, phone: "(312) 555-0193", hours: [{days: Mo-Th, opens: "20:00", closes: "23:59"}]}]
closures: [{date: 2026-11-26, reason: Thanksgiving}]
insurance: {plans: [Medicaid]}
---

Text.
`)},
		"content/locations/plain.md": {Data: []byte("---\ntitle: Plain\naddress: {street: 1 Main St, city: Chicago}\nphone: \"(312) 555-0150\"\nfax: \"(312) 555-0151\"\n---\n\nText.\n")},
		"content/about.md":           {Data: []byte("---\ntitle: About\n---\n\nText.\n")},
	}
}

func factsKit(blocks string) string {
	return "title: Sleep kit\naudience: Clinicians\npage: services/sleep\nblocks:\n" + blocks
}

// TestFacts checks what a facts block prints for each page type, with
// addresses written out, and that show picks and orders nothing but the
// facts it names.
func TestFacts(t *testing.T) {
	s := factsSite(t)
	r, f := resolve(t, s, factsKit(`  - facts: services/sleep
  - facts: guides/sleep
  - facts: providers/ana
  - facts: locations/video
  - facts: services/sleep
    show: [wait_times]
    title: Access
`))
	if f != "" {
		t.Fatal(f)
	}
	want := []struct{ title, text string }{
		{"Pediatric sleep medicine", `Who we see: Ages 0–17 (new patients up to 16)
Wait for a first visit: Routine: 8–12 weeks (as of November 1, 2026); Urgent: 3 days (as of November 1, 2026)
Video visits: Offered
Insurance accepted: Medicaid; Blue Cross PPO. Checking coverage: Call intake with the member ID
Forms: Sleep referral form https://partners.test.example/assets/forms/sleep-referral.pdf`},
		{"Sleep guide", `Patients: Ages 0–17
Forms: fax-cover.pdf https://partners.test.example/assets/forms/fax-cover.pdf`},
		{"Ana Ruiz", `Languages: English, Spanish
Clinic days: Tue, Thu
Video visits: Not offered
NPI: 1234567893`},
		{"Video visits", `Visits: By video: A link arrives by text 15 minutes before.
Scheduling: (312) 555-0192 (Mon–Fri 8:00 a.m.–4:00 p.m.)
After hours, On-call nurse: (312) 555-0199
E-referral: Partner Portal, https://portal.test.example/refer
Sleep lab: Mon–Thu 8:00 p.m.–11:59 p.m., (312) 555-0193
Closed: Thu, November 26, 2026 (Thanksgiving)
Insurance accepted: Medicaid`},
		{"Access", `Wait for a first visit: Routine: 8–12 weeks (as of November 1, 2026); Urgent: 3 days (as of November 1, 2026)`},
	}
	if len(r.Doc.Blocks) != len(want) {
		t.Fatalf("%d blocks, want %d", len(r.Doc.Blocks), len(want))
	}
	for i, w := range want {
		b := r.Doc.Blocks[i]
		if b.Kind != Section || b.Title != w.title || kitText(b.Body) != w.text {
			t.Errorf("block %d: %v %q\n%s\nwant %q\n%s", i, b.Kind, b.Title, kitText(b.Body), w.title, w.text)
		}
	}
	// Numbers and addresses are links too, where a reader of the PDF can
	// follow them.
	links := map[string]bool{}
	for _, b := range r.Doc.Blocks {
		for _, it := range b.Body[0].Items {
			for _, in := range it[0].Inlines {
				if in.Link != "" {
					links[in.Link] = true
				}
			}
		}
	}
	for _, l := range []string{"tel:+13125550192", "tel:+13125550199", "https://portal.test.example/refer", "https://partners.test.example/assets/forms/sleep-referral.pdf"} {
		if !links[l] {
			t.Errorf("no link to %s among %v", l, links)
		}
	}
	if !strings.Contains(strings.Join(r.Files(), ","), "content/locations/video.md") {
		t.Errorf("the location is not an input of the kit: %v", r.Files())
	}
}

// TestFactsFingerprint checks that a changed fact changes the kit.
func TestFactsFingerprint(t *testing.T) {
	s := factsSite(t)
	before, _ := resolve(t, s, factsKit("  - facts: services/sleep\n"))
	s.Page("services/sleep").Service().WaitTimes[0].Max = 14
	after, _ := resolve(t, s, factsKit("  - facts: services/sleep\n"))
	if before.Fingerprint == after.Fingerprint {
		t.Errorf("a new wait time left the fingerprint as it was")
	}
}

// TestFactsFindings checks the errors of facts blocks, at the value
// they are about.
func TestFactsFindings(t *testing.T) {
	s := factsSite(t)
	for _, c := range []struct{ blocks, want string }{
		{"  - facts: services/nope\n", `kits/x.yaml:5:12: error: kit-missing: kit "x" quotes page "services/nope", which does not exist`},
		{"  - facts: about\n", `kits/x.yaml:5:12: error: kit-missing: kit "x" quotes the facts of content/about.md, which is not a service, guide, provider or location page`},
		{"  - facts: services/bare\n", `kits/x.yaml:5:12: error: kit-missing: kit "x" quotes the facts of content/services/bare.md, which has none of ages, wait_times, telehealth, insurance, forms`},
		{"  - facts: services/sleep\n    show: [ages, wait_time]\n", `kits/x.yaml:6:18: error: kit: show: "wait_time" is not a fact of a service page (did you mean "wait_times"?)`},
		{"  - facts: locations/plain\n    show: [lines]\n", `kits/x.yaml:6:12: error: kit-missing: kit "x" shows lines of content/locations/plain.md, which does not give it; add lines to its front matter, or remove it from show`},
		{"  - facts: services/sleep\n    show: []\n", `kits/x.yaml:5:5: error: kit: show is empty`},
	} {
		_, f := resolve(t, s, factsKit(c.blocks))
		if !strings.Contains(f, c.want) {
			t.Errorf("%s: findings\n%s\nwant a line starting\n%s", c.blocks, f, c.want)
		}
	}
	var l diag.List
	ParseDef("kits/x.yaml", []byte(factsKit("  - page: services/sleep\n    show: [ages]\n")), &l)
	if want := "kits/x.yaml:5:5: error: kit: show chooses the facts of a facts block; it does nothing on a page block"; !strings.Contains(findings(&l), want) {
		t.Errorf("show on a page block: findings\n%s\nwant %s", findings(&l), want)
	}
}

// TestFactsTranslated: a translated kit's facts block is labelled from
// the language's table and writes ages, wait times, video visits, hours,
// a provider's languages and clinic days as the translated page does, under the translated page's title;
// no English label of the table is left. The facts themselves (numbers,
// names, plans) are the source's.
func TestFactsTranslated(t *testing.T) {
	cfg := config.Default()
	cfg.BaseURL = "https://partners.test.example/"
	cfg.Languages = []string{"en-US", "es-US"}
	fsys := factsFiles()
	fsys["content/services/sleep.es.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Medicina del sueño pediátrica\n---\n\nTexto.\n")}
	fsys["content/guides/sleep.es.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Guía del sueño\n---\n\n## Señales de alarma\n\n- Apnea.\n")}
	fsys["content/providers/ana.es.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Ana Ruiz\n---\n\nBiografía.\n")}
	fsys["content/locations/video.es.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Consultas por video\n---\n\nTexto.\n")}
	var l diag.List
	s := content.Load(fsys, cfg, content.Options{}, &l)
	if e, _ := l.Count(); e > 0 {
		t.Fatalf("site: %s", findings(&l))
	}
	en, es := tables(t)
	d := ParseDef("kits/sleep.yaml", []byte(factsKit("  - facts: services/sleep\n  - facts: guides/sleep\n  - facts: providers/ana\n  - facts: locations/video\n")), &l)
	if d == nil || !Translatable(d, s, "es-US") {
		t.Fatalf("kit not translatable: %s", findings(&l))
	}
	r := ResolveTranslation(d, s, env1, es, &l)
	if f := findings(&l); f != "" {
		t.Fatal(f)
	}
	want := []struct{ title, text string }{
		{"Medicina del sueño pediátrica", `A quién atendemos: De 0 a 17 años (pacientes nuevos hasta los 16)
Espera para una primera consulta: Ordinaria: 8–12 semanas (al 1 de noviembre de 2026); Urgente: 3 días (al 1 de noviembre de 2026)
Consultas por video: Sí
Seguros aceptados: Medicaid; Blue Cross PPO. Verificación de cobertura: Call intake with the member ID
Formularios: Sleep referral form https://partners.test.example/assets/forms/sleep-referral.pdf`},
		{"Guía del sueño", `Pacientes: De 0 a 17 años
Formularios: fax-cover.pdf https://partners.test.example/assets/forms/fax-cover.pdf`},
		{"Ana Ruiz", `Idiomas: inglés, español
Días de consulta: mar, jue
Consultas por video: No
NPI: 1234567893`},
		{"Consultas por video", `Consultas: Por video: A link arrives by text 15 minutes before.
Scheduling: (312) 555-0192 (lun–vie 8:00–16:00)
Fuera de horario, On-call nurse: (312) 555-0199
Derivación electrónica: Partner Portal, https://portal.test.example/refer
Sleep lab: lun–jue 20:00–23:59, (312) 555-0193
Cerrado: Thu, November 26, 2026 (Thanksgiving)
Seguros aceptados: Medicaid`},
	}
	if len(r.Doc.Blocks) != len(want) {
		t.Fatalf("%d blocks, want %d", len(r.Doc.Blocks), len(want))
	}
	var all strings.Builder
	for i, w := range want {
		b := r.Doc.Blocks[i]
		all.WriteString(kitText(b.Body) + "\n")
		if b.Kind != Section || b.Title != w.title || kitText(b.Body) != w.text {
			t.Errorf("block %d: %v %q\n%s\nwant %q\n%s", i, b.Kind, b.Title, kitText(b.Body), w.title, w.text)
		}
	}
	// No label of the English table is left (NPI is the same word).
	for _, k := range []string{"who_we_see", "wait_first_visit", "video_visits", "insurance_accepted", "checking_coverage", "forms",
		"patients_label", "languages_spoken", "clinic_days", "visits", "by_video", "after_hours_prefix", "ereferral", "closed"} {
		if strings.Contains(all.String(), en.T(k)) {
			t.Errorf("the Spanish facts print the English %s %q", k, en.T(k))
		}
	}
}
