package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/kitgen/kitgen/internal/gcs/gcstest"
	"github.com/kitgen/kitgen/internal/route"
	"gocloud.dev/blob"
)

// headersFile is shaped like the _headers a build writes: site-wide rules
// first, then long cache lifetimes for hashed assets and kit versions.
const headersFile = `/*
  Content-Security-Policy: default-src 'none'
  Cache-Control: public, max-age=0, must-revalidate

/assets/css/main.ab12cd34ef.css
  Cache-Control: public, max-age=31536000, immutable

/kits/cardiology/cardiology-v*
  Cache-Control: public, max-age=31536000, immutable
`

// site is a built site in miniature: what a build writes, and a .git
// folder that is the user's.
func site() map[string]string {
	return map[string]string{
		"index.html":                            `<link href=/assets/css/main.ab12cd34ef.css><a href=/services/cardiology/>`,
		"404.html":                              "<h1>Not found</h1>",
		"services/cardiology/index.html":        "<h1>Cardiology</h1>",
		"guides/old/index.html":                 "<h1>Old guide</h1>",
		"assets/css/main.ab12cd34ef.css":        "body{color:#111}",
		"kits/index.html":                       "<h1>Kits</h1>",
		"kits/cardiology/index.html":            "<a href=cardiology-v2.pdf>",
		"kits/cardiology/cardiology-v1.pdf":     "%PDF-1.4 v1",
		"kits/cardiology/cardiology-v2.pdf":     "%PDF-1.4 v2",
		"kits/cardiology/cardiology-latest.pdf": "%PDF-1.4 v2",
		"kits/feed.xml":                         "<feed/>",
		"sitemap.xml":                           "<urlset/>",
		"robots.txt":                            "Sitemap: https://x.example/sitemap.xml",
		"_headers":                              headersFile,
		".well-known/security.txt":              "Contact: mailto:security@x.example",
		".git/HEAD":                             "ref: refs/heads/main",
		".nojekyll":                             "",
	}
}

func writeDir(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// target is one kind of deploy target under test: it opens the bucket
// and reads an object back without going through gocloud.dev, so the
// test does not trust the library it checks.
type target struct {
	open func(t *testing.T) *blob.Bucket
	// read returns an object's bytes and its Content-Type and
	// Cache-Control as the store serves them; ok is false when it is
	// absent.
	read func(t *testing.T, key string) (body, contentType, cacheControl string, ok bool)
	// uploaded, when set, returns the keys uploaded since it was last
	// called, in order, one entry per upload the store accepted.
	uploaded func() []string
}

func fileTarget(t *testing.T) target {
	root := t.TempDir()
	return target{
		open: func(t *testing.T) *blob.Bucket {
			b, err := Open(context.Background(), fileURL(root))
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
		read: func(t *testing.T, key string) (string, string, string, bool) {
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(key)))
			if errors.Is(err, os.ErrNotExist) {
				return "", "", "", false
			}
			if err != nil {
				t.Fatal(err)
			}
			// fileblob keeps the headers in a JSON sidecar file.
			attrs, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(key)) + ".attrs")
			if err != nil {
				t.Fatalf("%s has no attributes file: %v", key, err)
			}
			return string(data), jsonField(t, attrs, "user.content_type"), jsonField(t, attrs, "user.cache_control"), true
		},
	}
}

