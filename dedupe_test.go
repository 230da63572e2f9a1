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
// every call in order beside the callbacks' own marks. Its tokens are
// "t1", "t2", ... in claim order.
type fakeDeduper struct {
	mu         sync.Mutex
	calls      *[]string         // shared with the callbacks, to see the order
	held       map[string]string // key -> token, or "done"
	seq        int
	claimErr   error
	doneErr    error
	releaseErr error
	leases     []time.Duration
	windows    []time.Duration
	finishCtx  []finishContext
}

// finishContext is what a Done's or Release's context was when it was
// called.
type finishContext struct {
	err         error
	deadline    time.Time
	hasDeadline bool
}

func newFakeDeduper(calls *[]string) *fakeDeduper {
	return &fakeDeduper{calls: calls, held: map[string]string{}}
}

func (f *fakeDeduper) Claim(ctx context.Context, key string, lease time.Duration) (DedupeClaim, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.calls = append(*f.calls, "claim "+key)
	f.leases = append(f.leases, lease)
	if f.claimErr != nil {
		return DedupeClaim{}, f.claimErr
	}
	switch f.held[key] {
	case "":
	case "done":
		return DedupeClaim{State: DedupeDone}, nil
	default:
		return DedupeClaim{State: DedupePending}, nil
	}
	f.seq++
	tok := "t" + strconv.Itoa(f.seq)
	f.held[key] = tok
	return DedupeClaim{State: DedupeClaimed, Token: tok}, nil
}

func (f *fakeDeduper) Done(ctx context.Context, key, token string, window time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.calls = append(*f.calls, "done "+key+" "+token)
	f.windows = append(f.windows, window)
	f.recordCtx(ctx)
	if f.doneErr != nil {
		return f.doneErr
	}
	if h := f.held[key]; h == "" || h == token {
		f.held[key] = "done"
	}
	return nil
}

func (f *fakeDeduper) Release(ctx context.Context, key, token string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.calls = append(*f.calls, "release "+key+" "+token)
	f.recordCtx(ctx)
	if f.releaseErr != nil {
		return f.releaseErr
	}
	if f.held[key] == token {
		delete(f.held, key)
	}
	return nil
}

func (f *fakeDeduper) recordCtx(ctx context.Context) {
	deadline, ok := ctx.Deadline()
	f.finishCtx = append(f.finishCtx, finishContext{ctx.Err(), deadline, ok})
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

const statusKey = "status:" + quotedUUID + ":delivered"

// dedupeHandler builds a signed handler on store whose status callback
// marks calls and returns what fail says.
func dedupeHandler(store Deduper, calls *[]string, mu *sync.Mutex, fail func() error, logs *logRecords, window time.Duration) http.Handler {
	return newWebhookHandler(WebhookConfig{
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
	}, webhookClock)
}

func TestWebhookDeduperClaimsBeforeTheCallback(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return nil }, logs, 10*time.Minute)

	auth := signedHeader(t, statusBody)
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code)
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "a repeat of a done event is answered 200")
	assert.Equal(t, []string{"claim " + statusKey, "callback", "done " + statusKey + " t1", "claim " + statusKey}, calls)
	assert.Equal(t, []time.Duration{35 * time.Second, 35 * time.Second}, store.leases, "the lease is CallbackTimeout (30 s) and 5 s for the store")
	assert.Equal(t, []time.Duration{10 * time.Minute}, store.windows, "Dedupe is the done mark's window")
	assert.Equal(t, []string{"DEBUG messages: webhook: repeat dropped key=" + statusKey}, logs.all())
}

func TestWebhookDeduperLeaseFollowsCallbackTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ timeout, lease time.Duration }{
		{time.Minute, time.Minute + 5*time.Second},
		{2 * time.Second, 4 * time.Second},
		{0, 35 * time.Second},
	} {
		var calls []string
		store := newFakeDeduper(&calls)
		h := newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, Deduper: store, CallbackTimeout: tc.timeout}, webhookClock)
		assert.Equal(t, 200, postWebhook(h, "/", signedHeader(t, statusBody), statusBody).Code)
		assert.Equal(t, []time.Duration{tc.lease}, store.leases, "CallbackTimeout %s", tc.timeout)
	}
}

