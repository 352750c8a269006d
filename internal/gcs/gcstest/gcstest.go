// Package gcstest serves a fake Cloud Storage JSON API for tests: one
// bucket, the object listing, multipart uploads and deletions, as
// strict as the real service about what it accepts, so a client that
// sends something else fails the test.
//
// Point the gs:// driver at it with STORAGE_EMULATOR_HOST=Server.URL.
package gcstest

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Object is a stored object.
type Object struct {
	Name               string
	Data               []byte
	ContentType        string
	CacheControl       string
	ContentDisposition string
	ContentEncoding    string
	ContentLanguage    string
	Metadata           map[string]string
	Generation         int64
	// Composite objects (made by compose) have no MD5 in their listing,
	// only a CRC32C.
	Composite bool
}

// Request is one request the server received.
type Request struct {
	Method string
	Op     string // "list", "upload" or "delete"
	Name   string // the object a delete or upload named
	Query  url.Values
	Status int
}

// Server is the fake service. Set its fields before the first request.
type Server struct {
	URL    string
	Bucket string
	// Token is the bearer token every request must carry; empty, the
	// server requires none (an emulator, or anonymous=true).
	Token string
	// PageSize is the most objects one listing page holds (default 1000),
	// whatever maxResults asks.
	PageSize int
	// Fault, when set, sees each request first; a positive status it
	// returns is the response instead, with Retry-After when it is 429,
	// and Drop closes the connection without a response.
	Fault func(r *http.Request, op string) int
	// Tamper, when set, changes an upload's bytes as they arrive, as a
	// faulty network or proxy would.
	Tamper func(name string, data []byte) []byte

	t       testing.TB
	mu      sync.Mutex
	objects map[string]*Object
	gen     int64
	log     []Request
}

// NewServer starts a server for bucket on 127.0.0.1, closed when the test
// ends.
func NewServer(t testing.TB, bucket string) *Server {
	s := &Server{Bucket: bucket, PageSize: 1000, t: t, objects: map[string]*Object{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Put stores an object as if uploaded earlier.
func (s *Server) Put(o Object) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	o.Generation = s.gen
	s.objects[o.Name] = &o
}

// Drop is the status Fault returns to close a connection unanswered.
const Drop = -1

// Remove deletes an object, as another client would.
func (s *Server) Remove(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objects, name)
}

// Object returns the stored object name.
func (s *Server) Object(name string) (Object, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.objects[name]
	if !ok {
		return Object{}, false
	}
	return *o, true
}

// Names lists the stored objects' names in order.
func (s *Server) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for n := range s.objects {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Requests returns the requests served so far, and forgets them.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.log
	s.log = nil
	return r
}

// apiError writes a JSON API error response.
func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": status, "message": msg}})
}

// reject fails the test for a request the real service would refuse as
// malformed, and answers it with 400.
func (s *Server) reject(w http.ResponseWriter, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	s.t.Errorf("gcstest: %s", msg)
	apiError(w, http.StatusBadRequest, msg)
	return http.StatusBadRequest
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// The raw request target, as sent: the decoded r.URL.Path would hide
	// an object name that was not escaped.
	rawPath, rawQuery, _ := strings.Cut(r.RequestURI, "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		s.reject(w, "query %q: %v", rawQuery, err)
		return
	}
	objects := "/storage/v1/b/" + s.Bucket + "/o"
	var op, name string
	switch {
	case r.Method == http.MethodGet && rawPath == objects:
		op = "list"
	case r.Method == http.MethodPost && rawPath == "/upload"+objects:
		op = "upload"
	case r.Method == http.MethodDelete && strings.HasPrefix(rawPath, objects+"/"):
		op = "delete"
		seg := strings.TrimPrefix(rawPath, objects+"/")
		if strings.Contains(seg, "/") {
			s.reject(w, "DELETE %s: the object name has an unescaped /", rawPath)
			return
		}
		if name, err = url.PathUnescape(seg); err != nil {
			s.reject(w, "DELETE %s: %v", rawPath, err)
			return
		}
	case strings.HasPrefix(rawPath, "/storage/v1/b/") || strings.HasPrefix(rawPath, "/upload/storage/v1/b/"):
		apiError(w, http.StatusNotFound, "The specified bucket does not exist.")
		return
	default:
		s.reject(w, "%s %s is not a request of the Cloud Storage JSON API the driver makes", r.Method, rawPath)
		return
	}
	status := s.handle(w, r, op, &name, query)
	s.mu.Lock()
	s.log = append(s.log, Request{Method: r.Method, Op: op, Name: name, Query: query, Status: status})
	s.mu.Unlock()
}

