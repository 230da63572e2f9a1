package redisstore

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// acceptingAPI counts the sends it is given and accepts each, as the API
// does, with a 202 and a UUID.
func acceptingAPI(t testing.TB) (*httptest.Server, *atomic.Int64) {
	var sends atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sends.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		w.Write([]byte(`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &sends
}

// replica is one process of a fleet: its own Redis client and its own
// *messages.Client, paced by the shared key.
func replica(t testing.TB, rdbAddr, apiURL, key string, perSecond float64, burst int) *messages.Client {
	t.Helper()
	lim, err := NewLimiter(newRDB(t, rdbAddr), key, perSecond, burst)
	require.NoError(t, err)
	c, err := messages.NewClient("", nil, messages.WithBasicAuth("key", "secret"), messages.WithBaseURL(apiURL), messages.WithLimiter(lim))
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

var sms = messages.SMS{From: "447700900001", To: "447700900000", Text: "hi"}

// TestFleetSharesOneRate: two replicas, eight goroutines each, send as
// fast as they may for 3 s through one Redis limiter of 20 a second with a
// burst of 5. GCRA allows at most the burst plus 20 a second: 65. The
// lower bound, 70 % of that, shows the shared limiter does not starve the
// fleet; two in-process limiters would have sent about twice the upper one.
func TestFleetSharesOneRate(t *testing.T) {
	t.Parallel()
	const (
		perSecond = 20
		burst     = 5
		window    = 3 * time.Second
		most      = perSecond*3 + burst
		least     = most * 7 / 10 // 45.5, rounded down: at least 46 is asserted below
	)
	addr := redisAddr(t)
	api, sends := acceptingAPI(t)
	key := uniqueName(t)
	clients := []*messages.Client{replica(t, addr, api.URL, key, perSecond, burst), replica(t, addr, api.URL, key, perSecond, burst)}

	ctx, cancel := context.WithTimeout(context.Background(), window)
	defer cancel()
	var sent atomic.Int64
	var wg sync.WaitGroup
	for _, c := range clients {
		for range 8 {
			wg.Go(func() {
				for ctx.Err() == nil {
					_, err := c.Send(ctx, sms)
					if err == nil {
						sent.Add(1)
						continue
					}
					// Not require: this is not the test's goroutine.
					if !assert.ErrorIs(t, err, context.DeadlineExceeded, "send") {
						return
					}
				}
			})
		}
	}
	wg.Wait()
	got := sends.Load()
	t.Logf("the API received %d sends in %s from 2 replicas x 8 goroutines at %d/s, burst %d (at most %d)", got, window, perSecond, burst, most)
	assert.LessOrEqual(t, got, int64(most), "the shared limit held")
	assert.Greater(t, got, int64(least), "at least 70%% of the limit was used")
	assert.LessOrEqual(t, sent.Load(), got)
}

// fleetHandlers builds two replicas' webhook handlers sharing prefix on
// Redis at addr, both calling run.
func fleetHandlers(t testing.TB, addrs [2]string, prefix string, run func() error) [2]http.Handler {
	t.Helper()
	var hs [2]http.Handler
	for i, addr := range addrs {
		hs[i] = fleetHandler(t, newDeduper(t, newRDB(t, addr), prefix), 0, run)
	}
	return hs
}

func newDeduper(t testing.TB, rdb redis.UniversalClient, prefix string) *Deduper {
	t.Helper()
	d, err := NewDeduper(rdb, prefix)
	require.NoError(t, err)
	return d
}

// fleetHandler is one replica's webhook handler on d, calling run with
// the given CallbackTimeout (0: the default).
func fleetHandler(t testing.TB, d messages.Deduper, timeout time.Duration, run func() error) http.Handler {
	t.Helper()
	return messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: webhookSecret,
		Dedupe:          10 * time.Minute,
		Deduper:         d,
		CallbackTimeout: timeout,
		OnStatus:        func(context.Context, *messages.Status) error { return run() },
	})
}

const webhookSecret = "fleet-secret-0123456789abcdef"

// deliver posts a status event as the API does, signed afresh each time
// like a re-delivery, and returns the answer's code.
func deliver(t testing.TB, h http.Handler, body string) int {
	return deliverCtx(context.Background(), t, h, body)
}

// deliverCtx is deliver with the request's context: a sender that hangs
// up when ctx ends.
func deliverCtx(ctx context.Context, t testing.TB, h http.Handler, body string) int {
	auth, err := messagestest.SignWebhook([]byte(body), webhookSecret)
	if !assert.NoError(t, err) { // not require: callers run it on goroutines of their own
		return 0
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/webhooks/status", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// statusBody is a delivered status for a message UUID of the test's own,
// so runs on one server do not see each other's events.
func statusBody(uuid string) string {
	return `{"message_uuid":"` + uuid + `","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","status":"delivered","channel":"sms"}`
}

func newEventUUID(t testing.TB) string {
	return strings.ReplaceAll(uniqueName(t), ":", "-")
}

// TestFleetRunsAnEventOnce: the same event reaches two replicas 50 times
// each, all at once. One copy claims it, and its callback holds on until
// the 99 others are answered: each 503, since the event is in progress and
// none may be told it was handled. Then the first copy gets 200, every
// re-delivery of the 99 gets 200, and the callback ran once.
func TestFleetRunsAnEventOnce(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	var runs atomic.Int64
	others := make(chan struct{})
	hs := fleetHandlers(t, [2]string{addr, addr}, uniqueName(t)+":", func() error {
		runs.Add(1)
		select {
		case <-others:
			return nil
		case <-time.After(time.Minute):
			return errors.New("the 99 repeats were not answered within a minute")
		}
	})
	body := statusBody(newEventUUID(t))

	start := make(chan struct{})
	codes := make(chan int, 100)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			<-start
			codes <- deliver(t, hs[i%2], body)
		})
	}
	close(start)
	for range 99 {
		assert.Equal(t, http.StatusServiceUnavailable, waitFor(t, codes, "99 repeats answered"))
	}
	close(others)
	assert.Equal(t, http.StatusOK, waitFor(t, codes, "the first copy answered"))
	wg.Wait()
	for i := range 99 {
		assert.Equal(t, http.StatusOK, deliver(t, hs[i%2], body), "a re-delivery once the callback succeeded")
	}
	assert.Equal(t, int64(1), runs.Load(), "the callback ran once for 199 deliveries")
}

// TestFleetInFlightRepeat: a repeat reaches the second replica while the
// first is in its callback and gets 503; the first run then fails (500),
// and the API's re-delivery, on the second replica, runs the callback.
func TestFleetInFlightRepeat(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	var runs, succeeded atomic.Int64
	entered, proceed := make(chan struct{}), make(chan struct{})
	hs := fleetHandlers(t, [2]string{addr, addr}, uniqueName(t)+":", func() error {
		if runs.Add(1) == 1 {
			close(entered)
			<-proceed
			return errors.New("db down")
		}
		succeeded.Add(1)
		return nil
	})
	body := statusBody(newEventUUID(t))
	first := make(chan int, 1)
	go func() { first <- deliver(t, hs[0], body) }()
	waitFor(t, entered, "the first delivery in its callback")
	assert.Equal(t, http.StatusServiceUnavailable, deliver(t, hs[1], body), "not handled yet")
	close(proceed)
	assert.Equal(t, http.StatusInternalServerError, waitFor(t, first, "the first delivery answered"))
	assert.Zero(t, succeeded.Load())
	assert.Equal(t, http.StatusOK, deliver(t, hs[1], body), "the re-delivery runs")
	assert.Equal(t, http.StatusOK, deliver(t, hs[0], body), "and then the event is done")
	assert.Equal(t, int64(2), runs.Load())
	assert.Equal(t, int64(1), succeeded.Load())
}

// notifyDeduper passes each call on to its Deduper and then says on
// released that a Release ran.
type notifyDeduper struct {
	messages.Deduper
	released chan struct{}
}

func (n *notifyDeduper) Release(ctx context.Context, key, token string) error {
	err := n.Deduper.Release(ctx, key, token)
	n.released <- struct{}{}
	return err
}

// redeliverUntil delivers body to the replicas in turn, as the API's
// re-deliveries do, until one is answered other than 503, and returns
// that code and how many deliveries it took. before checks each answer.
func redeliverUntil(t *testing.T, hs [2]http.Handler, body string, before func(code int)) (code, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for n = 1; time.Now().Before(deadline); n++ {
		code = deliver(t, hs[n%2], body)
		before(code)
		if code != http.StatusServiceUnavailable {
			return code, n
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.FailNow(t, "re-deliveries still answered 503 after a minute")
	return 0, n
}

// TestFleetCallbackNeverReturns: the first replica's callback hangs, deaf
// to its deadline, as a replica that died mid-callback. The handler gives
// up at CallbackTimeout (503); re-deliveries to either replica get 503
// while its lease holds and never 200 before the callback succeeded; once
// the lease lapses, one runs it. When the hung callback finally fails, its
// release leaves the done mark alone.
func TestFleetCallbackNeverReturns(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	prefix := uniqueName(t) + ":"
	var runs, succeeded atomic.Int64
	stuck := make(chan struct{})
	run := func() error {
		if runs.Add(1) == 1 {
			<-stuck
			return errors.New("gave up at last")
		}
		succeeded.Add(1)
		return nil
	}
	released := make(chan struct{}, 1)
	const timeout = 200 * time.Millisecond // a lease of 400 ms
	hs := [2]http.Handler{
		fleetHandler(t, &notifyDeduper{newDeduper(t, newRDB(t, addr), prefix), released}, timeout, run),
		fleetHandler(t, newDeduper(t, newRDB(t, addr), prefix), timeout, run),
	}
	body := statusBody(newEventUUID(t))
	assert.Equal(t, http.StatusServiceUnavailable, deliver(t, hs[0], body), "abandoned at its deadline")
	code, n := redeliverUntil(t, hs, body, func(code int) {
		if code == http.StatusOK {
			assert.Equal(t, int64(1), succeeded.Load(), "200 only once the callback succeeded")
		}
	})
	assert.Equal(t, http.StatusOK, code, "the lease lapsed and a replica ran it")
	assert.Equal(t, int64(2), runs.Load())
	t.Logf("%d re-deliveries until the lease lapsed", n)

	close(stuck)
	waitFor(t, released, "the hung callback's release")
	assert.Equal(t, http.StatusOK, deliver(t, hs[0], body))
	assert.Equal(t, http.StatusOK, deliver(t, hs[1], body))
	assert.Equal(t, int64(2), runs.Load())
}

// TestFleetReRunsAFailedEvent: the callback fails on one replica (500);
// the API's re-delivery lands on the other, which runs it; a third copy
// is then dropped.
func TestFleetReRunsAFailedEvent(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	var runs atomic.Int64
	hs := fleetHandlers(t, [2]string{addr, addr}, uniqueName(t)+":", func() error {
		if runs.Add(1) == 1 {
			return errors.New("database busy")
		}
		return nil
	})
	body := statusBody(newEventUUID(t))
	assert.Equal(t, http.StatusInternalServerError, deliver(t, hs[0], body))
	assert.Equal(t, http.StatusOK, deliver(t, hs[1], body), "the re-delivery runs")
	assert.Equal(t, http.StatusOK, deliver(t, hs[0], body), "a later copy is dropped")
	assert.Equal(t, int64(2), runs.Load())
}

// TestFleetRedisOutage: Redis goes away (the proxy both replicas reach it
// through closes, so their clients see refused dials and cut connections).
// A new event is answered 503 and runs nothing, and a send fails without
// reaching the API. Once Redis is back, the API's re-deliveries get
// through and the event runs once.
func TestFleetRedisOutage(t *testing.T) {
	t.Parallel()
	proxy := newTCPProxy(t, redisAddr(t))
	var runs atomic.Int64
	hs := fleetHandlers(t, [2]string{proxy.addr, proxy.addr}, uniqueName(t)+":", func() error {
		runs.Add(1)
		return nil
	})
	api, sends := acceptingAPI(t)
	client := replica(t, proxy.addr, api.URL, uniqueName(t), 1000, 10)
	_, err := client.Send(context.Background(), sms)
	require.NoError(t, err, "sends go while Redis is up")
	require.Equal(t, http.StatusOK, deliver(t, hs[0], statusBody(newEventUUID(t))), "so do webhooks")
	runs.Store(0)
	sends.Store(0)

	proxy.stop()
	body := statusBody(newEventUUID(t))
	for _, h := range hs {
		assert.Equal(t, http.StatusServiceUnavailable, deliver(t, h, body))
	}
	assert.Zero(t, runs.Load(), "nothing ran")
	_, err = client.Send(context.Background(), sms)
	assert.True(t, err != nil && strings.HasPrefix(err.Error(), "messages: redisstore: rate limit: "), "send: %v", err)
	assert.Zero(t, sends.Load(), "nothing was sent unpaced")

	proxy.start(t)
	// The API backs off between re-deliveries; the clients' pools may
	// take a moment to dial again, and until then the answer stays 503.
	deadline := time.Now().Add(time.Minute)
	code := 0
	for i := 0; time.Now().Before(deadline); i++ {
		if code = deliver(t, hs[i%2], body); code != http.StatusServiceUnavailable {
			break
		}
		assert.Zero(t, runs.Load(), "a 503 ran nothing")
		time.Sleep(50 * time.Millisecond)
	}
	assert.Equal(t, http.StatusOK, code, "a re-delivery got through once Redis was back")
	assert.Equal(t, http.StatusOK, deliver(t, hs[0], body))
	assert.Equal(t, http.StatusOK, deliver(t, hs[1], body))
	assert.Equal(t, int64(1), runs.Load(), "the event ran once")
}

// TestUniversalClients: NewUniversalClient picks the client kind from its
// options; a single address gives a plain client, and the stores work
// through the interface whatever it is.
func TestUniversalClients(t *testing.T) {
	t.Parallel()
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{redisAddr(t)}})
	defer rdb.Close()
	l, err := NewLimiter(rdb, uniqueName(t), 100, 1)
	require.NoError(t, err)
	require.NoError(t, l.Wait(context.Background()))
	d, err := NewDeduper(rdb, uniqueName(t)+":")
	require.NoError(t, err)
	c, err := d.Claim(context.Background(), "ev", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, messages.DedupeClaimed, c.State)
}

// TestFleetDoneAndReleaseFailures: Redis goes away while a callback runs,
// so the handler cannot mark the event done, or release it. Neither loses
// the event: a succeeded callback is answered 200 (it did succeed) and a
// failed one 500; the claim left pending holds re-deliveries off (503)
// until its lease lapses, and then one runs the callback: a repeat run
// for the succeeded one, the run that counts for the failed one.
func TestFleetDoneAndReleaseFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		first     error
		code      int
		succeeded int64
	}{
		{"done fails", nil, http.StatusOK, 2},
		{"release fails", errors.New("db down"), http.StatusInternalServerError, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			proxy := newTCPProxy(t, redisAddr(t))
			prefix := uniqueName(t) + ":"
			var runs, succeeded atomic.Int64
			run := func() error {
				if runs.Add(1) == 1 {
					proxy.stop() // Redis goes away mid-callback
					if tc.first == nil {
						succeeded.Add(1)
					}
					return tc.first
				}
				succeeded.Add(1)
				return nil
			}
			noRetry := func(o *redis.Options) { o.MaxRetries = -1 }
			hs := [2]http.Handler{
				fleetHandler(t, newDeduper(t, newRDB(t, proxy.addr, noRetry), prefix), 200*time.Millisecond, run),
				fleetHandler(t, newDeduper(t, newRDB(t, proxy.addr, noRetry), prefix), 200*time.Millisecond, run),
			}
			body := statusBody(newEventUUID(t))
			assert.Equal(t, tc.code, deliver(t, hs[0], body))
			assert.Equal(t, http.StatusServiceUnavailable, deliver(t, hs[1], body), "Redis is down")
			proxy.start(t)
			code, _ := redeliverUntil(t, hs, body, func(code int) {
				if code == http.StatusOK {
					assert.Equal(t, int64(2), runs.Load(), "the pending claim lapsed, and this delivery ran the callback")
				}
			})
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, http.StatusOK, deliver(t, hs[0], body))
			assert.Equal(t, int64(2), runs.Load())
			assert.Equal(t, tc.succeeded, succeeded.Load(), "a lost done mark costs a repeat run, never the event")
		})
	}
}
