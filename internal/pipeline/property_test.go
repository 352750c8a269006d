package pipeline

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/message"
)

// TestRandomEditsMatchFullBuild applies random sequences of edits to a copy
// of the example site — page text, front matter, kit definitions,
// settings, the translation table, layouts, messages and their
// translations, new and deleted files — through the dev server's
// driver, and after every step compares its output folder byte for byte
// with a fresh full build, and its findings with the build's. Set
// KITGEN_PIPELINE_SEEDS to run more seeds than the default.
func TestRandomEditsMatchFullBuild(t *testing.T) {
	seeds := 6
	if s := os.Getenv("KITGEN_PIPELINE_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("KITGEN_PIPELINE_SEEDS=%q: %v", s, err)
		}
		seeds = n
	}
	if testing.Short() {
		seeds = 1
	}
	for seed := range seeds {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			t.Parallel()
			randomEdits(t, uint64(seed), 10)
		})
	}
}

// randomEdits runs steps random edits with one seed.
func randomEdits(t *testing.T, seed uint64, steps int) {
	site := copySite(t)
	dest := filepath.Join(t.TempDir(), "out")
	opts := Options{Source: site, Dest: dest, Preview: true, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, err := s.Build(); err != nil {
		t.Fatalf("first build: %v\n%v", err, u.Diags)
	}
	e := &editor{t: t, site: site, rnd: rand.New(rand.NewPCG(seed, 0x6b697467656e))}
	for step := range steps {
		what, changed := e.random()
		t.Logf("seed %d step %d: %s", seed, step, what)
		if changed == nil {
			continue
		}
		u, err := s.Rebuild(changed)
		fresh := filepath.Join(t.TempDir(), "fresh")
		fo := opts
		fo.Dest = fresh
		res, ferr := Build(fo)
		if errors.Is(err, ErrFailed) != errors.Is(ferr, ErrFailed) || (err != nil && !errors.Is(err, ErrFailed)) || (ferr != nil && !errors.Is(ferr, ErrFailed)) {
			t.Fatalf("after %s: session: %v, full build: %v\nsession findings: %v\nbuild findings: %v", what, err, ferr, u.Diags, res.Diags)
		}
		if got, want := findingLines(u.Diags), findingLines(res.Diags); !slices.Equal(got, want) {
			t.Fatalf("after %s: the session's findings differ from a full build's:\nsession:\n%s\nbuild:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if err == nil {
			sameTree(t, fresh, dest, what)
		}
	}
}

func findingLines(ds []diag.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// sameTree fails unless dir holds exactly the files of want, byte for byte.
func sameTree(t *testing.T, want, dir, what string) {
	t.Helper()
	w, g := tree(t, want), tree(t, dir)
	var diffs []string
	for f, wb := range w {
		if gb, ok := g[f]; !ok {
			diffs = append(diffs, "missing "+f)
		} else if string(gb) != string(wb) {
			diffs = append(diffs, "differs "+f+"\n  got:  "+excerpt(gb, wb)+"\n  want: "+excerpt(wb, gb))
		}
	}
	for f := range g {
		if _, ok := w[f]; !ok {
			diffs = append(diffs, "extra "+f)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Fatalf("after %s the dev server's output differs from a full build:\n%s", what, strings.Join(diffs, "\n"))
	}
}

// editor makes random edits to a copy of the example site.
type editor struct {
	t       *testing.T
	site    string
	rnd     *rand.Rand
	n       int
	added   []string      // files this editor created
	deleted []deletedFile // files it deleted
}

// random makes one edit and returns what it did and the paths it changed.
func (e *editor) random() (string, []string) {
	e.n++
	word := fmt.Sprintf("Edit%d", e.n)
	edits := []func() (string, []string){
		// Page text: a paragraph at the end of a page's body.
		func() (string, []string) {
			f := e.pick("content")
			e.appendTo(f, "\n"+word+" adds a sentence to the body.\n")
			return "body of " + f, []string{f}
		},
		// Front matter: a page's title, mostly of a page other pages
		// list (services, providers, locations, guides).
		func() (string, []string) {
			f := e.pick("content")
			if e.rnd.IntN(4) > 0 {
				f = e.pick("content/" + []string{"services", "providers", "locations", "guides"}[e.rnd.IntN(4)])
			}
			e.replace(f, "\ntitle: ", "\ntitle: "+word+" ")
			return "title of " + f, []string{f}
		},
		// Front matter: a provider's name, which services, locations, kits
		// and the directory list.
		func() (string, []string) {
			f := e.pick("content/providers")
			e.replace(f, "\ntitle: ", "\ntitle: "+word+" ")
			return "name of " + f, []string{f}
		},
		// Front matter: a provider stops or starts accepting referrals.
		func() (string, []string) {
			f := e.pick("content/providers")
			switch text := e.read(f); {
			case strings.Contains(text, "accepting_referrals: false"):
				e.replace(f, "accepting_referrals: false", "accepting_referrals: true")
			case strings.Contains(text, "accepting_referrals: true"):
				e.replace(f, "accepting_referrals: true", "accepting_referrals: false")
			default:
				e.replace(f, "\ntitle: ", "\naccepting_referrals: false\ntitle: ")
			}
			return "referrals of " + f, []string{f}
		},
		// A location's phone number, which kits, pages and checks read.
		func() (string, []string) {
			f := e.pick("content/locations")
			e.replace(f, "555-01", "555-02")
			return "phone of " + f, []string{f}
		},
		// A kit definition's title.
		func() (string, []string) {
			f := e.pick("kits")
			e.replace(f, "title: ", "title: "+word+" ")
			return "title of kit " + f, []string{f}
		},
		// A partner's name, which its copies of the kits print, or the
		// kits it gets.
		func() (string, []string) {
			f := e.pick("partners")
			if e.rnd.IntN(2) == 0 {
				e.replace(f, "name: ", "name: "+word+" ")
				return "name of partner " + f, []string{f}
			}
			if strings.Contains(e.read(f), "\nkits: [") {
				e.replace(f, "\nkits: [", "\n# kits: [")
			} else {
				e.replace(f, "\n# kits: [cardiology, pulmonology]", "\nkits: [cardiology, pulmonology]")
			}
			return "kits of partner " + f, []string{f}
		},
		// Settings: the practice's name, on every page and kit.
		func() (string, []string) {
			e.replace("kitgen.yaml", "title: ", "title: "+word+" ")
			return "practice name", []string{"kitgen.yaml"}
		},
		// Settings: an escalation line that urgent kit blocks print.
		func() (string, []string) {
			e.replace("kitgen.yaml", "on-call physician", word+" on-call physician")
			return "phone line label", []string{"kitgen.yaml"}
		},
		// A layout of the site's own: a footer listing the services.
		func() (string, []string) {
			f := "layouts/partials/footer.html"
			e.write(f, `<footer><p>`+word+`</p>{{range pages "services"}}<a href="{{.URL}}">{{.Title}}</a>{{end}}</footer>`)
			return "site footer layout", []string{f}
		},
		// A new page in a section, sometimes a new section.
		func() (string, []string) {
			section := []string{"services", "providers", "news"}[e.rnd.IntN(3)]
			f := fmt.Sprintf("content/%s/%s.md", section, strings.ToLower(word))
			e.write(f, "---\ntitle: "+word+" page\ndescription: A page added while the site was served.\n---\n\nIt says "+word+".\n")
			e.added = append(e.added, f)
			return "new page " + f, []string{f}
		},
		// A page deleted: one added before, a page nothing names, or
		// now and then any page (kits and references to it then fail
		// until it is restored).
		func() (string, []string) {
			var f string
			switch n := e.rnd.IntN(4); {
			case n == 0 && len(e.added) > 0:
				f, e.added = e.added[0], e.added[1:]
			case n == 1:
				f = e.pick("content")
			default:
				f = []string{"content/about.md", "content/privacy.md", "content/programs/asthma-education.md"}[e.rnd.IntN(3)]
			}
			if _, err := os.Stat(filepath.Join(e.site, filepath.FromSlash(f))); err != nil {
				return "nothing to delete", nil
			}
			e.deleted = append(e.deleted, deletedFile{f, e.read(f)})
			if err := os.Remove(filepath.Join(e.site, filepath.FromSlash(f))); err != nil {
				e.t.Fatal(err)
			}
			return "deleted " + f, []string{f}
		},
		// A translation added beside a page: the page and its other
		// translations get hreflang links and a language switch.
		func() (string, []string) {
			src := e.pick("content/" + []string{"services", "providers", "locations", "guides"}[e.rnd.IntN(4)])
			if strings.Count(src, ".") > 1 {
				return "no translation of a translation", nil
			}
			f := strings.TrimSuffix(src, ".md") + ".es.md"
			e.write(f, "---\ntitle: "+word+" traducida\ndescription: Una traducción.\n---\n\nDice "+word+".\n")
			e.added = append(e.added, f)
			return "new translation " + f, []string{f}
		},
		// A deleted page comes back.
		func() (string, []string) {
			if len(e.deleted) == 0 {
				return "nothing to restore", nil
			}
			d := e.deleted[0]
			e.deleted = e.deleted[1:]
			e.write(d.file, d.data)
			return "restored " + d.file, []string{d.file}
		},
		// A message template quoting a location's phone, or misspelling
		// the fact, which is an error until the next edit of the file.
		func() (string, []string) {
			const f = "messages/edited.md"
			fact := []string{"{{location.loop.phone}}", "{{location.lop.phone}}", "{{site.fax}}"}[e.rnd.IntN(3)]
			e.write(f, "---\nsubject: "+word+"\npurpose: p\naudience: a\n---\n\n"+word+" says call "+fact+".\n")
			return "message " + f + " quotes " + fact, []string{f}
		},
		// The kit cover message's text, which puts its Spanish
		// translation behind, or the translation marked up to date.
		func() (string, []string) {
			if e.rnd.IntN(2) == 0 {
				const f = "messages/kit-cover.md"
				e.appendTo(f, "\n"+word+" adds a sentence to the message.\n")
				return "text of " + f, []string{f}
			}
			const f = "messages/kit-cover.es.md"
			e.markMessage(f)
			return "marked " + f, []string{f}
		},
		// The site's own translation table: a word its Spanish pages
		// and kits show.
		func() (string, []string) {
			const f = "i18n/es-US.yaml"
			e.replace(f, "\nproviders: ", "\nproviders: "+word+" ")
			return "Spanish word for providers", []string{f}
		},
	}
	// Edits of one page are the most common, as in an editor's day.
	weights := []int{3, 3, 3, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1}
	n := e.rnd.IntN(total(weights))
	for i, w := range weights {
		if n < w {
			return edits[i]()
		}
		n -= w
	}
	panic("unreachable")
}

func total(ns []int) (s int) {
	for _, n := range ns {
		s += n
	}
	return s
}

// deletedFile is a file an editor deleted, to restore later.
type deletedFile struct{ file, data string }

// pick returns a random Markdown or YAML file under dir (not the ledger).
func (e *editor) pick(dir string) string {
	var files []string
	err := filepath.WalkDir(filepath.Join(e.site, dir), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "archive" {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".yaml")) && d.Name() != "ledger.yaml" && d.Name() != "_index.md" {
			rel, _ := filepath.Rel(e.site, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Sort(files)
	return files[e.rnd.IntN(len(files))]
}

func (e *editor) read(f string) string {
	data, err := os.ReadFile(filepath.Join(e.site, filepath.FromSlash(f)))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

func (e *editor) write(f, data string) {
	p := filepath.Join(e.site, filepath.FromSlash(f))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// markMessage records the translation of a message f as translating its
// source as it is now, as kitgen translations mark does, reading the
// templates as a build does (in the example's languages).
func (e *editor) markMessage(f string) {
	fsys := os.DirFS(e.site)
	for _, tm := range message.Load(fsys, []string{"en-US", "es-US"}, &diag.List{}) {
		tr := tm.Translations["es-US"]
		if tr == nil || tr.File != f {
			continue
		}
		sums, err := content.SectionSums(fsys, tm.Page)
		if err != nil {
			e.t.Fatal(err)
		}
		out, err := content.Mark(f, []byte(e.read(f)), sums)
		if err != nil {
			e.t.Fatal(err)
		}
		e.write(f, string(out))
		return
	}
	e.t.Fatalf("%s is not a translation of a message", f)
}

func (e *editor) appendTo(f, text string) { e.write(f, e.read(f)+text) }

// replace replaces the first old in f; it leaves f as it is when f has
// no old (an earlier edit may have removed it).
func (e *editor) replace(f, old, new string) {
	s := e.read(f)
	if !strings.Contains(s, old) {
		return
	}
	e.write(f, strings.Replace(s, old, new, 1))
}
