package messages

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRateLimitOptionErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		if _, err := NewClient(testAppID, testKeyPEM(t), WithRateLimit(tt.rate, tt.burst)); !errors.Is(err, ErrInvalidOption) {
			t.Errorf("WithRateLimit(%v, %d): got %v", tt.rate, tt.burst, err)
		}
	}
}

// TestRateLimitIsSharedAcrossGoroutines: ten goroutines share one bucket
// of 5 at 20 a second, so the last five sends wait at least 250 ms in all.
// Only a lower bound is asserted: a slow machine can only take longer.
func TestRateLimitIsSharedAcrossGoroutines(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithHTTPClient(memoryDoer{reply: benchReply}), WithTokenReuse(time.Minute), WithRateLimit(20, 5))
	start := time.Now()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if elapsed := time.Since(start); elapsed < 240*time.Millisecond {
		t.Errorf("10 sends took %s; the limit allows them no sooner than 250 ms", elapsed)
	}
}

// TestRateLimitWaitEndsWithContext holds no wall-clock race: at one send an
// hour the next turn never comes during the test, however slow the machine,
// and the wait is cancelled once the call is known to be in it.
func TestRateLimitWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	doer := &countingDoer{memoryDoer: memoryDoer{reply: benchReply}}
	// WithTimeout(0): the client's own timer would wrap the context and
	// so wait on it (see waitSignalContext) before the limiter does.
	c := newTestClient(t, WithHTTPClient(doer), WithTokenReuse(time.Minute), WithTimeout(0), WithRateLimit(1.0/3600, 1))
	msg := SMS{From: fromNumber, To: toNumber, Text: "hi"}
	if _, err := c.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	// The next turn is an hour away: a context ending sooner fails at
	// once, long before its own deadline.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.Send(ctx, msg); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline before the turn: got %v", err)
	}
	if ctx.Err() != nil {
		t.Errorf("the call waited until its context ended instead of failing at once")
	}
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
		t.Fatalf("the call ended without waiting for its turn: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("the call waits for its turn without watching its context")
	}
	ctx2.cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled while waiting: got %v", err)
		}
	case <-time.After(time.Minute):
		// Generous: a wait that honours its context ends at once; one
		// that does not would sleep the rest of the hour.
		t.Fatal("the wait went on after its context was cancelled")
	}
	if n := doer.calls.Load(); n != 1 {
		t.Errorf("%d requests sent, want only the first", n)
	}
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