// s3Target serves a real S3 API in-process (gofakes3) and points the
// AWS SDK at it through the s3:// URL's endpoint, with credentials from
// the standard environment variables only.
func s3Target(t *testing.T) target {
	backend := s3mem.New()
	fake := gofakes3.New(backend).Server()
	// gofakes3 keeps no Cache-Control, so the test reads it from the
	// upload requests as they arrive.
	var mu sync.Mutex
	sentCache := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			mu.Lock()
			sentCache[strings.TrimPrefix(r.URL.Path, "/partners/")] = r.Header.Get("Cache-Control")
			mu.Unlock()
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("partners"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "test-key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	q := url.Values{
		"endpoint":                     {srv.URL},
		"region":                       {"us-east-1"},
		"use_path_style":               {"true"},
		"disable_https":                {"true"},
		"request_checksum_calculation": {"when_required"},
		"response_checksum_validation": {"when_required"},
	}
	return target{
		open: func(t *testing.T) *blob.Bucket {
			b, err := Open(context.Background(), "s3://partners?"+q.Encode())
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
		read: func(t *testing.T, key string) (string, string, string, bool) {
			// A plain anonymous GET: gofakes3 does not check signatures.
			resp, err := http.Get(srv.URL + "/partners/" + key)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode == http.StatusNotFound {
				return "", "", "", false
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", key, resp.Status)
			}
			mu.Lock()
			defer mu.Unlock()
			return string(body), resp.Header.Get("Content-Type"), sentCache[key], true
		},
	}
}

// gcsTarget serves the Cloud Storage JSON API in-process (gcstest) and
// opens gs://partners as a user would: STORAGE_EMULATOR_HOST for the
// address, and a service account key in GOOGLE_APPLICATION_CREDENTIALS,
// exchanged at a fake token endpoint for the token the server demands.
func gcsTarget(t *testing.T) target {
	sa := gcstest.NewServiceAccount(t, "https://www.googleapis.com/auth/devstorage.read_write")
	s := gcstest.NewServer(t, "partners")
	s.Token = sa.Token
	s.PageSize = 5 // the site spans several listing pages
	t.Setenv("STORAGE_EMULATOR_HOST", s.URL)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", sa.KeyFile)
	return target{
		open: func(t *testing.T) *blob.Bucket {
			b, err := Open(context.Background(), "gs://partners")
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
		read: func(t *testing.T, key string) (string, string, string, bool) {
			o, ok := s.Object(key)
			return string(o.Data), o.ContentType, o.CacheControl, ok
		},
		uploaded: func() []string {
			var keys []string
			for _, r := range s.Requests() {
				if r.Op == "upload" && r.Status == http.StatusOK {
					keys = append(keys, r.Name)
				}
			}
			return keys
		},
	}
}

func TestDeployFile(t *testing.T) { testDeploy(t, fileTarget(t)) }
func TestDeployS3(t *testing.T)   { testDeploy(t, s3Target(t)) }
func TestDeployGCS(t *testing.T)  { testDeploy(t, gcsTarget(t)) }

func testDeploy(t *testing.T, tg target) {
	ctx := context.Background()
	dir := t.TempDir()
	files := site()
	writeDir(t, dir, files)
	b := tg.open(t)
	defer b.Close()

	// The first deploy uploads every file of the site, and nothing of the
	// user's dot-files but .well-known/.
	var mu sync.Mutex
	var order []string
	record := func(key string) { mu.Lock(); order = append(order, key); mu.Unlock() }
	p, err := Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: 0, Uploaded: record})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Uploads) != len(files)-2 || p.Unchanged != 0 || len(p.Deletes) != 0 {
		t.Errorf("first deploy: %d uploads, %d unchanged, %d deletes; want %d, 0, 0", len(p.Uploads), p.Unchanged, len(p.Deletes), len(files)-2)
	}
	for name, body := range files {
		got, _, _, ok := tg.read(t, name)
		if strings.HasPrefix(name, ".git/") || name == ".nojekyll" {
			if ok {
				t.Errorf("%s was uploaded; dot-files are the user's", name)
			}
			continue
		}
		if !ok || got != body {
			t.Errorf("%s in the bucket: %q (present %v), want %q", name, got, ok, body)
		}
	}

	// Each object has the type of its kind and the Cache-Control the
	// last matching _headers rule gives its path.
	for _, c := range []struct{ key, ctype, cache string }{
		{"index.html", "text/html; charset=utf-8", "public, max-age=0, must-revalidate"},
		{"assets/css/main.ab12cd34ef.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
		{"kits/cardiology/cardiology-v2.pdf", "application/pdf", "public, max-age=31536000, immutable"},
		{"kits/cardiology/cardiology-latest.pdf", "application/pdf", "public, max-age=0, must-revalidate"},
		{"kits/feed.xml", "application/atom+xml; charset=utf-8", "public, max-age=0, must-revalidate"},
		{"sitemap.xml", "application/xml; charset=utf-8", "public, max-age=0, must-revalidate"},
		{".well-known/security.txt", "text/plain; charset=utf-8", "public, max-age=0, must-revalidate"},
	} {
		_, ctype, cache, _ := tg.read(t, c.key)
		if ctype != c.ctype || cache != c.cache {
			t.Errorf("%s: Content-Type %q, Cache-Control %q; want %q, %q", c.key, ctype, cache, c.ctype, c.cache)
		}
	}

	// Uploads ran in phases, each finished before the next began: what
	// pages reference, then pages, then what announces them.
	checkOrder(t, order)

	// A second deploy of the same folder uploads and deletes nothing.
	checkUploaded(t, tg, "the first deploy", nil)
	p, err = Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: 0})
	if err != nil {
		t.Fatal(err)
	}
	checkUploaded(t, tg, "the second deploy", []string{})
	if len(p.Uploads) != 0 || len(p.Deletes) != 0 || p.Unchanged != len(files)-2 {
		t.Errorf("second deploy: %d uploads, %d deletes, %d unchanged; want 0, 0, %d", len(p.Uploads), len(p.Deletes), p.Unchanged, len(files)-2)
	}

	// The next build changes a page, adds a kit version, drops a guide,
	// and (as a fresh checkout without the archive would) lacks v1's PDF.
	writeDir(t, dir, map[string]string{
		"services/cardiology/index.html":    "<h1>Cardiology, updated</h1>",
		"kits/cardiology/cardiology-v3.pdf": "%PDF-1.4 v3",
	})
	for _, name := range []string{"guides/old/index.html", "kits/cardiology/cardiology-v1.pdf"} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}

	// --max-deletes below what the deploy would delete stops it before it
	// changes anything.
	p, err = Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: 0})
	if !errors.Is(err, ErrTooManyDeletes) {
		t.Fatalf("max-deletes 0 with one deletion: err %v, want ErrTooManyDeletes", err)
	}
	if got, _, _, _ := tg.read(t, "services/cardiology/index.html"); got != "<h1>Cardiology</h1>" {
		t.Errorf("a deploy stopped by --max-deletes changed a page: %q", got)
	}

	// A dry run plans the same and changes nothing.
	p, err = Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: 1, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	var ups []string
	for _, u := range p.Uploads {
		ups = append(ups, u.Path)
	}
	if want := []string{"kits/cardiology/cardiology-v3.pdf", "services/cardiology/index.html"}; !slices.Equal(ups, want) {
		t.Errorf("dry run uploads %v, want %v", ups, want)
	}
	if want := []string{"guides/old/index.html"}; !slices.Equal(p.Deletes, want) {
		t.Errorf("dry run deletes %v, want %v", p.Deletes, want)
	}
	if want := []string{"kits/cardiology/cardiology-v1.pdf"}; !slices.Equal(p.Kept, want) {
		t.Errorf("dry run keeps %v, want %v", p.Kept, want)
	}
	if _, _, _, ok := tg.read(t, "kits/cardiology/cardiology-v3.pdf"); ok {
		t.Error("a dry run uploaded a file")
	}
	if _, _, _, ok := tg.read(t, "guides/old/index.html"); !ok {
		t.Error("a dry run deleted a file")
	}
	checkUploaded(t, tg, "the stopped deploy and the dry run", []string{})

	// The real deploy: the old guide goes, the recorded version stays.
	if _, err := Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: 1}); err != nil {
		t.Fatal(err)
	}
	checkUploaded(t, tg, "the deploy of one changed page and one new PDF", []string{"kits/cardiology/cardiology-v3.pdf", "services/cardiology/index.html"})
	if _, _, _, ok := tg.read(t, "guides/old/index.html"); ok {
		t.Error("a page the build no longer writes was not deleted")
	}
	if got, _, _, ok := tg.read(t, "kits/cardiology/cardiology-v1.pdf"); !ok || got != "%PDF-1.4 v1" {
		t.Errorf("recorded kit version 1 was deleted or changed: %q, present %v", got, ok)
	}
	if got, _, _, _ := tg.read(t, "services/cardiology/index.html"); got != "<h1>Cardiology, updated</h1>" {
		t.Errorf("changed page in the bucket: %q", got)
	}

	// An interrupted deploy, then a successful one. The deploy is cut off
	// after its third upload: it has uploaded no page yet, because the
	// files pages reference come first.
	next := site()
	for name := range next {
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".pdf") {
			next[name] += " rebuilt"
		}
	}
	writeDir(t, dir, next)
	before := map[string]string{}
	for name := range next {
		before[name], _, _, _ = tg.read(t, name)
	}
	cctx, cancel := context.WithCancel(ctx)
	var n int
	order = nil
	_, err = Run(cctx, Options{Dir: dir, Bucket: b, MaxDeletes: -1, Workers: 1, Uploaded: func(key string) {
		record(key)
		if n++; n == 3 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("a deploy cancelled after three uploads succeeded")
	}
	for name := range next {
		if strings.HasSuffix(name, ".html") {
			if got, _, _, _ := tg.read(t, name); got != before[name] {
				t.Errorf("the interrupted deploy uploaded page %s before the files pages reference", name)
			}
		}
	}
	p, err = Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Uploads) == 0 {
		t.Error("the deploy after an interrupted one uploaded nothing")
	}
	for name, body := range next {
		if strings.HasPrefix(name, ".git/") || name == ".nojekyll" {
			continue
		}
		if got, _, _, _ := tg.read(t, name); got != body {
			t.Errorf("after the deploy that finished an interrupted one, %s is %q, want %q", name, got, body)
		}
	}
	if p, err := MakePlan(ctx, dir, b, false); err != nil || len(p.Uploads)+len(p.Deletes) != 0 {
		t.Errorf("after a finished deploy the plan is not empty: %+v, %v", p, err)
	}

	// --force uploads everything again, for a _headers change.
	p, err = MakePlan(ctx, dir, b, true)
	// (the site, without its two dot-files, and version 3 added above)
	if err != nil || p.Unchanged != 0 || len(p.Uploads) != len(next)-1 {
		t.Errorf("forced plan: %d uploads, %d unchanged, err %v; want %d, 0", len(p.Uploads), p.Unchanged, err, len(next)-1)
	}
}

