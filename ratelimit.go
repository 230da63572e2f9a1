package messages

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// WithRateLimit caps the client at perSecond requests a second, with bursts
// of up to burst, shared by every goroutine using the client. A call waits
// for its turn, or fails at once if its context ends before the turn comes.
// Retries count against the limit too.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) error {
		if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
			return optionError("rate limit needs a positive, finite rate and a burst of at least 1, got %v and %d", perSecond, burst)
		}
		s.rateLimit = &limiter{rate: perSecond, burst: float64(burst), tokens: float64(burst)}
		return nil
	}
}

// limiter is a token bucket. Reservations are taken under the lock and the
// wait happens outside it, so waiting callers do not block each other.
type limiter struct {
	rate, burst float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	if !l.last.IsZero() {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	l.last = now
	l.tokens--
	var d time.Duration
	if l.tokens < 0 {
		d = time.Duration(-l.tokens / l.rate * float64(time.Second))
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
