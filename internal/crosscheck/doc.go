// Package crosscheck holds the cross-output consistency test: it generates
// random sites, builds them, and reads every fact a referring office relies
// on back out of each output — the HTML pages, their JSON-LD, the kit PDF's
// text, link annotations and QR code, and the kit page — with readers kitgen
// did not write (an HTML5 parser, pdftotext, qpdf, zbarimg), then compares
// each with the source. It has no code outside its tests.
package crosscheck
