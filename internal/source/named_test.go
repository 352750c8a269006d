package source

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kitgen/kitgen/internal/diag"
)

func TestNamedEach(t *testing.T) {
	fsys := fstest.MapFS{
		"kits/b.yaml":           {Data: []byte("b")},
		"kits/a.yaml":           {Data: []byte("a")},
		"kits/ledger.yaml":      {Data: []byte("ledger")},
		"kits/_notes.yaml":      {Data: []byte("notes")},
		"kits/c.yml":            {Data: []byte("stray")},
		"kits/archive/a-v1.pdf": {Data: []byte("pdf")},
		"kits/bad name.yaml":    {Data: []byte("x")},
		"kits/big.yaml":         {Data: []byte(strings.Repeat("x", 11))},
	}
	n := Named{Dir: "kits", Ext: ".yaml", Skip: "ledger.yaml", Rule: diag.RuleKit, What: "kit", IDUse: "is an address", Example: "a.yaml", MaxSize: 10}
	var got []string
	diags := &diag.List{}
	n.Each(fsys, diags, func(file, id string, data []byte) {
		got = append(got, file+"="+id+":"+string(data))
	})
	if want := "kits/a.yaml=a:a,kits/b.yaml=b:b"; strings.Join(got, ",") != want {
		t.Errorf("inputs %q, want %s", got, want)
	}
	var msgs []string
	for _, d := range diags.Sorted() {
		msgs = append(msgs, d.File+": "+d.Message)
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], `kits/bad name.yaml: the kit id "bad name"`) || !strings.Contains(msgs[1], "kits/big.yaml: a kit file of 11 bytes is too large") {
		t.Errorf("findings without Stray:\n%s", strings.Join(msgs, "\n"))
	}

	n.Stray = "not a kit"
	diags = &diag.List{}
	n.Each(fsys, diags, func(string, string, []byte) {})
	strays := 0
	for _, d := range diags.Sorted() {
		if d.Message == "not a kit" {
			strays++
			if d.File != "kits/c.yml" && d.File != "kits/archive/a-v1.pdf" {
				t.Errorf("stray warning for %s", d.File)
			}
		}
	}
	if strays != 2 {
		t.Errorf("%d stray warnings, want 2 (c.yml, archive/a-v1.pdf)", strays)
	}
}
