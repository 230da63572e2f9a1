package messages

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"
)

// Deduper remembers which webhook events have been handled, so that a
// re-delivery of one does not run its callback again. A key is in one of
// two states: pending, while one delivery runs the callback, for a bounded
// lease; and done, once the callback succeeded, for the Dedupe window. A
// pending claim that is never finished lapses with its lease, so a replica
// that dies mid-callback holds the event only that long.
//
// The invariant the handler builds on it: a webhook is answered 200 only
// after its callback succeeded for that event, on this delivery or an
// earlier one. A lost done mark (a store restarted without persistence, a
// failed write) can only make a callback run again, never lose an event.
//
// The in-process one behind WebhookConfig.Dedupe serves one process;
// redisstore.NewDeduper serves a fleet, where a re-delivery may land on
// another replica. The handler's keys are printable (no NUL bytes). An
// implementation must be safe for concurrent use.
type Deduper interface {
	// Claim takes key for lease when no delivery holds it and reports
	// DedupeClaimed with a token of this claim's own; otherwise it takes
	// nothing and reports DedupePending or DedupeDone. An error means the
	// store could not answer: the state is unknown, and a claim may even
	// land afterwards, in which case it lapses with its lease.
	Claim(ctx context.Context, key string, lease time.Duration) (DedupeClaim, error)
	// Done marks key done for window, if it still holds the claim that
	// returned token, or nothing at all (the lease lapsed and no one took
	// it since); a key that another claim or a done mark holds is left
	// alone. An error means the mark may not have been written: a
	// re-delivery may then run the callback again once the lease lapses.
	Done(ctx context.Context, key, token string, window time.Duration) error
	// Release drops the claim that returned token, so a re-delivery runs
	// the callback; a key that another claim or a done mark holds is left
	// alone. An error means the claim may still be there: re-deliveries
	// find it pending until its lease lapses.
	Release(ctx context.Context, key, token string) error
}

// DedupeClaim is what Deduper.Claim found.
type DedupeClaim struct {
	// State says whether this call claimed the key, or what held it.
	State DedupeState
	// Token names this call's claim when State is DedupeClaimed, for Done
	// and Release; it is empty otherwise.
	Token string
}

// DedupeState is the state Deduper.Claim found a key in.
type DedupeState int

const (
	// DedupeClaimed: the key was free and this call now holds it, pending,
	// for its lease.
	DedupeClaimed DedupeState = iota + 1
	// DedupePending: another delivery holds the key and its callback has
	// not succeeded yet; the handler answers 503, so the API re-delivers.
	DedupePending
	// DedupeDone: the event's callback succeeded within the window; the
	// handler answers 200 without running it.
	DedupeDone
)

// String names the state.
func (s DedupeState) String() string {
	switch s {
	case DedupeClaimed:
		return "claimed"
	case DedupePending:
		return "pending"
	case DedupeDone:
		return "done"
	}
	return "DedupeState(" + strconv.Itoa(int(s)) + ")"
}

// defaultDedupeWindow is how long a WebhookConfig.Deduper keeps an event
// done when WebhookConfig.Dedupe gives no window: long enough to cover the
// re-deliveries of a callback whose 200 was lost, short enough that a
// shared store does not keep every event for a day.
const defaultDedupeWindow = time.Hour

// memDedupeMaxEntries bounds the memory of the in-process deduper: past
// it, the oldest claims and marks are forgotten early, which can only
// make a callback run again.
const memDedupeMaxEntries = 100_000

// memDeduper is the in-process Deduper. Every claim and done mark is also
// queued in the order it was written; the queue is trimmed from the front,
// of what has expired and of what is over the bound. A queued record whose
// key has since been rewritten or dropped no longer matches its entry's
// seq and is skipped.
type memDeduper struct {
	now func() time.Time

	mu      sync.Mutex
	seq     uint64
	entries map[string]memDedupeEntry
	order   []memDedupeRecord
}

type memDedupeEntry struct {
	seq    uint64 // the claim's token, or the done mark's own number
	done   bool
	expiry time.Time
}

type memDedupeRecord struct {
	key    string
	seq    uint64
	expiry time.Time
}

func newMemDeduper(now func() time.Time) *memDeduper {
	return &memDeduper{now: now, entries: map[string]memDedupeEntry{}}
}

// Claim never fails.
func (d *memDeduper) Claim(_ context.Context, key string, lease time.Duration) (DedupeClaim, error) {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.trim(now)
	if e, ok := d.entries[key]; ok && e.expiry.After(now) {
		if e.done {
			return DedupeClaim{State: DedupeDone}, nil
		}
		return DedupeClaim{State: DedupePending}, nil
	}
	seq := d.put(key, false, now.Add(lease))
	return DedupeClaim{State: DedupeClaimed, Token: strconv.FormatUint(seq, 10)}, nil
}

// Done never fails.
func (d *memDeduper) Done(_ context.Context, key, token string, window time.Duration) error {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.entries[key]; ok && e.expiry.After(now) && !d.holds(e, token) {
		return nil
	}
	d.trim(now)
	d.put(key, true, now.Add(window))
	return nil
}

// Release never fails.
func (d *memDeduper) Release(_ context.Context, key, token string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.entries[key]; ok && d.holds(e, token) {
		delete(d.entries, key)
	}
	return nil
}

// holds reports whether e is the pending claim that returned token.
func (d *memDeduper) holds(e memDedupeEntry, token string) bool {
	return !e.done && strconv.FormatUint(e.seq, 10) == token
}

// put writes key's entry and queues it, returning its seq. d.mu is held.
func (d *memDeduper) put(key string, done bool, expiry time.Time) uint64 {
	d.seq++
	d.entries[key] = memDedupeEntry{seq: d.seq, done: done, expiry: expiry}
	d.order = append(d.order, memDedupeRecord{key: key, seq: d.seq, expiry: expiry})
	return d.seq
}

// trim drops queued records that have expired or are over the bound,
// with their entries when those are still theirs. d.mu is held.
func (d *memDeduper) trim(now time.Time) {
	for len(d.order) > 0 && (!d.order[0].expiry.After(now) || len(d.order) >= memDedupeMaxEntries) {
		r := d.order[0]
		d.order[0] = memDedupeRecord{}
		d.order = d.order[1:]
		if e, ok := d.entries[r.key]; ok && e.seq == r.seq {
			delete(d.entries, r.key)
		}
	}
}

// nilDeduper stands in for a Deduper given as a nil pointer: every claim
// fails, so the handler answers 503 and logs why instead of panicking.
type nilDeduper struct{}

func (nilDeduper) Claim(context.Context, string, time.Duration) (DedupeClaim, error) {
	return DedupeClaim{}, errNilDeduper
}

func (nilDeduper) Done(context.Context, string, string, time.Duration) error { return errNilDeduper }

func (nilDeduper) Release(context.Context, string, string) error { return errNilDeduper }

var errNilDeduper = errors.New("messages: webhook: the deduper is a nil pointer")