// checkUploaded compares what the store accepted since the last check
// with want, in order (nil: only forget what was uploaded). A target
// that cannot tell is not checked.
func checkUploaded(t *testing.T, tg target, what string, want []string) {
	t.Helper()
	if tg.uploaded == nil {
		return
	}
	got := tg.uploaded()
	if want != nil && !slices.Equal(got, want) {
		t.Errorf("%s uploaded %q, want %q, each once", what, got, want)
	}
}

// checkOrder fails unless every non-page file came before every page, and
// every page before the sitemap, robots.txt and feed.
func checkOrder(t *testing.T, order []string) {
	t.Helper()
	last := PhaseFiles
	for _, key := range order {
		ph := phaseOf(key)
		if ph < last {
			t.Errorf("%s (%s) was uploaded after a file of a later phase (%s): order %v", key, ph, last, order)
		}
		last = ph
	}
	if len(order) == 0 || phaseOf(order[len(order)-1]) != PhaseAnnounce || phaseOf(order[0]) != PhaseFiles {
		t.Errorf("upload order %v does not run from files to announcements", order)
	}
}

func TestDeployMissingFolder(t *testing.T) {
	b := fileTarget(t).open(t)
	defer b.Close()
	_, err := Run(context.Background(), Options{Dir: filepath.Join(t.TempDir(), "public"), Bucket: b})
	if err == nil || !strings.Contains(err.Error(), "run kitgen build first") {
		t.Errorf("deploying a missing folder: %v; want an error saying to build first", err)
	}
	empty := t.TempDir()
	_, err = Run(context.Background(), Options{Dir: empty, Bucket: b})
	if err == nil || !strings.Contains(err.Error(), "is empty; run kitgen build first") {
		t.Errorf("deploying an empty folder: %v; want an error saying to build first", err)
	}
}

