package messages

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/whsign"
)

// fakeDeduper is a Deduper whose answers a test sets, and which records
// every call in order beside the callbacks' own marks.
type fakeDeduper struct {
	mu        sync.Mutex
	calls     *[]string // shared with the callbacks, to see the order
	held      map[string]bool
	claimErr  error
	forgetErr error
	ttls      []time.Duration
	forgetCtx []forgetContext
}

// forgetContext is what a Forget's context was when it was called.
type forgetContext struct {
	err         error
	deadline    time.Time
	hasDeadline bool
}

func newFakeDeduper(calls *[]string) *fakeDeduper {
	return &fakeDeduper{calls: calls, held: map[string]bool{}}
}

func (f *fakeDeduper) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.calls = append(*f.calls, "claim "+key)
	f.ttls = append(f.ttls, ttl)
	if f.claimErr != nil {
		return false, f.claimErr
	}
	if f.held[key] {
		return false, nil
	}
	f.held[key] = true
	return true, nil
}

func (f *fakeDeduper) Forget(ctx context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.calls = append(*f.calls, "forget "+key)
	deadline, ok := ctx.Deadline()
	f.forgetCtx = append(f.forgetCtx, forgetContext{ctx.Err(), deadline, ok})
	if f.forgetErr != nil {
		return f.forgetErr
	}
	delete(f.held, key)
	return nil
}

// logRecords is a slog.Handler keeping each record as "LEVEL message
// key=value ...", for exact assertions.
type logRecords struct {
	mu   sync.Mutex
	recs []string
}

func (l *logRecords) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecords) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecords) WithGroup(string) slog.Handler            { return l }
func (l *logRecords) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, b.String())
	return nil
}

func (l *logRecords) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.recs...)
}

const statusKey = "status\x00" + quotedUUID + "\x00delivered"

// dedupeHandler builds a signed handler on store whose status callback
// marks calls and returns what fail says.
func dedupeHandler(store Deduper, calls *[]string, mu *sync.Mutex, fail func() error, logs *logRecords, window time.Duration) http.Handler {
	return NewWebhookHandler(WebhookConfig{
		SignatureSecret: webhookSecret,
		Deduper:         store,
		Dedupe:          window,
		Logger:          slog.New(logs),
		OnStatus: func(context.Context, *Status) error {
			mu.Lock()
			*calls = append(*calls, "callback")
			mu.Unlock()
			return fail()
		},
		now: webhookClock,
	})
}

func TestWebhookDeduperClaimsBeforeTheCallback(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return nil }, logs, 10*time.Minute)

	auth := whtSign(t, whtStatusBody)
	assert.Equal(t, 200, whtPost(h, "/", auth, whtStatusBody).Code)
	assert.Equal(t, 200, whtPost(h, "/", auth, whtStatusBody).Code, "a repeat is answered 200")
	assert.Equal(t, []string{"claim " + statusKey, "callback", "claim " + statusKey}, calls)
	assert.Equal(t, []time.Duration{10 * time.Minute, 10 * time.Minute}, store.ttls, "Dedupe is the claim's window")
	assert.Equal(t, []string{"DEBUG messages: webhook: repeat dropped key=" + statusKey}, logs.all())
}

func TestWebhookDeduperForgetsAFailedCallback(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	failures := []error{errors.New("db down"), nil}
	h := dedupeHandler(store, &calls, &store.mu, func() error {
		err := failures[0]
		failures = failures[1:]
		return err
	}, &logRecords{}, 0)

	auth := whtSign(t, whtStatusBody)
	assert.Equal(t, 500, whtPost(h, "/", auth, whtStatusBody).Code)
	assert.Equal(t, 200, whtPost(h, "/", auth, whtStatusBody).Code, "the re-delivery runs")
	assert.Equal(t, 200, whtPost(h, "/", auth, whtStatusBody).Code, "and then counts as seen")
	assert.Equal(t, []string{
		"claim " + statusKey, "callback", "forget " + statusKey,
		"claim " + statusKey, "callback",
		"claim " + statusKey,
	}, calls)
	assert.Equal(t, []time.Duration{time.Hour, time.Hour, time.Hour}, store.ttls, "no Dedupe window: an hour")
}

// TestWebhookDeduperForgetsWhenTheSenderHangsUp: the request's context is
// over by the time the callback fails, yet the claim is still forgotten,
// on a context of its own that is not done.
func TestWebhookDeduperForgetsWhenTheSenderHangsUp(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	ctx, cancel := context.WithCancel(context.Background())
	h := dedupeHandler(store, &calls, &store.mu, func() error {
		cancel()
		return errors.New("gave up")
	}, &logRecords{}, time.Minute)

	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/", strings.NewReader(whtStatusBody))
	req.Header.Set("Authorization", whtSign(t, whtStatusBody))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, 500, rec.Code)
	require.Len(t, store.forgetCtx, 1)
	assert.NoError(t, store.forgetCtx[0].err, "forget ran on a live context")
	assert.True(t, store.forgetCtx[0].hasDeadline && time.Until(store.forgetCtx[0].deadline) <= forgetTimeout, "forget is bounded")
	assert.Equal(t, []string{"claim " + statusKey, "callback", "forget " + statusKey}, calls)
}

