package redisstore

import (
	"context"
	"reflect"
)

// outcome is what one Redis command gave.
type outcome[T any] struct {
	val T
	err error
}

// call runs cmd, which issues one Redis command, and returns when it
// completes or ctx ends, whichever comes first. go-redis bounds a command
// by ctx only when its client was built with ContextTimeoutEnabled;
// otherwise its own read timeout (3 s by default) applies, longer than a
// webhook sender or a caller's deadline waits. A command left behind
// still finishes in the background, within the client's own timeouts, and
// then late (when not nil) gets its outcome, so a claim that landed after
// its caller gave up can be undone.
func call[T any](ctx context.Context, cmd func(context.Context) (T, error), late func(T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if ctx.Done() == nil {
		// A context that can never end needs no watching, and the
		// hand-off to another goroutine costs tens of microseconds on a
		// busy machine.
		return cmd(ctx)
	}
	done := make(chan outcome[T], 1)
	go func() {
		v, err := cmd(ctx)
		done <- outcome[T]{v, err}
	}()
	select {
	case o := <-done:
		return o.val, o.err
	case <-ctx.Done():
		go func() {
			o := <-done
			if late != nil {
				late(o.val, o.err)
			}
		}()
		return zero, ctx.Err()
	}
}

// isNil reports whether rdb is nil or a nil pointer in an interface,
// which would panic at its first command instead of failing here.
func isNil(rdb any) bool {
	if rdb == nil {
		return true
	}
	v := reflect.ValueOf(rdb)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
