package content

import (
	"strings"
	"testing"

	"github.com/kitgen/kitgen/internal/diag"
)

// decodeOne decodes a page of the given section with front matter fm and
// returns it with its findings.
func decodeOne(t *testing.T, file, fm string) (*Page, string) {
	t.Helper()
	var l diag.List
	p := Decode(file, []byte("---\ntitle: T\n"+fm+"---\n\nBody.\n"), &l)
	return p, findings(&l)
}

// TestFieldErrors checks every new field's bad values: each is reported
// at its line and column, with what to write.
func TestFieldErrors(t *testing.T) {
	for _, c := range []struct{ file, fm, want string }{
		{"content/services/s.md", "ages: 17-0\n", "content/services/s.md:3:7: error: front-matter: ages: the oldest age 0 is below the youngest 17"},
		{"content/services/s.md", "ages: old\n", `content/services/s.md:3:7: error: front-matter: ages "old" is not an age range`},
		{"content/services/s.md", "ages: 5\n", `content/services/s.md:3:7: error: front-matter: ages "5" is not an age range`},
		{"content/services/s.md", "ages: {min: 0, max: 17, new_patients_max: 20}\n", "content/services/s.md:3:7: error: front-matter: ages: new_patients_max 20 is outside the range 0–17"},
		{"content/services/s.md", "ages: {max: 17}\n", `content/services/s.md:3:7: error: front-matter: ages is missing required field "min"`},
		{"content/services/s.md", "ages: {min: 200}\n", "content/services/s.md:3:13: error: front-matter: ages.min 200 is not an age in years"},
		{"content/guides/g.md", "ages: [0, 17]\n", "content/guides/g.md:3:7: error: front-matter: ages must be an age range"},
		{"content/services/s.md", "wait_times: [{kind: soon, weeks: 2, as_of: 2026-11-01}]\n", `content/services/s.md:3:21: error: front-matter: kind "soon" is not a kind of wait kitgen knows; use urgent, expedited or routine`},
		{"content/services/s.md", "wait_times: [{kind: routine, weeks: 12-8, as_of: 2026-11-01}]\n", `content/services/s.md:3:37: error: front-matter: weeks "12-8" runs backwards`},
		{"content/services/s.md", "wait_times: [{kind: routine, weeks: a while, as_of: 2026-11-01}]\n", `content/services/s.md:3:37: error: front-matter: weeks "a while" is not a number of weeks`},
		{"content/services/s.md", "wait_times: [{kind: routine, weeks: 8, days: 3, as_of: 2026-11-01}]\n", "content/services/s.md:3:14: error: front-matter: a wait time needs exactly one of weeks or days"},
		{"content/services/s.md", "wait_times: [{kind: routine, weeks: 8}]\n", `content/services/s.md:3:14: error: front-matter: a wait time is missing required field "as_of"`},
		{"content/services/s.md", "wait_times: [{kind: routine, weeks: 8, as_of: soon}]\n", `content/services/s.md:3:47: error: front-matter: wait_times.as_of "soon" is not a valid date`},
		{"content/services/s.md", "wait_times:\n  - {kind: routine, weeks: 8, as_of: 2026-11-01}\n  - {kind: routine, weeks: 9, as_of: 2026-11-02}\n", `content/services/s.md:5:12: error: front-matter: wait_times has two routine wait times`},
		{"content/services/s.md", "telehealth: sometimes\n", `content/services/s.md:3:13: error: front-matter: telehealth must be true or false`},
		{"content/services/s.md", "insurance: {check: call us}\n", `content/services/s.md:3:12: error: front-matter: insurance is missing required field "plans"`},
		{"content/services/s.md", "forms: [referral form.pdf]\n", `content/services/s.md:3:9: error: front-matter: forms: "referral form.pdf" is not the name of a PDF in assets/forms/`},
		{"content/guides/g.md", "forms: [{file: ../kitgen.yaml}]\n", `content/guides/g.md:3:16: error: front-matter: forms: "../kitgen.yaml" is not the name of a PDF`},
		{"content/guides/g.md", "forms: [{title: Referral form}]\n", `content/guides/g.md:3:9: error: front-matter: a form is missing required field "file"`},
		{"content/providers/p.md", "npi: \"1234567890\"\n", `content/providers/p.md:3:6: error: front-matter: npi "1234567890" fails the NPI check digit: a number starting 123456789 ends in 3, not 0`},
		{"content/providers/p.md", "npi: \"12345\"\n", `content/providers/p.md:3:6: error: front-matter: npi "12345" is not an NPI; an NPI is 10 digits`},
		{"content/providers/p.md", "npi: 1234567893\n", `content/providers/p.md:3:6: error: front-matter: npi must be text, not the number 1234567893; quote it ("1234567893")`},
		{"content/providers/p.md", "npi: \"3234567890\"\n", `content/providers/p.md:3:6: error: front-matter: npi "3234567890" is not an NPI; every NPI starts with 1`},
		{"content/providers/p.md", "clinic_days: Tuesdays\n", `content/providers/p.md:3:14: error: front-matter: clinic_days "Tuesdays" is not a list of days`},
		{"content/providers/p.md", "languages: [English, Spansh]\n", `content/providers/p.md:3:22: error: front-matter: languages: "Spansh" is not a language kitgen knows (did you mean Spanish?)`},
		{"content/providers/p.md", "languages: [xq]\n", `content/providers/p.md:3:13: error: front-matter: languages: "xq" is not a language kitgen knows`},
		{"content/locations/l.md", "ereferral: {name: Portal, url: portal.example.org}\n", `content/locations/l.md:3:32: error: front-matter: ereferral.url "portal.example.org" is not a web address`},
		{"content/locations/l.md", "ereferral: {url: https://portal.example.org/}\n", `content/locations/l.md:3:12: error: front-matter: ereferral is missing required field "name"`},
		// A location's pages are public: no referral code is ever filled in.
		{"content/locations/l.md", "ereferral: {name: Portal, url: \"https://portal.example.org/\", code_param: ref}\n", `content/locations/l.md:3:63: error: front-matter: unknown key "code_param" in ereferral; known keys: name, url`},
		{"content/locations/l.md", "virtual: yes please\n", `content/locations/l.md:3:10: error: front-matter: virtual must be true or false`},
		{"content/locations/l.md", "virtual: true\naddress: {street: 1 Main St, city: Chicago}\n", `content/locations/l.md:4:1: error: front-matter: a virtual location has no street address patients visit`},
		{"content/locations/l.md", "lines: [{label: Scheduling, phone: \"555-01\"}]\n", `content/locations/l.md:3:36: error: front-matter: lines.phone "555-01"`},
		{"content/locations/l.md", "lines: [{phone: \"(312) 555-0152\"}]\n", `content/locations/l.md:3:9: error: front-matter: a phone line is missing required field "label"`},
		{"content/locations/l.md", "after_hours: {label: Nurse, phone: \"(312) 555-0152\", hours: [{days: Xx, opens: \"17:00\", closes: \"23:00\"}]}\n", `content/locations/l.md:3:69: error: front-matter: days "Xx" is not a day range`},
		{"content/locations/l.md", "after_hours: \"(312) 555-0152\"\n", `content/locations/l.md:3:14: error: front-matter: after_hours must be a mapping`},
		{"content/locations/l.md", "departments: [{name: Sleep lab}]\n", `content/locations/l.md:3:15: error: front-matter: a department is missing required field "hours"`},
		{"content/locations/l.md", "closures: [2026-13-01]\n", `content/locations/l.md:3:12: error: front-matter: closures "2026-13-01" is not a valid date`},
		{"content/locations/l.md", "closures: [{date: 2026-12-31, through: 2026-12-24}]\n", `content/locations/l.md:3:40: error: front-matter: through 2026-12-24 is before date 2026-12-31`},
		{"content/about.md", "menu: 1\n", `content/about.md:3:7: error: front-matter: menu must be true or false`},
		{"content/services/s.md", "menu: true\n", `content/services/s.md:3:1: error: front-matter: unknown key "menu"`},
	} {
		_, got := decodeOne(t, c.file, c.fm)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s with\n%s\nfindings:\n%s\nwant a line starting\n%s", c.file, c.fm, got, c.want)
		}
	}
}

