package redisstore

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewDeduperErrors(t *testing.T) {
	t.Parallel()
	for _, rdb := range []redis.UniversalClient{nil, (*redis.Client)(nil), (*redis.ClusterClient)(nil)} {
		d, err := NewDeduper(rdb, "p:")
		assert.Nil(t, d)
		assert.EqualError(t, err, "messages: redisstore: deduper: nil redis client")
	}
}

func TestDeduperClaimAndForget(t *testing.T) {
	t.Parallel()
	rdb := newRDB(t, redisAddr(t))
	prefix := uniqueName(t) + ":"
	d, err := NewDeduper(rdb, prefix)
	require.NoError(t, err)
	ctx := context.Background()

	first, err := d.Claim(ctx, "ev", time.Minute)
	require.NoError(t, err)
	assert.True(t, first)
	first, err = d.Claim(ctx, "ev", time.Minute)
	require.NoError(t, err)
	assert.False(t, first, "held")

	ttl, err := rdb.PTTL(ctx, prefix+"ev").Result()
	require.NoError(t, err)
	assert.True(t, ttl > 0 && ttl <= time.Minute, "the claim is one key under the prefix, expiring with its ttl: PTTL %s", ttl)

	require.NoError(t, d.Forget(ctx, "ev"))
	assert.Zero(t, rdb.Exists(ctx, prefix+"ev").Val())
	first, err = d.Claim(ctx, "ev", time.Minute)
	require.NoError(t, err)
	assert.True(t, first, "free once forgotten")
	require.NoError(t, d.Forget(ctx, "never claimed"), "forgetting nothing is no error")
}

func TestDeduperClaimExpires(t *testing.T) {
	t.Parallel()
	d, err := NewDeduper(newRDB(t, redisAddr(t)), uniqueName(t)+":")
	require.NoError(t, err)
	ctx := context.Background()
	first, err := d.Claim(ctx, "ev", 20*time.Millisecond)
	require.NoError(t, err)
	require.True(t, first)
	assert.Eventually(t, func() bool {
		first, err := d.Claim(ctx, "ev", time.Minute)
		return err == nil && first
	}, 30*time.Second, 10*time.Millisecond)
}

func TestDeduperBadArguments(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	defer rdb.Close()
	d, err := NewDeduper(rdb, "p:")
	require.NoError(t, err)
	_, err = d.Claim(context.Background(), "ev", 0)
	assert.EqualError(t, err, "messages: redisstore: claim: ttl must be at least 1ms, got 0s")
	_, err = d.Claim(context.Background(), "ev", time.Microsecond)
	assert.EqualError(t, err, "messages: redisstore: claim: ttl must be at least 1ms, got 1µs")
	//lint:ignore SA1012 a nil context is bad input that must not panic
	_, err = d.Claim(nil, "ev", time.Second) //nolint:staticcheck
	assert.EqualError(t, err, "messages: redisstore: claim: nil context")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = d.Claim(ctx, "ev", time.Second)
	assert.EqualError(t, err, "messages: redisstore: claim: context canceled")
	assert.EqualError(t, d.Forget(ctx, "ev"), "messages: redisstore: forget: context canceled")
}

// TestDeduperHonoursContextAndUndoesALateClaim: Redis hangs, the caller's
// context ends and Claim says so at once; when Redis answers after all,
// the SET that landed is deleted, so the re-delivery is not dropped as a
// repeat of an event that never ran.
func TestDeduperHonoursContextAndUndoesALateClaim(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	proxy := newTCPProxy(t, addr)
	prefix := uniqueName(t) + ":"
	d, err := NewDeduper(newRDB(t, proxy.addr, func(o *redis.Options) { o.ReadTimeout = 10 * time.Minute }), prefix)
	require.NoError(t, err)
	undone := make(chan string, 1)
	d.undone = func(key string) { undone <- key }
	require.NoError(t, d.rdb.Ping(context.Background()).Err(), "a pooled connection to hang on")
	proxy.hold()

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := d.Claim(ctx, "ev", time.Minute)
		done <- err
	}()
	select {
	case err := <-done:
		assert.EqualError(t, err, "messages: redisstore: claim: context deadline exceeded")
	case <-time.After(time.Minute):
		require.Fail(t, "Claim outlived its context by a minute")
	}

	proxy.release()
	select {
	case key := <-undone:
		assert.Equal(t, "ev", key)
	case <-time.After(time.Minute):
		require.Fail(t, "the late claim was not undone within a minute")
	}
	assert.Zero(t, newRDB(t, addr).Exists(context.Background(), prefix+"ev").Val(), "no claim left behind")
}

func TestDeduperRedisDown(t *testing.T) {
	t.Parallel()
	proxy := newTCPProxy(t, redisAddr(t))
	d, err := NewDeduper(newRDB(t, proxy.addr, func(o *redis.Options) { o.MaxRetries = -1 }), uniqueName(t)+":")
	require.NoError(t, err)
	proxy.stop()
	_, err = d.Claim(context.Background(), "ev", time.Minute)
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr), "got %v", err)
	assert.True(t, strings.HasPrefix(err.Error(), "messages: redisstore: claim: dial tcp "+proxy.addr+": "), err.Error())
	err = d.Forget(context.Background(), "ev")
	assert.True(t, strings.HasPrefix(err.Error(), "messages: redisstore: forget: dial tcp "+proxy.addr+": "), err.Error())
}
