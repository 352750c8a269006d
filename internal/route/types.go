package route

import (
	"path"
	"strings"
)

// contentTypes are the types of the files a build writes, for the dev
// server and for deploy alike. They are listed rather than taken from the
// system's MIME table, which differs between machines, so the preview and
// every deploy send the same headers.
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

// FileType returns the Content-Type of a file the build writes, by its
// extension, and whether the extension is known.
func FileType(name string) (string, bool) {
	t, ok := contentTypes[strings.ToLower(path.Ext(name))]
	return t, ok
}
