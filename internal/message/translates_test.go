package message

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// TestMessageTranslates reads translates: in a message's translation, as
// kitgen translations mark writes it and as an editor may slip: absent,
// empty or null, it is not marked (nil); false or a list is an error at
// the value that says to mark again; an empty mapping is marked with no
// section; a section left empty is unmarked. In a message that is not a
// translation, translates: is an error whatever its value.
func TestMessageTranslates(t *testing.T) {
	tr := func(fm string) (map[string]string, string) {
		var l diag.List
		tm := parseIn("messages/m.es.md", []byte("---\nsubject: Asunto\n"+fm+"---\n\nHola.\n"), "es-US", &l)
		var got []string
		for _, d := range l.Sorted() {
			got = append(got, d.String())
		}
		if tm == nil {
			return nil, strings.Join(got, "\n")
		}
		return tm.Page.Translates, strings.Join(got, "\n")
	}
	for _, c := range []struct {
		fm   string
		want map[string]string // nil: not marked
		err  string
	}{
		{"", nil, ""},
		{"translates:\n", nil, ""},
		{"translates: ~\n", nil, ""},
		{"translates: null\n", nil, ""},
		{"translates: {}\n", map[string]string{}, ""},
		{"translates: {\"(top)\": \"0a0b0c0d\", documents: \"12345678\"}\n", map[string]string{"(top)": "0a0b0c0d", "documents": "12345678"}, ""},
		{"translates: {\"(top)\": ~, documents: \"12345678\"}\n", map[string]string{"documents": "12345678"}, ""},
		{"translates:\n  (top):\n  documents: \"12345678\"\n", map[string]string{"documents": "12345678"}, ""},
		{"translates: false\n", nil, "messages/m.es.md:3:13: error: front-matter: translates must be the mapping kitgen translations mark writes, not the boolean false; run it again rather than editing the value"},
		{"translates: [\"0a0b0c0d\"]\n", nil, "messages/m.es.md:3:13: error: front-matter: translates must be the mapping kitgen translations mark writes, not a list"},
		{"translates: {\"(top)\": false}\n", nil, "messages/m.es.md:3:23: error: front-matter: translates: the fingerprint of (top) must be text in quotes, not the boolean false; run kitgen translations mark again"},
		{"translates: {\"(top)\": 12345678}\n", nil, "messages/m.es.md:3:23: error: front-matter: translates: the fingerprint of (top) must be text in quotes, not the number 12345678"},
	} {
		got, errs := tr(c.fm)
		if c.err != "" {
			if !strings.HasPrefix(errs, c.err) {
				t.Errorf("%q: findings\n%s\nwant\n%s", c.fm, errs, c.err)
			}
			continue
		}
		if errs != "" || (got == nil) != (c.want == nil) || !maps.Equal(got, c.want) {
			t.Errorf("%q: translates %v (nil %v), findings %q; want %v (nil %v)", c.fm, got, got == nil, errs, c.want, c.want == nil)
		}
	}

	for _, v := range []string{"{\"(top)\": \"0a0b0c0d\"}", "false", "~", ""} {
		var l diag.List
		tm := Parse("messages/m.md", []byte("---\nsubject: S\npurpose: p\naudience: a\ntranslates: "+v+"\n---\n\nHello.\n"), &l)
		ds := l.Sorted()
		want := "messages/m.md:5:13: error: front-matter: translates: belongs to a translation, and this message is not one"
		if v == "~" || v == "" {
			// An empty value is the key left out (schema), as for every key.
			want = ""
		}
		switch {
		case want == "" && (tm == nil || len(ds) > 0):
			t.Errorf("translates: %s in a message: findings %v", v, ds)
		case want != "" && (tm != nil || len(ds) != 1 || !strings.HasPrefix(ds[0].String(), want)):
			t.Errorf("translates: %s in a message: findings %v, want %s", v, ds, want)
		}
	}
}

