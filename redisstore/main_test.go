package redisstore

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
)

// redisAddrEnv names the variable that gives the tests a redis-server
// (host:port). .ci/run starts one and sets it; without it the tests that
// need a server skip, so `go test ./...` passes on a machine without Redis.
const redisAddrEnv = "MESSAGES_REDIS_ADDR"

func redisAddr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv(redisAddrEnv)
	if addr == "" && os.Getenv("CI") != "" {
		require.Fail(t, redisAddrEnv+" is not set under CI: .ci/run must start a redis-server, not skip these tests")
	}
	if addr == "" {
		t.Skip(redisAddrEnv + " is not set: this test needs a redis-server (.ci/run starts one on loopback)")
	}
	return addr
}

// newRDB connects to addr as one replica of a fleet would: a client, and
// so a connection pool, of its own.
func newRDB(t testing.TB, addr string, opts ...func(*redis.Options)) *redis.Client {
	t.Helper()
	o := &redis.Options{Addr: addr}
	for _, f := range opts {
		f(o)
	}
	rdb := redis.NewClient(o)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// uniqueName keeps tests that share one server, and runs that follow each
// other on it, out of each other's keys.
func uniqueName(t testing.TB) string {
	b := make([]byte, 6)
	rand.Read(b)
	return "redisstore-test:" + t.Name() + ":" + hex.EncodeToString(b)
}
