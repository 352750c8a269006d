package pdf

import (
	"bytes"
	"testing"

	"github.com/go-pdf/fpdf"
)

func benchFonts(b *testing.B, n int, text bool) {
	f := testFonts(b)
	for b.Loop() {
		p := fpdf.New("P", "mm", "Letter", "")
		for i := range n {
			p.AddUTF8FontFromBytes(f.faces[i].family, "", f.faces[i].ttf)
		}
		p.AddPage()
		if text {
			for i := range n {
				p.SetFont(f.faces[i].family, "", 10)
				p.Text(10, 10, "Hello world José Núñez ≥ 3")
			}
		}
		var buf bytes.Buffer
		p.Output(&buf)
	}
}
func BenchmarkExpEmpty(b *testing.B) { benchFonts(b, 0, false) }
func BenchmarkExpAdd1(b *testing.B)  { benchFonts(b, 1, false) }
func BenchmarkExpUse1(b *testing.B)  { benchFonts(b, 1, true) }
func BenchmarkExpUse4(b *testing.B)  { benchFonts(b, 4, true) }
