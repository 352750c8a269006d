package deploy

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/kitgen/kitgen/internal/gcs" // gs://bucket, without the Cloud Storage SDK
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/azureblob" // azblob://container
	_ "gocloud.dev/blob/fileblob"  // file:///path
	_ "gocloud.dev/blob/s3blob"    // s3://bucket, and S3-compatible stores with ?endpoint=
)

// Schemes are the target URL schemes kitgen deploys to.
var Schemes = []string{"s3", "gs", "azblob", "file"}

// secretParams are query parameters that would put a credential in the
// target URL, which is written in kitgen.yaml and CI logs.
var secretParams = []string{"access_key", "secret", "token", "sas", "key", "password", "credential", "signature", "sig"}

// CheckTarget reports a target URL kitgen cannot use, or one that carries
// a credential: credentials come only from each provider's standard
// environment variables and files (AWS_ACCESS_KEY_ID or ~/.aws, Google's
// Application Default Credentials, AZURE_STORAGE_ACCOUNT and
// AZURE_STORAGE_KEY), never from kitgen.yaml.
func CheckTarget(target string) error {
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("deploy target %q is not a URL; write it as s3://BUCKET?region=REGION, gs://BUCKET, azblob://CONTAINER or file:///ABSOLUTE/PATH", target)
	}
	known := false
	for _, s := range Schemes {
		known = known || u.Scheme == s
	}
	if !known {
		return fmt.Errorf("deploy target %q: kitgen deploys to %s URLs, not %s://", redact(u), strings.Join(Schemes, "://, ")+"://", u.Scheme)
	}
	if u.User != nil {
		return fmt.Errorf("deploy target %q has a user name or password in it; remove it and give credentials through the provider's environment variables or credential files", redact(u))
	}
	for k := range u.Query() {
		lk := strings.ToLower(k)
		for _, s := range secretParams {
			if strings.Contains(lk, s) {
				return fmt.Errorf("deploy target %q has %q in its query, which looks like a credential; remove it and give credentials through the provider's environment variables or credential files", redact(u), k)
			}
		}
	}
	if u.Scheme == "file" && u.Host != "" && u.Host != "localhost" {
		return fmt.Errorf("deploy target %q: a file target needs an absolute path after file://, as in file:///srv/www", target)
	}
	return nil
}

// redact drops the user information and query of a URL for a message.
func redact(u *url.URL) string {
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		c.RawQuery = "…"
	}
	return c.String()
}

// Open checks the target URL and opens its bucket.
func Open(ctx context.Context, target string) (*blob.Bucket, error) {
	if err := CheckTarget(target); err != nil {
		return nil, err
	}
	if strings.HasPrefix(target, "file:") {
		// A folder target is created on first deploy, as a bucket would
		// be by its owner.
		u, _ := url.Parse(target)
		q := u.Query()
		q.Set("create_dir", "true")
		u.RawQuery = q.Encode()
		target = u.String()
	}
	b, err := blob.OpenBucket(ctx, target)
	if err != nil {
		return nil, fmt.Errorf("opening deploy target: %w", err)
	}
	return b, nil
}
