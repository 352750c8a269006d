package gcstest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// ServiceAccount is a service account key file and a fake OAuth 2.0 token
// endpoint that exchanges a JWT signed with that key for Token, as
// Google's does (RFC 7523, the JWT bearer grant).
type ServiceAccount struct {
	KeyFile string // for GOOGLE_APPLICATION_CREDENTIALS
	Email   string
	Token   string // the access token the endpoint issues
	// Scope is the scope every exchange must ask for.
	Scope string

	t         testing.TB
	key       *rsa.PrivateKey
	tokenURL  string
	mu        sync.Mutex
	exchanges int
}

// NewServiceAccount generates an RSA key, starts the token endpoint and
// writes the key file into a temporary folder.
func NewServiceAccount(t testing.TB, scope string) *ServiceAccount {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sa := &ServiceAccount{
		Email: "deploy@kitgen-test.iam.gserviceaccount.com",
		Token: "ya29.test-token",
		Scope: scope,
		t:     t,
		key:   key,
	}
	srv := httptest.NewServer(http.HandlerFunc(sa.serve))
	t.Cleanup(srv.Close)
	sa.tokenURL = srv.URL + "/token"
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	file, _ := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "kitgen-test",
		"private_key_id": "key-1",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   sa.Email,
		"client_id":      "1234567890",
		"token_uri":      sa.tokenURL,
	})
	sa.KeyFile = filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(sa.KeyFile, file, 0o600); err != nil {
		t.Fatal(err)
	}
	return sa
}

// Exchanges is how many tokens the endpoint has issued.
func (sa *ServiceAccount) Exchanges() int {
	sa.mu.Lock()
	defer sa.mu.Unlock()
	return sa.exchanges
}

// serve checks the grant: a JWT signed RS256 with the account's key,
// issued by its email, for this endpoint, asking for Scope, and current.
func (sa *ServiceAccount) serve(w http.ResponseWriter, r *http.Request) {
	fail := func(msg string) {
		sa.t.Errorf("gcstest token endpoint: %s", msg)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": msg})
	}
	if r.Method != http.MethodPost || r.URL.Path != "/token" {
		fail(r.Method + " " + r.URL.Path)
		return
	}
	if err := r.ParseForm(); err != nil {
		fail(err.Error())
		return
	}
	if g := r.PostForm.Get("grant_type"); g != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		fail("grant_type " + g)
		return
	}
	parts := strings.Split(r.PostForm.Get("assertion"), ".")
	if len(parts) != 3 {
		fail("the assertion is not a JWT")
		return
	}
	var header struct{ Alg, Kid string }
	var claims struct {
		Iss, Scope, Aud string
		Iat, Exp        int64
	}
	if decodeSegment(parts[0], &header) != nil || decodeSegment(parts[1], &claims) != nil {
		fail("the JWT's header or claims are not JSON")
		return
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err != nil || header.Alg != "RS256" || rsa.VerifyPKCS1v15(&sa.key.PublicKey, crypto.SHA256, digest[:], sig) != nil {
		fail("the JWT is not signed RS256 with the account's key")
		return
	}
	now := time.Now().Unix()
	switch {
	case header.Kid != "key-1":
		fail("kid " + header.Kid)
	case claims.Iss != sa.Email:
		fail("iss " + claims.Iss)
	case claims.Aud != sa.tokenURL:
		fail("aud " + claims.Aud)
	case claims.Scope != sa.Scope:
		fail("scope " + claims.Scope)
	case claims.Iat > now+60 || claims.Exp < now:
		fail("the JWT is not current")
	default:
		sa.mu.Lock()
		sa.exchanges++
		sa.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": sa.Token, "token_type": "Bearer", "expires_in": 3600})
	}
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
