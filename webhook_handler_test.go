package messages

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	statusBody  = `{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","status":"delivered","channel":"sms"}`
	inboundBody = `{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hello From Vonage!"}`
	unknownBody = `{"dispatch_uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab","template":"failover","status":"completed"}`
)

// eventRecorder collects what the handler's callbacks receive.
type eventRecorder struct {
	mu       sync.Mutex
	inbound  []*Inbound
	statuses []*Status
	unknown  []*UnknownEvent
	fail     error
}

func (r *eventRecorder) config(cfg WebhookConfig) WebhookConfig {
	cfg.OnInbound = func(_ context.Context, in *Inbound) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.inbound = append(r.inbound, in)
		return r.fail
	}
	cfg.OnStatus = func(_ context.Context, st *Status) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.statuses = append(r.statuses, st)
		return r.fail
	}
	cfg.OnUnknown = func(_ context.Context, ev *UnknownEvent) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.unknown = append(r.unknown, ev)
		return r.fail
	}
	return cfg
}

func (r *eventRecorder) counts() [3]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return [3]int{len(r.inbound), len(r.statuses), len(r.unknown)}
}

func signedHeader(t *testing.T, body string) string {
	t.Helper()
	return signWebhook(t, []byte(body), webhookSecret, webhookNow)
}

func postWebhook(h http.Handler, path, auth, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookHandlerAnswers(t *testing.T) {
	t.Parallel()
	wrongSigned := signWebhook(t, []byte(statusBody), wrongSecret, webhookNow)
	oldToken := signWebhook(t, []byte(statusBody), webhookSecret, webhookNow.Add(-time.Hour))

	tests := []struct {
		name     string
		cfg      WebhookConfig
		method   string
		auth     string
		body     string
		fail     error
		want     int
		wantBody string
		counts   [3]int // inbound, status, unknown callbacks
	}{
		{name: "status signed", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: signedHeader(t, statusBody), body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "inbound signed", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: signedHeader(t, inboundBody), body: inboundBody, want: 200, counts: [3]int{1, 0, 0}},
		{name: "unknown signed", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: signedHeader(t, unknownBody), body: unknownBody, want: 200, counts: [3]int{0, 0, 1}},
		{name: "no secret, no header", cfg: WebhookConfig{}, body: statusBody, want: 500, wantBody: "no signature secret configured\n"},
		{name: "no secret, forged signature", cfg: WebhookConfig{}, auth: wrongSigned, body: statusBody, want: 500, wantBody: "no signature secret configured\n"},
		{name: "no secret, validly signed", cfg: WebhookConfig{}, auth: signedHeader(t, statusBody), body: statusBody, want: 500, wantBody: "no signature secret configured\n"},
		{name: "only empty secrets", cfg: WebhookConfig{AdditionalSecrets: []string{"", ""}}, auth: wrongSigned, body: statusBody, want: 500, wantBody: "no signature secret configured\n"},
		{name: "no secret, unparsable body", cfg: WebhookConfig{}, body: `[1]`, want: 500, wantBody: "no signature secret configured\n"},
		{name: "insecure, no header", cfg: WebhookConfig{InsecureSkipVerify: true}, body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "insecure, forged signature", cfg: WebhookConfig{InsecureSkipVerify: true}, auth: wrongSigned, body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "insecure with a secret still verifies", cfg: WebhookConfig{SignatureSecret: webhookSecret, InsecureSkipVerify: true}, auth: wrongSigned, body: statusBody, want: 401, wantBody: "invalid signature\n"},
		{name: "insecure with a secret, unsigned", cfg: WebhookConfig{SignatureSecret: webhookSecret, InsecureSkipVerify: true}, body: statusBody, want: 503, wantBody: "unsigned callback; retry signed\n"},
		{name: "insecure with a secret, signed", cfg: WebhookConfig{SignatureSecret: webhookSecret, InsecureSkipVerify: true}, auth: signedHeader(t, statusBody), body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "only an additional secret", cfg: WebhookConfig{AdditionalSecrets: []string{"", webhookSecret}}, auth: signedHeader(t, statusBody), body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "rotated secret", cfg: WebhookConfig{SignatureSecret: "new-secret", AdditionalSecrets: []string{webhookSecret}}, auth: signedHeader(t, statusBody), body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "GET", cfg: WebhookConfig{}, method: http.MethodGet, want: 405, wantBody: "method not allowed\n"},
		{name: "PUT", cfg: WebhookConfig{}, method: http.MethodPut, body: statusBody, want: 405, wantBody: "method not allowed\n"},
		{name: "too large", cfg: WebhookConfig{SignatureSecret: webhookSecret, MaxBodyBytes: 10}, body: statusBody, want: 413, wantBody: "body too large\n"},
		{name: "unsigned while a secret is set", cfg: WebhookConfig{SignatureSecret: webhookSecret}, body: statusBody, want: 503, wantBody: "unsigned callback; retry signed\n"},
		{name: "wrong secret", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: wrongSigned, body: statusBody, want: 401, wantBody: "invalid signature\n"},
		{name: "garbage token", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: "Bearer x.y.z", body: statusBody, want: 401, wantBody: "invalid signature\n"},
		{name: "body changed", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: signedHeader(t, statusBody), body: inboundBody, want: 401, wantBody: "invalid signature\n"},
		{name: "old token", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: oldToken, body: statusBody, want: 401, wantBody: "invalid signature\n"},
		{name: "old token, wide max age", cfg: WebhookConfig{SignatureSecret: webhookSecret, MaxSignatureAge: 2 * time.Hour}, auth: oldToken, body: statusBody, want: 200, counts: [3]int{0, 1, 0}},
		{name: "unparsable", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: signedHeader(t, `[1]`), body: `[1]`, want: 400, wantBody: "unparsable webhook body\n"},
		{name: "empty body", cfg: WebhookConfig{InsecureSkipVerify: true}, body: ``, want: 400, wantBody: "unparsable webhook body\n"},
		{name: "callback fails", cfg: WebhookConfig{SignatureSecret: webhookSecret}, auth: signedHeader(t, statusBody), body: statusBody, fail: errors.New("db down"), want: 500, wantBody: "callback failed\n", counts: [3]int{0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &eventRecorder{fail: tt.fail}
			h := newWebhookHandler(rec.config(tt.cfg), webhookClock)
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			req := httptest.NewRequest(method, "/webhooks/status", strings.NewReader(tt.body))
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			res := httptest.NewRecorder()
			h.ServeHTTP(res, req)
			assert.Equal(t, tt.want, res.Code)
			assert.Equal(t, tt.wantBody, res.Body.String())
			assert.Equal(t, tt.counts, rec.counts())
			if tt.want == 405 {
				assert.Equal(t, "POST", res.Header().Get("Allow"))
			}
		})
	}
}

func TestWebhookHandlerPassesParsedEvent(t *testing.T) {
	t.Parallel()
	rec := &eventRecorder{}
	h := newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: webhookSecret}), webhookClock)
	res := postWebhook(h, "/", signedHeader(t, inboundBody), inboundBody)
	require.Equal(t, 200, res.Code)
	require.Len(t, rec.inbound, 1)
	in := rec.inbound[0]
	assert.Equal(t, ChannelSMS, in.Channel)
	assert.Equal(t, "Hello From Vonage!", in.Text)
	assert.Equal(t, fromNumber, in.From)
	assert.Equal(t, inboundBody, string(in.Raw))
}