// TestFieldValues checks what the new fields read as, set, false, empty
// and absent.
func TestFieldValues(t *testing.T) {
	p, f := decodeOne(t, "content/services/s.md", `ages: {min: 0, max: 17, new_patients_max: 16}
wait_times:
  - {kind: routine, weeks: 8-12, as_of: 2026-11-01}
  - {kind: urgent, days: 2, as_of: 2026-11-01}
  - {kind: expedited, weeks: 1, as_of: 2026-11-01}
telehealth: false
insurance: {plans: [Medicaid, Blue Cross PPO], check: Call intake with the member ID}
forms: [referral-form.pdf, {file: fax-cover.pdf, title: Fax cover sheet}]
`)
	if f != "" {
		t.Fatalf("findings:\n%s", f)
	}
	s := p.Service()
	if got := s.Ages.Text(); got != "Ages 0–17 (new patients up to 16)" {
		t.Errorf("Ages = %q", got)
	}
	if got := s.Ages.Schema(); got != "0-17" {
		t.Errorf("Ages.Schema = %q", got)
	}
	var waits []string
	for _, w := range s.WaitTimes {
		waits = append(waits, w.Text())
	}
	if got := strings.Join(waits, "; "); got != "Routine: 8–12 weeks (as of November 1, 2026); Urgent: 2 days (as of November 1, 2026); Expedited: 1 week (as of November 1, 2026)" {
		t.Errorf("wait times = %q", got)
	}
	if s.WaitTimes[0].Line != 5 || s.WaitTimes[0].Col != 41 {
		t.Errorf("as_of position = %d:%d, want 5:41", s.WaitTimes[0].Line, s.WaitTimes[0].Col)
	}
	if s.Telehealth == nil || *s.Telehealth || TelehealthText(s.Telehealth) != "Not offered" {
		t.Errorf("telehealth: false reads as %v %q", s.Telehealth, TelehealthText(s.Telehealth))
	}
	if strings.Join(s.Insurance.Plans, ",") != "Medicaid,Blue Cross PPO" || s.Insurance.Check != "Call intake with the member ID" {
		t.Errorf("insurance = %+v", s.Insurance)
	}
	if len(s.Forms) != 2 || s.Forms[0].Title != "referral-form.pdf" || s.Forms[0].URL() != "/assets/forms/referral-form.pdf" || s.Forms[1].Title != "Fax cover sheet" {
		t.Errorf("forms = %+v", s.Forms)
	}

	for _, c := range []struct{ fm, want string }{
		{"ages: 18-\n", "Ages 18 and over"},
		{"ages: 18+\n", "Ages 18 and over"},
		{"ages: 0–5\n", "Ages 0–5"},
		{"ages:\n", ""},
		{"", ""},
	} {
		p, f := decodeOne(t, "content/guides/g.md", c.fm)
		if f != "" && !strings.Contains(f, "warning") {
			t.Errorf("%q: findings %s", c.fm, f)
		}
		if got := p.Guide().Ages.Text(); got != c.want {
			t.Errorf("%q: Ages.Text = %q, want %q", c.fm, got, c.want)
		}
	}

	// Empty and absent say nothing; they are not "no".
	for _, fm := range []string{"telehealth:\n", ""} {
		p, _ := decodeOne(t, "content/services/s.md", fm)
		if p.Service().Telehealth != nil || TelehealthText(p.Service().Telehealth) != "" {
			t.Errorf("%q: telehealth = %v", fm, p.Service().Telehealth)
		}
	}
	p, _ = decodeOne(t, "content/services/s.md", "telehealth: true\n")
	if TelehealthText(p.Service().Telehealth) != "Offered" {
		t.Errorf("telehealth: true reads as %q", TelehealthText(p.Service().Telehealth))
	}

	p, f = decodeOne(t, "content/providers/p.md", "credentials: MD\nnpi: \"1234567893\"\nclinic_days: Tu,Th\nlanguages: [English, es, Tagalog, hmn]\ntelehealth: true\n")
	if f != "" {
		t.Fatalf("findings:\n%s", f)
	}
	pr := p.Provider()
	if pr.NPI != "1234567893" || pr.ClinicDaysText() != "Tue, Thu" || *pr.Telehealth != true {
		t.Errorf("provider = %+v", pr)
	}
	if got := strings.Join(pr.LanguageNames(), ", "); got != "English, Spanish, Tagalog, Hmong" {
		t.Errorf("languages = %q", got)
	}
	if pr.Languages[1].Code != "es" || pr.Languages[2].Code != "tl" {
		t.Errorf("language codes = %+v", pr.Languages)
	}
}

