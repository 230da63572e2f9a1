package messagestest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gomessages/messages"
)

// errStopped ends a wait the server can no longer satisfy.
var errStopped = errors.New("the server closed")

// playback is what the server has played of one message: its statuses and
// their webhook bodies, in order, and whether its outcome has run its
// course.
type playback struct {
	statuses []messages.MessageStatus
	bodies   [][]byte
	done     bool
}

// play records that the message uuid went through status, as body tells.
func (s *Server) play(uuid string, status messages.MessageStatus, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.played == nil {
		s.played = map[string]*playback{}
	}
	p := s.played[uuid]
	if p == nil {
		p = &playback{}
		s.played[uuid] = p
	}
	p.statuses = append(p.statuses, status)
	p.bodies = append(p.bodies, body)
	s.notifyLocked()
}

// finishPlay records that the message uuid will go through no more
// statuses.
func (s *Server) finishPlay(uuid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.played[uuid]; p != nil {
		p.done = true
		s.notifyLocked()
	}
}

// notifyLocked wakes every wait. The caller holds s.mu.
func (s *Server) notifyLocked() {
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}

// await calls check each time the server records something, until check
// reports true, ctx ends or the server has closed. check runs without the
// server's lock.
func (s *Server) await(ctx context.Context, check func() bool) error {
	if ctx == nil {
		return errors.New("nil context")
	}
	for {
		// The channel is taken before check runs, so that nothing recorded
		// after check has looked goes unnoticed.
		s.mu.Lock()
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed, stopped := s.changed, s.stopped
		s.mu.Unlock()
		if check() {
			return nil
		}
		if stopped {
			return errStopped
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitStatus waits until the server has played status for the message
// uuid, and returns that status parsed from its webhook body. It works with
// or without a status URL, since the server knows what it played. When the
// status went to a URL, it counts as played once the receiver has answered,
// so whatever the receiver did with it is done when WaitStatus returns.
//
// It fails at once when the message's outcome has run its course without
// the status (an SMS is never read; see SetOutcome), and when ctx ends or
// the server closes first; the error wraps ctx.Err().
func (s *Server) WaitStatus(ctx context.Context, uuid string, status messages.MessageStatus) (*messages.Status, error) {
	var (
		body []byte
		seen []messages.MessageStatus
		done bool
	)
	err := s.await(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		p := s.played[uuid]
		if p == nil {
			return false
		}
		seen = append(seen[:0], p.statuses...)
		for i, st := range p.statuses {
			if st == status {
				body = p.bodies[i]
				return true
			}
		}
		done = p.done
		return done
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("messagestest: waiting for message %s to be %s: %s: %w", uuid, status, playedSoFar(seen), err)
	case body == nil && done:
		return nil, fmt.Errorf("messagestest: message %s will never be %s: its statuses ended with %s", uuid, status, joinStatuses(seen))
	}
	st, err := messages.ParseStatus(body)
	if err != nil {
		return nil, fmt.Errorf("messagestest: message %s: parsing its %s status: %w", uuid, status, err)
	}
	return st, nil
}

func playedSoFar(seen []messages.MessageStatus) string {
	if len(seen) == 0 {
		return "nothing played yet"
	}
	return "played " + joinStatuses(seen) + " so far"
}

func joinStatuses(list []messages.MessageStatus) string {
	names := make([]string, len(list))
	for i, st := range list {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}

// WaitWebhook waits until the server has posted a webhook that match
// reports true for, and returns it. It looks at the webhooks posted so far
// first, in order, then at each new one as its delivery ends. A nil match
// takes any webhook; Webhook.Event parses the body for match to look at.
// match runs on the caller's goroutine without the server's lock, so it may
// call the server's methods.
//
// It fails when ctx ends or the server closes first; the error wraps
// ctx.Err().
func (s *Server) WaitWebhook(ctx context.Context, match func(Webhook) bool) (Webhook, error) {
	var (
		found      Webhook
		next, seen int
		generation = -1
	)
	err := s.await(ctx, func() bool {
		s.mu.Lock()
		if generation != s.resets { // Reset emptied the list: start over
			generation, next = s.resets, 0
		}
		// next counts every webhook ever recorded, so that the oldest
		// being dropped (see Webhooks) does not shift it.
		from := max(next-s.webhooks.dropped, 0)
		fresh := make([]Webhook, len(s.webhooks.items)-from)
		for i, w := range s.webhooks.items[from:] {
			fresh[i] = w.clone()
		}
		next = s.webhooks.dropped + len(s.webhooks.items)
		s.mu.Unlock()
		for _, w := range fresh {
			seen++
			if match == nil || match(w) {
				found = w
				return true
			}
		}
		return false
	})
	if err != nil {
		return Webhook{}, fmt.Errorf("messagestest: waiting for a webhook: %d posted, none matched: %w", seen, err)
	}
	return found, nil
}
