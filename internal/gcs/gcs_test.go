package gcs

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/gcs/gcstest"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// fakeBucket opens the driver on a fake server directly, without
// credentials and with millisecond retry waits.
func fakeBucket(t *testing.T) (*gcstest.Server, *blob.Bucket) {
	s := gcstest.NewServer(t, "partners")
	d := newBucket("partners", s.URL, nil)
	d.backoff = time.Millisecond
	b := blob.NewBucket(d)
	t.Cleanup(func() { b.Close() })
	return s, b
}

func md5Of(s string) []byte {
	sum := md5.Sum([]byte(s))
	return sum[:]
}

// listAll lists the whole bucket through blob's iterator, which pages
// through ListPaged.
func listAll(t *testing.T, b *blob.Bucket, opts *blob.ListOptions) []*blob.ListObject {
	t.Helper()
	var out []*blob.ListObject
	it := b.List(opts)
	for {
		o, err := it.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("listing: %v", err)
		}
		out = append(out, o)
	}
}

// awkwardNames are object names that break a request whose path is not
// escaped exactly: reserved URL characters, a literal percent sign,
// spaces, non-ASCII letters.
var awkwardNames = []string{
	"a/b/c/deep page.html",
	"hash#fragment.html",
	"query?x=1&y=2.html",
	"percent%20literal.html",
	"plus+sign.html",
	"colon:semi;at@,comma.html",
	"ünïcødé/页面.html",
	"../dots/./x.pdf",
	"~tilde(paren)'quote'.txt",
}

func TestUploadListDeleteAwkwardNames(t *testing.T) {
	ctx := context.Background()
	s, b := fakeBucket(t)
	for i, name := range awkwardNames {
		body := strings.Repeat("x", i+1)
		if err := b.WriteAll(ctx, name, []byte(body), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
			t.Fatalf("uploading %q: %v", name, err)
		}
		if o, ok := s.Object(name); !ok || string(o.Data) != body {
			t.Errorf("the server holds %q as %q (present %v), want %q", name, o.Data, ok, body)
		}
	}
	want := slices.Sorted(slices.Values(awkwardNames))
	if got := s.Names(); !slices.Equal(got, want) {
		t.Errorf("stored names %q, want %q", got, want)
	}
	var listed []string
	for _, o := range listAll(t, b, nil) {
		listed = append(listed, o.Key)
	}
	if !slices.Equal(listed, want) {
		t.Errorf("listed %q, want %q", listed, want)
	}
	s.Requests()
	for _, name := range awkwardNames {
		if err := b.Delete(ctx, name); err != nil {
			t.Errorf("deleting %q: %v", name, err)
		}
	}
	if got := s.Names(); len(got) != 0 {
		t.Errorf("after deleting every object the bucket holds %q", got)
	}
	for i, r := range s.Requests() {
		if r.Op != "delete" || r.Name != awkwardNames[i] {
			t.Errorf("request %d deleted %q (%s), want %q", i, r.Name, r.Op, awkwardNames[i])
		}
	}

	// Names Cloud Storage refuses are refused before any request.
	for _, name := range []string{"line\nbreak.html", "carriage\rreturn", ".", "..", strings.Repeat("n", 1025)} {
		err := b.WriteAll(ctx, name, []byte("x"), &blob.WriterOptions{ContentType: "text/plain"})
		if gcerrors.Code(err) != gcerrors.InvalidArgument || !strings.Contains(err.Error(), "not a Cloud Storage object name") {
			t.Errorf("uploading %q: %v, want InvalidArgument naming the rule", name, err)
		}
		if err := b.Delete(ctx, name); gcerrors.Code(err) != gcerrors.InvalidArgument {
			t.Errorf("deleting %q: %v, want InvalidArgument", name, err)
		}
	}
	if r := s.Requests(); len(r) != 0 {
		t.Errorf("invalid names reached the server: %+v", r)
	}
}