func TestWebhookDeduperReleasesAFailedCallback(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	failures := []error{errors.New("db down"), nil}
	h := dedupeHandler(store, &calls, &store.mu, func() error {
		err := failures[0]
		failures = failures[1:]
		return err
	}, &logRecords{}, 0)

	auth := signedHeader(t, statusBody)
	assert.Equal(t, 500, postWebhook(h, "/", auth, statusBody).Code)
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "the re-delivery runs")
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "and then counts as done")
	assert.Equal(t, []string{
		"claim " + statusKey, "callback", "release " + statusKey + " t1",
		"claim " + statusKey, "callback", "done " + statusKey + " t2",
		"claim " + statusKey,
	}, calls)
	assert.Equal(t, []time.Duration{time.Hour}, store.windows, "no Dedupe window: an hour")
}

// TestWebhookDeduperReleasesWhenTheSenderHangsUp: the request's context is
// over by the time the callback fails, yet the claim is still released,
// on a context of its own that is not done.
func TestWebhookDeduperReleasesWhenTheSenderHangsUp(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	ctx, cancel := context.WithCancel(context.Background())
	returned := make(chan struct{})
	released := make(chan struct{}, 1)
	h := dedupeHandler(&notifyDeduper{Deduper: store, released: released}, &calls, &store.mu, func() error {
		cancel()
		<-returned // the handler has seen the hang-up and answered first
		return errors.New("gave up")
	}, &logRecords{}, time.Minute)

	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/", strings.NewReader(statusBody))
	req.Header.Set("Authorization", signedHeader(t, statusBody))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, 503, rec.Code, "a sender that hung up is answered 5xx")
	close(returned)
	waitFor(t, released, "the abandoned callback's claim released")
	store.mu.Lock()
	defer store.mu.Unlock()
	require.Len(t, store.finishCtx, 1)
	assert.NoError(t, store.finishCtx[0].err, "release ran on a live context")
	assert.True(t, store.finishCtx[0].hasDeadline && time.Until(store.finishCtx[0].deadline) <= storeTimeout, "release is bounded")
	assert.Equal(t, []string{"claim " + statusKey, "callback", "release " + statusKey + " t1"}, calls)
}

func TestWebhookDeduperReleasesAPanickingCallback(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	h := dedupeHandler(store, &calls, &store.mu, func() error { panic("boom") }, &logRecords{}, time.Minute)
	assert.PanicsWithValue(t, "boom", func() { postWebhook(h, "/", signedHeader(t, statusBody), statusBody) }, "the panic goes on to net/http")
	assert.Equal(t, []string{"claim " + statusKey, "callback", "release " + statusKey + " t1"}, calls)
}

func TestWebhookDeduperStoreErrorIs503(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	store.claimErr = errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return nil }, logs, time.Minute)

	res := postWebhook(h, "/webhooks/status", signedHeader(t, statusBody), statusBody)
	assert.Equal(t, 503, res.Code)
	assert.Equal(t, "dedupe store unavailable\n", res.Body.String())
	assert.Equal(t, []string{"claim " + statusKey}, calls, "nothing ran")
	assert.Equal(t, []string{"ERROR messages: webhook: dedupe store failed; answered 503 so the API re-delivers" +
		" path=/webhooks/status key=" + statusKey + " error=dial tcp 127.0.0.1:6379: connect: connection refused"}, logs.all())

	// Once the store is back, the re-delivery runs once.
	store.mu.Lock()
	store.claimErr = nil
	store.mu.Unlock()
	assert.Equal(t, 200, postWebhook(h, "/webhooks/status", signedHeader(t, statusBody), statusBody).Code)
	assert.Equal(t, 200, postWebhook(h, "/webhooks/status", signedHeader(t, statusBody), statusBody).Code)
	assert.Equal(t, []string{"claim " + statusKey, "claim " + statusKey, "callback", "done " + statusKey + " t1", "claim " + statusKey}, calls)
}

func TestWebhookDeduperUnknownStateIs503(t *testing.T) {
	t.Parallel()
	logs := &logRecords{}
	h := newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, Deduper: stateDeduper(7), Logger: slog.New(logs),
		OnStatus: func(context.Context, *Status) error { panic("ran") }}, webhookClock)
	assert.Equal(t, 503, postWebhook(h, "/", signedHeader(t, statusBody), statusBody).Code)
	assert.Equal(t, []string{"ERROR messages: webhook: dedupe store failed; answered 503 so the API re-delivers" +
		" path=/ key=" + statusKey + " error=messages: webhook: the deduper answered an unknown state 7"}, logs.all())
}

