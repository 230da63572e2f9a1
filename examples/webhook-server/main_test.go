package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/trickle"
)

func TestServerBoundsEveryConnection(t *testing.T) {
	srv := newServer(":8080", http.NotFoundHandler())
	assert.Equal(t, 10*time.Second, srv.ReadHeaderTimeout)
	assert.Equal(t, 30*time.Second, srv.ReadTimeout)
	assert.Equal(t, 60*time.Second, srv.WriteTimeout)
	assert.Equal(t, 120*time.Second, srv.IdleTimeout)
	assert.Equal(t, 64<<10, srv.MaxHeaderBytes)
}

func TestTricklingClientIsCutOff(t *testing.T) {
	srv := newServer("", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, "cut off", http.StatusBadRequest)
		}
	}))
	// The same server with its read bound shortened, so the test does not
	// wait half a minute for it.
	srv.ReadTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	_, err = trickle.Post(ln.Addr().String(), "/webhooks/inbound", time.Minute)
	assert.NoError(t, err)

	require.NoError(t, srv.Close())
	assert.True(t, errors.Is(<-served, http.ErrServerClosed))
}
