package messages

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRateLimitOptionErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		_, err := NewClient(testAppID, testKeyPEM(t), WithRateLimit(tt.rate, tt.burst))
		assert.ErrorIs(t, err, ErrInvalidOption, "WithRateLimit(%v, %d)", tt.rate, tt.burst)
	}
}

// TestRateLimitRefusesRatesItCannotPace: one turn every 317 years does not
// fit in a time.Duration; it overflowed, and every send went through.
func TestRateLimitRefusesRatesItCannotPace(t *testing.T) {
	t.Parallel()
	_, err := NewClient(testAppID, testKeyPEM(t), WithRateLimit(1e-10, 1))
	require.ErrorIs(t, err, ErrInvalidOption)
	assert.EqualError(t, err, "messages: invalid option: rate limit 1e-10 a second is out of range: the wait between turns must fit in a time.Duration (about 292 years)")

	_, err = NewClient(testAppID, testKeyPEM(t), WithRateLimit(1.1e-10, 1))
	assert.NoError(t, err, "one turn every 288 years fits")
}

// TestRateLimitQueueNeverOverflows: at the slowest rate, a queue of
// waiters reaches past what a time.Duration holds; the next waiter must
// still wait (here: fail on its deadline), not go at once.
func TestRateLimitQueueNeverOverflows(t *testing.T) {
	t.Parallel()
	l := &limiter{rate: 1.1e-10, burst: 1, tokens: -5, last: time.Now()}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := l.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "is past the context deadline")
}

// TestRateLimitIsSharedAcrossGoroutines: ten goroutines share one bucket
// of 5 at 20 a second, so the last five sends wait at least 250 ms in all.
// Only a lower bound is asserted: a slow machine can only take longer.
func TestRateLimitIsSharedAcrossGoroutines(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithHTTPClient(memoryDoer{reply: acceptedReply}), WithTokenReuse(time.Minute), WithRateLimit(20, 5))
	start := time.Now()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.GreaterOrEqual(t, time.Since(start), 240*time.Millisecond, "10 sends took less; the limit allows them no sooner than 250 ms")
}

// TestRateLimitWaitEndsWithContext holds no wall-clock race: at one send an
// hour the next turn never comes during the test, however slow the machine,
// and the wait is cancelled once the call is known to be in it.
func TestRateLimitWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	doer := &countingDoer{memoryDoer: memoryDoer{reply: acceptedReply}}
	// WithTimeout(0): the client's own timer would wrap the context and
	// so wait on it (see waitSignalContext) before the limiter does.
	c := newTestClient(t, WithHTTPClient(doer), WithTokenReuse(time.Minute), WithTimeout(0), WithRateLimit(1.0/3600, 1))
	msg := SMS{From: fromNumber, To: toNumber, Text: "hi"}
	_, err := c.Send(context.Background(), msg)
	require.NoError(t, err)
	// The next turn is an hour away: a context ending sooner fails at
	// once, long before its own deadline.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.Send(ctx, msg)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "deadline before the turn")
	assert.NoError(t, ctx.Err(), "the call waited until its context ended instead of failing at once")
	// A context cancelled while waiting ends the wait.
	ctx2 := newWaitSignalContext()
	done := make(chan error, 1)
	go func() {
		_, err := c.Send(ctx2, msg)
		done <- err
	}()
	select {
	case <-ctx2.waiting:
	case err := <-done:
		require.Fail(t, "the call ended without waiting for its turn", "%v", err)
	case <-time.After(time.Minute):
		require.Fail(t, "the call waits for its turn without watching its context")
	}
	ctx2.cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled, "cancelled while waiting")
	case <-time.After(time.Minute):
		// Generous: a wait that honours its context ends at once; one
		// that does not would sleep the rest of the hour.
		require.Fail(t, "the wait went on after its context was cancelled")
	}
	assert.Equal(t, int64(1), doer.calls.Load(), "requests sent: want only the first")
}

