package messages

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// WebhookInfo is what an Observer learns of one request to a webhook
// handler. Fields stay zero for the steps the request did not reach.
type WebhookInfo struct {
	// Verification is how the signature check ended.
	Verification VerificationOutcome
	// VerificationError is the sentinel a refused signature matches:
	// ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch or
	// ErrSignatureExpired.
	VerificationError error

	// EventKind, Channel, EventStatus (of a status event) and MessageUUID
	// describe the parsed event.
	EventKind   EventKind
	Channel     Channel
	EventStatus MessageStatus
	MessageUUID string

	// Dedupe is what the deduper said of the event, when the handler
	// dedupes and the event has a key.
	Dedupe DedupeOutcome

	// CallbackErr says how the callback ended, when one was called (nil
	// for success), and CallbackErrorCategory is the sentinel it matches
	// (see ErrorCategory), nil for a callback's own errors. A callback still
	// running at WebhookConfig.CallbackTimeout ends the request with a
	// CallbackErr matching context.DeadlineExceeded.
	//
	// StartCallback and EndCallback are given a copy of the request's
	// WebhookInfo, since a callback abandoned at its deadline may end after
	// its request: on that copy, CallbackDuration is how long the callback
	// ran, and CallbackErr its own outcome.
	CallbackDuration      time.Duration
	CallbackErr           error
	CallbackErrorCategory error

	// StatusCode is the HTTP status the handler answered with; 0 when it
	// wrote none, as when a callback panicked.
	StatusCode int
}

// VerificationOutcome is how a webhook handler's signature check ended.
type VerificationOutcome string

// The outcomes of the signature check; the zero value means the request was
// answered before it (wrong method, body too large, no secret set).
const (
	VerificationPassed  VerificationOutcome = "passed"
	VerificationRefused VerificationOutcome = "refused"
	// VerificationSkipped: no secret is set and InsecureSkipVerify is.
	VerificationSkipped VerificationOutcome = "skipped"
)

// EventKind names the kind of a webhook event.
type EventKind string

// The kinds of Event.
const (
	EventKindInbound EventKind = "inbound"
	EventKindStatus  EventKind = "status"
	EventKindUnknown EventKind = "unknown"
)

// DedupeOutcome is what a webhook handler's deduper said of an event.
type DedupeOutcome string

// The dedupe outcomes.
const (
	// DedupeNew: the event had not been seen; its callback runs.
	DedupeNew DedupeOutcome = "new"
	// DedupeRepeatPending: another delivery of the event is still running
	// its callback; this one is answered 503 so the API re-delivers later.
	DedupeRepeatPending DedupeOutcome = "repeat_pending"
	// DedupeRepeatDone: the event's callback already succeeded; this
	// delivery is answered 200 without running it again.
	DedupeRepeatDone DedupeOutcome = "repeat_done"
	// DedupeFailed: the deduper's store failed; answered 503.
	DedupeFailed DedupeOutcome = "failed"
)

// statusRecorder keeps the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// whKey carries a request's *WebhookInfo to runCallback, and cbKey the
// copy of it that the callback's goroutine reports on.
type (
	whKey struct{}
	cbKey struct{}
)

// forCallback is r carrying a copy of the request's WebhookInfo for the
// callback's goroutine, which may outlive the request: the copy is taken
// here, on the request's goroutine, and then written by the callback's
// alone. Nil-safe: unobserved, r is returned as it is.
func (wh *WebhookInfo) forCallback(r *http.Request) *http.Request {
	if wh == nil {
		return r
	}
	cb := new(WebhookInfo)
	*cb = *wh
	return r.WithContext(context.WithValue(r.Context(), cbKey{}, cb))
}

// startObserved reports the start of a webhook request to the handler's
// observer and returns what the request goes on with. done is set when the
// observer is a nil pointer: the request has then been answered 500, as a
// handler configured wrong fails closed.
func (h *webhookHandler) startObserved(w http.ResponseWriter, r *http.Request) (_ *statusRecorder, _ *http.Request, _ *WebhookInfo, done bool) {
	if isNil(h.cfg.Observer) {
		if h.cfg.Logger != nil {
			h.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "messages: webhook: WebhookConfig.Observer is a nil pointer; answered 500",
				slog.String("path", r.URL.Path))
		}
		http.Error(w, "webhook observer misconfigured", http.StatusInternalServerError)
		return nil, nil, nil, true
	}
	info := &WebhookInfo{}
	ctx := orContext(h.cfg.Observer.StartWebhook(r.Context(), info), r.Context())
	ctx = context.WithValue(ctx, whKey{}, info)
	return &statusRecorder{ResponseWriter: w}, r.WithContext(ctx), info, false
}

