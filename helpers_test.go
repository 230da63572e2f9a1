package messages

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/whsign"
)

const testAppID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"

// fixedNow is the clock of tests that assert exact claims.
var fixedNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

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