// waitSignalContext is a cancellable context that closes waiting the first
// time anyone asks for its Done channel, which is what a wait does. With no
// deadline and no timer of the client's around it, the first to ask is the
// limiter's wait, so a test cancelling on waiting cancels a call that is
// waiting.
type waitSignalContext struct {
	context.Context
	cancel  context.CancelFunc
	once    sync.Once
	waiting chan struct{}
}

func newWaitSignalContext() *waitSignalContext {
	ctx, cancel := context.WithCancel(context.Background())
	return &waitSignalContext{Context: ctx, cancel: cancel, waiting: make(chan struct{})}
}

func (c *waitSignalContext) Done() <-chan struct{} {
	c.once.Do(func() { close(c.waiting) })
	return c.Context.Done()
}

type countingDoer struct {
	memoryDoer
	calls atomic.Int64
}

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	d.calls.Add(1)
	return d.memoryDoer.Do(r)
}

// fakeLimiter counts its turns and fails with err when set.
type fakeLimiter struct {
	turns atomic.Int64
	err   error
}

func (l *fakeLimiter) Wait(context.Context) error {
	l.turns.Add(1)
	return l.err
}

func TestWithLimiterOptionErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		opts []Option
		want string
	}{
		{"nil", []Option{WithLimiter(nil)}, "messages: invalid option: nil limiter"},
		{"nil pointer", []Option{WithLimiter((*fakeLimiter)(nil))}, "messages: invalid option: nil limiter"},
		{"both, rate first", []Option{WithRateLimit(1, 1), WithLimiter(&fakeLimiter{})}, "messages: invalid option: WithRateLimit and WithLimiter each pace the client: use one"},
		{"both, limiter first", []Option{WithLimiter(&fakeLimiter{}), WithRateLimit(1, 1)}, "messages: invalid option: WithRateLimit and WithLimiter each pace the client: use one"},
	} {
		_, err := NewClient(testAppID, testKeyPEM(t), tt.opts...)
		assert.ErrorIs(t, err, ErrInvalidOption, tt.name)
		assert.EqualError(t, err, tt.want, tt.name)
	}
}

// scriptedDoer answers with each status in turn, then 202.
type scriptedDoer struct {
	mu       sync.Mutex
	statuses []int
	calls    int
}

func (d *scriptedDoer) Do(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	d.calls++
	status := http.StatusAccepted
	if len(d.statuses) > 0 {
		status, d.statuses = d.statuses[0], d.statuses[1:]
	}
	d.mu.Unlock()
	res, err := memoryDoer{reply: acceptedReply}.Do(r)
	res.StatusCode = status
	return res, err
}

// TestWithLimiterPacesEveryAttempt: a retry takes a turn of its own, as a
// fleet's shared limit must count every request the API sees.
func TestWithLimiterPacesEveryAttempt(t *testing.T) {
	t.Parallel()
	lim := &fakeLimiter{}
	doer := &scriptedDoer{statuses: []int{http.StatusTooManyRequests}}
	c := newTestClient(t, WithHTTPClient(doer), WithTokenReuse(time.Minute), WithLimiter(lim),
		WithRetry(RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, int64(2), lim.turns.Load(), "limiter turns")
	assert.Equal(t, 2, doer.calls, "requests")
}

// TestWithLimiterErrorSendsNothing: when the limiter cannot give a turn
// (its store is down), nothing is sent, and the error says so in our words
// while keeping the limiter's for errors.Is.
func TestWithLimiterErrorSendsNothing(t *testing.T) {
	t.Parallel()
	storeDown := errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	ours := fmt.Errorf("messages: redisstore: rate limit: %w", storeDown)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{storeDown, "messages: rate limit: dial tcp 127.0.0.1:6379: connect: connection refused"},
		{ours, "messages: redisstore: rate limit: dial tcp 127.0.0.1:6379: connect: connection refused"},
	} {
		doer := &scriptedDoer{}
		c := newTestClient(t, WithHTTPClient(doer), WithTokenReuse(time.Minute), WithLimiter(&fakeLimiter{err: tt.err}))
		_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
		assert.ErrorIs(t, err, storeDown)
		assert.EqualError(t, err, tt.want)
		assert.Zero(t, doer.calls, "requests sent")
	}
}
