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

	"github.com/gomessages/messages"
)

func TestNewDeduperErrors(t *testing.T) {
	t.Parallel()
	for _, rdb := range []redis.UniversalClient{nil, (*redis.Client)(nil), (*redis.ClusterClient)(nil)} {
		d, err := NewDeduper(rdb, "p:")
		assert.Nil(t, d)
		assert.EqualError(t, err, "messages: redisstore: deduper: nil redis client")
	}
}

// TestDeduperStates walks one key through every state, reading what Redis
// holds at each step: a printable "pending:<token>" for the lease, then
// "done" for the window; a finisher with another token changes nothing.
func TestDeduperStates(t *testing.T) {
	t.Parallel()
	rdb := newRDB(t, redisAddr(t))
	prefix := uniqueName(t) + ":"
	d, err := NewDeduper(rdb, prefix)
	require.NoError(t, err)
	ctx := context.Background()
	claim := func() messages.DedupeClaim {
		c, err := d.Claim(ctx, "ev", time.Minute)
		require.NoError(t, err)
		return c
	}

	first := claim()
	require.Equal(t, messages.DedupeClaimed, first.State)
	assert.Regexp(t, `^[A-Z2-7]{26}$`, first.Token)
	assert.Equal(t, "pending:"+first.Token, rdb.Get(ctx, prefix+"ev").Val())
	ttl := rdb.PTTL(ctx, prefix+"ev").Val()
	assert.True(t, ttl > 0 && ttl <= time.Minute, "the claim expires with its lease: PTTL %s", ttl)
	assert.Equal(t, messages.DedupeClaim{State: messages.DedupePending}, claim())

	require.NoError(t, d.Release(ctx, "ev", "OTHER"))
	require.NoError(t, d.Done(ctx, "ev", "OTHER", time.Hour))
	assert.Equal(t, "pending:"+first.Token, rdb.Get(ctx, prefix+"ev").Val(), "another token neither releases nor finishes the claim")

	require.NoError(t, d.Release(ctx, "ev", first.Token))
	assert.Zero(t, rdb.Exists(ctx, prefix+"ev").Val(), "released")
	second := claim()
	require.Equal(t, messages.DedupeClaimed, second.State)
	assert.NotEqual(t, first.Token, second.Token)
	require.NoError(t, d.Release(ctx, "ev", first.Token))
	assert.Equal(t, "pending:"+second.Token, rdb.Get(ctx, prefix+"ev").Val(), "a stale release leaves the new claim")

	require.NoError(t, d.Done(ctx, "ev", second.Token, 10*time.Minute))
	assert.Equal(t, "done", rdb.Get(ctx, prefix+"ev").Val())
	ttl = rdb.PTTL(ctx, prefix+"ev").Val()
	assert.True(t, ttl > time.Minute && ttl <= 10*time.Minute, "done for the window: PTTL %s", ttl)
	assert.Equal(t, messages.DedupeClaim{State: messages.DedupeDone}, claim())
	require.NoError(t, d.Release(ctx, "ev", second.Token))
	assert.Equal(t, "done", rdb.Get(ctx, prefix+"ev").Val(), "release does not undo a done mark")

	require.NoError(t, d.Done(ctx, "lapsed", "T", time.Minute))
	assert.Equal(t, "done", rdb.Get(ctx, prefix+"lapsed").Val(), "a callback that succeeded after its lease lapsed marks a free key done")
	require.NoError(t, rdb.Set(ctx, prefix+"odd", "x", time.Minute).Err())
	_, err = d.Claim(ctx, "odd", time.Minute)
	assert.EqualError(t, err, `messages: redisstore: claim: key "`+prefix+`odd" holds neither a claim nor a done mark`)
}

func TestDeduperLeaseLapses(t *testing.T) {
	t.Parallel()
	d, err := NewDeduper(newRDB(t, redisAddr(t)), uniqueName(t)+":")
	require.NoError(t, err)
	ctx := context.Background()
	c, err := d.Claim(ctx, "ev", 20*time.Millisecond)
	require.NoError(t, err)
	require.Equal(t, messages.DedupeClaimed, c.State)
	assert.Eventually(t, func() bool {
		c, err := d.Claim(ctx, "ev", time.Minute)
		return err == nil && c.State == messages.DedupeClaimed
	}, 30*time.Second, 10*time.Millisecond)
}

