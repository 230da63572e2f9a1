package messages

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// Limiter paces the client's requests: Wait blocks until the next request
// may go, or returns an error when it may not (ctx ended, or the limiter's
// store failed), and then nothing is sent. *rate.Limiter from
// golang.org/x/time/rate fits as it is; redisstore.NewLimiter gives one
// shared by every replica of a fleet, since the API's limit is per account.
type Limiter interface {
	Wait(ctx context.Context) error
}

// waitTurn waits for l and makes its error one of ours: a Limiter from
// elsewhere (such as *rate.Limiter) speaks in its own words.
func waitTurn(ctx context.Context, l Limiter) error {
	err := l.Wait(ctx)
	if err == nil || strings.HasPrefix(err.Error(), "messages: ") {
		return err
	}
	return fmt.Errorf("messages: rate limit: %w", err)
}

// limiter is a token bucket. Reservations are taken under the lock and the
// wait happens outside it, so waiting callers do not block each other.
type limiter struct {
	rate, burst float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// Wait takes the next turn, waiting for it unless ctx ends first.
func (l *limiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	if !l.last.IsZero() {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	l.last = now
	l.tokens--
	var d time.Duration
	if l.tokens < 0 {
		// Many waiters at a very slow rate can queue past what a
		// time.Duration holds: wait the longest one can, never a
		// negative overflow.
		d = time.Duration(math.MaxInt64)
		if wait := -l.tokens / l.rate * float64(time.Second); wait < math.MaxInt64 {
			d = time.Duration(wait)
		}
	}
	if deadline, ok := ctx.Deadline(); ok && d > 0 && now.Add(d).After(deadline) {
		l.tokens++
		l.mu.Unlock()
		return fmt.Errorf("messages: rate limit: the next turn in %s is past the context deadline: %w", d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	l.mu.Unlock()
	if d == 0 {
		return nil
	}
	if err := sleepCtx(ctx, d); err != nil {
		l.mu.Lock()
		l.tokens++
		l.mu.Unlock()
		return fmt.Errorf("messages: rate limit: %w", err)
	}
	return nil
}