func TestIsKitVersion(t *testing.T) {
	for key, want := range map[string]bool{
		strings.TrimPrefix(route.KitPDF("cardiology", 1), "/"): true,
		strings.TrimPrefix(route.KitPDF("sleep-med", 12), "/"): true,
		strings.TrimPrefix(route.KitLatest("cardiology"), "/"): false,
		// A translation's versions are kept as the kit's are.
		strings.TrimPrefix(route.KitPDF(route.KitLang("cardiology", "es"), 2), "/"): true,
		strings.TrimPrefix(route.KitLatest(route.KitLang("cardiology", "es")), "/"): false,
		"kits/cardiology/orthopedics.es-v1.pdf":                                     false,
		"kits/cardiology/cardiology.es.md-v1.pdf":                                   false,
		"kits/cardiology/orthopedics-v1.pdf":                                        false, // another kit's name
		"kits/cardiology/cardiology-v0.pdf":                                         false,
		"kits/cardiology/cardiology-v.pdf":                                          false,
		"kits/cardiology/cardiology-v1.pdf.bak":                                     false,
		"archive/kits/cardiology/cardiology-v1.pdf":                                 false,
		"cardiology-v1.pdf":                                                         false,
		"":                                                                          false,
	} {
		if got := IsKitVersion(key); got != want {
			t.Errorf("IsKitVersion(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	h := ParseHeaders([]byte(headersFile + "\n# a comment\n/kits/*/x-v*\n  X-Test: yes\n  cache-control: private\n"))
	for _, c := range []struct{ path, name, want string }{
		{"/", "Cache-Control", "public, max-age=0, must-revalidate"},
		{"/assets/css/main.ab12cd34ef.css", "Cache-Control", "public, max-age=31536000, immutable"},
		{"/assets/css/main.ab12cd34ef.css", "cache-control", "public, max-age=31536000, immutable"},
		{"/assets/css/other.css", "Cache-Control", "public, max-age=0, must-revalidate"},
		{"/kits/cardiology/cardiology-v7.pdf", "Cache-Control", "public, max-age=31536000, immutable"},
		{"/kits/a/x-v1.pdf", "Cache-Control", "private"},
		{"/kits/a/x-v1.pdf", "X-Test", "yes"},
		{"/index.html", "X-Test", ""},
		{"/index.html", "Expires", ""},
	} {
		if got := h.Get(c.path, c.name); got != c.want {
			t.Errorf("Get(%q, %q) = %q, want %q", c.path, c.name, got, c.want)
		}
	}
	if got := ParseHeaders(nil).Get("/", "Cache-Control"); got != "" {
		t.Errorf("no _headers: Cache-Control %q, want none", got)
	}
	if got := ParseHeaders([]byte("  Cache-Control: orphan\n")).Get("/", "Cache-Control"); got != "" {
		t.Errorf("a header line before any path: Cache-Control %q, want none", got)
	}
	var none *Headers
	if got := none.Get("/", "Cache-Control"); got != "" {
		t.Errorf("nil Headers: %q", got)
	}
}

func TestCheckTarget(t *testing.T) {
	for target, want := range map[string]string{
		"s3://partners?region=us-east-1": "",
		"gs://partners":                  "",
		"azblob://site":                  "",
		"file:///srv/www":                "",
		"":                               "is not a URL",
		"partners":                       "is not a URL",
		"ftp://example.org/site":         "not ftp://",
		"s3://AKIA:secret@partners":      "user name or password",
		"s3://partners?region=us-east-1&access_key_id=AKIA": `"access_key_id" in its query`,
		"s3://partners?aws_secret_access_key=x":             "looks like a credential",
		"azblob://site?sas_token=abc":                       "looks like a credential",
		"file://relative/path":                              "needs an absolute path",
	} {
		err := CheckTarget(target)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckTarget(%q): %v, want no error", target, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckTarget(%q): %v, want an error containing %q", target, err, want)
		}
		if err != nil && (strings.Contains(err.Error(), "secret") && strings.Contains(target, "AKIA:secret")) {
			t.Errorf("CheckTarget(%q) repeats the password: %v", target, err)
		}
	}
}

// jsonField reads one string field of fileblob's attributes file.
func jsonField(t *testing.T, data []byte, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("attributes file: %v", err)
	}
	s, _ := m[field].(string)
	return s
}

// fileURL is the file:// URL of an absolute path: file:///tmp/x, and
// file:///C:/x on Windows.
func fileURL(path string) string {
	return "file:///" + strings.TrimPrefix(filepath.ToSlash(path), "/")
}
