package gcs

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gocloud.dev/blob/driver"
	"gocloud.dev/gcerrors"
)

// bucket is the driver for one bucket. It implements what kitgen deploy
// uses (listing, uploading, deleting); the rest of driver.Bucket reports
// Unimplemented.
type bucket struct {
	name     string
	endpoint string // scheme and host, without a trailing slash
	client   *http.Client
	backoff  time.Duration // the first retry's wait, doubled for each next one
	attempts int           // at most this many tries of one request
}

// escape percent-encodes every byte of s but the unreserved characters of
// RFC 3986, so an object name with "/", "?", "#", "%", spaces or non-ASCII
// letters is one path segment that means exactly that name.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// objectsURL is the address of the bucket's objects collection in the
// JSON API, or in its upload API with upload set.
func (b *bucket) objectsURL(upload bool) string {
	api := "/storage/v1/b/"
	if upload {
		api = "/upload" + api
	}
	return b.endpoint + api + escape(b.name) + "/o"
}

// checkKey refuses an object name Cloud Storage would: it must be 1 to
// 1,024 bytes of UTF-8 without carriage returns or line feeds, and not
// "." or "..".
func checkKey(key string) error {
	if key == "" || len(key) > 1024 || !utf8.ValidString(key) || strings.ContainsAny(key, "\r\n") || key == "." || key == ".." {
		return &codeError{gcerrors.InvalidArgument, fmt.Sprintf("%q is not a Cloud Storage object name: it must be 1 to 1,024 bytes of UTF-8 without line breaks, and not . or ..", key)}
	}
	return nil
}

// noAs is the asFunc given to Before* callbacks: the driver exposes no
// SDK types.
func noAs(any) bool { return false }

// object is the part of an object resource the driver reads.
type object struct {
	Name    string    `json:"name"`
	Size    int64     `json:"size,string"` // a uint64 in the API, sent as a string
	MD5Hash string    `json:"md5Hash"`     // base64; absent for composite objects
	Updated time.Time `json:"updated"`
}

func (o *object) md5() ([]byte, error) {
	if o.MD5Hash == "" {
		return nil, nil
	}
	sum, err := base64.StdEncoding.DecodeString(o.MD5Hash)
	if err != nil || len(sum) != md5.Size {
		return nil, fmt.Errorf("object %q has md5Hash %q, which is not a base64 MD5", o.Name, o.MD5Hash)
	}
	return sum, nil
}