// handle serves a request; an upload sets *name to the object it named.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, op string, name *string, q url.Values) int {
	if s.Token == "" && r.Header.Get("Authorization") != "" {
		return s.reject(w, "%s: an Authorization header was sent where no credentials were expected", op)
	}
	if s.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.Token {
		apiError(w, http.StatusUnauthorized, "Invalid Credentials")
		return http.StatusUnauthorized
	}
	allowed := map[string][]string{
		"list":   {"maxResults", "prefix", "delimiter", "pageToken", "fields"},
		"upload": {"uploadType", "ifGenerationMatch"},
		"delete": {},
	}[op]
	for k, v := range q {
		if len(v) != 1 || !contains(allowed, k) {
			return s.reject(w, "%s: query parameter %s=%q", op, k, v)
		}
	}
	if s.Fault != nil {
		st := s.Fault(r, op)
		if st == Drop {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				s.t.Fatal(err)
			}
			conn.Close()
			return Drop
		}
		if st != 0 {
			if st == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "0")
			}
			apiError(w, st, "injected "+http.StatusText(st))
			return st
		}
	}
	switch op {
	case "list":
		return s.list(w, q)
	case "upload":
		return s.upload(w, r, q, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.objects[*name]; !ok {
		apiError(w, http.StatusNotFound, "No such object: "+s.Bucket+"/"+*name)
		return http.StatusNotFound
	}
	delete(s.objects, *name)
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// resource is an object's JSON resource, with fields the driver does not
// ask for, as the service sends when it ignores fields=.
func (s *Server) resource(o *Object) map[string]any {
	m := map[string]any{
		"kind":        "storage#object",
		"id":          s.Bucket + "/" + o.Name + "/" + strconv.FormatInt(o.Generation, 10),
		"name":        o.Name,
		"bucket":      s.Bucket,
		"generation":  strconv.FormatInt(o.Generation, 10),
		"size":        strconv.Itoa(len(o.Data)),
		"contentType": o.ContentType,
		"crc32c":      "AAAAAA==",
		"updated":     time.Unix(1700000000+o.Generation, 0).UTC().Format(time.RFC3339Nano),
	}
	if !o.Composite {
		sum := md5.Sum(o.Data)
		m["md5Hash"] = base64.StdEncoding.EncodeToString(sum[:])
	}
	return m
}

// list serves one page of the listing, in name order, with names that
// share a prefix up to the delimiter folded into prefixes.
func (s *Server) list(w http.ResponseWriter, q url.Values) int {
	size := s.PageSize
	if m := q.Get("maxResults"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || n > 1000 {
			return s.reject(w, "list: maxResults=%q", m)
		}
		size = min(size, n)
	}
	after := ""
	if tok := q.Get("pageToken"); tok != "" {
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || !strings.HasPrefix(string(b), "after:") {
			return s.reject(w, "list: pageToken %q was not issued by the server", tok)
		}
		after = strings.TrimPrefix(string(b), "after:")
	}
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for n := range s.objects {
		if strings.HasPrefix(n, prefix) && n > after {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	items, prefixes := []map[string]any{}, []string{}
	seen := map[string]bool{}
	next := ""
	for i, n := range names {
		if len(items)+len(prefixes) == size {
			next = base64.RawURLEncoding.EncodeToString([]byte("after:" + names[i-1]))
			break
		}
		if delim != "" {
			if j := strings.Index(n[len(prefix):], delim); j >= 0 {
				p := n[:len(prefix)+j+len(delim)]
				if !seen[p] {
					seen[p] = true
					prefixes = append(prefixes, p)
				}
				continue
			}
		}
		items = append(items, s.resource(s.objects[n]))
	}
	resp := map[string]any{"kind": "storage#objects", "items": items, "prefixes": prefixes}
	if next != "" {
		resp["nextPageToken"] = next
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(resp)
	return http.StatusOK
}

// uploadMeta is the object resource of a multipart upload's first part;
// any other field fails the test.
type uploadMeta struct {
	Name               string            `json:"name"`
	ContentType        string            `json:"contentType"`
	CacheControl       string            `json:"cacheControl"`
	ContentDisposition string            `json:"contentDisposition"`
	ContentEncoding    string            `json:"contentEncoding"`
	ContentLanguage    string            `json:"contentLanguage"`
	MD5Hash            string            `json:"md5Hash"`
	Metadata           map[string]string `json:"metadata"`
}

// upload serves uploadType=multipart: a multipart/related body of the
// object resource as JSON, then the bytes, which must match md5Hash.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, q url.Values, name *string) int {
	if q.Get("uploadType") != "multipart" {
		return s.reject(w, "upload: uploadType=%q, want multipart", q.Get("uploadType"))
	}
	if r.ContentLength <= 0 {
		return s.reject(w, "upload: no Content-Length")
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/related" || params["boundary"] == "" {
		return s.reject(w, "upload: Content-Type %q, want multipart/related with a boundary", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	p, err := mr.NextPart()
	if err != nil {
		return s.reject(w, "upload: first part: %v", err)
	}
	if ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct != "application/json" {
		return s.reject(w, "upload: the first part is %q, want application/json", p.Header.Get("Content-Type"))
	}
	var meta uploadMeta
	dec := json.NewDecoder(p)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&meta); err != nil {
		return s.reject(w, "upload: object resource: %v", err)
	}
	if meta.Name == "" {
		return s.reject(w, "upload: the object resource has no name")
	}
	*name = meta.Name
	if meta.MD5Hash == "" {
		return s.reject(w, "upload %s: no md5Hash, so the service cannot check what arrived", meta.Name)
	}
	p, err = mr.NextPart()
	if err != nil {
		return s.reject(w, "upload %s: media part: %v", meta.Name, err)
	}
	if ct := p.Header.Get("Content-Type"); ct != meta.ContentType {
		return s.reject(w, "upload %s: the media part is %q, the resource says %q", meta.Name, ct, meta.ContentType)
	}
	data, err := io.ReadAll(p)
	if err != nil {
		return s.reject(w, "upload %s: media part: %v", meta.Name, err)
	}
	if _, err := mr.NextPart(); err != io.EOF {
		return s.reject(w, "upload %s: a third part, or no closing boundary: %v", meta.Name, err)
	}
	if s.Tamper != nil {
		data = s.Tamper(meta.Name, data)
	}
	sum := md5.Sum(data)
	if got := base64.StdEncoding.EncodeToString(sum[:]); got != meta.MD5Hash {
		// What the real service answers.
		apiError(w, http.StatusBadRequest, fmt.Sprintf("Provided MD5 hash %q doesn't match calculated MD5 hash %q.", meta.MD5Hash, got))
		return http.StatusBadRequest
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := q.Get("ifGenerationMatch"); g != "" {
		cur := int64(0)
		if o, ok := s.objects[meta.Name]; ok {
			cur = o.Generation
		}
		if g != strconv.FormatInt(cur, 10) {
			apiError(w, http.StatusPreconditionFailed, "At least one of the pre-conditions you specified did not hold.")
			return http.StatusPreconditionFailed
		}
	}
	s.gen++
	o := &Object{
		Name: meta.Name, Data: data, ContentType: meta.ContentType, CacheControl: meta.CacheControl,
		ContentDisposition: meta.ContentDisposition, ContentEncoding: meta.ContentEncoding,
		ContentLanguage: meta.ContentLanguage, Metadata: meta.Metadata, Generation: s.gen,
	}
	s.objects[o.Name] = o
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(s.resource(o))
	return http.StatusOK
}
