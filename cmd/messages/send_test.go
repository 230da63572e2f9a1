package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testKey is one RSA key for the package's tests, made once: a fresh
// 2048-bit key takes a while under the race detector.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// writeKey writes the test key as PKCS#8 PEM to a file of the test's and
// returns its path and contents.
func writeKey(t *testing.T) (string, []byte) {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(testKey())
	require.NoError(t, err)
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	path := filepath.Join(t.TempDir(), "private.key")
	require.NoError(t, os.WriteFile(path, pemBytes, 0o600))
	return path, pemBytes
}

// verifyToken checks an RS256 token with the test key's public half and
// returns its claims.
func verifyToken(t *testing.T, token string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return &testKey().PublicKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	require.NoError(t, err)
	return claims
}

// recorder is an API that records each request and answers 202.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path string
	header       http.Header
	body         []byte
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, recorded{req.Method, req.URL.Path, req.Header.Clone(), b})
		r.mu.Unlock()
		w.Header().Set("X-Request-Id", "rrrrrrrr-0000-4000-8000-000000000000")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"message_uuid":"aaaaaaaa-0000-4000-8000-000000000000"}`)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) take() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.reqs
	r.reqs = nil
	return out
}

// TestSendBodies checks the exact request each set of flags makes, against
// testdata/send.golden (go test -update rewrites it).
func TestSendBodies(t *testing.T) {
	t.Parallel()
	api := newRecorder(t)
	keyPath, _ := writeKey(t)
	const (
		number = "447700900000"
		sender = "447700900001"
	)
	cases := [][]string{
		{"sms", "--from", "Acme", "--to", "+44 7700 900000", "--text", "Your code is 1234", "--client-ref", "order-1", "--webhook-url", "https://example.com/status"},
		{"sms", "--api", "v0.1", "--from", sender, "--to", number, "--text", "hi"},
		{"mms", "--from", sender, "--to", number, "--image", "https://example.com/i.jpg", "--caption", "look"},
		{"mms", "--from", sender, "--to", number, "--vcard", "https://example.com/c.vcf"},
		{"whatsapp", "--from", sender, "--to", number, "--audio", "https://example.com/a.mp3"},
		{"whatsapp", "--from", sender, "--to", number, "--video", "https://example.com/v.mp4", "--caption", "watch"},
		{"whatsapp", "--from", sender, "--to", number, "--file", "https://example.com/f.pdf", "--caption", "the menu", "--name", "menu.pdf"},
		{"whatsapp", "--from", sender, "--to", number, "--template", "verify", "--param", "1234", "--param", "10 minutes", "--locale", "en_GB"},
		{"whatsapp", "--api", "v0.1", "--from", sender, "--to", number, "--template", "ns:verify", "--param", "1234", "--locale", "en_GB"},
		{"messenger", "--from", "1234567890", "--to", "9876543210", "--image", "https://example.com/i.jpg"},
		{"viber", "--from", "654321", "--to", number, "--video", "https://example.com/v.mp4", "--thumb-url", "https://example.com/t.jpg", "--duration", "30s", "--file-size", "5", "--caption", "watch"},
		{"viber", "--from", "654321", "--to", number, "--file", "https://example.com/f", "--name", "f.pdf"},
		{"rcs", "--from", "Acme", "--to", number, "--text", "hi"},
		{"email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Hello", "--text", "Hello from Vonage!"},
		{"email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Welcome", "--html", "<p>Welcome & hello</p>", "--client-ref", "e-1"},
		{"email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Both", "--html", "<p>Hi</p>", "--text", "Hi"},
	}
	var golden bytes.Buffer
	for _, args := range cases {
		name := strings.Join(args, " ")
		r := runCmd(t, baseEnv(t), "", append([]string{"send", "--base-url", api.URL + "/api", "--app-id", "app-1", "--key", keyPath}, args...)...)
		require.Equal(t, result{stdout: `{"message_uuid":"aaaaaaaa-0000-4000-8000-000000000000","request_id":"rrrrrrrr-0000-4000-8000-000000000000"}` + "\n"}, r, name)
		reqs := api.take()
		require.Len(t, reqs, 1, name)
		req := reqs[0]
		assert.Equal(t, "application/json", req.header.Get("Content-Type"), name)
		assert.True(t, strings.HasSuffix(req.header.Get("User-Agent"), " messages-cli"), "User-Agent %q", req.header.Get("User-Agent"))
		token, ok := strings.CutPrefix(req.header.Get("Authorization"), "Bearer ")
		require.True(t, ok, name)
		assert.Equal(t, "app-1", verifyToken(t, token)["application_id"], name)
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = shellQuote(a)
		}
		// The base path is kept: a wrong absolute URL would show here.
		golden.WriteString("$ messages send " + strings.Join(quoted, " ") + "\n" + req.method + " " + req.path + "\n" + string(req.body) + "\n\n")
	}
	path := filepath.Join("testdata", "send.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, golden.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to write it")
	assert.Equal(t, string(want), golden.String())
}

// TestSendPicksTheHost runs send through an HTTPS proxy that refuses every
// tunnel, so the host each flag picks is seen in the CONNECT request
// without reaching the network.
func TestSendPicksTheHost(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var connects []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		connects = append(connects, r.Method+" "+r.Host)
		mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
	}))
	defer proxy.Close()
	keyPath, _ := writeKey(t)
	tests := []struct {
		env     []string
		flags   []string
		connect string
	}{
		{nil, nil, "CONNECT api.nexmo.com:443"},
		{nil, []string{"--region", "eu"}, "CONNECT api-eu.vonage.com:443"},
		{nil, []string{"--region", "ap"}, "CONNECT api-ap.vonage.com:443"},
		{[]string{"VONAGE_BASE_URL=http://127.0.0.1:1"}, []string{"--region", "us"}, "CONNECT api-us.vonage.com:443"},
		{nil, []string{"--sandbox"}, "CONNECT messages-sandbox.nexmo.com:443"},
		{[]string{"VONAGE_BASE_URL=https://proxy.example.com/messages"}, nil, "CONNECT proxy.example.com:443"},
	}
	for _, tt := range tests {
		env := baseEnv(t, append([]string{"HTTPS_PROXY=" + proxy.URL, "VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH=" + keyPath}, tt.env...)...)
		args := append([]string{"send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi"}, tt.flags...)
		r := runCmd(t, env, "", args...)
		assert.Equal(t, 1, r.code, "%v", tt.flags)
		assert.Contains(t, r.stderr, "Forbidden", "%v", tt.flags)
		mu.Lock()
		got := connects
		connects = nil
		mu.Unlock()
		require.NotEmpty(t, got, "%v %v: no request reached the proxy", tt.env, tt.flags)
		assert.Equal(t, tt.connect, got[0], "%v %v", tt.env, tt.flags)
	}
}

func TestSendGivesUpWhenInterrupted(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		select { // the API never answers while the test waits
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer api.Close()
	defer close(release)
	keyPath, _ := writeKey(t)
	p := start(t, baseEnv(t), "send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi", "--base-url", api.URL, "--app-id", "app-1", "--key", keyPath)
	select {
	case <-arrived:
	case <-time.After(patience):
		require.Failf(t, "timed out", "the request never arrived; the output was:\n%s", p.output())
	}
	code, stdout, stderr := p.stop(t, syscall.SIGINT)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, []string{"messages: send: interrupted: the message may or may not have been sent"}, stderr)
}