// endObserved reports the end of a webhook request.
func (h *webhookHandler) endObserved(w *statusRecorder, r *http.Request, info *WebhookInfo) {
	info.StatusCode = w.code
	h.cfg.Observer.EndWebhook(r.Context(), info)
}

// verified records the outcome of the signature check; nil-safe, so the
// handler calls it whether or not it is observed.
func (wh *WebhookInfo) verified(skipped bool, err error) {
	switch {
	case wh == nil:
	case skipped:
		wh.Verification = VerificationSkipped
	case err != nil:
		wh.Verification, wh.VerificationError = VerificationRefused, ErrorCategory(err)
	default:
		wh.Verification = VerificationPassed
	}
}

// parsed records the facts of the event; nil-safe.
func (wh *WebhookInfo) parsed(ev Event) {
	if wh == nil {
		return
	}
	switch ev := ev.(type) {
	case *Inbound:
		wh.EventKind, wh.Channel, wh.MessageUUID = EventKindInbound, ev.Channel, ev.MessageUUID
	case *Status:
		wh.EventKind, wh.Channel, wh.MessageUUID, wh.EventStatus = EventKindStatus, ev.Channel, ev.MessageUUID, ev.Status
	case *UnknownEvent:
		wh.EventKind = EventKindUnknown
	}
}

// deduped records what dedupe made of the request; nil-safe.
func (wh *WebhookInfo) deduped(o dedupeOutcome) {
	if wh == nil {
		return
	}
	switch o {
	case dedupeNew:
		wh.Dedupe = DedupeNew
	case dedupeRepeatPending:
		wh.Dedupe = DedupeRepeatPending
	case dedupeRepeatDone:
		wh.Dedupe = DedupeRepeatDone
	case dedupeStoreError:
		wh.Dedupe = DedupeFailed
	}
}

// observed is the request's WebhookInfo, nil when it is not observed.
func (h *webhookHandler) observed(r *http.Request) *WebhookInfo {
	if h.cfg.Observer == nil {
		return nil
	}
	info, _ := r.Context().Value(whKey{}).(*WebhookInfo)
	return info
}

// callbackEnded records how the callback ended, on the request's goroutine;
// nil-safe.
func (wh *WebhookInfo) callbackEnded(res callbackResult) {
	switch {
	case wh == nil:
	case res.panicked:
		wh.CallbackErr, wh.CallbackErrorCategory = errCallbackPanicked, nil
	default:
		wh.CallbackErr, wh.CallbackErrorCategory = res.err, ErrorCategory(res.err)
	}
}

// callbackTimedOut records a callback still running at its deadline;
// nil-safe.
func (wh *WebhookInfo) callbackTimedOut() {
	if wh != nil {
		wh.CallbackErr, wh.CallbackErrorCategory = errCallbackTimedOut, context.DeadlineExceeded
	}
}

// observeCallback runs call, the callback for ev, as its observer's
// callback step when the request in ctx is observed and ev has a callback.
// It runs on the callback's goroutine, which may outlive the request, so
// the observer is given the copy forCallback took.
func (h *webhookHandler) observeCallback(ctx context.Context, ev Event, call func(context.Context) error) error {
	info, _ := ctx.Value(cbKey{}).(*WebhookInfo)
	if info == nil || !h.hasCallback(ev) {
		return call(ctx)
	}
	ctx = orContext(h.cfg.Observer.StartCallback(ctx, info), ctx)
	start := time.Now()
	returned := false
	defer func() {
		if !returned { // the callback panicked; the panic goes on up
			info.CallbackDuration, info.CallbackErr = time.Since(start), errCallbackPanicked
			h.cfg.Observer.EndCallback(ctx, info)
		}
	}()
	err := call(ctx)
	returned = true
	info.CallbackDuration = time.Since(start)
	info.CallbackErr, info.CallbackErrorCategory = err, ErrorCategory(err)
	h.cfg.Observer.EndCallback(ctx, info)
	return err
}

// errCallbackPanicked is the CallbackErr of a callback that panicked, and
// errCallbackTimedOut that of one still running at its deadline.
var (
	errCallbackPanicked = errors.New("messages: webhook: callback panicked")
	errCallbackTimedOut = fmt.Errorf("messages: webhook: callback still running at its deadline: %w", context.DeadlineExceeded)
)

func (h *webhookHandler) hasCallback(ev Event) bool {
	switch ev.(type) {
	case *Inbound:
		return h.cfg.OnInbound != nil
	case *Status:
		return h.cfg.OnStatus != nil
	case *UnknownEvent:
		return h.cfg.OnUnknown != nil
	}
	return false
}