// TestVirtualLocation checks that a location patients reach by video needs
// no address (no warning a site could not silence) while one with an
// address still gets the warning when it has none.
func TestVirtualLocation(t *testing.T) {
	p, f := decodeOne(t, "content/locations/video.md", `phone: "(312) 555-0190"
fax: "(312) 555-0191"
virtual: true
instructions: Families get a link by text 15 minutes before the visit.
hours: [{days: Mo-Fr, opens: "08:00", closes: "18:00"}]
lines: [{label: Video visit help, phone: "(312) 555-0192", hours: [{days: Mo-Fr, opens: "07:30", closes: "18:00"}]}]
after_hours: {label: On-call nurse, phone: "(312) 555-0199"}
departments: [{name: Sleep lab, phone: "(312) 555-0193", hours: [{days: Mo-Th, opens: "20:00", closes: "23:59"}]}]
closures: [2026-11-26, {date: 2026-12-24, through: 2026-12-25, reason: Winter holidays}, {date: 2026-12-31, through: 2027-01-01}]
`)
	if f != "" {
		t.Fatalf("findings:\n%s", f)
	}
	l := p.Location()
	if !l.Virtual || l.Instructions == "" || len(l.Address.Lines()) != 0 {
		t.Errorf("location = %+v", l)
	}
	if len(l.Lines) != 1 || l.Lines[0].HoursText() != "Mon–Fri 7:30 a.m.–6:00 p.m." || l.Lines[0].Phone != "(312) 555-0192" {
		t.Errorf("lines = %+v", l.Lines)
	}
	if l.AfterHours == nil || l.AfterHours.Label != "On-call nurse" || l.AfterHours.HoursText() != "" {
		t.Errorf("after_hours = %+v", l.AfterHours)
	}
	if len(l.Departments) != 1 || l.Departments[0].Name != "Sleep lab" {
		t.Errorf("departments = %+v", l.Departments)
	}
	if len(l.Closures) != 3 || l.Closures[0].Text() != "Thu, November 26, 2026" || l.Closures[1].Text() != "Thu, December 24 – Fri, December 25, 2026 (Winter holidays)" ||
		l.Closures[2].Text() != "Thu, December 31, 2026 – Fri, January 1, 2027" {
		t.Errorf("closures = %+v", l.Closures)
	}

	// Nor does it need a fax: referrals for video visits often go to the
	// practice's intake fax.
	if _, f = decodeOne(t, "content/locations/video.md", "phone: \"(312) 555-0190\"\nvirtual: true\n"); f != "" {
		t.Errorf("a virtual location without fax: findings\n%s", f)
	}
	_, f = decodeOne(t, "content/locations/office.md", "phone: \"(312) 555-0190\"\nvirtual: false\n")
	if !strings.Contains(f, `warning: front-matter: front matter has no "fax"`) {
		t.Errorf("virtual: false without fax: findings\n%s\nwant the fax warning", f)
	}
	_, f = decodeOne(t, "content/locations/office.md", "phone: \"(312) 555-0190\"\nfax: \"(312) 555-0191\"\nvirtual: false\n")
	if !strings.Contains(f, `warning: front-matter: front matter has no "address"`) {
		t.Errorf("virtual: false without address: findings\n%s\nwant the address warning", f)
	}
	_, f = decodeOne(t, "content/locations/office.md", "phone: \"(312) 555-0190\"\nfax: \"(312) 555-0191\"\nvirtual:\n")
	if !strings.Contains(f, `front matter has no "address"`) {
		t.Errorf("empty virtual without address: findings\n%s\nwant the address warning", f)
	}
}

