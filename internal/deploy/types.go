package deploy

import (
	"path"
	"strings"

	"github.com/kitgen/kitgen/internal/route"
)

// feedFile is the kit feed, served as Atom so feed readers recognise it.
const feedFile = "kits/feed.xml"

// ContentType returns the Content-Type a file is uploaded with.
func ContentType(name string) string {
	if name == feedFile {
		return "application/atom+xml; charset=utf-8"
	}
	if t, ok := route.FileType(name); ok {
		return t
	}
	if path.Base(name) == "_headers" || strings.HasPrefix(name, ".well-known/") {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}
