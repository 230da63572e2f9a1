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

func TestRateLimitWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	doer := &countingDoer{memoryDoer: memoryDoer{reply: benchReply}}
	c := newTestClient(t, WithHTTPClient(doer), WithTokenReuse(time.Minute), WithRateLimit(0.5, 1))
	msg := SMS{From: fromNumber, To: toNumber, Text: "hi"}
	if _, err := c.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	// The next turn is 2 s away: a context ending sooner fails at once.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Send(ctx, msg); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline before the turn: got %v", err)
	}
	// A context cancelled while waiting ends the wait.
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	if _, err := c.Send(ctx2, msg); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while waiting: got %v", err)
	}
	if n := doer.calls.Load(); n != 1 {
		t.Errorf("%d requests sent, want only the first", n)
	}
}

type countingDoer struct {
	memoryDoer
	calls atomic.Int64
}

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	d.calls.Add(1)
	return d.memoryDoer.Do(r)
}