// stateDeduper answers every claim with its state.
type stateDeduper DedupeState

func (s stateDeduper) Claim(context.Context, string, time.Duration) (DedupeClaim, error) {
	return DedupeClaim{State: DedupeState(s)}, nil
}
func (stateDeduper) Done(context.Context, string, string, time.Duration) error { return nil }
func (stateDeduper) Release(context.Context, string, string) error             { return nil }

func TestWebhookDeduperReleaseErrorIsLogged(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	store.releaseErr = errors.New("i/o timeout")
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return errors.New("db down") }, logs, time.Minute)

	assert.Equal(t, 500, postWebhook(h, "/s", signedHeader(t, statusBody), statusBody).Code)
	assert.Equal(t, []string{
		"ERROR messages: webhook: dedupe store failed to release a failed event; re-deliveries get 503 until its lease lapses path=/s key=" + statusKey + " lease=35s error=i/o timeout",
		"ERROR messages: webhook: callback failed path=/s error=db down",
	}, logs.all())
	assert.Equal(t, 503, postWebhook(h, "/s", signedHeader(t, statusBody), statusBody).Code, "the claim left pending holds the event: 503, never 200")
}

// TestWebhookDeduperDoneErrorStillAnswers200: the callback succeeded, so
// the event is handled and 200 is true; the lost done mark can only let a
// re-delivery run the callback again.
func TestWebhookDeduperDoneErrorStillAnswers200(t *testing.T) {
	t.Parallel()
	var calls []string
	store := newFakeDeduper(&calls)
	store.doneErr = errors.New("i/o timeout")
	logs := &logRecords{}
	h := dedupeHandler(store, &calls, &store.mu, func() error { return nil }, logs, time.Minute)

	assert.Equal(t, 200, postWebhook(h, "/s", signedHeader(t, statusBody), statusBody).Code)
	assert.Equal(t, []string{
		"ERROR messages: webhook: dedupe store failed to mark the event done; a re-delivery may run its callback again path=/s key=" + statusKey + " error=i/o timeout",
	}, logs.all())
	assert.Equal(t, []string{"claim " + statusKey, "callback", "done " + statusKey + " t1"}, calls)
}

func TestWebhookDeduperNilPointerIs503(t *testing.T) {
	t.Parallel()
	var calls []string
	var mu sync.Mutex
	logs := &logRecords{}
	var store *fakeDeduper
	h := dedupeHandler(store, &calls, &mu, func() error { return nil }, logs, time.Minute)
	res := postWebhook(h, "/", signedHeader(t, statusBody), statusBody)
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
	h := newWebhookHandler(WebhookConfig{
		SignatureSecret: webhookSecret,
		Deduper:         store,
		OnUnknown: func(context.Context, *UnknownEvent) error {
			store.mu.Lock()
			defer store.mu.Unlock()
			calls = append(calls, "callback")
			return nil
		},
	}, webhookClock)
	auth := signWebhook(t, []byte(unknownBody), webhookSecret, webhookNow, func(c *whsign.Claims) { c.JTI = "" })
	assert.Equal(t, 200, postWebhook(h, "/", auth, unknownBody).Code)
	assert.Equal(t, 200, postWebhook(h, "/", auth, unknownBody).Code)
	assert.Equal(t, []string{"callback", "callback"}, calls)
}

// notifyDeduper passes each call on to Deduper and then says so on
// released or done (when set), so a test can wait for a callback that
// finished after its request was answered.
type notifyDeduper struct {
	Deduper
	released, done chan struct{}
}

func (n *notifyDeduper) Done(ctx context.Context, key, token string, window time.Duration) error {
	err := n.Deduper.Done(ctx, key, token, window)
	if n.done != nil {
		n.done <- struct{}{}
	}
	return err
}

func (n *notifyDeduper) Release(ctx context.Context, key, token string) error {
	err := n.Deduper.Release(ctx, key, token)
	if n.released != nil {
		n.released <- struct{}{}
	}
	return err
}

// waitFor waits for ch, failing the test after a minute.
func waitFor[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		require.FailNow(t, "not within a minute: "+what)
		panic("unreachable")
	}
}

