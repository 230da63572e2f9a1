package messages

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// storeTimeout bounds each call the handler makes to its Deduper, and is
// the most margin a claim's lease gives the store beyond CallbackTimeout
// (a shorter CallbackTimeout gives a margin as long as itself).
const storeTimeout = 5 * time.Second

// dedupeOutcome is what dedupe made of one request, for a hook to report.
type dedupeOutcome int

const (
	dedupeOff           dedupeOutcome = iota // no dedupe, or an event with no key
	dedupeNew                                // claimed by this delivery: the callback runs
	dedupeRepeatPending                      // another delivery is in its callback: 503
	dedupeRepeatDone                         // the callback succeeded before: 200
	dedupeStoreError                         // the store failed: 503
)

// claim claims ev's key when dedupe is on, and answers the request itself
// unless the outcome is dedupeOff or dedupeNew, for which the callback is
// to run; token names a new claim.
func (h *webhookHandler) claim(w http.ResponseWriter, r *http.Request, ev Event, claims *SignatureClaims) (key, token string, outcome dedupeOutcome) {
	if h.dedupe == nil {
		return "", "", dedupeOff
	}
	if key = dedupeKey(ev, claims); key == "" {
		return "", "", dedupeOff
	}
	ctx, cancel := context.WithTimeout(r.Context(), storeTimeout)
	defer cancel()
	c, err := h.dedupe.Claim(ctx, key, h.lease)
	if err == nil && c.State != DedupeClaimed && c.State != DedupePending && c.State != DedupeDone {
		err = fmt.Errorf("messages: webhook: the deduper answered an unknown state %d", int(c.State))
	}
	if err != nil {
		h.logAttrs(r.Context(), slog.LevelError, "messages: webhook: dedupe store failed; answered 503 so the API re-delivers",
			slog.String("path", r.URL.Path), slog.String("key", key), slog.String("error", err.Error()))
		http.Error(w, "dedupe store unavailable", http.StatusServiceUnavailable)
		return key, "", dedupeStoreError
	}
	switch c.State {
	case DedupePending:
		h.logAttrs(r.Context(), slog.LevelDebug, "messages: webhook: repeat of an event still in its callback; answered 503", slog.String("key", key))
		http.Error(w, "event in progress; retry later", http.StatusServiceUnavailable)
		return key, "", dedupeRepeatPending
	case DedupeDone:
		h.logAttrs(r.Context(), slog.LevelDebug, "messages: webhook: repeat dropped", slog.String("key", key))
		w.WriteHeader(http.StatusOK)
		return key, "", dedupeRepeatDone
	}
	return key, c.Token, dedupeNew
}

// callbackResult is how a callback ended.
type callbackResult struct {
	err      error
	panicked bool
	panicVal any
}

// runCallback runs ev's callback with CallbackTimeout as its deadline and
// answers 200 once it succeeded, 500 when it failed and 503 when it is
// still running at the deadline. The claim on key ("" for none) is
// finished by whichever sees the callback end: marked done on success,
// released on failure or panic. A callback abandoned at its deadline
// finishes its claim when it returns; until then, or until the lease
// lapses, re-deliveries find the event pending.
func (h *webhookHandler) runCallback(w http.ResponseWriter, r *http.Request, ev Event, key, token string) {
	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.CallbackTimeout)
	// The callback may outlive this request: what it needs is taken now.
	bg, path := context.WithoutCancel(r.Context()), r.URL.Path
	returned := make(chan callbackResult)
	abandoned := make(chan struct{})
	go func() {
		defer cancel()
		res := h.call(ctx, ev)
		select {
		case returned <- res:
		case <-abandoned:
			h.finish(bg, path, key, token, res)
			if res.panicked {
				h.logAttrs(bg, slog.LevelError, "messages: webhook: callback panicked after its deadline",
					slog.String("path", path), slog.String("panic", fmt.Sprint(res.panicVal)))
			}
		}
	}()

	var res callbackResult
	select {
	case res = <-returned:
	case <-ctx.Done():
		close(abandoned)
		h.observed(r).callbackTimedOut()
		h.logAttrs(r.Context(), slog.LevelError, "messages: webhook: callback still running when its context ended; answered 503 so the API re-delivers",
			slog.String("path", path), slog.Duration("timeout", h.cfg.CallbackTimeout), slog.String("error", context.Cause(ctx).Error()))
		http.Error(w, "callback timed out", http.StatusServiceUnavailable)
		return
	}
	h.observed(r).callbackEnded(res)
	h.finish(bg, path, key, token, res)
	if res.panicked {
		panic(res.panicVal) // on to net/http, as if the callback had run here
	}
	if res.err != nil {
		h.logAttrs(r.Context(), slog.LevelError, "messages: webhook: callback failed",
			slog.String("path", path), slog.String("error", res.err.Error()))
		http.Error(w, "callback failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// call runs ev's callback, turning a panic into a result.
func (h *webhookHandler) call(ctx context.Context, ev Event) (res callbackResult) {
	defer func() {
		if v := recover(); v != nil {
			res = callbackResult{panicked: true, panicVal: v}
		}
	}()
	return callbackResult{err: h.dispatch(ctx, ev)}
}

// finish marks key done when its callback succeeded, or releases the
// claim so the re-delivery runs, on a context of its own: a sender that
// hung up must not leave the claim pending. A failed done mark is logged
// and otherwise ignored, since the callback did succeed: the worst it can
// cause is a repeat run.
func (h *webhookHandler) finish(bg context.Context, path, key, token string, res callbackResult) {
	if key == "" {
		return
	}
	ctx, cancel := context.WithTimeout(bg, storeTimeout)
	defer cancel()
	if res.err == nil && !res.panicked {
		if err := h.dedupe.Done(ctx, key, token, h.window); err != nil {
			h.logAttrs(bg, slog.LevelError, "messages: webhook: dedupe store failed to mark the event done; a re-delivery may run its callback again",
				slog.String("path", path), slog.String("key", key), slog.String("error", err.Error()))
		}
		return
	}
	if err := h.dedupe.Release(ctx, key, token); err != nil {
		h.logAttrs(bg, slog.LevelError, "messages: webhook: dedupe store failed to release a failed event; re-deliveries get 503 until its lease lapses",
			slog.String("path", path), slog.String("key", key), slog.Duration("lease", h.lease), slog.String("error", err.Error()))
	}
}

func (h *webhookHandler) logAttrs(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if h.cfg.Logger != nil {
		h.cfg.Logger.LogAttrs(ctx, level, msg, attrs...)
	}
}

// dedupeKey names an event for Dedupe; "" means it cannot be told apart.
// Each part is escaped, so a key is printable (redis-cli --scan shows it)
// and a ':' inside a part cannot make two events' keys meet.
func dedupeKey(ev Event, claims *SignatureClaims) string {
	switch ev := ev.(type) {
	case *Status:
		if ev.MessageUUID != "" {
			return "status:" + url.QueryEscape(ev.MessageUUID) + ":" + url.QueryEscape(string(ev.Status))
		}
	case *Inbound:
		if ev.MessageUUID != "" {
			return "inbound:" + url.QueryEscape(ev.MessageUUID)
		}
	}
	if claims != nil && claims.JTI != "" {
		return "jti:" + url.QueryEscape(claims.JTI)
	}
	return ""
}
