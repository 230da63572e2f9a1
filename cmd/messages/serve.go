package main

import (
	"net/http"
	"time"
)

// serverLimits bounds each connection of the server listen runs: a client
// that trickles its request, or never reads the answer, is cut off instead
// of holding a connection (before these, a body sent at 2 bytes a second
// held one for hours).
type serverLimits struct {
	readHeader, read, write, idle time.Duration
	maxHeaderBytes                int
}

// defaultLimits are listen's bounds. A webhook is at most 1 MiB; write
// covers the handler's callback (printing a line) with room to spare.
var defaultLimits = serverLimits{
	readHeader:     10 * time.Second,
	read:           30 * time.Second,
	write:          60 * time.Second,
	idle:           2 * time.Minute,
	maxHeaderBytes: 64 << 10,
}

// server is an http.Server for h within the limits.
func (l serverLimits) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeaderBytes,
	}
}

// limits returns the server bounds the command runs with: the defaults,
// unless a test set shorter ones.
func (s *stdio) serverLimits() serverLimits {
	if s.limits != nil {
		return *s.limits
	}
	return defaultLimits
}