// ListPaged lists one page of objects in name order, with a common prefix
// up to the delimiter as one directory entry.
func (b *bucket) ListPaged(ctx context.Context, opts *driver.ListOptions) (*driver.ListPage, error) {
	if opts.BeforeList != nil {
		if err := opts.BeforeList(noAs); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	q.Set("maxResults", "1000")
	if opts.PageSize > 0 {
		q.Set("maxResults", strconv.Itoa(min(opts.PageSize, 1000)))
	}
	if opts.Prefix != "" {
		q.Set("prefix", opts.Prefix)
	}
	if opts.Delimiter != "" {
		q.Set("delimiter", opts.Delimiter)
	}
	if len(opts.PageToken) > 0 {
		q.Set("pageToken", string(opts.PageToken))
	}
	// Only what a listing needs, which keeps a page of 1,000 objects small.
	q.Set("fields", "items(name,size,md5Hash,updated),prefixes,nextPageToken")
	body, _, err := b.do(ctx, "listing", true, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, b.objectsURL(false)+"?"+q.Encode(), nil)
	})
	if err != nil {
		return nil, err
	}
	var resp struct {
		Items         []object `json:"items"`
		Prefixes      []string `json:"prefixes"`
		NextPageToken string   `json:"nextPageToken"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("listing: reading the response: %w", err)
	}
	page := &driver.ListPage{}
	for _, o := range resp.Items {
		sum, err := o.md5()
		if err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
		page.Objects = append(page.Objects, &driver.ListObject{Key: o.Name, ModTime: o.Updated, Size: o.Size, MD5: sum, AsFunc: noAs})
	}
	for _, p := range resp.Prefixes {
		page.Objects = append(page.Objects, &driver.ListObject{Key: p, IsDir: true, AsFunc: noAs})
	}
	sort.Slice(page.Objects, func(i, j int) bool { return page.Objects[i].Key < page.Objects[j].Key })
	if resp.NextPageToken != "" {
		page.NextPageToken = []byte(resp.NextPageToken)
	}
	return page, nil
}

// NewTypedWriter returns a writer that keeps what is written and uploads
// it in one multipart request when closed.
func (b *bucket) NewTypedWriter(ctx context.Context, key, contentType string, opts *driver.WriterOptions) (driver.Writer, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if opts.BeforeWrite != nil {
		if err := opts.BeforeWrite(noAs); err != nil {
			return nil, err
		}
	}
	return &writer{ctx: ctx, b: b, key: key, contentType: contentType, opts: opts}, nil
}

// writer buffers an object in memory: a deploy's files are pages, PDFs
// and images, and a whole object in hand lets a failed upload be sent
// again as it was.
type writer struct {
	ctx         context.Context
	b           *bucket
	key         string
	contentType string
	opts        *driver.WriterOptions
	buf         bytes.Buffer
}

func (w *writer) Write(p []byte) (int, error) { return w.buf.Write(p) }

// Close uploads the object, unless the writer's context ended: blob.Writer
// cancels it to abort an upload whose bytes do not match its ContentMD5.
func (w *writer) Close() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.b.upload(w.ctx, w.key, w.contentType, w.opts, w.buf.Bytes())
}

// uploadMeta is the object resource sent in a multipart upload's first
// part.
type uploadMeta struct {
	Name               string            `json:"name"`
	ContentType        string            `json:"contentType,omitempty"`
	CacheControl       string            `json:"cacheControl,omitempty"`
	ContentDisposition string            `json:"contentDisposition,omitempty"`
	ContentEncoding    string            `json:"contentEncoding,omitempty"`
	ContentLanguage    string            `json:"contentLanguage,omitempty"`
	MD5Hash            string            `json:"md5Hash"`
	Metadata           map[string]string `json:"metadata,omitempty"`
}

// upload sends data as key in one multipart request (uploadType=multipart:
// the object resource as JSON, then the bytes). The request carries the
// MD5 the caller expects, or else the MD5 of data, and Cloud Storage
// refuses an object whose bytes arrived different. Sending the same bytes
// and MD5 again stores the same object, so a failed attempt is retried.
func (b *bucket) upload(ctx context.Context, key, contentType string, opts *driver.WriterOptions, data []byte) error {
	sum := opts.ContentMD5
	if len(sum) == 0 {
		s := md5.Sum(data)
		sum = s[:]
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	meta, err := json.Marshal(uploadMeta{
		Name:               key,
		ContentType:        contentType,
		CacheControl:       opts.CacheControl,
		ContentDisposition: opts.ContentDisposition,
		ContentEncoding:    opts.ContentEncoding,
		ContentLanguage:    opts.ContentLanguage,
		MD5Hash:            base64.StdEncoding.EncodeToString(sum),
		Metadata:           opts.Metadata,
	})
	if err != nil {
		return err
	}
	// The body is the multipart head, data itself (not copied) and the
	// closing boundary.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/json; charset=UTF-8"}})
	part.Write(meta)
	mw.CreatePart(textproto.MIMEHeader{"Content-Type": {contentType}})
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	mw.Close()
	tail := buf.Bytes()

	q := url.Values{"uploadType": {"multipart"}}
	if opts.IfNotExist {
		q.Set("ifGenerationMatch", "0")
	}
	op := fmt.Sprintf("uploading %q", key)
	body, _, err := b.do(ctx, op, true, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.objectsURL(true)+"?"+q.Encode(),
			io.MultiReader(bytes.NewReader(head), bytes.NewReader(data), bytes.NewReader(tail)))
		if err != nil {
			return nil, err
		}
		req.ContentLength = int64(len(head) + len(data) + len(tail))
		req.Header.Set("Content-Type", "multipart/related; boundary="+mw.Boundary())
		return req, nil
	})
	if err != nil {
		return err
	}
	// The service checked the bytes against the MD5 sent with them; the
	// stored object's checksum, when the response has one, confirms it.
	var got object
	if err := json.Unmarshal(body, &got); err != nil {
		return fmt.Errorf("%s: reading the response: %w", op, err)
	}
	if got.MD5Hash == "" {
		return nil
	}
	if stored, err := got.md5(); err != nil || !bytes.Equal(stored, sum) || got.Size != int64(len(data)) {
		return &codeError{gcerrors.Internal, fmt.Sprintf("%s: Cloud Storage stored %d bytes with MD5 %q, not the %d bytes with MD5 %q sent", op, got.Size, got.MD5Hash, len(data), base64.StdEncoding.EncodeToString(sum))}
	}
	return nil
}

// Delete deletes the object key. A retried deletion that finds the object
// gone counts as done: the earlier attempt deleted it, and only its
// response was lost.
func (b *bucket) Delete(ctx context.Context, key string, opts *driver.DeleteOptions) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if opts.BeforeDelete != nil {
		if err := opts.BeforeDelete(noAs); err != nil {
			return err
		}
	}
	_, retried, err := b.do(ctx, fmt.Sprintf("deleting %q", key), true, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodDelete, b.objectsURL(false)+"/"+escape(key), nil)
	})
	var e *Error
	if retried && errors.As(err, &e) && e.Status == http.StatusNotFound {
		return nil
	}
	return err
}

// ErrorCode maps an HTTP status to the code blob callers test with
// gcerrors.Code.
func (b *bucket) ErrorCode(err error) gcerrors.ErrorCode {
	if errors.Is(err, context.Canceled) {
		return gcerrors.Canceled
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return gcerrors.DeadlineExceeded
	}
	var ce *codeError
	if errors.As(err, &ce) {
		return ce.code
	}
	var e *Error
	if !errors.As(err, &e) {
		return gcerrors.Unknown
	}
	switch s := e.Status; {
	case s == http.StatusNotFound:
		return gcerrors.NotFound
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return gcerrors.PermissionDenied
	case s == http.StatusPreconditionFailed || s == http.StatusNotModified:
		return gcerrors.FailedPrecondition
	case s == http.StatusConflict:
		return gcerrors.AlreadyExists
	case s == http.StatusTooManyRequests:
		return gcerrors.ResourceExhausted
	case s == http.StatusBadRequest || s == http.StatusRequestEntityTooLarge || s == http.StatusRequestedRangeNotSatisfiable:
		return gcerrors.InvalidArgument
	case s == http.StatusNotImplemented:
		return gcerrors.Unimplemented
	case s == http.StatusRequestTimeout || s == http.StatusGatewayTimeout:
		return gcerrors.DeadlineExceeded
	case s >= 500:
		return gcerrors.Internal
	}
	return gcerrors.Unknown
}

// ErrorAs lets callers reach the *Error behind a blob error.
func (b *bucket) ErrorAs(err error, target any) bool {
	p, ok := target.(**Error)
	return ok && errors.As(err, p)
}

// As exposes no SDK client: there is none.
func (b *bucket) As(any) bool { return false }

// Close releases the bucket's idle connections.
func (b *bucket) Close() error {
	b.client.CloseIdleConnections()
	return nil
}

// codeError is an error the driver finds itself, before or after a
// request, with the gcerrors code it stands for.
type codeError struct {
	code gcerrors.ErrorCode
	msg  string
}

func (e *codeError) Error() string { return e.msg }

// errUnimplemented is what the methods kitgen deploy does not use return.
func errUnimplemented(what string) error {
	return &codeError{gcerrors.Unimplemented, "kitgen's gs:// driver does not " + what + ": kitgen deploy only lists, uploads and deletes objects"}
}

// Attributes, NewRangeReader, Copy and SignedURL are not needed to deploy.
func (b *bucket) Attributes(context.Context, string) (*driver.Attributes, error) {
	return nil, errUnimplemented("read object attributes")
}

func (b *bucket) NewRangeReader(context.Context, string, int64, int64, *driver.ReaderOptions) (driver.Reader, error) {
	return nil, errUnimplemented("read objects")
}

func (b *bucket) Copy(context.Context, string, string, *driver.CopyOptions) error {
	return errUnimplemented("copy objects")
}

func (b *bucket) SignedURL(context.Context, string, *driver.SignedURLOptions) (string, error) {
	return "", errUnimplemented("sign URLs")
}
