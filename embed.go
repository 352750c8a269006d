// Package kitgen embeds the built-in theme and the example site, so the
// kitgen binary builds a directory that holds only content/, and
// "kitgen init" writes a working starter site (or the example) anywhere.
package kitgen

import "embed"

// Theme holds the built-in layouts and assets. A site's own layouts/ and
// assets/ files take precedence, file by file.
//
//go:embed layouts assets
var Theme embed.FS

// Example holds the example practice: its content, kits with their ledger
// and archived PDFs, message templates and settings, plus the theme, which is what
// "kitgen init --example" writes out.
//
//go:embed all:content kits messages kitgen.yaml layouts assets i18n partners
var Example embed.FS

// Starter holds the site "kitgen init" writes: settings and one page of
// each kind, every value to replace marked "TODO:", and no layouts, kits
// or ledger, so the built-in theme applies and the site's kit history
// starts with its own first kit.
//
//go:embed all:starter
var Starter embed.FS
