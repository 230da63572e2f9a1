package main

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/messagestest"
)

var listeningRE = regexp.MustCompile(`^messages: listen: listening on (http://127\.0\.0\.1:\d+)$`)

// startListen runs listen on a free port and returns it with its URL.
func startListen(t *testing.T, env []string, args ...string) (*proc, string) {
	t.Helper()
	p := start(t, env, append([]string{"listen", "--addr", "127.0.0.1:0"}, args...)...)
	for _, a := range args {
		if a == "--insecure" {
			assert.Equal(t, "messages: listen: --insecure: webhook signatures are not checked", p.next(t, p.stderr, "the warning"))
		}
	}
	line := p.next(t, p.stderr, "the listening line")
	m := listeningRE.FindStringSubmatch(line)
	require.NotNil(t, m, "stderr %q", line)
	return p, m[1]
}

// post sends body to url with an Authorization header, if any, and returns
// the status.
func post(t *testing.T, method, url, auth, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func sign(t *testing.T, body, secret string) string {
	t.Helper()
	auth, err := messagestest.SignWebhook([]byte(body), secret)
	require.NoError(t, err)
	return auth
}

// printed is a line of listen, with its raw body kept as sent.
type printed struct {
	Kind     string          `json:"kind"`
	Path     string          `json:"path"`
	Verified bool            `json:"verified"`
	Event    json.RawMessage `json:"event"`
	Raw      json.RawMessage `json:"raw"`
}

// asTime is how a webhook's timestamp reads once parsed: the JSON of a
// time.Time, which drops trailing zeros from the fraction.
func asTime(t *testing.T, stamp string) string {
	t.Helper()
	ts, err := time.Parse(time.RFC3339Nano, stamp)
	require.NoError(t, err)
	b, err := json.Marshal(ts)
	require.NoError(t, err)
	return string(b)
}

func parseLine(t *testing.T, line string) printed {
	t.Helper()
	var p printed
	require.NoError(t, json.Unmarshal([]byte(line), &p), "line %q", line)
	return p
}

func TestListenPrintsTheWebhooksFakePosts(t *testing.T) {
	t.Parallel()
	const secret = "listen-secret"
	l, listenURL := startListen(t, baseEnv(t), "--secret", secret)
	f := startFake(t, "--secret", secret, "--status-url", listenURL+"/status", "--inbound-url", listenURL+"/inbound")

	r := runCmd(t, f.env(t), "", "send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi", "--client-ref", "c-1")
	require.Equal(t, 0, r.code, r.stderr)
	var sent sendResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sent))

	// The receipts, in order: the typed fields that are set, and the body.
	for _, status := range []string{"submitted", "delivered"} {
		line := l.next(t, l.stdout, "the "+status+" receipt")
		got := parseLine(t, line)
		var raw struct{ Timestamp string }
		require.NoError(t, json.Unmarshal(got.Raw, &raw))
		usage := ""
		if status == "delivered" {
			usage = `,"Usage":{"Currency":"EUR","Price":"0.0333"}`
		}
		want := `{"kind":"status","path":"/status","verified":true,"event":{"MessageUUID":"` + sent.MessageUUID +
			`","Channel":"sms","From":"Acme","To":"447700900000","Timestamp":` + asTime(t, raw.Timestamp) + `,"Status":"` + status + `"` + usage +
			`,"ClientRef":"c-1"},"raw":` + string(got.Raw) + `}`
		assert.Equal(t, want, line)
		assert.Contains(t, string(got.Raw), `"message_uuid":"`+sent.MessageUUID+`"`)
		assert.Contains(t, string(got.Raw), `"status":"`+status+`"`)
	}

	// A customer writes in, through the fake's inbound endpoint.
	require.Equal(t, http.StatusOK, post(t, http.MethodPost, f.baseURL+messagestest.InboundPath, "",
		`{"channel":"whatsapp","from":"447700900000","to":"447700900001","media":{"type":"image","url":"https://example.com/i.jpg","caption":"look"}}`))
	line := l.next(t, l.stdout, "the inbound message")
	got := parseLine(t, line)
	var raw struct {
		MessageUUID string `json:"message_uuid"`
		Timestamp   string
	}
	require.NoError(t, json.Unmarshal(got.Raw, &raw))
	assert.Equal(t, `{"kind":"inbound","path":"/inbound","verified":true,"event":{"MessageUUID":"`+raw.MessageUUID+
		`","Channel":"whatsapp","From":"447700900000","To":"447700900001","Timestamp":`+asTime(t, raw.Timestamp)+
		`,"Type":"image","Media":{"Type":"image","URL":"https://example.com/i.jpg","Caption":"look"},"SelfURL":"`+f.baseURL+`/v1/messages/`+raw.MessageUUID+`"},"raw":`+string(got.Raw)+`}`, line)

	// What the handler refuses is answered with its codes and never printed.
	status := `{"message_uuid":"bbbbbbbb-0000-4000-8000-000000000000","status":"read","channel":"sms","to":"447700900000","from":"Acme","timestamp":"2026-01-02T03:04:05.000Z"}`
	forged := sign(t, status, "not-the-secret")
	refusals := []struct {
		method, auth, body string
		code               int
	}{
		{http.MethodPost, "", status, http.StatusServiceUnavailable}, // unsigned: the API retries, signed
		{http.MethodPost, forged, status, http.StatusUnauthorized},
		{http.MethodPost, sign(t, status, secret), status + " ", http.StatusUnauthorized}, // the body changed
		{http.MethodPost, sign(t, "not json", secret), "not json", http.StatusBadRequest},
		{http.MethodGet, "", "", http.StatusMethodNotAllowed},
	}
	for _, tt := range refusals {
		assert.Equal(t, tt.code, post(t, tt.method, listenURL+"/status", tt.auth, tt.body), "%s %q", tt.method, tt.body)
	}
	// Every path is served; the next line is this one, so none of the
	// refused was printed.
	require.Equal(t, http.StatusOK, post(t, http.MethodPost, listenURL+"/any/path", sign(t, status, secret), status))
	got = parseLine(t, l.next(t, l.stdout, "the signed status"))
	assert.Equal(t, "/any/path", got.Path)
	assert.Equal(t, `{"MessageUUID":"bbbbbbbb-0000-4000-8000-000000000000","Channel":"sms","From":"Acme","To":"447700900000","Timestamp":"2026-01-02T03:04:05Z","Status":"read"}`, string(got.Event))

	code, stdout, stderr := l.stop(t, syscall.SIGTERM)
	assert.Equal(t, 0, code)
	assert.Empty(t, stdout)
	// Each refusal was logged on one line, without the token or secret.
	require.Len(t, stderr, 4, "%q", stderr)
	for i, want := range []string{
		`level=WARN msg="messages: webhook: refused: unsigned callback; retry signed" status=503 path=/status error="messages: webhook signature: missing"`,
		`level=WARN msg="messages: webhook: refused: invalid signature" status=401 path=/status error="messages: webhook signature: invalid: not signed with the signature secret"`,
		`level=WARN msg="messages: webhook: refused: invalid signature" status=401 path=/status error="messages: webhook signature: payload hash does not match the body"`,
		`level=WARN msg="messages: webhook: refused: unparsable webhook body" status=400 path=/status error=`,
	} {
		assert.Contains(t, stderr[i], want)
		assert.NotContains(t, stderr[i], secret)
		assert.NotContains(t, stderr[i], "eyJ")
	}
	f.stop(t, syscall.SIGTERM)
}

