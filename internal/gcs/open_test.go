package gcs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kitgen/kitgen/internal/gcs/gcstest"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// TestOpenServiceAccountKey opens gs://BUCKET as kitgen deploy does, on
// an emulator address, with a service account key in
// GOOGLE_APPLICATION_CREDENTIALS: the key's signed JWT is exchanged once
// for a token, which every request carries.
func TestOpenServiceAccountKey(t *testing.T) {
	ctx := context.Background()
	sa := gcstest.NewServiceAccount(t, scope)
	s := gcstest.NewServer(t, "partners")
	s.Token = sa.Token
	// The emulator address as the Cloud Storage SDK takes it, without a
	// scheme.
	t.Setenv("STORAGE_EMULATOR_HOST", strings.TrimPrefix(s.URL, "http://"))
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", sa.KeyFile)

	b, err := blob.OpenBucket(ctx, "gs://partners")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, name := range []string{"index.html", "kits/feed.xml", "sitemap.xml"} {
		if err := b.WriteAll(ctx, name, []byte(name), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
			t.Fatalf("uploading %s: %v", name, err)
		}
	}
	if got := listAll(t, b, nil); len(got) != 3 {
		t.Errorf("listed %d objects, want 3", len(got))
	}
	if err := b.Delete(ctx, "sitemap.xml"); err != nil {
		t.Fatal(err)
	}
	if got := s.Names(); strings.Join(got, " ") != "index.html kits/feed.xml" {
		t.Errorf("bucket holds %q", got)
	}
	if n := sa.Exchanges(); n != 1 {
		t.Errorf("%d token exchanges for five requests, want 1", n)
	}

	// A token the service does not accept is PermissionDenied, said so.
	s.Token = "another-token"
	err = b.WriteAll(ctx, "index.html", []byte("x"), &blob.WriterOptions{ContentType: "text/plain"})
	if gcerrors.Code(err) != gcerrors.PermissionDenied || !strings.Contains(err.Error(), "401 Unauthorized: Invalid Credentials") || !strings.Contains(err.Error(), "GOOGLE_APPLICATION_CREDENTIALS") {
		t.Errorf("rejected token: %v", err)
	}

	// With ?prefix= the bucket is a folder of it.
	s.Token = sa.Token
	pb, err := blob.OpenBucket(ctx, "gs://partners?prefix=site/")
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	if err := pb.WriteAll(ctx, "index.html", []byte("in a folder"), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
		t.Fatal(err)
	}
	if o, ok := s.Object("site/index.html"); !ok || string(o.Data) != "in a folder" {
		t.Errorf("prefixed upload: %+v, present %v", o, ok)
	}
}

