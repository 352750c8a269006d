package kit

import (
	"strings"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/diag"
)

// FuzzParseDef feeds arbitrary bytes to a kit definition and resolves what
// parses against a small site. It must never panic, findings must carry
// positions, and the same input must give the same fingerprint.
func FuzzParseDef(f *testing.F) {
	f.Add([]byte(def))
	f.Add([]byte("title: K\naudience: A\npage: services/cardiology\npaper: a4\nblocks:\n  - page: guides/x\n    title: All of it\n  - contact: site\n"))
	f.Add([]byte("title: K\naudience: A\npage: /\nblocks:\n  - section: '#'\n  - section: guides/x#\n  - providers: jose-nunez\n  - columns: [{columns: []}]\n"))
	f.Add([]byte("blocks: &a [*a]\n"))
	f.Add([]byte("title: false\naudience: ~\npage: p\nchange_note: True\nblocks:\n  -\n  - {section: false, style: ~}\n  - {providers: [a, null]}\n"))
	f.Add([]byte("title: K\naudience: A\npage: p\nchange_note: \"a\\\n b\"\n  c\nblocks:\n  - page: p\n"))
	f.Add([]byte("\ufeffchange_note: 'x''y'\ntitle: K\naudience: A\npage: p\nblocks: [{page: p}]\n"))
	f.Add([]byte("title: K\naudience: A\npage: p\nblocks:\n" + strings.Repeat("  - {page: p, title: t}\n", 2000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		// One input may take at most two seconds: kit definitions of the
		// fuzzer's sizes decode in milliseconds, so more means work that
		// grows faster than the input, even on a busy machine.
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("input took %v: some work grows faster than the input", d.Round(time.Millisecond))
			}
		}()
		var l diag.List
		d := ParseDef("kits/k.yaml", data, &l)
		for _, x := range l.Sorted() {
			if x.File != "kits/k.yaml" || x.Line < 0 || x.Col < 0 {
				t.Fatalf("finding without a usable position: %+v", x)
			}
		}
		if d == nil {
			return
		}
		var walk func(bs []BlockDef)
		walk = func(bs []BlockDef) {
			for _, b := range bs {
				switch b.Kind {
				case "section":
					if !strings.Contains(b.Ref, "#") {
						t.Fatalf("section %q without a heading", b.Ref)
					}
				case "columns":
					walk(b.Children)
				case "page", "contact", "providers":
				default:
					t.Fatalf("block kind %q", b.Kind)
				}
			}
		}
		walk(d.Blocks)
		s := site(t, "")
		var rl diag.List
		r1 := Resolve(d, s, Env{}, &rl)
		r2 := Resolve(d, s, Env{}, &rl)
		if r1.Fingerprint != r2.Fingerprint {
			t.Fatal("one definition, two fingerprints")
		}
		files := r1.Files()
		for i := 1; i < len(files); i++ {
			if files[i-1] >= files[i] {
				t.Fatalf("inputs not sorted: %v", files)
			}
		}
	})
}
