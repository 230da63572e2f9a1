package messagestest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gomessages/messages"
)

// What a test scripts: the outcome of each recipient's messages, and a
// failure for the next request.

type failure struct {
	status     int
	retryAfter time.Duration
}

// Outcome is what happens to a message after the server accepts it, as its
// status webhooks tell.
type Outcome int

// The outcomes. Read is the default.
const (
	// Read: submitted, delivered, then read on channels with read receipts
	// (Viber, Messenger, WhatsApp, RCS, email); SMS and MMS stop at
	// delivered.
	Read Outcome = iota + 1
	// Delivered: submitted, then delivered, and never read.
	Delivered
	// Rejected: rejected at once, with an error. A v1 failover moves on.
	Rejected
	// Undeliverable: submitted, then undeliverable, with an error.
	Undeliverable
	// NeverDelivered: submitted, and nothing after.
	NeverDelivered
)

func (o Outcome) valid() bool { return o >= Read && o <= NeverDelivered }

// String returns the outcome's name.
func (o Outcome) String() string {
	switch o {
	case Read:
		return "read"
	case Delivered:
		return "delivered"
	case Rejected:
		return "rejected"
	case Undeliverable:
		return "undeliverable"
	case NeverDelivered:
		return "never delivered"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

type outcomeKey struct {
	channel messages.Channel
	to      string
}

// SetOutcome scripts what happens to messages sent to `to` on channel from
// now on. Numbers are compared as digits, so "+44 7700 900000" and
// "447700900000" are one recipient. An invalid outcome resets the recipient
// to the default.
func (s *Server) SetOutcome(to string, channel messages.Channel, o Outcome) {
	k := outcomeKey{channel, normalizeAddress(to)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !o.valid() {
		delete(s.outcomes, k)
		return
	}
	s.outcomes[k] = o
}

func (s *Server) outcome(channel messages.Channel, to string) Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.outcomes[outcomeKey{channel, normalizeAddress(to)}]; ok {
		return o
	}
	return s.cfg.defaultOutcome
}

// normalizeAddress drops the decoration of a phone number; an ID without
// digits stays as it is.
func normalizeAddress(a string) string {
	var b strings.Builder
	for _, r := range a {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+', r == ' ', r == '-', r == '(', r == ')', r == '.':
		default:
			return a
		}
	}
	return strings.TrimPrefix(b.String(), "00")
}

// FailNext makes the next request, whatever it is, fail with status and
// problem details, with a Retry-After header when retryAfter is positive
// (whole seconds, rounded up). It is not recorded as accepted.
func (s *Server) FailNext(status int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = &failure{status: status, retryAfter: retryAfter}
}

func (s *Server) takeFailure() *failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.failNext
	s.failNext = nil
	return f
}

func (a *answer) failure(f *failure) {
	p := problem{Type: "https://developer.vonage.com/api-errors#" + strconv.Itoa(f.status), Title: http.StatusText(f.status), Detail: "messagestest: failure injected with FailNext"}
	if f.status == http.StatusTooManyRequests {
		p.Type, p.Title, p.Detail = "https://developer.vonage.com/api-errors/messages#1000", "Rate Limit Hit", "Please wait, then retry your request"
	}
	a.problem(f.status, p)
	if f.retryAfter > 0 {
		secs := (f.retryAfter + time.Second - 1) / time.Second
		a.header.Set("Retry-After", strconv.FormatInt(int64(secs), 10))
	}
}

// delay waits out the latency of WithLatency before an answer; it reports
// false when ctx ends first, as when the client gives up.
func (s *Server) delay(ctx context.Context) bool {
	if s.cfg.latency <= 0 {
		return true
	}
	t := time.NewTimer(s.cfg.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