func TestWebhookHandlerTooLargeWithoutContentLength(t *testing.T) {
	t.Parallel()
	h := NewWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, MaxBodyBytes: 64})
	// A reader of unknown length, so only MaxBytesReader can catch it.
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(statusBody)))
	req.ContentLength = -1
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.Code)
}

func TestWebhookHandlerDefaultBodyCap(t *testing.T) {
	t.Parallel()
	h := NewWebhookHandler(WebhookConfig{InsecureSkipVerify: true})
	// 1 MiB exactly is accepted (and parsed); one byte more is not.
	pad := func(n int) string {
		prefix := `{"status":"read","pad":"`
		return prefix + strings.Repeat("x", n-len(prefix)-2) + `"}`
	}
	assert.Equal(t, 200, postWebhook(h, "/", "", pad(1<<20)).Code)
	assert.Equal(t, 413, postWebhook(h, "/", "", pad(1<<20+1)).Code)
}

func TestWebhookHandlerDedupe(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(webhookNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	rec := &eventRecorder{}
	cfg := rec.config(WebhookConfig{InsecureSkipVerify: true, Dedupe: time.Minute})
	h := newWebhookHandler(cfg, clock)

	read := strings.Replace(statusBody, `"delivered"`, `"read"`, 1)
	steps := []struct {
		name   string
		body   string
		fail   error
		want   int
		counts [3]int
	}{
		{"first delivered", statusBody, nil, 200, [3]int{0, 1, 0}},
		{"repeat dropped", statusBody, nil, 200, [3]int{0, 1, 0}},
		{"same message, new status", read, nil, 200, [3]int{0, 2, 0}},
		{"inbound with the same UUID is another key", inboundBody, nil, 200, [3]int{1, 2, 0}},
		{"inbound repeat dropped", inboundBody, nil, 200, [3]int{1, 2, 0}},
	}
	for _, s := range steps {
		res := postWebhook(h, "/", "", s.body)
		assert.Equal(t, s.want, res.Code, s.name)
		assert.Equal(t, s.counts, rec.counts(), s.name)
	}

	// After the window the same status is delivered again.
	now.Add(int64(time.Minute + time.Second))
	assert.Equal(t, 200, postWebhook(h, "/", "", statusBody).Code)
	assert.Equal(t, [3]int{1, 3, 0}, rec.counts())

	// A failed callback does not count as seen: the retry gets through.
	rec.mu.Lock()
	rec.fail = errors.New("busy")
	rec.mu.Unlock()
	undeliverable := strings.Replace(statusBody, `"delivered"`, `"undeliverable"`, 1)
	assert.Equal(t, 500, postWebhook(h, "/", "", undeliverable).Code)
	rec.mu.Lock()
	rec.fail = nil
	rec.mu.Unlock()
	assert.Equal(t, 200, postWebhook(h, "/", "", undeliverable).Code)
	assert.Equal(t, [3]int{1, 5, 0}, rec.counts())
	assert.Equal(t, 200, postWebhook(h, "/", "", undeliverable).Code)
	assert.Equal(t, [3]int{1, 5, 0}, rec.counts())
}

func TestWebhookHandlerDedupeByJTI(t *testing.T) {
	t.Parallel()
	rec := &eventRecorder{}
	h := newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: webhookSecret, Dedupe: time.Minute}), webhookClock)
	auth := signedHeader(t, unknownBody)
	assert.Equal(t, 200, postWebhook(h, "/", auth, unknownBody).Code)
	assert.Equal(t, 200, postWebhook(h, "/", auth, unknownBody).Code)
	assert.Equal(t, [3]int{0, 0, 1}, rec.counts(), "same jti dropped")
	assert.Equal(t, 200, postWebhook(h, "/", signedHeader(t, unknownBody), unknownBody).Code)
	assert.Equal(t, [3]int{0, 0, 2}, rec.counts(), "new jti delivered")
}

