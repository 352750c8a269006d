package content

import (
	"path"
	"strings"

	"github.com/kitgen/kitgen/internal/schema"
	"github.com/kitgen/kitgen/internal/source"
	"gopkg.in/yaml.v3"
)

// FormsDir is the folder under assets/ that referral forms are published
// from, at /assets/forms/<file>.
const FormsDir = "forms"

// Form is a downloadable file a referring office fills in or sends along,
// kept in assets/forms/.
type Form struct {
	File  string // name inside assets/forms/, e.g. "referral-form.pdf"
	Title string // link text; the file name when not given
	// Line and Col are where the file is named, for the check that it
	// exists.
	Line, Col int
}

// Asset is the form's path under assets/, as the asset list keys it.
func (f Form) Asset() string { return FormsDir + "/" + f.File }

// URL is the site-relative address the form is published at.
func (f Form) URL() string { return "/assets/" + f.Asset() }

// formsTo decodes a list of forms, each a file name or {file, title}.
func formsTo(d *schema.Decoder, dst *[]Form, key string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.List(v, key, func(item *yaml.Node) {
			var f Form
			var fileAt *yaml.Node
			if item.Kind == yaml.ScalarNode {
				f.File, fileAt = d.String(item, key), item
			} else if !d.Object(item, "a form", []schema.Field{
				{Name: "file", Required: true, Hint: `name the PDF in assets/forms/, e.g. "file: referral-form.pdf"`, Set: func(v *yaml.Node) { f.File, fileAt = d.String(v, key+".file"), v }},
				{Name: "title", Set: d.StringTo(&f.Title, key+".title")},
			}) || fileAt == nil {
				return
			}
			f.File = strings.TrimPrefix(strings.TrimSpace(f.File), "assets/forms/")
			if f.File == "" {
				return
			}
			if strings.Contains(f.File, "/") || !source.ValidName(f.File) || path.Ext(f.File) != ".pdf" {
				d.Errorf(fileAt, "%s: %q is not the name of a PDF in assets/forms/; write the file name only, with letters, digits, '-', '_' and '.', ending in .pdf, e.g. referral-form.pdf", key, f.File)
				return
			}
			f.Line, f.Col = d.Pos(fileAt)
			if f.Title == "" {
				f.Title = f.File
			}
			*dst = append(*dst, f)
		})
	}
}
