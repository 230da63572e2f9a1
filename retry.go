package messages

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"time"
)

// RetryPolicy says which failed calls the client tries again and how long
// it waits between tries. The zero policy never retries.
//
// The Messages API has no idempotency key: a POST that reached the server
// may have sent the message even when the answer was lost. So by default
// only two failures are retried, both safe: a 429 (the API refused the
// request) and a connection that was never made (the request never left).
// RetryServerErrors also retries 5xx answers and timeouts or broken
// connections after the request was written; that can send a message twice.
type RetryPolicy struct {
	// MaxAttempts counts every try, the first included; 0 or 1 means none
	// is repeated.
	MaxAttempts int
	// MinBackoff is the first wait (default 250 ms); each retry doubles it,
	// with jitter, up to MaxBackoff (default 10 s).
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// RetryServerErrors retries 5xx answers and failures after the request
	// was sent. Off by default: it can send a message twice.
	RetryServerErrors bool
}

// Default backoff bounds for a RetryPolicy that leaves them zero.
const (
	DefaultMinBackoff = 250 * time.Millisecond
	DefaultMaxBackoff = 10 * time.Second
)

// backoff is the wait before retry number n (1-based): exponential, capped,
// with half of it jittered so that many clients do not retry in step.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.MinBackoff
	for i := 1; i < n && d < p.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.MaxBackoff)
	half := d / 2
	return half + rand.N(half+1)
}

// retryWait decides whether attempt n (1-based), which ended in err, is
// tried again, and after how long.
func (p RetryPolicy) retryWait(n int, err error) (time.Duration, bool) {
	if err == nil || n >= p.MaxAttempts {
		return 0, false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.StatusCode == http.StatusTooManyRequests:
			if apiErr.RetryAfter > 0 {
				return apiErr.RetryAfter, apiErr.RetryAfter <= p.MaxBackoff
			}
			return p.backoff(n), true
		case apiErr.StatusCode >= 500 && p.RetryServerErrors:
			return p.backoff(n), true
		}
		return 0, false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, false
	}
	if errors.Is(err, ErrRedirect) {
		return 0, false // the answer will not change
	}
	if neverSent(err) || (p.RetryServerErrors && !errors.Is(err, ErrMalformedResponse)) {
		return p.backoff(n), true
	}
	return 0, false
}

// neverSent reports a failure to connect: the request never left, so trying
// again cannot send the message twice.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
