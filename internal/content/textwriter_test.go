package content

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// FuzzTextWriter: kitgen's text writer writes every text exactly as
// goldmark's own writer does, escapes, references and all.
func FuzzTextWriter(f *testing.F) {
	for _, s := range []string{"", "plain words, and more.", `a \* b`, "x &amp; y &#x22; &#34; &copy; &nope; &", "<b>\"q\"</b>", "nul\x00here", `\`, "trailing \\", "é “quotes” — dash"} {
		f.Add([]byte(s))
	}
	write := func(w html.Writer, raw bool, src []byte) string {
		var b bytes.Buffer
		bw := bufio.NewWriter(&b)
		if raw {
			w.RawWrite(bw, src)
		} else {
			w.Write(bw, src)
		}
		bw.Flush()
		return b.String()
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, raw := range []bool{false, true} {
			if got, want := write(textWriter{html.DefaultWriter}, raw, src), write(html.DefaultWriter, raw, src); got != want {
				t.Errorf("raw=%v %q: wrote %q, goldmark writes %q", raw, src, got, want)
			}
		}
	})
}
