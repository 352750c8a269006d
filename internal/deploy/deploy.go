// Package deploy uploads a built site to object storage (S3 and
// S3-compatible stores, Google Cloud Storage, Azure Blob, or a folder
// through file://) with gocloud.dev's blob package, the library hugo
// deploy uses.
//
// A deploy compares the local folder with the bucket by checksum and
// uploads only what changed, with the Content-Type of the file's kind and
// the Cache-Control the site's _headers gives its path. Uploads run in
// phases so no visitor meets a page that references something not yet
// uploaded: assets, PDFs and other files first, then HTML pages, then the
// sitemap, robots.txt and the kit feed, which announce pages; deletions
// come last. A recorded kit version's PDF (kits/<id>/<id>-v<N>.pdf) is
// never deleted, whatever the local folder holds: staff may have emailed
// its address.
package deploy

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gocloud.dev/blob"
)

// Phase orders uploads: every file of one phase is uploaded before any
// of the next.
type Phase int

const (
	PhaseFiles    Phase = iota // assets, kit PDFs, images, _headers: what pages reference
	PhasePages                 // HTML pages
	PhaseAnnounce              // sitemap.xml, robots.txt, kits/feed.xml: what announces pages
)

func (p Phase) String() string {
	return [...]string{"files", "pages", "announcements"}[p]
}

// Upload is one file to upload.
type Upload struct {
	Path         string // slash-separated key, as in the bucket
	Size         int64
	ContentType  string
	CacheControl string
	Phase        Phase
	New          bool // absent from the bucket; otherwise its bytes changed
	md5          []byte
}

// Plan is what a deploy does.
type Plan struct {
	Uploads   []Upload // in upload order: by phase, then path
	Deletes   []string // sorted; done after every upload
	Kept      []string // kit version PDFs in the bucket and not in the folder, which are never deleted
	Unchanged int      // files whose bytes the bucket already has
	dir       string
}

// Options configure a deploy.
type Options struct {
	Dir    string       // the built site, e.g. public/
	Bucket *blob.Bucket // the target
	// MaxDeletes stops a deploy that would delete more objects, before it
	// changes anything; a negative value allows any number.
	MaxDeletes int
	// Force uploads every file, even unchanged ones: for when _headers
	// changed, since an object's checksum does not cover its headers.
	Force bool
	// DryRun plans without changing the bucket.
	DryRun bool
	// Invalidator, when set, is asked to invalidate exactly the changed
	// paths after a deploy that changed something.
	Invalidator Invalidator
	// Workers bounds parallel uploads within a phase (default 8).
	Workers int
	// Uploaded, when set, is called after each upload and deletion, for
	// progress output; it may be called from several goroutines at once.
	Uploaded func(key string)
}

// ErrTooManyDeletes is returned, before anything is changed, by a deploy
// that would delete more than Options.MaxDeletes objects.
var ErrTooManyDeletes = errors.New("too many deletions")

// Run plans the deploy and, unless DryRun, carries it out. It returns the
// plan also on error, so the caller can say what was to be done.
func Run(ctx context.Context, o Options) (*Plan, error) {
	p, err := MakePlan(ctx, o.Dir, o.Bucket, o.Force)
	if err != nil {
		return nil, err
	}
	if o.MaxDeletes >= 0 && len(p.Deletes) > o.MaxDeletes {
		return p, fmt.Errorf("%w: the deploy would delete %d objects, more than --max-deletes %d; check that %s is the site you mean to publish, then allow them with --max-deletes %d (or -1 for any number)",
			ErrTooManyDeletes, len(p.Deletes), o.MaxDeletes, o.Dir, len(p.Deletes))
	}
	if o.DryRun {
		return p, nil
	}
	if err := p.Apply(ctx, o.Bucket, o.Workers, o.Uploaded); err != nil {
		return p, err
	}
	if o.Invalidator != nil {
		if paths := p.InvalidationPaths(); len(paths) > 0 {
			if err := o.Invalidator.Invalidate(ctx, paths); err != nil {
				return p, fmt.Errorf("the upload succeeded but the CDN invalidation failed: %w", err)
			}
		}
	}
	return p, nil
}

// localFile is one file of the built site.
type localFile struct {
	size int64
	md5  []byte
}

// MakePlan compares dir with the bucket and returns what to upload and
// delete. With force, every local file is uploaded.
func MakePlan(ctx context.Context, dir string, b *blob.Bucket, force bool) (*Plan, error) {
	local, err := readLocal(dir)
	if err != nil {
		return nil, err
	}
	hdrData, err := os.ReadFile(filepath.Join(dir, "_headers"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	headers := ParseHeaders(hdrData)
	remote := map[string]*blob.ListObject{}
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("listing the target: %w", err)
		}
		if obj.IsDir || strings.HasSuffix(obj.Key, "/") {
			continue
		}
		remote[obj.Key] = obj
	}
	p := &Plan{dir: dir}
	for key, lf := range local {
		r, ok := remote[key]
		if !force && ok && r.Size == lf.size && len(r.MD5) > 0 && bytes.Equal(r.MD5, lf.md5) {
			p.Unchanged++
			continue
		}
		p.Uploads = append(p.Uploads, Upload{
			Path:         key,
			Size:         lf.size,
			ContentType:  ContentType(key),
			CacheControl: headers.Get("/"+key, "Cache-Control"),
			Phase:        phaseOf(key),
			New:          !ok,
			md5:          lf.md5,
		})
	}
	for key := range remote {
		if _, ok := local[key]; ok || !managed(key) {
			continue
		}
		if IsKitVersion(key) {
			p.Kept = append(p.Kept, key)
			continue
		}
		p.Deletes = append(p.Deletes, key)
	}
	sort.Slice(p.Uploads, func(i, j int) bool {
		a, b := p.Uploads[i], p.Uploads[j]
		if a.Phase != b.Phase {
			return a.Phase < b.Phase
		}
		return a.Path < b.Path
	})
	sort.Strings(p.Deletes)
	sort.Strings(p.Kept)
	return p, nil
}