func TestListPagination(t *testing.T) {
	s, b := fakeBucket(t)
	s.PageSize = 3
	want := map[string]string{}
	for i, name := range append(slices.Clone(awkwardNames), "index.html") {
		body := strings.Repeat("ab", i)
		want[name] = body
		s.Put(gcstest.Object{Name: name, Data: []byte(body), ContentType: "text/html"})
	}
	s.Put(gcstest.Object{Name: "kits/composed.pdf", Data: []byte("%PDF"), Composite: true})
	s.Requests()

	got := listAll(t, b, nil)
	if len(got) != len(want)+1 {
		t.Fatalf("listed %d objects, want %d", len(got), len(want)+1)
	}
	for i, o := range got {
		if i > 0 && got[i-1].Key >= o.Key {
			t.Errorf("listing out of order: %q before %q", got[i-1].Key, o.Key)
		}
		if o.Key == "kits/composed.pdf" {
			// A composite object has no MD5, so a deploy uploads it
			// again rather than trust it.
			if o.MD5 != nil || o.Size != 4 {
				t.Errorf("composite object: MD5 %x, size %d; want none, 4", o.MD5, o.Size)
			}
			continue
		}
		body, ok := want[o.Key]
		if !ok || o.Size != int64(len(body)) || string(o.MD5) != string(md5Of(body)) || o.IsDir {
			t.Errorf("listed %q: size %d, MD5 %x, dir %v; want %d, %x", o.Key, o.Size, o.MD5, o.IsDir, len(body), md5Of(body))
		}
		if o.ModTime.IsZero() {
			t.Errorf("listed %q without its update time", o.Key)
		}
	}
	reqs := s.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d listing requests for 11 objects in pages of 3, want 4", len(reqs))
	}
	for i, r := range reqs {
		if hasToken := r.Query.Get("pageToken") != ""; hasToken != (i > 0) {
			t.Errorf("request %d: pageToken %q", i, r.Query.Get("pageToken"))
		}
		if r.Query.Get("maxResults") != "1000" {
			t.Errorf("request %d: maxResults %q, want 1000", i, r.Query.Get("maxResults"))
		}
	}

	// A delimiter folds a folder into one entry.
	s.PageSize = 1000
	var keys []string
	for _, o := range listAll(t, b, &blob.ListOptions{Prefix: "a/", Delimiter: "/"}) {
		keys = append(keys, o.Key)
		if o.IsDir != strings.HasSuffix(o.Key, "/") {
			t.Errorf("%q: IsDir %v", o.Key, o.IsDir)
		}
	}
	if want := []string{"a/b/"}; !slices.Equal(keys, want) {
		t.Errorf("listing a/ by folder: %q, want %q", keys, want)
	}
	if r := s.Requests(); len(r) != 1 || r[0].Query.Get("prefix") != "a/" || r[0].Query.Get("delimiter") != "/" {
		t.Errorf("folder listing requests: %+v", r)
	}
}

func TestUploadAttributes(t *testing.T) {
	ctx := context.Background()
	s, b := fakeBucket(t)
	page := "<!doctype html><title>Cardiology</title>"
	err := b.WriteAll(ctx, "services/cardiology/index.html", []byte(page), &blob.WriterOptions{
		ContentType:        "text/html; charset=utf-8",
		CacheControl:       "public, max-age=0, must-revalidate",
		ContentMD5:         md5Of(page),
		ContentDisposition: "inline",
		ContentEncoding:    "identity",
		ContentLanguage:    "en",
		Metadata:           map[string]string{"Kit-Version": "3"},
	})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := s.Object("services/cardiology/index.html")
	if string(o.Data) != page || o.ContentType != "text/html; charset=utf-8" || o.CacheControl != "public, max-age=0, must-revalidate" ||
		o.ContentDisposition != "inline" || o.ContentEncoding != "identity" || o.ContentLanguage != "en" || o.Metadata["kit-version"] != "3" {
		t.Errorf("stored %+v", o)
	}

	// Without Cache-Control, none is stored; without a type, blob sniffs
	// one; an empty object is an object.
	if err := b.WriteAll(ctx, "robots.txt", []byte("User-agent: *"), nil); err != nil {
		t.Fatal(err)
	}
	if o, _ := s.Object("robots.txt"); o.CacheControl != "" || o.ContentType != "text/plain; charset=utf-8" || o.Metadata != nil {
		t.Errorf("upload without options stored Cache-Control %q, Content-Type %q, metadata %v", o.CacheControl, o.ContentType, o.Metadata)
	}
	if err := b.WriteAll(ctx, ".nojekyll", nil, &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
		t.Fatal(err)
	}
	if o, ok := s.Object(".nojekyll"); !ok || len(o.Data) != 0 {
		t.Errorf("empty object: %+v, present %v", o, ok)
	}

	// IfNotExist is a generation-0 precondition: the second write fails.
	opts := &blob.WriterOptions{ContentType: "text/plain", IfNotExist: true}
	if err := b.WriteAll(ctx, "once.txt", []byte("1"), opts); err != nil {
		t.Fatal(err)
	}
	err = b.WriteAll(ctx, "once.txt", []byte("2"), opts)
	if gcerrors.Code(err) != gcerrors.FailedPrecondition {
		t.Errorf("second IfNotExist write: %v, want FailedPrecondition", err)
	}
	if o, _ := s.Object("once.txt"); string(o.Data) != "1" {
		t.Errorf("the failed precondition replaced the object: %q", o.Data)
	}
}

