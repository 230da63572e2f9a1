package redisstore

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
)

// BenchmarkSend measures what pacing through Redis adds to a Send: the
// same client and local server with no limiter, with WithRateLimit (in
// process) and with the Redis limiter, in one run. The rate, 100 000 a
// second with a burst as large, is far above what one goroutine sends, so
// no call waits for a turn and the difference is the limiter's own cost:
// for Redis, one EVALSHA round trip on loopback.
func BenchmarkSend(b *testing.B) {
	addr := redisAddr(b)
	api, _ := acceptingAPI(b)
	const perSecond, burst = 100_000, 100_000
	redisLimiter, err := NewLimiter(newRDB(b, addr), uniqueName(b), perSecond, burst)
	require.NoError(b, err)
	for _, bm := range []struct {
		name string
		opts []messages.Option
	}{
		{"limiter=none", nil},
		{"limiter=in-process", []messages.Option{messages.WithRateLimit(perSecond, burst)}},
		{"limiter=redis", []messages.Option{messages.WithLimiter(redisLimiter)}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			opts := append([]messages.Option{messages.WithBasicAuth("key", "secret"), messages.WithBaseURL(api.URL)}, bm.opts...)
			c, err := messages.NewClient("", nil, opts...)
			require.NoError(b, err)
			defer c.CloseIdleConnections()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Send(ctx, sms); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRedisPing is the floor under the Redis limiter's cost: one
// PING round trip to the same server, on a pooled connection.
func BenchmarkRedisPing(b *testing.B) {
	rdb := newRDB(b, redisAddr(b))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := rdb.Ping(ctx).Err(); err != nil {
			b.Fatal(err)
		}
	}
}