func TestWebhookHandlerNilCallbacks(t *testing.T) {
	t.Parallel()
	h := NewWebhookHandler(WebhookConfig{InsecureSkipVerify: true})
	for _, body := range []string{statusBody, inboundBody, unknownBody} {
		assert.Equal(t, 200, postWebhook(h, "/", "", body).Code)
	}
}

func TestWebhookHandlerOnServeMux(t *testing.T) {
	t.Parallel()
	rec := &eventRecorder{}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/status", newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: webhookSecret}), webhookClock))
	mux.Handle("/webhooks/inbound", newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: webhookSecret}), webhookClock))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	post := func(path, auth, body string) int {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", auth)
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, res.Body)
		return res.StatusCode
	}
	assert.Equal(t, 200, post("/webhooks/status", signedHeader(t, statusBody), statusBody))
	assert.Equal(t, 200, post("/webhooks/inbound", signedHeader(t, inboundBody), inboundBody))
	assert.Equal(t, 401, post("/webhooks/inbound", signedHeader(t, statusBody), inboundBody))
	assert.Equal(t, [3]int{1, 1, 0}, rec.counts())

	res, err := srv.Client().Get(srv.URL + "/webhooks/inbound")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 405, res.StatusCode)
	assert.Equal(t, "POST", res.Header.Get("Allow"))
}

// TestWebhookHandlerConcurrent: 50 copies of one event arrive at once.
// One claims it; its callback holds on until the 49 others are answered,
// each 503 (the event is in progress, so none may be told it was handled);
// then it succeeds and the first copy gets 200. Every re-delivery of the
// 49 then gets 200, and the callback ran once.
func TestWebhookHandlerConcurrent(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	others := make(chan struct{})
	h := newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, Dedupe: time.Minute,
		OnStatus: func(context.Context, *Status) error {
			runs.Add(1)
			select {
			case <-others:
				return nil
			case <-time.After(time.Minute):
				return errors.New("the 49 repeats were not answered within a minute")
			}
		}}, webhookClock)
	auth := signedHeader(t, statusBody)
	codes := make(chan int, 50)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { codes <- postWebhook(h, "/", auth, statusBody).Code })
	}
	for range 49 {
		assert.Equal(t, 503, waitFor(t, codes, "49 repeats answered"), "a repeat while the first copy is in its callback")
	}
	assert.Equal(t, int64(1), runs.Load())
	close(others)
	assert.Equal(t, 200, waitFor(t, codes, "the first copy answered"))
	wg.Wait()
	for range 49 {
		assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "a re-delivery once the callback succeeded")
	}
	assert.Equal(t, int64(1), runs.Load(), "the callback ran once for 99 deliveries")
}

func TestWebhookHandlerLogsNoSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := &eventRecorder{fail: errors.New("db down")}
	h := newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: webhookSecret, Logger: logger}), webhookClock)

	good := signedHeader(t, statusBody)
	bad := signWebhook(t, []byte(statusBody), wrongSecret, webhookNow)
	assert.Equal(t, 401, postWebhook(h, "/hook", bad, statusBody).Code)
	assert.Equal(t, 503, postWebhook(h, "/hook", "", statusBody).Code)
	assert.Equal(t, 500, postWebhook(h, "/hook", good, statusBody).Code)

	mu.Lock()
	logs := buf.String()
	mu.Unlock()
	assert.Contains(t, logs, `msg="messages: webhook: refused: invalid signature" status=401 path=/hook error="messages: webhook signature: invalid: not signed with the signature secret"`)
	assert.Contains(t, logs, `msg="messages: webhook: refused: unsigned callback; retry signed" status=503`)
	assert.Contains(t, logs, `msg="messages: webhook: callback failed" path=/hook error="db down"`)
	for _, secret := range []string{webhookSecret, wrongSecret, strings.TrimPrefix(good, "Bearer "), strings.TrimPrefix(bad, "Bearer ")} {
		assert.NotContains(t, logs, secret)
	}
}

// countingHandler is a slog.Handler that keeps every record it is given.
type countingHandler struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *countingHandler) WithGroup(string) slog.Handler            { return h }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}

// summary gives each record as "LEVEL message key=value ...".
func (h *countingHandler) summary() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.records {
		line := r.Level.String() + " " + r.Message
		r.Attrs(func(a slog.Attr) bool {
			line += " " + a.String()
			return true
		})
		out = append(out, line)
	}
	return out
}

// TestWebhookHandlerNoSecretLogsOnce: a handler with no secret says why it
// refuses, once, however many requests arrive at once, and never lets one
// through to a callback.
func TestWebhookHandlerNoSecretLogsOnce(t *testing.T) {
	t.Parallel()
	logs := &countingHandler{}
	rec := &eventRecorder{}
	h := newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: "", Logger: slog.New(logs)}), webhookClock)
	forged := signWebhook(t, []byte(statusBody), wrongSecret, webhookNow)

	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			auth := ""
			if i%2 == 0 {
				auth = forged
			}
			res := postWebhook(h, "/hook", auth, statusBody)
			assert.Equal(t, http.StatusInternalServerError, res.Code)
			assert.Equal(t, "no signature secret configured\n", res.Body.String())
		})
	}
	wg.Wait()
	assert.Equal(t, [3]int{0, 0, 0}, rec.counts())
	assert.Equal(t, []string{
		"ERROR messages: webhook: no signature secret is set: every request is answered 500 until WebhookConfig.SignatureSecret is set (the API re-delivers for up to 24 hours); set InsecureSkipVerify only for local development path=/hook",
	}, logs.summary())

	// A GET is refused for its method before anything else; no new record.
	req := httptest.NewRequest(http.MethodGet, "/hook", nil)
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Code)
	assert.Len(t, logs.summary(), 1)
}

func TestWebhookHandlerInsecureLogsOnce(t *testing.T) {
	t.Parallel()
	logs := &countingHandler{}
	rec := &eventRecorder{}
	h := newWebhookHandler(rec.config(WebhookConfig{InsecureSkipVerify: true, Logger: slog.New(logs)}), webhookClock)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			assert.Equal(t, http.StatusOK, postWebhook(h, "/hook", "", statusBody).Code)
		})
	}
	wg.Wait()
	assert.Equal(t, [3]int{0, 20, 0}, rec.counts())
	assert.Equal(t, []string{
		"WARN messages: webhook: signatures are not verified (InsecureSkipVerify and no secret): anyone can forge webhooks path=/hook",
	}, logs.summary())
}

// TestWebhookHandlerSecretLogsNoWarning: with a secret, neither the
// no-secret record nor the insecure one appears, InsecureSkipVerify or not.
func TestWebhookHandlerSecretLogsNoWarning(t *testing.T) {
	t.Parallel()
	for _, insecure := range []bool{false, true} {
		logs := &countingHandler{}
		h := newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, InsecureSkipVerify: insecure, Logger: slog.New(logs)}, webhookClock)
		assert.Equal(t, http.StatusOK, postWebhook(h, "/hook", signedHeader(t, statusBody), statusBody).Code)
		assert.Empty(t, logs.summary(), "insecure=%v", insecure)
	}
}
