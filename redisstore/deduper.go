package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gomessages/messages"
	"github.com/redis/go-redis/v9"
)

// undoTimeout bounds the release that undoes a claim which landed after
// its caller had given up.
const undoTimeout = 5 * time.Second

// The values a key holds: a pending claim carries its token, so only the
// delivery that made it can finish or release it.
const (
	pendingPrefix = "pending:"
	doneValue     = "done"
)

// claimScript takes KEYS[1] for ARGV[2] ms with the value ARGV[1] if no
// one holds it, answering "" when it did and what holds the key when not,
// in one step: SET NX PX, which also tells a pending claim from a done
// mark.
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ''
`)

// doneScript marks KEYS[1] done for ARGV[2] ms if it holds the claim
// ARGV[1] or nothing (the claim lapsed and no one took the key since): the
// callback succeeded. Another claim or a done mark is left alone.
var doneScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] or not v then
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
  return 1
end
return 0
`)

// releaseScript deletes KEYS[1] if it holds the claim ARGV[1], and nothing
// else.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

var _ messages.Deduper = (*Deduper)(nil)

// Deduper is a messages.Deduper whose claims and done marks live in Redis,
// so a webhook re-delivered to another replica finds the event pending or
// done. Each key is the prefix followed by the event's key, all printable,
// so redis-cli --scan shows them; it holds "pending:<token>" for a claim's
// lease and then "done" for the Dedupe window. Claim, Done and Release are
// each one Lua script on the one key, so a Cluster needs no hash tags, and
// Done and Release compare the token there: a late or stale finisher never
// touches another replica's claim.
type Deduper struct {
	rdb    redis.UniversalClient
	prefix string

	late func(key string, undone bool) // tests only: a claim's answer came after its caller gave up
}

// NewDeduper returns a deduper keeping each event's state as the Redis key
// prefix followed by the event's key. Give each application its own
// prefix, such as "messages:dedupe:". A nil client is an error.
func NewDeduper(rdb redis.UniversalClient, prefix string) (*Deduper, error) {
	if isNil(rdb) {
		return nil, errors.New("messages: redisstore: deduper: nil redis client")
	}
	return &Deduper{rdb: rdb, prefix: prefix}, nil
}

// Claim takes key for lease when no one holds it. An error means Redis did
// not answer in time or at all: the claim may still land afterwards, and
// then lapses with its lease. When ctx ends first, Claim returns its error
// at once, and a claim whose answer still arrives is released, since the
// caller was told the claim failed and the event must run on its
// re-delivery.
func (d *Deduper) Claim(ctx context.Context, key string, lease time.Duration) (messages.DedupeClaim, error) {
	if ctx == nil {
		return messages.DedupeClaim{}, errors.New("messages: redisstore: claim: nil context")
	}
	if lease < time.Millisecond {
		return messages.DedupeClaim{}, fmt.Errorf("messages: redisstore: claim: lease must be at least 1ms, got %s", lease)
	}
	name, token := d.prefix+key, rand.Text()
	held, err := call(ctx, func(ctx context.Context) (string, error) {
		return claimScript.Run(ctx, d.rdb, []string{name}, pendingPrefix+token, lease.Milliseconds()).Text()
	}, func(held string, err error) {
		undo := err == nil && held == ""
		if undo {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
			defer cancel()
			releaseScript.Run(ctx, d.rdb, []string{name}, pendingPrefix+token)
		}
		if d.late != nil {
			d.late(key, undo)
		}
	})
	switch {
	case err != nil:
		return messages.DedupeClaim{}, fmt.Errorf("messages: redisstore: claim: %w", err)
	case held == "":
		return messages.DedupeClaim{State: messages.DedupeClaimed, Token: token}, nil
	case held == doneValue:
		return messages.DedupeClaim{State: messages.DedupeDone}, nil
	case strings.HasPrefix(held, pendingPrefix):
		return messages.DedupeClaim{State: messages.DedupePending}, nil
	}
	return messages.DedupeClaim{}, fmt.Errorf("messages: redisstore: claim: key %q holds neither a claim nor a done mark", name)
}

// Done marks key done for window if it holds the claim that returned
// token, or nothing. An error means the mark may not have been written.
func (d *Deduper) Done(ctx context.Context, key, token string, window time.Duration) error {
	if err := checkFinish(ctx, token); err != nil {
		return fmt.Errorf("messages: redisstore: done: %w", err)
	}
	if window < time.Millisecond {
		return fmt.Errorf("messages: redisstore: done: window must be at least 1ms, got %s", window)
	}
	_, err := call(ctx, func(ctx context.Context) (int64, error) {
		return doneScript.Run(ctx, d.rdb, []string{d.prefix + key}, pendingPrefix+token, window.Milliseconds()).Int64()
	}, nil)
	if err != nil {
		return fmt.Errorf("messages: redisstore: done: %w", err)
	}
	return nil
}

// Release deletes key if it holds the claim that returned token, so the
// event runs again when it is re-delivered. An error means the claim may
// still be there, until its lease lapses.
func (d *Deduper) Release(ctx context.Context, key, token string) error {
	if err := checkFinish(ctx, token); err != nil {
		return fmt.Errorf("messages: redisstore: release: %w", err)
	}
	_, err := call(ctx, func(ctx context.Context) (int64, error) {
		return releaseScript.Run(ctx, d.rdb, []string{d.prefix + key}, pendingPrefix+token).Int64()
	}, nil)
	if err != nil {
		return fmt.Errorf("messages: redisstore: release: %w", err)
	}
	return nil
}

func checkFinish(ctx context.Context, token string) error {
	if ctx == nil {
		return errors.New("nil context")
	}
	if token == "" {
		return errors.New("empty token")
	}
	return nil
}
