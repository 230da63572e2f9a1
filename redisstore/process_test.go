package redisstore

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// redisServerEnv names the redis-server binary the tests that stop and
// resume a server of their own run; without it, redis-server on PATH.
const redisServerEnv = "MESSAGES_REDIS_SERVER"

// redisProcess is a redis-server this test started, on a loopback port of
// its own, without persistence, so it may freeze it (SIGSTOP) as a stalled
// server is frozen, and thaw it (SIGCONT), without touching the shared one.
type redisProcess struct {
	addr string
	cmd  *exec.Cmd
}

func startRedisProcess(t *testing.T) *redisProcess {
	t.Helper()
	redisAddr(t) // the same rule as every test that needs Redis: skip, or fail under CI
	bin := os.Getenv(redisServerEnv)
	if bin == "" {
		var err error
		bin, err = exec.LookPath("redis-server")
		require.NoError(t, err, "this test starts a redis-server of its own: put one on PATH or name it in %s", redisServerEnv)
	}
	// A port picked free may be taken before the server binds it: then
	// the server exits, and another port is tried.
	for range 5 {
		if p := tryRedisProcess(t, bin); p != nil {
			return p
		}
	}
	require.FailNow(t, "redis-server would not start on a free loopback port in 5 tries")
	return nil
}

func tryRedisProcess(t *testing.T, bin string) *redisProcess {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir(), "--loglevel", "warning")
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Process.Kill()
		<-exited
	})
	p := &redisProcess{addr: "127.0.0.1:" + port, cmd: cmd}
	rdb := newRDB(t, p.addr)
	deadline := time.Now().Add(time.Minute)
	for rdb.Ping(context.Background()).Err() != nil {
		select {
		case <-exited:
			return nil
		default:
		}
		require.True(t, time.Now().Before(deadline), "redis-server on %s did not answer within a minute", p.addr)
		time.Sleep(20 * time.Millisecond)
	}
	return p
}

// freeze stops the server as a stalled one is: connections stay open and
// commands queue in its socket, unanswered, until thaw.
func (p *redisProcess) freeze(t *testing.T) {
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGSTOP))
}

func (p *redisProcess) thaw(t *testing.T) {
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGCONT))
}