func TestWebhookDeduperForgetsAPanickingCallback(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	h := dedupeHandler(store, &calls, &store.mu, func() error { panic("boom") }, &logRecords{}, time.Minute)
	assert.PanicsWithValue(t, "boom", func() { whtPost(h, "/", whtSign(t, whtStatusBody), whtStatusBody) }, "the panic goes on to net/http")
	assert.Equal(t, []string{"claim " + statusKey, "callback", "forget " + statusKey}, calls)
}

func TestWebhookDeduperStoreErrorIs503(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	store.claimErr = errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return nil }, logs, time.Minute)

	res := whtPost(h, "/webhooks/status", whtSign(t, whtStatusBody), whtStatusBody)
	assert.Equal(t, 503, res.Code)
	assert.Equal(t, "dedupe store unavailable\n", res.Body.String())
	assert.Equal(t, []string{"claim " + statusKey}, calls, "nothing ran")
	assert.Equal(t, []string{"ERROR messages: webhook: dedupe store failed; answered 503 so the API re-delivers" +
		" path=/webhooks/status key=" + statusKey + " error=dial tcp 127.0.0.1:6379: connect: connection refused"}, logs.all())

	// Once the store is back, the re-delivery runs once.
	store.mu.Lock()
	store.claimErr = nil
	store.mu.Unlock()
	assert.Equal(t, 200, whtPost(h, "/webhooks/status", whtSign(t, whtStatusBody), whtStatusBody).Code)
	assert.Equal(t, 200, whtPost(h, "/webhooks/status", whtSign(t, whtStatusBody), whtStatusBody).Code)
	assert.Equal(t, []string{"claim " + statusKey, "claim " + statusKey, "callback", "claim " + statusKey}, calls)
}

func TestWebhookDeduperForgetErrorIsLogged(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	store.forgetErr = errors.New("i/o timeout")
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return errors.New("db down") }, logs, time.Minute)

	assert.Equal(t, 500, whtPost(h, "/s", whtSign(t, whtStatusBody), whtStatusBody).Code)
	assert.Equal(t, []string{
		"ERROR messages: webhook: dedupe store failed to forget; a re-delivery is dropped until the claim expires path=/s key=" + statusKey + " error=i/o timeout",
		"ERROR messages: webhook: callback failed path=/s error=db down",
	}, logs.all())
}

func TestWebhookDeduperNilPointerIs503(t *testing.T) {
	t.Parallel()
	var calls []string
	var mu sync.Mutex
	logs := &logRecords{}
	var store *fakeDeduper
	h := dedupeHandler(store, &calls, &mu, func() error { return nil }, logs, time.Minute)
	res := whtPost(h, "/", whtSign(t, whtStatusBody), whtStatusBody)
	assert.Equal(t, 503, res.Code)
	assert.Empty(t, calls)
	assert.Equal(t, []string{"ERROR messages: webhook: dedupe store failed; answered 503 so the API re-delivers" +
		" path=/ key=" + statusKey + " error=messages: webhook: the deduper is a nil pointer"}, logs.all())
}

// TestWebhookDeduperKeylessEventRuns: an event with no message UUID under
// a token with no jti has nothing to be told apart by, so it is not
// claimed and every delivery runs.
func TestWebhookDeduperKeylessEventRuns(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	h := NewWebhookHandler(WebhookConfig{
		SignatureSecret: webhookSecret,
		Deduper:         store,
		OnUnknown: func(context.Context, *UnknownEvent) error {
			store.mu.Lock()
			defer store.mu.Unlock()
			calls = append(calls, "callback")
			return nil
		},
		now: webhookClock,
	})
	auth := signWebhook(t, []byte(whtUnknownBody), webhookSecret, webhookNow, func(c *whsign.Claims) { c.JTI = "" })
	assert.Equal(t, 200, whtPost(h, "/", auth, whtUnknownBody).Code)
	assert.Equal(t, 200, whtPost(h, "/", auth, whtUnknownBody).Code)
	assert.Equal(t, []string{"callback", "callback"}, calls)
}

func TestMemDeduperBounded(t *testing.T) {
	t.Parallel()
	d := newMemDeduper(webhookClock)
	ctx := context.Background()
	for i := range memDedupeMaxEntries + 10 {
		first, err := d.Claim(ctx, strconv.Itoa(i), time.Hour)
		require.NoError(t, err)
		require.True(t, first)
	}
	assert.LessOrEqual(t, len(d.entries), memDedupeMaxEntries)
	assert.LessOrEqual(t, len(d.order), memDedupeMaxEntries)
	first, _ := d.Claim(ctx, strconv.Itoa(memDedupeMaxEntries+9), time.Hour)
	assert.False(t, first, "newest key kept")
	first, _ = d.Claim(ctx, "0", time.Hour)
	assert.True(t, first, "oldest key forgotten")
}

func TestMemDeduperWindowAndForget(t *testing.T) {
	t.Parallel()
	now := webhookNow
	d := newMemDeduper(func() time.Time { return now })
	ctx := context.Background()
	claim := func() bool {
		first, err := d.Claim(ctx, "k", time.Minute)
		require.NoError(t, err)
		return first
	}
	assert.True(t, claim())
	now = now.Add(59 * time.Second)
	assert.False(t, claim(), "held within the window")
	now = now.Add(time.Second)
	assert.True(t, claim(), "free at the window's end")
	require.NoError(t, d.Forget(ctx, "k"))
	assert.True(t, claim(), "free once forgotten")
}
