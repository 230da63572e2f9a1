package messages

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookDedupeInFlightRepeat, on the in-process store: a repeat that
// arrives while the first delivery is in its callback gets 503, not 200;
// the first run then fails (500), and the API's re-delivery runs the
// callback, which now succeeds. No 200 is given before that success.
func TestWebhookDedupeInFlightRepeat(t *testing.T) {
	t.Parallel()
	var runs, succeeded atomic.Int64
	entered, proceed := make(chan struct{}), make(chan struct{})
	h := newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, Dedupe: time.Minute,
		OnStatus: func(context.Context, *Status) error {
			if runs.Add(1) == 1 {
				close(entered)
				<-proceed
				return errors.New("db down")
			}
			succeeded.Add(1)
			return nil
		}}, webhookClock)
	auth := signedHeader(t, statusBody)

	first := make(chan int, 1)
	go func() { first <- postWebhook(h, "/", auth, statusBody).Code }()
	waitFor(t, entered, "the first delivery in its callback")
	res := postWebhook(h, "/", auth, statusBody)
	assert.Equal(t, 503, res.Code, "the event is not handled yet")
	assert.Equal(t, "event in progress; retry later\n", res.Body.String())
	close(proceed)
	assert.Equal(t, 500, waitFor(t, first, "the first delivery answered"))
	assert.Zero(t, succeeded.Load())

	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "the re-delivery runs")
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "and then the event is done")
	assert.Equal(t, int64(2), runs.Load())
	assert.Equal(t, int64(1), succeeded.Load())
}

// TestWebhookDedupeCallbackNeverReturns, on the in-process store and an
// injected clock: a callback that ignores its context is abandoned at
// CallbackTimeout (503); its claim holds re-deliveries off (503) until the
// lease lapses, then one runs the callback (200). When the stuck callback
// finally fails, its release cannot undo the event now done.
func TestWebhookDedupeCallbackNeverReturns(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(webhookNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	var runs atomic.Int64
	stuck := make(chan struct{})
	released := make(chan struct{}, 1)
	logs := &logRecords{}
	h := newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, Dedupe: time.Minute,
		Deduper:         &notifyDeduper{Deduper: newMemDeduper(clock), released: released},
		CallbackTimeout: 20 * time.Millisecond,
		Logger:          slog.New(logs),
		OnStatus: func(context.Context, *Status) error {
			if runs.Add(1) == 1 {
				<-stuck // a replica that hangs, deaf to its deadline
				return errors.New("gave up at last")
			}
			return nil
		}}, clock)
	auth := signedHeader(t, statusBody)

	res := postWebhook(h, "/", auth, statusBody)
	assert.Equal(t, 503, res.Code)
	assert.Equal(t, "callback timed out\n", res.Body.String())
	assert.Equal(t, []string{"ERROR messages: webhook: callback still running when its context ended; answered 503 so the API re-delivers" +
		" path=/ timeout=20ms error=context deadline exceeded"}, logs.all())
	assert.Equal(t, 503, postWebhook(h, "/", auth, statusBody).Code, "pending within the lease")
	assert.Equal(t, int64(1), runs.Load())

	now.Add(int64(40 * time.Millisecond)) // the lease: 20 ms and as much for the store
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "the lease lapsed: this delivery runs it")
	assert.Equal(t, int64(2), runs.Load())

	close(stuck)
	waitFor(t, released, "the stuck callback's release")
	assert.Equal(t, 200, postWebhook(h, "/", auth, statusBody).Code, "a stale release leaves the done mark")
	assert.Equal(t, int64(2), runs.Load())
}

// TestWebhookCallbackTimeout: the callback's context carries the deadline
// (30 s by default), and a callback still running at it gets 503 whether
// or not dedupe is on; one that panics after it is logged, not re-raised.
func TestWebhookCallbackTimeout(t *testing.T) {
	t.Parallel()
	deadlines := make(chan time.Time, 1)
	h := newWebhookHandler(WebhookConfig{InsecureSkipVerify: true, OnStatus: func(ctx context.Context, _ *Status) error {
		d, _ := ctx.Deadline()
		deadlines <- d
		return nil
	}}, webhookClock)
	before := time.Now()
	assert.Equal(t, 200, postWebhook(h, "/", "", statusBody).Code)
	after := time.Now()
	d := <-deadlines
	assert.False(t, d.Before(before.Add(DefaultWebhookCallbackTimeout)) || d.After(after.Add(DefaultWebhookCallbackTimeout)),
		"deadline %s is 30 s after the request (%s to %s)", d, before, after)

	stuck, ended := make(chan struct{}), make(chan struct{})
	logs := &logRecords{}
	h = newWebhookHandler(WebhookConfig{InsecureSkipVerify: true, CallbackTimeout: time.Millisecond, Logger: slog.New(logs),
		OnStatus: func(ctx context.Context, _ *Status) error {
			defer close(ended)
			<-stuck
			panic("late boom")
		}}, webhookClock)
	res := postWebhook(h, "/", "", statusBody)
	assert.Equal(t, http.StatusServiceUnavailable, res.Code)
	close(stuck)
	waitFor(t, ended, "the callback's end")
	require.Eventually(t, func() bool { return len(logs.all()) == 3 }, time.Minute, time.Millisecond)
	assert.Equal(t, "ERROR messages: webhook: callback panicked after its deadline path=/ panic=late boom", logs.all()[2])
}

// BenchmarkWebhookHandlerDedupe measures what the dedupe path adds to a
// request (a claim, then a done mark, in the in-process store) beside the
// same handler without dedupe, in one run; every request is a new event.
func BenchmarkWebhookHandlerDedupe(b *testing.B) {
	for _, bm := range []struct {
		name   string
		dedupe time.Duration
	}{{"dedupe=off", 0}, {"dedupe=in-process", time.Minute}} {
		b.Run(bm.name, func(b *testing.B) {
			h := newWebhookHandler(WebhookConfig{InsecureSkipVerify: true, Dedupe: bm.dedupe,
				OnStatus: func(context.Context, *Status) error { return nil }}, webhookClock)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				body := strings.Replace(statusBody, "0123456789ab", fmt.Sprintf("%012d", i), 1)
				if code := postWebhook(h, "/", "", body).Code; code != http.StatusOK {
					b.Fatalf("answered %d", code)
				}
			}
		})
	}
}
