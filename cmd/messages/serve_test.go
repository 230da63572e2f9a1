package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/trickle"
)

// TestListenCutsOffATricklingClient runs listen in this process, with a
// short read timeout through stdio, and sends a webhook a byte at a time.
func TestListenCutsOffATricklingClient(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	stderr, errW := io.Pipe()
	limits := defaultLimits
	limits.Read = 200 * time.Millisecond
	code := make(chan int, 1)
	go func() {
		defer errW.Close()
		code <- run(ctx, []string{"listen", "--addr", "127.0.0.1:0", "--insecure"}, &stdio{
			in: strings.NewReader(""), out: io.Discard, err: errW,
			getenv: func(string) string { return "" }, limits: &limits,
		})
	}()
	lines := bufio.NewScanner(stderr)
	var addr string
	for addr == "" && lines.Scan() {
		if m := listeningRE.FindStringSubmatch(lines.Text()); m != nil {
			addr = strings.TrimPrefix(m[1], "http://")
		}
	}
	require.NotEmpty(t, addr, "listen never said where it listens")
	go func() { _, _ = io.Copy(io.Discard, stderr) }()

	_, err := trickle.Post(addr, "/webhooks/inbound", patience)
	assert.NoError(t, err)

	cancel()
	select {
	case c := <-code:
		assert.Equal(t, exitOK, c)
	case <-time.After(patience):
		t.Fatal("listen did not stop")
	}
}

func TestDefaultLimitsBoundEveryConnection(t *testing.T) {
	t.Parallel()
	srv := (&stdio{}).serverLimits().Server(nil)
	assert.Equal(t, 10*time.Second, srv.ReadHeaderTimeout)
	assert.Equal(t, 30*time.Second, srv.ReadTimeout)
	assert.Equal(t, 60*time.Second, srv.WriteTimeout)
	assert.Equal(t, 2*time.Minute, srv.IdleTimeout)
	assert.Equal(t, 64<<10, srv.MaxHeaderBytes)
}
