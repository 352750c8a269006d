package gcs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gocloud.dev/blob/driver"
)

// FuzzEscape: an escaped object name is one path segment of unreserved
// characters and escapes that decodes to the name.
func FuzzEscape(f *testing.F) {
	for _, name := range awkwardNames {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		e := escape(name)
		if strings.ContainsAny(e, "/?#+ &;:@") {
			t.Fatalf("escape(%q) = %q keeps a reserved character", name, e)
		}
		if got, err := url.PathUnescape(e); err != nil || got != name {
			t.Fatalf("escape(%q) = %q decodes to %q, %v", name, e, got, err)
		}
	})
}

// FuzzListResponse: whatever a server or a proxy in front of it answers
// to a listing, the driver returns objects or an error, never panics, and
// never returns an MD5 that is not 16 bytes.
func FuzzListResponse(f *testing.F) {
	f.Add(200, `{"items":[{"name":"a","size":"3","md5Hash":"kAFQmDzST7DWlj99KOF/cg==","updated":"2026-01-01T00:00:00Z"}],"prefixes":["d/"],"nextPageToken":"t"}`)
	f.Add(200, `{"items":[{"name":"a","size":3,"md5Hash":"!!"}]}`)
	f.Add(200, `{"items":[{"name":"a","md5Hash":"AAAA"}]}`)
	f.Add(200, `<html>proxy</html>`)
	f.Add(403, `{"error":{"code":403,"message":"denied"}}`)
	f.Add(404, ``)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 200 || status > 599 || status/100 == 3 {
			return
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			w.Write([]byte(body))
		}))
		defer srv.Close()
		b := newBucket("partners", srv.URL, nil)
		b.attempts = 1
		page, err := b.ListPaged(context.Background(), &driver.ListOptions{})
		if err != nil {
			return
		}
		if status/100 != 2 {
			t.Fatalf("status %d listed without error", status)
		}
		for _, o := range page.Objects {
			if o.MD5 != nil && len(o.MD5) != 16 {
				t.Fatalf("object %q has a %d-byte MD5", o.Key, len(o.MD5))
			}
		}
	})
}
