package redisstore

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFleetRedisStalled: the redis-server of two replicas is stopped with
// SIGSTOP while they claim an event, so each claim sits unanswered in the
// server's socket, and every delivery meanwhile gets 503 and runs nothing.
// It is stopped twice, and resumed with SIGCONT each time. The first time,
// the second replica's sender hangs up before Redis answers; when the
// answers come, the claims that landed are released, since their callers
// were told they failed. The second time, the first replica's client gives
// up at its read timeout (as go-redis does, after 3 s by default), so its
// claim lands unseen after the server resumes: it holds the event pending,
// and re-deliveries get 503, until its lease lapses; then one runs the
// callback, and every later one gets 200. The callback runs exactly once,
// and no delivery gets 200 before it ran.
func TestFleetRedisStalled(t *testing.T) {
	t.Parallel()
	srv := startRedisProcess(t)
	prefix := uniqueName(t) + ":"
	var runs atomic.Int64
	run := func() error {
		runs.Add(1)
		return nil
	}
	const timeout = 500 * time.Millisecond // a lease of 1 s
	rdb0 := newRDB(t, srv.addr, func(o *redis.Options) { o.ReadTimeout, o.MaxRetries = 200*time.Millisecond, -1 })
	rdb1 := newRDB(t, srv.addr, func(o *redis.Options) { o.ReadTimeout = time.Minute })
	d0, d1 := newDeduper(t, rdb0, prefix), newDeduper(t, rdb1, prefix)
	late := make(chan bool, 8)
	d1.late = func(_ string, undone bool) { late <- undone }
	hs := [2]http.Handler{fleetHandler(t, d0, timeout, run), fleetHandler(t, d1, timeout, run)}

	// Load the scripts into the server first, so what stalls is the claim
	// itself and not a NOSCRIPT answer that would claim nothing.
	ctx := context.Background()
	for i, d := range []*Deduper{d0, d1} {
		key := "warm-up-" + strconv.Itoa(i)
		c, err := d.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		require.NoError(t, d.Release(ctx, key, c.Token))
		require.NoError(t, d.Done(ctx, key, c.Token, time.Minute))
	}
	uuid := newEventUUID(t)
	body, key := statusBody(uuid), prefix+"status:"+uuid+":delivered"
	look := newRDB(t, srv.addr)

	var deliveries, ok, unavailable int
	record := func(code int) {
		deliveries++
		switch code {
		case http.StatusOK:
			ok++
			assert.Equal(t, int64(1), runs.Load(), "200 only after the callback ran")
		case http.StatusServiceUnavailable:
			unavailable++
		default:
			assert.Fail(t, "unexpected answer", "%d", code)
		}
	}

	// First stop: the sender hangs up.
	srv.freeze(t)
	for range 2 {
		hangUp, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		code := deliverCtx(hangUp, t, hs[1], body)
		cancel()
		assert.Equal(t, http.StatusServiceUnavailable, code, "Redis is stalled")
		record(code)
	}
	srv.thaw(t)
	undone := 0
	for range 2 {
		if waitFor(t, late, "the late answers") {
			undone++
		}
	}
	assert.Positive(t, undone, "a late claim landed and was released")
	assert.Zero(t, look.Exists(ctx, key).Val(), "no claim left behind")

	// Second stop: the client's read timeout.
	srv.freeze(t)
	for range 2 {
		code := deliver(t, hs[0], body)
		assert.Equal(t, http.StatusServiceUnavailable, code, "Redis is stalled")
		record(code)
	}
	assert.Zero(t, runs.Load(), "nothing ran while Redis was stalled")
	srv.thaw(t)
	require.Eventually(t, func() bool { return strings.HasPrefix(look.Get(ctx, key).Val(), "pending:") }, time.Minute, time.Millisecond,
		"the claim the client gave up on landed once Redis resumed")

	stalled := deliveries
	code, _ := redeliverUntil(t, hs, body, record)
	assert.Equal(t, http.StatusOK, code)
	for i := range 4 {
		record(deliver(t, hs[i%2], body))
	}
	assert.Equal(t, int64(1), runs.Load(), "the callback ran exactly once")
	t.Logf("SIGSTOP: %d deliveries (%d while stopped, %d after): %d answered 200, %d answered 503; the callback ran %d time(s); %d of 2 late claims landed and were released after the first stop",
		deliveries, stalled, deliveries-stalled, ok, unavailable, runs.Load(), undone)
}
