package messages

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Deduper remembers which webhook events a handler has taken, so a
// re-delivery of one is dropped. Claim records key for ttl and reports
// whether this call was the first to claim it; Forget drops a claim, so
// the event runs again when it comes back. The in-process one behind
// WebhookConfig.Dedupe serves one process; redisstore.NewDeduper serves a
// fleet, where a re-delivery may land on another replica. An error from
// either means the store could not answer.
type Deduper interface {
	Claim(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
	Forget(ctx context.Context, key string) error
}

// defaultDedupeWindow is how long a WebhookConfig.Deduper holds a claim
// when WebhookConfig.Dedupe gives no window: long enough to cover the
// re-deliveries of a callback whose 200 was lost, short enough that a
// shared store does not keep every event for a day.
const defaultDedupeWindow = time.Hour

// memDedupeMaxEntries bounds the memory of the in-process deduper: past
// it, the oldest keys are forgotten early.
const memDedupeMaxEntries = 100_000

// memDeduper is the in-process Deduper. Keys are kept in the order they
// were claimed, which is also expiry order while every claim has the same
// ttl (as the handler's do), so expired ones are dropped from the front.
type memDeduper struct {
	now func() time.Time

	mu      sync.Mutex
	entries map[string]time.Time // key -> expiry
	order   []memDedupeEntry
}

type memDedupeEntry struct {
	key    string
	expiry time.Time
}

func newMemDeduper(now func() time.Time) *memDeduper {
	return &memDeduper{now: now, entries: map[string]time.Time{}}
}

// Claim records key until ttl from now and reports true, or reports false
// if key is already held. It never fails.
func (d *memDeduper) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	for len(d.order) > 0 && (!d.order[0].expiry.After(now) || len(d.order) >= memDedupeMaxEntries) {
		e := d.order[0]
		d.order[0] = memDedupeEntry{}
		d.order = d.order[1:]
		if exp, ok := d.entries[e.key]; ok && exp.Equal(e.expiry) {
			delete(d.entries, e.key)
		}
	}
	if exp, ok := d.entries[key]; ok && exp.After(now) {
		return false, nil
	}
	exp := now.Add(ttl)
	d.entries[key] = exp
	d.order = append(d.order, memDedupeEntry{key: key, expiry: exp})
	return true, nil
}

// Forget drops key. It never fails.
func (d *memDeduper) Forget(_ context.Context, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.entries, key)
	return nil
}

// nilDeduper stands in for a Deduper given as a nil pointer: every claim
// fails, so the handler answers 503 and logs why instead of panicking.
type nilDeduper struct{}

func (nilDeduper) Claim(context.Context, string, time.Duration) (bool, error) {
	return false, errNilDeduper
}

func (nilDeduper) Forget(context.Context, string) error { return errNilDeduper }

var errNilDeduper = errors.New("messages: webhook: the deduper is a nil pointer")