func TestMD5Mismatch(t *testing.T) {
	ctx := context.Background()
	s, b := fakeBucket(t)
	s.Requests()

	// Bytes that do not match the caller's MD5 are never sent.
	err := b.WriteAll(ctx, "index.html", []byte("<h1>new</h1>"), &blob.WriterOptions{ContentType: "text/html", ContentMD5: md5Of("<h1>old</h1>")})
	if gcerrors.Code(err) != gcerrors.FailedPrecondition {
		t.Errorf("mismatched ContentMD5: %v, want FailedPrecondition", err)
	}
	if r := s.Requests(); len(r) != 0 {
		t.Errorf("an upload whose bytes do not match its MD5 was sent: %+v", r)
	}

	// Bytes changed on the way are refused by the service, which checks
	// the md5Hash sent with them; the refusal is not retried.
	s.Tamper = func(name string, data []byte) []byte { return append(data[:len(data)-1:len(data)-1], '!') }
	err = b.WriteAll(ctx, "index.html", []byte("<h1>new</h1>"), &blob.WriterOptions{ContentType: "text/html"})
	if gcerrors.Code(err) != gcerrors.InvalidArgument || !strings.Contains(err.Error(), "doesn't match calculated MD5") {
		t.Errorf("upload corrupted in transit: %v, want the service's MD5 refusal", err)
	}
	if _, ok := s.Object("index.html"); ok {
		t.Error("a corrupted upload was stored")
	}
	if r := s.Requests(); len(r) != 1 {
		t.Errorf("%d requests for a refused upload, want 1", len(r))
	}
}

// TestUploadResponseChecked: an upload the service answers with another
// checksum than the one sent failed, whatever the status says.
func TestUploadResponseChecked(t *testing.T) {
	var answer string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, answer)
	}))
	defer srv.Close()
	b := blob.NewBucket(newBucket("partners", srv.URL, nil))
	defer b.Close()
	for _, c := range []struct{ answer, want string }{
		{`{"name":"a","size":"5","md5Hash":"` + base64.StdEncoding.EncodeToString(md5Of("hello")) + `"}`, ""},
		{`{"name":"a","size":"5","md5Hash":"` + base64.StdEncoding.EncodeToString(md5Of("jello")) + `"}`, "Cloud Storage stored 5 bytes with MD5"},
		{`{"name":"a","size":"4","md5Hash":"` + base64.StdEncoding.EncodeToString(md5Of("hello")) + `"}`, "Cloud Storage stored 4 bytes"},
		{`{"name":"a","size":"5","md5Hash":"not base64"}`, "not the 5 bytes with MD5"},
		{`{"name":"a","size":"5"}`, ""}, // no checksum to compare: the service checked the one sent
		{`<html>`, "reading the response"},
	} {
		answer = c.answer
		err := b.WriteAll(context.Background(), "a", []byte("hello"), &blob.WriterOptions{ContentType: "text/plain"})
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("answered %s: %v, want %q", c.answer, err, c.want)
		}
	}
}

