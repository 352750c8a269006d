package browsertest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kitgen/kitgen/internal/mail/mailtest"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// mailCSP is what a careful mail client allows an HTML body: inline
// styles and nothing else, no images, fonts, stylesheets or scripts from
// anywhere.
const mailCSP = "default-src 'none'; style-src 'unsafe-inline'"

// TestDraftBodies opens the HTML body of every draft of the example
// (kitgen mail: each kit's and each partner copy's), read back out of the .eml, as a mail client shows it: it
// must load nothing (no request but the body itself, no Content-Security-
// Policy violation under a policy that allows only inline styles), show
// the kit's version and the intake numbers, link the phone number, fit a
// phone's width and pass axe-core's WCAG 2.1 A and AA rules.
func TestDraftBodies(t *testing.T) {
	s := setup(t)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Build(pipeline.Options{Source: root, CheckOnly: true, Locked: true, Mail: true})
	if err != nil {
		t.Fatalf("kitgen mail: %v: %v", err, res.Diags)
	}
	bodies := map[string]string{}
	var mu sync.Mutex
	for _, d := range res.Drafts {
		p, err := mailtest.Read(d.Data)
		if err != nil {
			t.Fatalf("%s: %v", d.File, err)
		}
		bodies["/"+d.File+".html"] = p.HTML
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body, ok := bodies[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", mailCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	mailbox := *s
	mailbox.origin, mailbox.csp = srv.URL, mailCSP

	kits := map[string]pipeline.KitResult{}
	for _, k := range res.Kits {
		kits[k.ID] = k
	}
	partners := map[string]*pipeline.PartnerResult{}
	for _, p := range res.Partners {
		partners[p.ID] = p
	}
	for _, d := range res.Drafts {
		k := kits[d.Kit]
		// A kit's draft leaves the office for staff to fill in; a
		// partner copy's names the partner and quotes its code.
		shot, wants := "mail-"+k.ID, []string{"{{referring_office}}"}
		if p := partners[d.Partner]; p != nil {
			shot, wants = shot+"-"+p.ID, []string{"Dear " + p.Name + " team", p.Code}
		}
		for _, vp := range []viewport{desktop, phone} {
			t.Run(d.File+"/"+vp.name, func(t *testing.T) {
				tab := mailbox.open(t, vp)
				tab.load(t, "/"+d.File+".html", 200)
				tab.screenshot(t, shot+"-"+vp.name+".png")
				tab.checkNoOverflow(t)
				tab.checkLog(t, 200)
				text := eval[string](t, tab, `document.body.innerText`)
				// A translated kit's draft is in its language, throughout.
				version, lang := "version ", "en-US"
				if strings.HasSuffix(k.ID, ".es") {
					version, lang = "versión ", "es-US"
				}
				if got := eval[string](t, tab, `document.documentElement.lang`); got != lang {
					t.Errorf("the body's language is %q, want %s", got, lang)
				}
				for _, want := range append([]string{k.Title, version + strconv.Itoa(k.Version), "(312) 555-0101"}, wants...) {
					if !strings.Contains(text, want) {
						t.Errorf("the body as shown lacks %q:\n%s", want, text)
					}
				}
				tel := eval[string](t, tab, `(document.querySelector('a[href^="tel:"]') || {}).textContent || ""`)
				if tel != "(312) 555-0100" {
					t.Errorf("the intake phone link reads %q, want (312) 555-0100", tel)
				}
				styled := eval[int](t, tab, `document.querySelectorAll('style, link, script, img, iframe').length`)
				if styled != 0 {
					t.Errorf("the body has %d style, link, script, img or iframe elements; it must use inline styles only", styled)
				}
				if vp == desktop {
					// A message is not a web page: axe's best practices for
					// pages (one main landmark, an h1) do not apply to it.
					t.Run("axe", func(t *testing.T) { tab.checkAxeTags(t, axeWCAG) })
				}
			})
		}
	}
}
