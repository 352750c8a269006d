package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
)

// fakeCloudFront records the invalidations it is asked for, in place of
// CloudFront's API.
type fakeCloudFront struct {
	calls []*cloudfront.CreateInvalidationInput
	err   error
}

func (f *fakeCloudFront) CreateInvalidation(_ context.Context, in *cloudfront.CreateInvalidationInput, _ ...func(*cloudfront.Options)) (*cloudfront.CreateInvalidationOutput, error) {
	f.calls = append(f.calls, in)
	return &cloudfront.CreateInvalidationOutput{}, f.err
}

func TestInvalidateChangedPaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeDir(t, dir, site())
	b := fileTarget(t).open(t)
	defer b.Close()
	fake := &fakeCloudFront{}
	cf := &CloudFront{Distribution: "E2EXAMPLE", api: fake, now: func() time.Time { return time.Unix(1, 0) }}

	if _, err := Run(ctx, Options{Dir: dir, Bucket: b, Invalidator: cf}); err != nil {
		t.Fatal(err)
	}
	if len(fake.calls) != 1 {
		t.Fatalf("first deploy made %d invalidations, want 1", len(fake.calls))
	}

	// One page changes and one goes: exactly those paths, with a page's
	// folder address beside its index.html.
	writeDir(t, dir, map[string]string{"services/cardiology/index.html": "<h1>New</h1>"})
	if err := os.Remove(filepath.Join(dir, "guides", "old", "index.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, Options{Dir: dir, Bucket: b, MaxDeletes: -1, Invalidator: cf}); err != nil {
		t.Fatal(err)
	}
	if len(fake.calls) != 2 {
		t.Fatalf("second deploy: %d invalidations in all, want 2", len(fake.calls))
	}
	in := fake.calls[1]
	want := []string{"/guides/old/", "/guides/old/index.html", "/services/cardiology/", "/services/cardiology/index.html"}
	if got := in.InvalidationBatch.Paths.Items; !slices.Equal(got, want) {
		t.Errorf("invalidated %v, want %v", got, want)
	}
	if q := *in.InvalidationBatch.Paths.Quantity; q != int32(len(want)) {
		t.Errorf("Quantity %d, want %d", q, len(want))
	}
	if *in.DistributionId != "E2EXAMPLE" || *in.InvalidationBatch.CallerReference == "" {
		t.Errorf("distribution %q, caller reference %q", *in.DistributionId, *in.InvalidationBatch.CallerReference)
	}

	// A deploy that changes nothing invalidates nothing.
	if _, err := Run(ctx, Options{Dir: dir, Bucket: b, Invalidator: cf}); err != nil {
		t.Fatal(err)
	}
	if len(fake.calls) != 2 {
		t.Errorf("a deploy without changes asked for an invalidation")
	}

	// A failed invalidation is an error that says the upload went through.
	fake.err = errors.New("AccessDenied")
	writeDir(t, dir, map[string]string{"index.html": "<h1>Home again</h1>"})
	_, err := Run(ctx, Options{Dir: dir, Bucket: b, Invalidator: cf})
	if err == nil || !errors.Is(err, fake.err) {
		t.Errorf("failed invalidation: %v", err)
	}
}

func TestInvalidateManyPaths(t *testing.T) {
	fake := &fakeCloudFront{}
	cf := &CloudFront{Distribution: "E2EXAMPLE", api: fake, now: time.Now}
	var paths []string
	for i := 0; i <= maxInvalidationPaths; i++ {
		paths = append(paths, fmt.Sprintf("/p%d/", i))
	}
	if err := cf.Invalidate(context.Background(), paths); err != nil {
		t.Fatal(err)
	}
	if got := fake.calls[0].InvalidationBatch.Paths.Items; !slices.Equal(got, []string{"/*"}) {
		t.Errorf("more paths than CloudFront takes: invalidated %d paths, want /*", len(got))
	}
	if err := cf.Invalidate(context.Background(), paths[:maxInvalidationPaths]); err != nil {
		t.Fatal(err)
	}
	if got := fake.calls[1].InvalidationBatch.Paths.Items; len(got) != maxInvalidationPaths {
		t.Errorf("%d paths: invalidated %d", maxInvalidationPaths, len(got))
	}
}