// TestOpenAnonymous: an emulator without GOOGLE_APPLICATION_CREDENTIALS,
// or any target with anonymous=true, gets no Authorization header (the
// fake fails the test on one) and no credentials are looked up.
func TestOpenAnonymous(t *testing.T) {
	ctx := context.Background()
	s := gcstest.NewServer(t, "partners")
	t.Setenv("STORAGE_EMULATOR_HOST", s.URL)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	for _, target := range []string{"gs://partners", "gs://partners?anonymous=true"} {
		b, err := blob.OpenBucket(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.WriteAll(ctx, "index.html", []byte(target), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
			t.Errorf("%s: %v", target, err)
		}
		b.Close()
	}
	// anonymous=true wins over a key file, which is not even read.
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	b, err := blob.OpenBucket(ctx, "gs://partners?anonymous=true")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.WriteAll(ctx, "index.html", []byte("anonymous"), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
		t.Error(err)
	}
	if o, _ := s.Object("index.html"); string(o.Data) != "anonymous" {
		t.Errorf("stored %q", o.Data)
	}
	// anonymous=false is the default: the missing key file is an error.
	if _, err := blob.OpenBucket(ctx, "gs://partners?anonymous=false"); err == nil || !strings.Contains(err.Error(), "no Google Cloud credentials") {
		t.Errorf("anonymous=false with a missing key file: %v", err)
	}
}

func TestOpenURLErrors(t *testing.T) {
	ctx := context.Background()
	t.Setenv("STORAGE_EMULATOR_HOST", "127.0.0.1:1")
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	for target, want := range map[string]string{
		"gs://":                              "no bucket name; write the target as gs://BUCKET",
		"gs://Partners":                      `"Partners" is not a Cloud Storage bucket name`,
		"gs://ab":                            `"ab" is not a Cloud Storage bucket name`,
		"gs://-partners":                     "starting and ending with a letter or digit",
		"gs://part*ners":                     "lower-case letters, digits",
		"gs://partners/site":                 "to deploy into a folder of it, write gs://partners?prefix=site/",
		"gs://partners?anonymous=maybe":      `anonymous="maybe" is not true or false`,
		"gs://partners?anonymous=":           `anonymous="" is not true or false`,
		"gs://partners?access_id=x":          "access_id configures signed URLs",
		"gs://partners?grpc=true":            "does not support grpc=",
		"gs://partners?universe_domain=x.io": "does not support universe_domain=",
		"gs://partners?region=eu":            `unknown query parameter "region"`,
	} {
		b, err := blob.OpenBucket(ctx, target)
		if err == nil {
			b.Close()
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error containing %q", target, err, want)
		}
	}
	// A named key file that is missing fails at open, not mid-deploy.
	t.Setenv("STORAGE_EMULATOR_HOST", "")
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "key.json"))
	_, err := blob.OpenBucket(ctx, "gs://partners")
	if err == nil || !strings.Contains(err.Error(), "gs://partners: no Google Cloud credentials") || !strings.Contains(err.Error(), "key.json") {
		t.Errorf("missing key file: %v", err)
	}
	// Valid names: digits, dots, dashes, underscores.
	for _, name := range []string{"abc", "kitgen-site_2026", "www.example.org", "0ab"} {
		if err := checkBucketName(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
}

// TestOpenWorkloadIdentityFederation opens a bucket with the credentials
// file google-github-actions/auth writes for workload identity
// federation through a service account: the runner's OIDC token, fetched
// from credential_source.url, is exchanged at STS for a federated token,
// which impersonates the service account for the token Cloud Storage
// sees. The three endpoints are fakes that check what each step sends.
func TestOpenWorkloadIdentityFederation(t *testing.T) {
	ctx := context.Background()
	const (
		audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/providers/kitgen"
		account  = "deploy@kitgen-test.iam.gserviceaccount.com"
	)
	var mu sync.Mutex
	calls := map[string]int{}
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls[r.URL.Path]++
		mu.Unlock()
		fail := func(format string, args ...any) {
			t.Errorf(r.URL.Path+": "+format, args...)
			http.Error(w, "bad request", http.StatusBadRequest)
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/idtoken": // GitHub's OIDC token endpoint
			if r.Header.Get("Authorization") != "Bearer runner-request-token" || r.URL.Query().Get("audience") != "kitgen" {
				fail("Authorization %q, audience %q", r.Header.Get("Authorization"), r.URL.Query().Get("audience"))
				return
			}
			fmt.Fprint(w, `{"value": "github-oidc-jwt"}`)
		case "/v1/token": // STS
			r.ParseForm()
			f := r.PostForm
			if f.Get("grant_type") != "urn:ietf:params:oauth:grant-type:token-exchange" || f.Get("subject_token") != "github-oidc-jwt" ||
				f.Get("subject_token_type") != "urn:ietf:params:oauth:token-type:jwt" || f.Get("audience") != audience {
				fail("form %v", f)
				return
			}
			fmt.Fprint(w, `{"access_token": "federated-token", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token", "token_type": "Bearer", "expires_in": 3600}`)
		case "/v1/projects/-/serviceAccounts/" + account + ":generateAccessToken": // IAM credentials
			var req struct{ Scope []string }
			json.NewDecoder(r.Body).Decode(&req)
			if r.Header.Get("Authorization") != "Bearer federated-token" || !slices.Equal(req.Scope, []string{scope}) {
				fail("Authorization %q, scope %q", r.Header.Get("Authorization"), req.Scope)
				return
			}
			fmt.Fprintf(w, `{"accessToken": "ya29.impersonated", "expireTime": %q}`, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		default:
			fail("unexpected request")
		}
	}))
	defer fake.Close()
	creds, _ := json.Marshal(map[string]any{
		"type":                              "external_account",
		"audience":                          audience,
		"subject_token_type":                "urn:ietf:params:oauth:token-type:jwt",
		"token_url":                         fake.URL + "/v1/token",
		"service_account_impersonation_url": fake.URL + "/v1/projects/-/serviceAccounts/" + account + ":generateAccessToken",
		"credential_source": map[string]any{
			"url":     fake.URL + "/idtoken?api-version=2.0&audience=kitgen",
			"headers": map[string]string{"Authorization": "Bearer runner-request-token"},
			"format":  map[string]string{"type": "json", "subject_token_field_name": "value"},
		},
	})
	file := filepath.Join(t.TempDir(), "gha-creds-0123.json")
	if err := os.WriteFile(file, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	s := gcstest.NewServer(t, "partners")
	s.Token = "ya29.impersonated"
	t.Setenv("STORAGE_EMULATOR_HOST", s.URL)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)

	b, err := blob.OpenBucket(ctx, "gs://partners")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, name := range []string{"index.html", "sitemap.xml"} {
		if err := b.WriteAll(ctx, name, []byte(name), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Names(); !slices.Equal(got, []string{"index.html", "sitemap.xml"}) {
		t.Errorf("bucket holds %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) != 3 || calls["/idtoken"] != 1 || calls["/v1/token"] != 1 {
		t.Errorf("credential requests %v, want one each of the OIDC token, STS and impersonation", calls)
	}
}