func TestErrorCodes(t *testing.T) {
	ctx := context.Background()
	s, b := fakeBucket(t)
	var status int
	s.Fault = func(*http.Request, string) int { return status }
	for _, c := range []struct {
		status int
		code   gcerrors.ErrorCode
		hint   string
	}{
		{http.StatusUnauthorized, gcerrors.PermissionDenied, "roles/storage.objectAdmin"},
		{http.StatusForbidden, gcerrors.PermissionDenied, "roles/storage.objectAdmin"},
		{http.StatusNotFound, gcerrors.NotFound, "404 Not Found: injected"},
		{http.StatusConflict, gcerrors.AlreadyExists, "409 Conflict"},
		{http.StatusPreconditionFailed, gcerrors.FailedPrecondition, "412"},
		{http.StatusBadRequest, gcerrors.InvalidArgument, "400 Bad Request: injected Bad Request"},
	} {
		status = c.status
		s.Requests()
		err := b.WriteAll(ctx, "index.html", []byte("x"), &blob.WriterOptions{ContentType: "text/html"})
		if gcerrors.Code(err) != c.code || !strings.Contains(err.Error(), c.hint) || !strings.Contains(err.Error(), `uploading "index.html"`) {
			t.Errorf("upload answered %d: %v (code %v), want %v mentioning %q", c.status, err, gcerrors.Code(err), c.code, c.hint)
		}
		var e *Error
		if !b.ErrorAs(err, &e) || e.Status != c.status {
			t.Errorf("ErrorAs on the %d error: %v", c.status, e)
		}
		_, err = b.List(nil).Next(ctx)
		if gcerrors.Code(err) != c.code {
			t.Errorf("listing answered %d: %v, want %v", c.status, err, c.code)
		}
		if r := s.Requests(); len(r) != 2 {
			t.Errorf("answered %d, %d requests were made for one upload and one listing; it is not retried", c.status, len(r))
		}
	}

	// Deleting what is not there is NotFound.
	status = 0
	if err := b.Delete(ctx, "missing.html"); gcerrors.Code(err) != gcerrors.NotFound {
		t.Errorf("deleting a missing object: %v, want NotFound", err)
	}

	// What deploy does not use says so.
	for what, err := range map[string]error{
		"attributes": func() error { _, err := b.Attributes(ctx, "x"); return err }(),
		"read":       func() error { _, err := b.ReadAll(ctx, "x"); return err }(),
		"copy":       b.Copy(ctx, "y", "x", nil),
		"signed URL": func() error { _, err := b.SignedURL(ctx, "x", nil); return err }(),
	} {
		if gcerrors.Code(err) != gcerrors.Unimplemented || !strings.Contains(err.Error(), "kitgen deploy only lists, uploads and deletes") {
			t.Errorf("%s: %v, want Unimplemented", what, err)
		}
	}
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	s, b := fakeBucket(t)
	s.Put(gcstest.Object{Name: "old.html", Data: []byte("old")})
	s.Put(gcstest.Object{Name: "gone.html", Data: []byte("gone")})
	var mu sync.Mutex
	faults := map[string][]int{}
	s.Fault = func(r *http.Request, op string) int {
		mu.Lock()
		defer mu.Unlock()
		if len(faults[op]) == 0 {
			return 0
		}
		st := faults[op][0]
		faults[op] = faults[op][1:]
		return st
	}
	s.Requests()

	// Rate limiting and server errors are retried until one succeeds; so
	// is an upload whose connection closed without an answer.
	faults["list"] = []int{503, 500, 429}
	faults["upload"] = []int{gcstest.Drop, 502, 504}
	faults["delete"] = []int{500}
	if got := listAll(t, b, nil); len(got) != 2 {
		t.Errorf("listed %d objects after retries, want 2", len(got))
	}
	if err := b.WriteAll(ctx, "new.html", []byte("new"), &blob.WriterOptions{ContentType: "text/html"}); err != nil {
		t.Errorf("upload after retries: %v", err)
	}
	if err := b.Delete(ctx, "old.html"); err != nil {
		t.Errorf("delete after a retry: %v", err)
	}
	count := map[string]int{}
	for _, r := range s.Requests() {
		count[r.Op]++
	}
	if want := map[string]int{"list": 4, "upload": 4, "delete": 2}; !maps.Equal(count, want) {
		t.Errorf("requests by kind %v, want %v", count, want)
	}
	if got := s.Names(); !slices.Equal(got, []string{"gone.html", "new.html"}) {
		t.Errorf("after the retried requests the bucket holds %q", got)
	}

	// A deletion whose answer was lost, and which the retry finds done,
	// succeeded.
	mu.Lock()
	faults["delete"] = []int{503}
	mu.Unlock()
	prev := s.Fault
	s.Fault = func(r *http.Request, op string) int {
		st := prev(r, op)
		if st == 503 {
			s.Remove("gone.html")
		}
		return st
	}
	if err := b.Delete(ctx, "gone.html"); err != nil {
		t.Errorf("a retried deletion that finds the object gone: %v, want success", err)
	}
	s.Fault = prev

	// A server that keeps failing is given up on after six attempts.
	s.Requests()
	mu.Lock()
	faults["upload"] = []int{500, 500, 500, 500, 500, 500, 500}
	mu.Unlock()
	err := b.WriteAll(ctx, "new.html", []byte("newer"), &blob.WriterOptions{ContentType: "text/html"})
	if gcerrors.Code(err) != gcerrors.Internal || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Errorf("persistent 500: %v, want Internal", err)
	}
	if r := s.Requests(); len(r) != 6 {
		t.Errorf("%d attempts against a failing server, want 6", len(r))
	}

	// A cancelled deploy stops waiting between attempts.
	cctx, cancel := context.WithCancel(ctx)
	d := newBucket("partners", s.URL, nil) // one-second waits
	cb := blob.NewBucket(d)
	defer cb.Close()
	mu.Lock()
	faults["list"] = []int{503, 503, 503}
	mu.Unlock()
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = cb.List(nil).Next(cctx)
	if gcerrors.Code(err) != gcerrors.Canceled || time.Since(start) > 900*time.Millisecond {
		t.Errorf("listing cancelled during a retry wait: %v after %v, want Canceled at once", err, time.Since(start))
	}
}
