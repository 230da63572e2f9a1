package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gomessages/messages"
	"github.com/redis/go-redis/v9"
)

// undoTimeout bounds the DEL that undoes a claim which landed after its
// caller had given up.
const undoTimeout = 5 * time.Second

var _ messages.Deduper = (*Deduper)(nil)

// Deduper is a messages.Deduper whose claims live in Redis, so a webhook
// re-delivered to another replica is still seen as taken.
type Deduper struct {
	rdb    redis.UniversalClient
	prefix string

	undone func(key string) // tests only: a late claim was undone
}

// NewDeduper returns a deduper keeping each claim as the Redis key prefix
// followed by the event's key. Give each application its own prefix, such
// as "messages:dedupe:". A nil client is an error.
func NewDeduper(rdb redis.UniversalClient, prefix string) (*Deduper, error) {
	if isNil(rdb) {
		return nil, errors.New("messages: redisstore: deduper: nil redis client")
	}
	return &Deduper{rdb: rdb, prefix: prefix}, nil
}

// Claim takes key for ttl with SET NX PX and reports whether this call
// took it. When ctx ends first, Claim returns its error at once, and a
// SET that still lands afterwards is deleted, since the caller was told
// the claim failed and the event must run on its re-delivery.
func (d *Deduper) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ctx == nil {
		return false, errors.New("messages: redisstore: claim: nil context")
	}
	if ttl < time.Millisecond {
		return false, fmt.Errorf("messages: redisstore: claim: ttl must be at least 1ms, got %s", ttl)
	}
	name := d.prefix + key
	first, err := call(ctx, func(ctx context.Context) (bool, error) {
		return d.rdb.SetNX(ctx, name, 1, ttl).Result()
	}, func(first bool, err error) {
		if err != nil || !first {
			return
		}
		undo, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
		defer cancel()
		d.rdb.Del(undo, name)
		if d.undone != nil {
			d.undone(key)
		}
	})
	if err != nil {
		return false, fmt.Errorf("messages: redisstore: claim: %w", err)
	}
	return first, nil
}

// Forget drops the claim on key with DEL, so the event runs again when it
// is re-delivered.
func (d *Deduper) Forget(ctx context.Context, key string) error {
	if ctx == nil {
		return errors.New("messages: redisstore: forget: nil context")
	}
	_, err := call(ctx, func(ctx context.Context) (int64, error) {
		return d.rdb.Del(ctx, d.prefix+key).Result()
	}, nil)
	if err != nil {
		return fmt.Errorf("messages: redisstore: forget: %w", err)
	}
	return nil
}