// TestMessageFreshness checks a message's translation against its source
// with the pages' definition (content.CheckTranslation): the source's
// subject and the text before its first heading are (top), each heading's
// text its section; a change to one is named, the others are not.
func TestMessageFreshness(t *testing.T) {
	const src = "---\nsubject: Our kit\npurpose: p\naudience: a\n---\n\nDear {{referring_office}},\n\n## Documents\n\nFax {{site.fax}}.\n"
	const es = "---\nsubject: Nuestro kit\n%s---\n\nEstimado {{referring_office}}:\n\n## Documentos\n\nFax {{site.fax}}.\n"
	status := func(fsys fstest.MapFS) (content.TranslationStatus, []string) {
		t.Helper()
		var l diag.List
		ts := Load(fsys, []string{"en-US", "es-US"}, &l)
		if len(ts) != 1 || ts[0].Translations["es-US"] == nil || len(l.Sorted()) > 0 {
			t.Fatalf("templates %v, findings %v", ts, l.Sorted())
		}
		st, ok := content.CheckTranslation(fsys, ts[0].Translations["es-US"].Page, ts[0].Page, &l)
		if !ok {
			t.Fatal("the source cannot be read")
		}
		var got []string
		for _, d := range l.Sorted() {
			got = append(got, d.String())
		}
		return st, got
	}
	fsys := fstest.MapFS{"messages/cover.md": {Data: []byte(src)}, "messages/cover.es.md": {Data: []byte(strings.Replace(es, "%s", "", 1))}}
	st, ds := status(fsys)
	if st.Freshness.String() != "never marked" || st.Source != "messages/cover.md" || st.File != "messages/cover.es.md" || st.Lang != "es-US" || len(st.Sums) != 2 || st.Sums[1].ID != "documents" {
		t.Errorf("unmarked: %+v", st)
	}
	if len(ds) != 1 || ds[0] != "messages/cover.es.md:1:1: warning: translation: this translation does not say which version of messages/cover.md it translates; once it is up to date, run kitgen translations mark messages/cover.es.md" {
		t.Errorf("unmarked: findings %q", ds)
	}

	marked, err := content.Mark("messages/cover.es.md", fsys["messages/cover.es.md"].Data, st.Sums)
	if err != nil {
		t.Fatal(err)
	}
	fsys["messages/cover.es.md"] = &fstest.MapFile{Data: marked}
	if st, ds := status(fsys); !st.Freshness.Current() || len(ds) > 0 {
		t.Errorf("marked: %v, findings %q", st.Freshness, ds)
	}

	for _, c := range []struct{ old, new, want string }{
		{"subject: Our kit", "subject: Our current kit", "behind (changed: (top))"},
		{"Dear {{referring_office}},", "Dear {{referring_office}} team,", "behind (changed: (top))"},
		{"Fax {{site.fax}}.", "Fax {{site.fax}} or call {{site.phone}}.", "behind (changed: documents)"},
		{"## Documents", "## Forms", "behind (new: forms; removed: documents)"},
		// What is not the message's text leaves it current.
		{"purpose: p", "purpose: Send the kit", "current"},
		{"Fax {{site.fax}}.\n", "Fax {{site.fax}}.   \n", "current"},
	} {
		fsys["messages/cover.md"] = &fstest.MapFile{Data: []byte(strings.Replace(src, c.old, c.new, 1))}
		st, ds := status(fsys)
		if st.Freshness.String() != c.want {
			t.Errorf("%q → %q: %s, want %s", c.old, c.new, st.Freshness, c.want)
		}
		if c.want == "current" && len(ds) > 0 || c.want != "current" && (len(ds) != 1 || !strings.HasPrefix(ds[0], "messages/cover.es.md:3:1: warning: translation: this translation is behind messages/cover.md, "+c.want[len("behind ("):len(c.want)-1]+"; translate what changed, then run kitgen translations mark messages/cover.es.md")) {
			t.Errorf("%q → %q: findings %q", c.old, c.new, ds)
		}
	}
}
