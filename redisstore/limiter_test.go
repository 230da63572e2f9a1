package redisstore

import (
	"context"
	"errors"
	"math"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewLimiterErrors(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	defer rdb.Close()
	for _, tt := range []struct {
		name      string
		rdb       redis.UniversalClient
		key       string
		perSecond float64
		burst     int
		want      string
	}{
		{"nil client", nil, "k", 1, 1, "messages: redisstore: limiter: nil redis client"},
		{"nil pointer client", (*redis.Client)(nil), "k", 1, 1, "messages: redisstore: limiter: nil redis client"},
		{"empty key", rdb, "", 1, 1, "messages: redisstore: limiter: empty key"},
		{"zero rate", rdb, "k", 0, 1, "messages: redisstore: limiter needs a positive, finite rate and a burst of at least 1, got 0 and 1"},
		{"negative rate", rdb, "k", -1, 1, "messages: redisstore: limiter needs a positive, finite rate and a burst of at least 1, got -1 and 1"},
		{"NaN rate", rdb, "k", math.NaN(), 1, "messages: redisstore: limiter needs a positive, finite rate and a burst of at least 1, got NaN and 1"},
		{"infinite rate", rdb, "k", math.Inf(1), 1, "messages: redisstore: limiter needs a positive, finite rate and a burst of at least 1, got +Inf and 1"},
		{"zero burst", rdb, "k", 1, 0, "messages: redisstore: limiter needs a positive, finite rate and a burst of at least 1, got 1 and 0"},
		{"rate too slow to time", rdb, "k", 1e-12, 1, "messages: redisstore: limiter rate 1e-12 a second is out of range"},
		{"fractional rate too fast to time", rdb, "k", 3e9 + 0.5, 1, "messages: redisstore: limiter rate 3.0000000005e+09 a second is out of range"},
	} {
		l, err := NewLimiter(tt.rdb, tt.key, tt.perSecond, tt.burst)
		assert.Nil(t, l, tt.name)
		assert.EqualError(t, err, tt.want, tt.name)
	}
}

func TestGCRALimit(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		perSecond float64
		burst     int
		want      redis_rate.Limit
	}{
		{20, 5, redis_rate.Limit{Rate: 20, Period: time.Second, Burst: 5}},
		{0.5, 1, redis_rate.Limit{Rate: 1, Period: 2 * time.Second, Burst: 1}},
		{2.5, 3, redis_rate.Limit{Rate: 1, Period: 400 * time.Millisecond, Burst: 3}},
		{1.0 / 60, 1, redis_rate.Limit{Rate: 1, Period: time.Minute, Burst: 1}},
		{3e9, 1, redis_rate.Limit{Rate: 3e9, Period: time.Second, Burst: 1}},
		{4e8 + 0.5, 1, redis_rate.Limit{Rate: 1, Period: 2 * time.Nanosecond, Burst: 1}},
	} {
		got, err := gcraLimit(tt.perSecond, tt.burst)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%v a second", tt.perSecond)
	}
}

// TestLimiterBurstThenDeadline: a burst of 3 goes at once; the fourth turn
// is a minute away, so a caller with 10 s left fails at once instead of
// sleeping to its deadline.
func TestLimiterBurstThenDeadline(t *testing.T) {
	t.Parallel()
	l, err := NewLimiter(newRDB(t, redisAddr(t)), uniqueName(t), 1.0/60, 3)
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, l.Wait(context.Background()))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err = l.Wait(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, strings.HasPrefix(err.Error(), "messages: redisstore: rate limit: the next turn in "), err.Error())
	assert.True(t, strings.HasSuffix(err.Error(), " is past the context deadline: context deadline exceeded"), err.Error())
	assert.Less(t, time.Since(start), 9*time.Second, "failed at once, not at the deadline")
}

func TestLimiterWaitEndsWithCancel(t *testing.T) {
	t.Parallel()
	l, err := NewLimiter(newRDB(t, redisAddr(t)), uniqueName(t), 1.0/60, 1)
	require.NoError(t, err)
	require.NoError(t, l.Wait(context.Background()))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	assert.ErrorIs(t, l.Wait(ctx), context.Canceled)
}

// TestLimiterIsSharedByKey: two replicas (two clients, two pools) with one
// key share one burst; another key has its own.
func TestLimiterIsSharedByKey(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	key := uniqueName(t)
	a, err := NewLimiter(newRDB(t, addr), key, 1.0/60, 2)
	require.NoError(t, err)
	b, err := NewLimiter(newRDB(t, addr), key, 1.0/60, 2)
	require.NoError(t, err)
	other, err := NewLimiter(newRDB(t, addr), key+":other", 1.0/60, 2)
	require.NoError(t, err)

	require.NoError(t, a.Wait(context.Background()))
	require.NoError(t, b.Wait(context.Background()))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	assert.ErrorIs(t, a.Wait(ctx), context.DeadlineExceeded, "the burst of 2 is spent across both")
	assert.NoError(t, other.Wait(ctx))
}

// TestLimiterHonoursContextWhenRedisHangs: the client's read timeout is
// ten minutes, yet a caller whose context ends gets its answer then.
func TestLimiterHonoursContextWhenRedisHangs(t *testing.T) {
	t.Parallel()
	proxy := newTCPProxy(t, redisAddr(t))
	rdb := newRDB(t, proxy.addr, func(o *redis.Options) { o.ReadTimeout = 10 * time.Minute })
	l, err := NewLimiter(rdb, uniqueName(t), 100, 1)
	require.NoError(t, err)
	require.NoError(t, rdb.Ping(context.Background()).Err(), "a pooled connection to hang on")
	proxy.hold()

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx) }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.EqualError(t, err, "messages: redisstore: rate limit: context deadline exceeded")
	case <-time.After(time.Minute):
		require.Fail(t, "Wait outlived its context by a minute")
	}
	proxy.release()
}

// TestLimiterRedisDown: with Redis gone, Wait fails (so nothing is sent)
// with the network's error.
func TestLimiterRedisDown(t *testing.T) {
	t.Parallel()
	proxy := newTCPProxy(t, redisAddr(t))
	l, err := NewLimiter(newRDB(t, proxy.addr, func(o *redis.Options) { o.MaxRetries = -1 }), uniqueName(t), 100, 1)
	require.NoError(t, err)
	proxy.stop()
	err = l.Wait(context.Background())
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr), "got %v", err)
	assert.True(t, strings.HasPrefix(err.Error(), "messages: redisstore: rate limit: dial tcp "+proxy.addr+": "), err.Error())
}