func TestDedupeKeyIsPrintable(t *testing.T) {
	t.Parallel()
	st := &Status{MessageUUID: "a:b\x00c", Status: "x:y"}
	assert.Equal(t, "status:a%3Ab%00c:x%3Ay", dedupeKey(st, nil), "escaped: a ':' cannot make two keys meet, and no NUL byte")
	assert.NotEqual(t, dedupeKey(&Status{MessageUUID: "a:b", Status: "c"}, nil), dedupeKey(&Status{MessageUUID: "a", Status: "b:c"}, nil))
	assert.Equal(t, "inbound:"+quotedUUID, dedupeKey(&Inbound{MessageUUID: quotedUUID}, nil))
	assert.Equal(t, "jti:j%0A1", dedupeKey(&UnknownEvent{}, &SignatureClaims{JTI: "j\n1"}))
	assert.Equal(t, "", dedupeKey(&UnknownEvent{}, &SignatureClaims{}))
}

func TestMemDeduperBounded(t *testing.T) {
	t.Parallel()
	d := newMemDeduper(webhookClock)
	ctx := context.Background()
	for i := range memDedupeMaxEntries + 10 {
		c, err := d.Claim(ctx, strconv.Itoa(i), time.Hour)
		require.NoError(t, err)
		require.Equal(t, DedupeClaimed, c.State)
		if i%2 == 0 {
			require.NoError(t, d.Done(ctx, strconv.Itoa(i), c.Token, time.Hour))
		}
	}
	assert.LessOrEqual(t, len(d.entries), memDedupeMaxEntries)
	assert.LessOrEqual(t, len(d.order), memDedupeMaxEntries)
	c, _ := d.Claim(ctx, strconv.Itoa(memDedupeMaxEntries+9), time.Hour)
	assert.Equal(t, DedupePending, c.State, "newest key kept")
	c, _ = d.Claim(ctx, strconv.Itoa(memDedupeMaxEntries+8), time.Hour)
	assert.Equal(t, DedupeDone, c.State, "newest done mark kept")
	c, _ = d.Claim(ctx, "0", time.Hour)
	assert.Equal(t, DedupeClaimed, c.State, "oldest key forgotten")
}

// TestMemDeduperStates walks one key through every state on an injected
// clock: a lease that lapses, a release, a done mark and its window, and
// finishers holding a token that is no longer the key's.
func TestMemDeduperStates(t *testing.T) {
	t.Parallel()
	now := webhookNow
	d := newMemDeduper(func() time.Time { return now })
	ctx := context.Background()
	claim := func() DedupeClaim {
		c, err := d.Claim(ctx, "k", 10*time.Second)
		require.NoError(t, err)
		return c
	}
	first := claim()
	require.Equal(t, DedupeClaimed, first.State)
	require.NotEmpty(t, first.Token)
	assert.Equal(t, DedupeClaim{State: DedupePending}, claim(), "pending within the lease")
	now = now.Add(10 * time.Second)
	second := claim()
	assert.Equal(t, DedupeClaimed, second.State, "the lease lapsed")
	assert.NotEqual(t, first.Token, second.Token)

	require.NoError(t, d.Release(ctx, "k", first.Token))
	require.NoError(t, d.Done(ctx, "k", first.Token, time.Minute))
	assert.Equal(t, DedupePending, claim().State, "a stale token neither releases nor finishes another claim")

	require.NoError(t, d.Release(ctx, "k", second.Token))
	third := claim()
	assert.Equal(t, DedupeClaimed, third.State, "released")
	require.NoError(t, d.Done(ctx, "k", third.Token, time.Minute))
	assert.Equal(t, DedupeDone, claim().State)
	require.NoError(t, d.Release(ctx, "k", third.Token))
	assert.Equal(t, DedupeDone, claim().State, "release does not undo a done mark")
	now = now.Add(59 * time.Second)
	assert.Equal(t, DedupeDone, claim().State, "done within the window")
	now = now.Add(time.Second)
	fourth := claim()
	assert.Equal(t, DedupeClaimed, fourth.State, "free at the window's end")

	now = now.Add(10 * time.Second)
	require.NoError(t, d.Done(ctx, "k", fourth.Token, time.Minute))
	assert.Equal(t, DedupeDone, claim().State, "a callback that succeeded after its lease lapsed still marks a free key done")
}

func TestDedupeStateString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"claimed", "pending", "done", "DedupeState(0)"},
		[]string{DedupeClaimed.String(), DedupePending.String(), DedupeDone.String(), DedupeState(0).String()})
}
