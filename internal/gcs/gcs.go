// Package gcs is a gocloud.dev/blob driver for gs:// URLs that speaks the
// Cloud Storage JSON API over net/http, in place of gocloud's gcsblob.
//
// gcsblob links the Cloud Storage SDK, and with it gRPC, OpenTelemetry
// exporters and hundreds of protobuf registrations whose package
// initialisation runs on every kitgen command: it doubled the memory of
// `kitgen --help` and added 30 MB to the binary, for one deploy provider.
// kitgen deploy needs three calls (list, multipart upload, delete), which
// this package makes directly, with credentials from
// golang.org/x/oauth2/google.
//
// Importing the package registers the "gs" scheme on
// blob.DefaultURLMux, so blob.OpenBucket(ctx, "gs://BUCKET") opens a
// bucket. Credentials are Application Default Credentials: the file
// GOOGLE_APPLICATION_CREDENTIALS names (a service account key, or the
// external account file workload identity federation, such as
// google-github-actions/auth, writes), gcloud's application default
// credentials file, or the metadata server on Google Cloud. The query
// parameter anonymous=true sends none. STORAGE_EMULATOR_HOST points the
// driver at an emulator, as it does the Cloud Storage SDK; an emulator
// gets no credentials unless GOOGLE_APPLICATION_CREDENTIALS is set.
package gcs

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/blob"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// Scheme is the URL scheme the package registers on blob.DefaultURLMux.
const Scheme = "gs"

// scope lets a token list, create and delete objects, and nothing else:
// no bucket settings or IAM policies.
const scope = "https://www.googleapis.com/auth/devstorage.read_write"

// defaultEndpoint serves the JSON API at /storage/v1 and uploads at
// /upload/storage/v1.
const defaultEndpoint = "https://storage.googleapis.com"

func init() {
	blob.DefaultURLMux().RegisterBucket(Scheme, opener{})
}

// opener opens gs://BUCKET URLs. Credentials are looked up when a bucket
// is opened, never at init, so commands other than deploy pay nothing.
type opener struct{}

// OpenBucketURL opens the bucket named by the URL's host.
func (opener) OpenBucketURL(ctx context.Context, u *url.URL) (*blob.Bucket, error) {
	name := u.Host
	if err := checkBucketName(name); err != nil {
		return nil, fmt.Errorf("gs://%s: %w", name, err)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("gs://%s%s: a gs:// target is a whole bucket; to deploy into a folder of it, write gs://%s?prefix=%s/", name, u.Path, name, strings.Trim(u.Path, "/"))
	}
	anonymous, err := anonymousParam(u.Query())
	if err != nil {
		return nil, fmt.Errorf("gs://%s: %w", name, err)
	}
	endpoint, emulator := defaultEndpoint, false
	if host := os.Getenv("STORAGE_EMULATOR_HOST"); host != "" {
		endpoint, emulator = emulatorEndpoint(host), true
	}
	var ts oauth2.TokenSource
	if !anonymous && (!emulator || os.Getenv("GOOGLE_APPLICATION_CREDENTIALS") != "") {
		// The token source outlives this call: it refreshes the token
		// during a long deploy, so it must not stop with an Open deadline.
		creds, err := google.FindDefaultCredentials(context.WithoutCancel(ctx), scope)
		if err != nil {
			return nil, fmt.Errorf("gs://%s: no Google Cloud credentials: %w; set GOOGLE_APPLICATION_CREDENTIALS to a service account key file or to the file google-github-actions/auth writes, run `gcloud auth application-default login`, or run on Google Cloud", name, err)
		}
		ts = creds.TokenSource
	}
	return blob.NewBucket(newBucket(name, endpoint, ts)), nil
}

// anonymousParam reads the one query parameter gs:// targets take. Of
// gcsblob's others, access_id and private_key_path only configure signed
// URLs, which a deploy never makes, and grpc, zonal and universe_domain
// choose transports and clouds this driver does not speak; each is
// refused rather than ignored, so a target never means something other
// than it says.
func anonymousParam(q url.Values) (bool, error) {
	anonymous := false
	for k, v := range q {
		switch k {
		case "anonymous":
			b, err := strconv.ParseBool(v[0])
			if err != nil {
				return false, fmt.Errorf("anonymous=%q is not true or false", v[0])
			}
			anonymous = b
		case "access_id", "private_key_path":
			return false, fmt.Errorf("%s configures signed URLs, which kitgen deploy does not make; remove it (credentials come from GOOGLE_APPLICATION_CREDENTIALS or the machine's default credentials)", k)
		case "grpc", "zonal", "universe_domain":
			return false, fmt.Errorf("kitgen reaches Cloud Storage through its JSON API on storage.googleapis.com and does not support %s=; remove it", k)
		default:
			return false, fmt.Errorf("unknown query parameter %q; gs:// targets take only anonymous=true (and prefix=FOLDER/)", k)
		}
	}
	return anonymous, nil
}

// checkBucketName refuses what Cloud Storage would refuse, before any
// request: names are 3 to 222 characters of lower-case letters, digits,
// dashes, underscores and dots, beginning and ending with a letter or digit.
func checkBucketName(name string) error {
	if name == "" {
		return fmt.Errorf("no bucket name; write the target as gs://BUCKET")
	}
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	ok := len(name) >= 3 && len(name) <= 222 && alnum(name[0]) && alnum(name[len(name)-1])
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = alnum(c) || c == '-' || c == '_' || c == '.'
	}
	if !ok {
		return fmt.Errorf("%q is not a Cloud Storage bucket name: use 3 to 222 lower-case letters, digits, dashes, underscores or dots, starting and ending with a letter or digit", name)
	}
	return nil
}

// emulatorEndpoint turns STORAGE_EMULATOR_HOST, "host:port" or a URL, into
// the endpoint's URL; an emulator without a scheme speaks plain HTTP, as
// the Cloud Storage SDK assumes.
func emulatorEndpoint(host string) string {
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	return strings.TrimRight(host, "/")
}

// newBucket returns the driver for bucket name at endpoint, authorising
// each request with a token from ts, or none when ts is nil.
func newBucket(name, endpoint string, ts oauth2.TokenSource) *bucket {
	var rt http.RoundTripper = http.DefaultTransport
	if ts != nil {
		rt = &oauth2.Transport{Source: oauth2.ReuseTokenSource(nil, ts), Base: rt}
	}
	return &bucket{
		name:     name,
		endpoint: endpoint,
		client:   &http.Client{Transport: rt},
		backoff:  time.Second,
		attempts: 6,
	}
}
