// Package httpbound builds the project's HTTP servers with bounds on every
// connection, so a client that trickles its request or never reads the
// answer is cut off instead of holding a connection (before these, a body
// sent at 2 bytes a second held one for hours). messagestest and the
// command line's listen both use it.
package httpbound

import (
	"net/http"
	"time"
)

// Limits are a server's bounds on one connection and its headers.
type Limits struct {
	ReadHeader, Read, Write, Idle time.Duration
	MaxHeaderBytes                int
}

// Server returns an http.Server for h within l.
func (l Limits) Server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}
