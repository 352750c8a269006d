package deploy

import (
	"path"
	"strings"
)

// contentTypes are the types of the files a build writes. They are listed
// rather than taken from the system's MIME table, which differs between
// machines, so the same site deploys with the same headers everywhere.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".pdf":         "application/pdf",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".webmanifest": "application/manifest+json",
	".map":         "application/json",
}

// feedFile is the kit feed, served as Atom so feed readers recognise it.
const feedFile = "kits/feed.xml"

// ContentType returns the Content-Type a file is uploaded with.
func ContentType(name string) string {
	if name == feedFile {
		return "application/atom+xml; charset=utf-8"
	}
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	if path.Base(name) == "_headers" || strings.HasPrefix(name, ".well-known/") {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}
