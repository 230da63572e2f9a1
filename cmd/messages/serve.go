package main

import (
	"time"

	"github.com/gomessages/messages/internal/httpbound"
)

// serverLimits bounds each connection of the server listen runs.
type serverLimits = httpbound.Limits

// defaultLimits are listen's bounds. A webhook is at most 1 MiB; write
// covers the handler's callback (printing a line) with room to spare.
var defaultLimits = serverLimits{
	ReadHeader:     10 * time.Second,
	Read:           30 * time.Second,
	Write:          60 * time.Second,
	Idle:           2 * time.Minute,
	MaxHeaderBytes: 64 << 10,
}

// limits returns the server bounds the command runs with: the defaults,
// unless a test set shorter ones.
func (s *stdio) serverLimits() serverLimits {
	if s.limits != nil {
		return *s.limits
	}
	return defaultLimits
}
