// Package kitgen embeds the built-in theme and the example site, so the
// kitgen binary builds a directory that holds only content/, and
// "kitgen init" writes a working starter site anywhere.
package kitgen

import "embed"

// Theme holds the built-in layouts and assets. A site's own layouts/ and
// assets/ files take precedence, file by file.
//
//go:embed layouts assets
var Theme embed.FS

// Example holds the example practice: its content, kits, ledger and
// settings, plus the theme, which is what "kitgen init" writes out.
//
//go:embed all:content kits kitgen.yaml layouts assets
var Example embed.FS