// readLocal lists the built site with each file's size and MD5 (the
// checksum S3's ETag and the other stores' listings carry).
func readLocal(dir string) (map[string]localFile, error) {
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist; run kitgen build first, or name the built folder with -d", dir)
		}
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder; name the built site's folder with -d", dir)
	}
	files := map[string]localFile{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		key := filepath.ToSlash(rel)
		if key == "." {
			return nil
		}
		if !managed(key) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := md5.Sum(data)
		files[key] = localFile{size: int64(len(data)), md5: sum[:]}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s is empty; run kitgen build first", dir)
	}
	return files, nil
}

// managed reports whether deploy uploads and deletes key. Top-level
// dot-files (.git, .nojekyll) are the user's, as they are in the build's
// output folder; .well-known/ is published.
func managed(key string) bool {
	top, _, _ := strings.Cut(key, "/")
	return !strings.HasPrefix(top, ".") || top == ".well-known"
}

// kitVersionRE matches the address of a recorded kit version's PDF,
// route.KitPDF without its leading slash: kits/<id>/<id>-v<N>.pdf, and a
// translation's kits/<id>/<id>.<code>-v<N>.pdf.
var kitVersionRE = regexp.MustCompile(`^kits/([a-z0-9][a-z0-9-]*)/([a-z0-9][a-z0-9-]*)(\.[a-z]{2})?-v[1-9][0-9]*\.pdf$`)

// IsKitVersion reports whether key is a recorded kit version's PDF, which
// a deploy never deletes.
func IsKitVersion(key string) bool {
	m := kitVersionRE.FindStringSubmatch(key)
	return m != nil && m[1] == m[2]
}

func phaseOf(key string) Phase {
	switch key {
	case "sitemap.xml", "robots.txt", feedFile:
		return PhaseAnnounce
	}
	if path.Ext(key) == ".html" {
		return PhasePages
	}
	return PhaseFiles
}

// Apply uploads the plan's files phase by phase, each phase finished
// before the next begins, then deletes. It stops at the first failure,
// so an interrupted deploy has uploaded no page before what it references;
// running the deploy again finishes it.
func (p *Plan) Apply(ctx context.Context, b *blob.Bucket, workers int, done func(string)) error {
	if workers <= 0 {
		workers = 8
	}
	for start := 0; start < len(p.Uploads); {
		end := start
		for end < len(p.Uploads) && p.Uploads[end].Phase == p.Uploads[start].Phase {
			end++
		}
		if err := p.uploadAll(ctx, b, p.Uploads[start:end], workers, done); err != nil {
			return err
		}
		start = end
	}
	for _, key := range p.Deletes {
		if err := b.Delete(ctx, key); err != nil {
			return fmt.Errorf("deleting %s: %w", key, err)
		}
		if done != nil {
			done(key)
		}
	}
	return nil
}

func (p *Plan) uploadAll(ctx context.Context, b *blob.Bucket, ups []Upload, workers int, done func(string)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan Upload)
	errs := make([]error, len(ups))
	var wg sync.WaitGroup
	index := map[string]int{}
	for i, u := range ups {
		index[u.Path] = i
	}
	for w := 0; w < workers && w < len(ups); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				if err := p.upload(ctx, b, u); err != nil {
					errs[index[u.Path]] = err
					cancel()
					continue
				}
				if done != nil {
					done(u.Path)
				}
			}
		}()
	}
feed:
	for _, u := range ups {
		select {
		case jobs <- u:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (p *Plan) upload(ctx context.Context, b *blob.Bucket, u Upload) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(p.dir, filepath.FromSlash(u.Path)))
	if err != nil {
		return err
	}
	if sum := md5.Sum(data); !bytes.Equal(sum[:], u.md5) {
		return fmt.Errorf("%s changed while deploying; run kitgen build and kitgen deploy again, one after the other", u.Path)
	}
	err = b.WriteAll(ctx, u.Path, data, &blob.WriterOptions{
		ContentType:  u.ContentType,
		CacheControl: u.CacheControl,
		ContentMD5:   u.md5, // the store checks what arrived
	})
	if err != nil {
		return fmt.Errorf("uploading %s: %w", u.Path, err)
	}
	return nil
}

// InvalidationPaths are the URL paths a deploy changed, for a CDN
// invalidation: every uploaded or deleted file, and a page's folder
// address (/services/cardiology/) beside its index.html.
func (p *Plan) InvalidationPaths() []string {
	var out []string
	add := func(key string) {
		out = append(out, "/"+key)
		if key == "index.html" {
			out = append(out, "/")
		} else if strings.HasSuffix(key, "/index.html") {
			out = append(out, "/"+strings.TrimSuffix(key, "index.html"))
		}
	}
	for _, u := range p.Uploads {
		add(u.Path)
	}
	for _, key := range p.Deletes {
		add(key)
	}
	sort.Strings(out)
	return out
}