func TestDeduperBadArguments(t *testing.T) {
	t.Parallel()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	defer rdb.Close()
	d, err := NewDeduper(rdb, "p:")
	require.NoError(t, err)
	bg := context.Background()
	_, err = d.Claim(bg, "ev", 0)
	assert.EqualError(t, err, "messages: redisstore: claim: lease must be at least 1ms, got 0s")
	_, err = d.Claim(bg, "ev", time.Microsecond)
	assert.EqualError(t, err, "messages: redisstore: claim: lease must be at least 1ms, got 1µs")
	assert.EqualError(t, d.Done(bg, "ev", "T", time.Microsecond), "messages: redisstore: done: window must be at least 1ms, got 1µs")
	assert.EqualError(t, d.Done(bg, "ev", "", time.Minute), "messages: redisstore: done: empty token")
	assert.EqualError(t, d.Release(bg, "ev", ""), "messages: redisstore: release: empty token")
	//lint:ignore SA1012 a nil context is bad input that must not panic
	_, err = d.Claim(nil, "ev", time.Second) //nolint:staticcheck
	assert.EqualError(t, err, "messages: redisstore: claim: nil context")
	//lint:ignore SA1012 a nil context is bad input that must not panic
	assert.EqualError(t, d.Done(nil, "ev", "T", time.Second), "messages: redisstore: done: nil context") //nolint:staticcheck
	//lint:ignore SA1012 a nil context is bad input that must not panic
	assert.EqualError(t, d.Release(nil, "ev", "T"), "messages: redisstore: release: nil context") //nolint:staticcheck
	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err = d.Claim(ctx, "ev", time.Second)
	assert.EqualError(t, err, "messages: redisstore: claim: context canceled")
	assert.EqualError(t, d.Done(ctx, "ev", "T", time.Second), "messages: redisstore: done: context canceled")
	assert.EqualError(t, d.Release(ctx, "ev", "T"), "messages: redisstore: release: context canceled")
}

// TestDeduperHonoursContextAndUndoesALateClaim: Redis hangs, the caller's
// context ends and Claim says so at once; when Redis answers after all,
// the claim that landed is released, so the re-delivery is not held off
// by a claim no delivery is running.
func TestDeduperHonoursContextAndUndoesALateClaim(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	proxy := newTCPProxy(t, addr)
	prefix := uniqueName(t) + ":"
	d, err := NewDeduper(newRDB(t, proxy.addr, func(o *redis.Options) { o.ReadTimeout = 10 * time.Minute }), prefix)
	require.NoError(t, err)
	late := make(chan bool, 1)
	d.late = func(key string, undone bool) {
		assert.Equal(t, "ev", key)
		late <- undone
	}
	require.NoError(t, d.rdb.Ping(context.Background()).Err(), "a pooled connection to hang on")
	proxy.hold()

	claimTimesOut(t, d, "ev")
	proxy.release()
	assert.True(t, waitFor(t, late, "the late claim's answer"), "undone")
	assert.Zero(t, newRDB(t, addr).Exists(context.Background(), prefix+"ev").Val(), "no claim left behind")
}

// TestDeduperLateAnswerUndoesOnlyItsOwnClaim: as above, but another
// replica claimed the key while this one's command was held: the late
// answer says so, and that claim is left alone.
func TestDeduperLateAnswerUndoesOnlyItsOwnClaim(t *testing.T) {
	t.Parallel()
	addr := redisAddr(t)
	proxy := newTCPProxy(t, addr)
	prefix := uniqueName(t) + ":"
	d, err := NewDeduper(newRDB(t, proxy.addr, func(o *redis.Options) { o.ReadTimeout = 10 * time.Minute }), prefix)
	require.NoError(t, err)
	late := make(chan bool, 1)
	d.late = func(_ string, undone bool) { late <- undone }
	require.NoError(t, d.rdb.Ping(context.Background()).Err())
	proxy.hold()

	claimTimesOut(t, d, "ev")
	other, err := NewDeduper(newRDB(t, addr), prefix)
	require.NoError(t, err)
	c, err := other.Claim(context.Background(), "ev", time.Minute)
	require.NoError(t, err)
	require.Equal(t, messages.DedupeClaimed, c.State)
	proxy.release()
	assert.False(t, waitFor(t, late, "the late claim's answer"), "nothing to undo")
	assert.Equal(t, "pending:"+c.Token, newRDB(t, addr).Get(context.Background(), prefix+"ev").Val(), "the other replica's claim stands")
}

// claimTimesOut claims key on d with a context that ends while Redis is
// held, and checks Claim returns at once with the context's error.
func claimTimesOut(t *testing.T, d *Deduper, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := d.Claim(ctx, key, time.Minute)
		done <- err
	}()
	assert.EqualError(t, waitFor(t, done, "Claim to return at its context's end"), "messages: redisstore: claim: context deadline exceeded")
}

// waitFor waits for ch, failing the test after a minute.
func waitFor[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		require.FailNow(t, "not within a minute: "+what)
		panic("unreachable")
	}
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
	err = d.Done(context.Background(), "ev", "T", time.Minute)
	assert.True(t, strings.HasPrefix(err.Error(), "messages: redisstore: done: dial tcp "+proxy.addr+": "), err.Error())
	err = d.Release(context.Background(), "ev", "T")
	assert.True(t, strings.HasPrefix(err.Error(), "messages: redisstore: release: dial tcp "+proxy.addr+": "), err.Error())
}