// TestMenu checks menu on free pages: true, false, empty and absent.
func TestMenu(t *testing.T) {
	for fm, want := range map[string]bool{"menu: true\n": true, "menu: false\n": false, "menu:\n": false, "": false} {
		p, f := decodeOne(t, "content/insurance.md", fm)
		if f != "" || p.Menu != want {
			t.Errorf("%q: Menu = %v, findings %s", fm, p.Menu, f)
		}
	}
}

// TestEmptyFields checks that every new key written with no value, or
// with an empty string or list where it takes text or a list, builds and
// says nothing: the scaffolds of "kitgen new" write them so.
func TestEmptyFields(t *testing.T) {
	for file, lines := range map[string][]string{
		"content/services/s.md":  {"ages:", "wait_times:", "wait_times: []", "telehealth:", "insurance:", "forms:", "forms: []"},
		"content/guides/g.md":    {"ages:", "forms:", "forms: []"},
		"content/providers/p.md": {"npi:", `npi: ""`, "clinic_days:", `clinic_days: ""`, "telehealth:", "languages:", "languages: []"},
		"content/locations/l.md": {"virtual:", "instructions:", `instructions: ""`, "lines:", "lines: []", "after_hours:",
			"departments:", "departments: []", "closures:", "closures: []", "insurance:", "ereferral:", `ereferral: ""`},
		"content/about.md": {"menu:"},
	} {
		for _, line := range lines {
			p, f := decodeOne(t, file, line+"\n")
			if strings.Contains(f, "error") {
				t.Errorf("%s with %q: findings\n%s", file, line, f)
				continue
			}
			switch ty := p.Typed.(type) {
			case *Service:
				if ty.Ages.Set || ty.WaitTimes != nil || ty.Telehealth != nil || !ty.Insurance.Empty() || len(ty.Forms) > 0 {
					t.Errorf("%s with %q reads as %+v", file, line, ty)
				}
			case *Guide:
				if ty.Ages.Set || len(ty.Forms) > 0 {
					t.Errorf("%s with %q reads as %+v", file, line, ty)
				}
			case *Provider:
				if ty.NPI != "" || ty.ClinicDays != "" || ty.Telehealth != nil || len(ty.Languages) > 0 {
					t.Errorf("%s with %q reads as %+v", file, line, ty)
				}
			case *Location:
				if ty.Virtual || ty.Instructions != "" || len(ty.Lines) > 0 || ty.AfterHours != nil || len(ty.Departments) > 0 ||
					len(ty.Closures) > 0 || !ty.Insurance.Empty() || ty.EReferral != "" || ty.EReferralURL != "" {
					t.Errorf("%s with %q reads as %+v", file, line, ty)
				}
			case nil:
				if p.Menu {
					t.Errorf("%s with %q joins the menu", file, line)
				}
			}
		}
	}
}
