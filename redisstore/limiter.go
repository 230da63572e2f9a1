package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/gomessages/messages"
	"github.com/redis/go-redis/v9"
)

var _ messages.Limiter = (*Limiter)(nil)

// Limiter is a messages.Limiter whose turns are counted in Redis, so every
// process using the same key shares one rate: GCRA (the generic cell rate
// algorithm) through github.com/go-redis/redis_rate/v10, timed by the
// Redis server's clock, so the replicas' clocks need not agree.
type Limiter struct {
	gcra  *redis_rate.Limiter
	key   string
	limit redis_rate.Limit
}

// NewLimiter returns a limiter allowing perSecond requests a second, with
// bursts of up to burst, across every process that uses key on the same
// Redis. It keeps one Redis key, "rate:" followed by key, which expires
// once the limiter is idle. A rate that is not positive and finite, a
// burst below 1, an empty key or a nil client is an error.
func NewLimiter(rdb redis.UniversalClient, key string, perSecond float64, burst int) (*Limiter, error) {
	if isNil(rdb) {
		return nil, errors.New("messages: redisstore: limiter: nil redis client")
	}
	if key == "" {
		return nil, errors.New("messages: redisstore: limiter: empty key")
	}
	limit, err := gcraLimit(perSecond, burst)
	if err != nil {
		return nil, err
	}
	return &Limiter{gcra: redis_rate.NewLimiter(rdb), key: key, limit: limit}, nil
}

// gcraLimit turns a rate into redis_rate's terms. The script spaces
// requests period/rate apart, so a whole rate is sent as it is, per
// second (Lua's numbers hold whole ones exactly up to 2^53), and any other
// as one request per period, which keeps it exact to a nanosecond.
func gcraLimit(perSecond float64, burst int) (redis_rate.Limit, error) {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
		return redis_rate.Limit{}, fmt.Errorf("messages: redisstore: limiter needs a positive, finite rate and a burst of at least 1, got %v and %d", perSecond, burst)
	}
	if perSecond == math.Trunc(perSecond) && perSecond <= 1<<53 {
		return redis_rate.Limit{Rate: int(perSecond), Period: time.Second, Burst: burst}, nil
	}
	period := math.Round(float64(time.Second) / perSecond)
	if period < 1 || period > math.MaxInt64 {
		return redis_rate.Limit{}, fmt.Errorf("messages: redisstore: limiter rate %v a second is out of range", perSecond)
	}
	return redis_rate.Limit{Rate: 1, Period: time.Duration(period), Burst: burst}, nil
}

// Wait takes the next turn, waiting for it unless ctx ends first. When
// ctx's deadline falls before the next turn, it fails at once instead of
// sleeping to no end. GCRA only tells when the next turn comes, without
// reserving it, so a waiter asks again when it wakes and may lose the
// turn to another process: turns are shared fairly in number, not served
// in order. An error from Redis is returned as it is: nothing is sent
// then, rather than sending unpaced.
func (l *Limiter) Wait(ctx context.Context) error {
	if ctx == nil {
		return errors.New("messages: redisstore: rate limit: nil context")
	}
	for {
		res, err := call(ctx, func(ctx context.Context) (*redis_rate.Result, error) {
			return l.gcra.Allow(ctx, l.key, l.limit)
		}, nil)
		if err != nil {
			return fmt.Errorf("messages: redisstore: rate limit: %w", err)
		}
		if res.Allowed > 0 {
			return nil
		}
		wait := max(res.RetryAfter, 0)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return fmt.Errorf("messages: redisstore: rate limit: the next turn in %s is past the context deadline: %w", wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("messages: redisstore: rate limit: %w", err)
		}
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
