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

// WithLimiter paces the client with l instead of an in-process limit, for
// a rate shared beyond one process. Retries wait for a turn too. It and
// WithRateLimit each pace the client: use one.
func WithLimiter(l Limiter) Option {
	return func(s *settings) error {
		if isNil(l) {
			return optionError("nil limiter")
		}
		s.limiter = l
		return nil
	}
}

// resolveLimiter picks the client's limiter, nil for none.
func (s *settings) resolveLimiter() (Limiter, error) {
	if s.rateLimit != nil && s.limiter != nil {
		return nil, optionError("WithRateLimit and WithLimiter each pace the client: use one")
	}
	if s.rateLimit != nil {
		return s.rateLimit, nil
	}
	return s.limiter, nil
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

// WithRateLimit caps the client at perSecond requests a second, with bursts
// of up to burst, shared by every goroutine using the client. A call waits
// for its turn, or fails at once if its context ends before the turn comes.
// Retries count against the limit too.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) error {
		if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
			return optionError("rate limit needs a positive, finite rate and a burst of at least 1, got %v and %d", perSecond, burst)
		}
		// The wait between turns must fit in a time.Duration, as
		// redisstore's limiter requires: a slower rate overflowed it, and
		// a negative wait let every send through unpaced.
		if float64(time.Second)/perSecond >= math.MaxInt64 {
			return optionError("rate limit %v a second is out of range: the wait between turns must fit in a time.Duration (about 292 years)", perSecond)
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