func TestListenTakesTheSecretFromTheEnvironment(t *testing.T) {
	t.Parallel()
	l, url := startListen(t, baseEnv(t, "VONAGE_SIGNATURE_SECRET=env-secret"))
	body := `{"message_uuid":"cccccccc-0000-4000-8000-000000000000","channel":"sms","from":"447700900000","to":"447700900001","text":"hi","timestamp":"2026-01-02T03:04:05Z"}`
	assert.Equal(t, http.StatusUnauthorized, post(t, http.MethodPost, url, sign(t, body, "other"), body))
	assert.Equal(t, http.StatusOK, post(t, http.MethodPost, url, sign(t, body, "env-secret"), body))
	got := parseLine(t, l.next(t, l.stdout, "the inbound message"))
	assert.Equal(t, printed{Kind: "inbound", Path: "/", Verified: true,
		Event: json.RawMessage(`{"MessageUUID":"cccccccc-0000-4000-8000-000000000000","Channel":"sms","From":"447700900000","To":"447700900001","Timestamp":"2026-01-02T03:04:05Z","Type":"text","Text":"hi"}`),
		Raw:   json.RawMessage(body)}, got)
	code, stdout, _ := l.stop(t, syscall.SIGINT)
	assert.Equal(t, 0, code)
	assert.Empty(t, stdout)
}

func TestListenInsecureAcceptsUnsignedWebhooks(t *testing.T) {
	t.Parallel()
	// The variable is set, but --insecure says what it means.
	l, url := startListen(t, baseEnv(t, "VONAGE_SIGNATURE_SECRET=env-secret"), "--insecure")
	body := `{"dispatch_uuid":"dddddddd-0000-4000-8000-000000000000","template":"failover","status":"completed"}`
	assert.Equal(t, http.StatusOK, post(t, http.MethodPost, url+"/workflow", "", body))
	assert.Equal(t, `{"kind":"unknown","path":"/workflow","verified":false,"raw":`+body+`}`, l.next(t, l.stdout, "the unknown event"))
	code, _, _ := l.stop(t, syscall.SIGTERM)
	assert.Equal(t, 0, code)
}

func TestListenRefusesToStartOpen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 2, "messages: listen: no signature secret: use --secret or set VONAGE_SIGNATURE_SECRET, or --insecure to accept unsigned webhooks\n"},
		{[]string{"--secret", "s", "--insecure"}, 2, "messages: listen: --secret and --insecure: use one\n"},
		{[]string{"--secret", "s", "extra"}, 2, "messages: listen: takes no arguments, got 1\n"},
		{[]string{"--secret", "s", "--addr", "nowhere"}, 2, "messages: listen: --addr: listen tcp: address nowhere: missing port in address\n"},
	}
	for _, tt := range tests {
		r := runCmd(t, baseEnv(t, "VONAGE_SIGNATURE_SECRET="), "", append([]string{"listen"}, tt.args...)...)
		assert.Equal(t, result{code: tt.code, stderr: tt.stderr}, r, "%v", tt.args)
	}
}
