package messages

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/whsign"
)

// The values the root tests share, each under one name. The numbers and
// IDs of the golden messages live beside them in golden_cases_test.go:
// fromNumber, toNumber, viberID, shortCode, rcsAgent and quotedUUID, which
// is also the message UUID every fake answer and v1 webhook carries (the v1
// spec's example UUID).
const (
	// testAppID is the application of testdata/keys. It is no message UUID,
	// so a claim that took one by mistake would not pass.
	testAppID = "5d3c0b8e-2f41-4a6c-9e27-81b4c6d0f3a5"
	// v01UUID is the message UUID of the v0.1 spec's examples.
	v01UUID = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"
	// workflowID is a v1 failover's workflow_id, as the spec's examples give it.
	workflowID = "3TcNjguHxr2vcCZ9Ddsnq6tw8yQUpZ9rMHv9QXSxLan5ibMxqSzLdx9"
	// dispatchUUID is a v0.1 Dispatch's dispatch_uuid.
	dispatchUUID = "bbbbbbbb-bbbb-4ccc-8ddd-0123456789ab"
	// requestID is the X-Request-Id the fake answers carry.
	requestID = "f94b4e56-604e-07e5-e5ad-5a7228618f81"

	// basicAuthKey and basicAuthSecret are an account's API key and secret.
	basicAuthKey    = "abcd1234"
	basicAuthSecret = "s3cretValue"

	// webhookSecret signs the tests' webhooks; wrongSecret is any other.
	webhookSecret = "sig-secret-0123456789abcdef"
	wrongSecret   = "wrong-secret-0123456789"
	// webhookAPIKey and webhookJTI are the api_key and jti claims of the
	// signed-webhook example.
	webhookAPIKey = "a1b2c3d"
	webhookJTI    = "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5"
)

var (
	// fixedNow is the clock of tests that assert exact claims.
	fixedNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	// webhookNow is the iat of the signed-webhook example, and the clock of
	// the webhook tests.
	webhookNow = time.Unix(1587494962, 0)
	// acceptedReply is the API's answer to a message it takes.
	acceptedReply = []byte(`{"message_uuid":"` + quotedUUID + `"}`)
	// uuidV4 matches a random (version 4) UUID.
	uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// fixedClock and webhookClock are the clocks WithClock and WithVerifyClock
// take.
func fixedClock() time.Time   { return fixedNow }
func webhookClock() time.Time { return webhookNow }

func readTestdata(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	require.NoError(t, err)
	return b
}

func testKeyPEM(t testing.TB) []byte { return readTestdata(t, "keys", "pkcs8.pem") }

func testPublicKey(t testing.TB) *rsa.PublicKey {
	t.Helper()
	block, _ := pem.Decode(readTestdata(t, "keys", "public.pem"))
	require.NotNil(t, block, "testdata/keys/public.pem is not PEM")
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	require.IsType(t, &rsa.PublicKey{}, k)
	return k.(*rsa.PublicKey)
}

func newTestClient(t testing.TB, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(testAppID, testKeyPEM(t), opts...)
	require.NoError(t, err)
	return c
}

// signWebhook signs body as the API signs webhooks, with the signer
// messagestest.SignWebhook uses too (this package cannot import
// messagestest, which imports it): whsign's default claims issued at now,
// then edits.
func signWebhook(t testing.TB, body []byte, secret string, now time.Time, edits ...func(*whsign.Claims)) string {
	t.Helper()
	c := whsign.Defaults(body, now)
	for _, edit := range edits {
		edit(&c)
	}
	auth, err := whsign.Sign(c, secret)
	require.NoError(t, err)
	return auth
}

// lockedWriter lets the goroutines of a handler or client log into one
// buffer that a test reads.
type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// baseURLPath is the path the tests' servers serve under, as go-github's
// tests do: a client that builds a request from an absolute path instead
// of its base URL drops the path, misses it, and fails the test loudly.
const baseURLPath = "/api-v3"

// newBasePathServer starts a server that serves handler under baseURLPath
// only, with the prefix stripped, and returns it with the base URL to give
// a client (WithBaseURL). A request outside baseURLPath fails t, naming the
// path that missed it, and is answered 404. The server closes when t ends.
func newBasePathServer(t testing.TB, handler http.Handler) (*httptest.Server, string) {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(baseURLPath+"/", http.StripPrefix(baseURLPath, handler))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("%s %s missed the base path %s: the client dropped its base URL's path", r.Method, r.URL.Path, baseURLPath)
		http.Error(w, "not under the base path "+baseURLPath, http.StatusNotFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, srv.URL + baseURLPath
}
