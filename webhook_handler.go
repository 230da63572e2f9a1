package messages

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// DefaultWebhookMaxBodyBytes is the body size NewWebhookHandler accepts
// unless WebhookConfig.MaxBodyBytes says otherwise: 1 MiB.
const DefaultWebhookMaxBodyBytes = 1 << 20

// DefaultWebhookCallbackTimeout is the callback deadline NewWebhookHandler
// sets unless WebhookConfig.CallbackTimeout says otherwise: 30 s.
const DefaultWebhookCallbackTimeout = 30 * time.Second

// WebhookConfig configures NewWebhookHandler. A signature secret is
// required unless InsecureSkipVerify is set; every other field is optional.
type WebhookConfig struct {
	// SignatureSecret is the account's signature secret: every request must
	// carry a valid signature (see VerifySignature). When it and
	// AdditionalSecrets are all empty, the handler fails closed: it answers
	// every request 500 (and logs why, once) unless InsecureSkipVerify is
	// set, so that an unset environment variable never turns verification
	// off. The API re-delivers a callback answered 500 for up to 24 hours,
	// so nothing is lost once the secret is set.
	SignatureSecret string
	// AdditionalSecrets are tried after SignatureSecret, for rotation.
	AdditionalSecrets []string
	// InsecureSkipVerify lets the handler run with no secret, accepting
	// webhooks without checking their signatures: anyone who can reach the
	// handler can then forge them. It is meant for local development; the
	// handler logs a warning, once, when it is in effect. It has no effect
	// when a secret is set: a secret is always checked.
	InsecureSkipVerify bool
	// MaxSignatureAge is how far a token's iat may be from now; 0 (or
	// less) means DefaultSignatureMaxAge.
	MaxSignatureAge time.Duration
	// MaxBodyBytes caps the body; a larger one gets 413. 0 means
	// DefaultWebhookMaxBodyBytes.
	MaxBodyBytes int64
	// OnInbound, OnStatus and OnUnknown receive the parsed events; a nil
	// callback ignores its kind of event (answered 200). A callback that
	// returns an error gets the request answered 500, so the API sends it
	// again: make callbacks idempotent.
	OnInbound func(context.Context, *Inbound) error
	OnStatus  func(context.Context, *Status) error
	OnUnknown func(context.Context, *UnknownEvent) error
	// Dedupe, when positive, drops an event whose callback already
	// succeeded within that window: statuses are keyed by message UUID and
	// status, inbound messages by message UUID, anything else by the
	// token's jti. A delivery first claims its event's key for a lease
	// (CallbackTimeout plus up to 5 s for the store); a repeat that finds
	// the claim still pending gets 503, so the API re-delivers it later,
	// and one that finds the event done gets 200. A claim whose callback
	// fails is released, so the re-delivery runs; one never finished (a
	// replica that died) lapses with its lease. So the handler answers 200
	// only after the callback succeeded for that event, on this delivery
	// or an earlier one; a lost done mark can make a callback run again,
	// never lose an event. Without a Deduper, the keys are kept in this
	// process, in bounded memory.
	Dedupe time.Duration
	// Deduper, when set, holds the keys of Dedupe instead of this process,
	// for a fleet whose replicas share one store (see redisstore). A store
	// that fails to claim gets the request answered 503, so the API
	// re-delivers it and nothing runs. One that fails to mark a succeeded
	// event done still gets it answered 200 (the callback did succeed; a
	// re-delivery may run it again); one that fails to release a failed
	// event's claim leaves it pending until its lease lapses. With no
	// Dedupe window, done events are kept an hour.
	Deduper Deduper
	// CallbackTimeout bounds each callback: its context carries this
	// deadline, and a callback still running at it gets the request
	// answered 503 (the callback goes on, and its claim is finished when
	// it returns). It also sets the lease of a dedupe claim. 0 (or less)
	// means DefaultWebhookCallbackTimeout.
	CallbackTimeout time.Duration
	// Logger, when set, receives a record of each refused request and each
	// failed callback. Tokens and secrets are never logged.
	Logger *slog.Logger
	// Observer, when set, is told of each request: the signature check, the
	// event, the dedupe outcome, the callback and the answer (see Observer
	// and otelmessages). A nil pointer here gets every request answered 500,
	// as a handler configured wrong fails closed.
	Observer Observer
}

// NewWebhookHandler returns an http.Handler for the inbound-message and
// message-status webhooks: it accepts POST only (405 with Allow otherwise),
// refuses every request with 500 when it has no secret and
// InsecureSkipVerify is not set (it fails closed), caps the body (413),
// verifies the signature (401 if bad; 503 if the Authorization header is
// absent, since the API may send a callback unsigned after an internal
// error and a 5xx makes it retry, signed), parses the body (400 if it
// cannot), drops repeats if Dedupe or Deduper is set (200 for an event
// already handled, 503 for one whose first delivery is still in its
// callback or when the Deduper fails), and passes the event to its
// callback (500 if that fails, 503 if it outlives CallbackTimeout, else
// 200). It is safe for concurrent use and may be mounted on any path of an
// http.ServeMux.
func NewWebhookHandler(cfg WebhookConfig) http.Handler {
	return newWebhookHandler(cfg, time.Now)
}

// newWebhookHandler is NewWebhookHandler on the given clock, which tests
// set; it checks signature ages and dedupe windows against it.
func newWebhookHandler(cfg WebhookConfig, now func() time.Time) *webhookHandler {
	h := &webhookHandler{cfg: cfg, verify: hasSecret(cfg)}
	if h.cfg.MaxBodyBytes <= 0 {
		h.cfg.MaxBodyBytes = DefaultWebhookMaxBodyBytes
	}
	if h.cfg.CallbackTimeout <= 0 {
		h.cfg.CallbackTimeout = DefaultWebhookCallbackTimeout
	}
	h.lease = h.cfg.CallbackTimeout + min(h.cfg.CallbackTimeout, storeTimeout)
	h.verifyOpts = []VerifyOption{
		WithAdditionalSecrets(cfg.AdditionalSecrets...),
		WithVerifyClock(now),
	}
	if cfg.MaxSignatureAge > 0 {
		h.verifyOpts = append(h.verifyOpts, WithMaxAge(cfg.MaxSignatureAge))
	}
	h.dedupe, h.window = cfg.Deduper, cfg.Dedupe
	switch {
	case h.dedupe == nil && h.window > 0:
		h.dedupe = newMemDeduper(now)
	case h.dedupe != nil && isNil(h.dedupe):
		h.dedupe = nilDeduper{}
	}
	if h.window <= 0 {
		h.window = defaultDedupeWindow
	}
	return h
}

type webhookHandler struct {
	cfg        WebhookConfig
	verifyOpts []VerifyOption
	dedupe     Deduper // nil: no dedupe
	window     time.Duration
	lease      time.Duration
	// verify is set when there is a secret to check signatures with.
	verify bool
	// warnOnce logs a handler with no secret once, not once per request:
	// a forged or re-delivered webhook must not be able to flood the log.
	warnOnce sync.Once
}

// hasSecret reports whether cfg holds a secret that can verify a token;
// empty strings, as an unset environment variable gives, do not count.
func hasSecret(cfg WebhookConfig) bool {
	if cfg.SignatureSecret != "" {
		return true
	}
	for _, s := range cfg.AdditionalSecrets {
		if s != "" {
			return true
		}
	}
	return false
}

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var info *WebhookInfo // nil unless observed; its methods are nil-safe
	if h.cfg.Observer != nil {
		rec, or, oi, done := h.startObserved(w, r)
		if done {
			return
		}
		w, r, info = rec, or, oi
		defer h.endObserved(rec, or, oi)
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}

	var err error
	var claims *SignatureClaims
	if h.verify {
		auth := r.Header.Get("Authorization")
		if auth == "" {
			info.verified(false, ErrMissingSignature)
			h.refuse(w, r, http.StatusServiceUnavailable, "unsigned callback; retry signed", ErrMissingSignature)
			return
		}
		claims, err = VerifySignature(auth, body, h.cfg.SignatureSecret, h.verifyOpts...)
		info.verified(false, err)
		if err != nil {
			h.refuse(w, r, http.StatusUnauthorized, "invalid signature", err)
			return
		}
	} else {
		info.verified(true, nil)
	}

	ev, err := ParseWebhook(body)
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, "unparsable webhook body", err)
		return
	}
	info.parsed(ev)

	key, token, outcome := h.claim(w, r, ev, claims)
	info.deduped(outcome)
	if outcome != dedupeNew && outcome != dedupeOff {
		return
	}
	h.runCallback(w, info.forCallback(r), ev, key, token)
}

// readBody reads the body of a POST the handler can take. It answers any
// other request itself, and then reports false: another method, any
// request while no secret is configured (unless verifying is skipped), and
// a body over MaxBodyBytes or cut short.
func (h *webhookHandler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return nil, false
	}
	if !h.verify {
		h.warnOnce.Do(func() { h.logNoSecret(r) })
		if !h.cfg.InsecureSkipVerify {
			// 500, not 401: the fault is ours, and the API re-delivers a
			// 5xx for up to 24 hours, so the events wait for the secret.
			http.Error(w, "no signature secret configured", http.StatusInternalServerError)
			return nil, false
		}
	}
	if r.ContentLength > h.cfg.MaxBodyBytes {
		h.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", nil)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", nil)
			return nil, false
		}
		h.refuse(w, r, http.StatusBadRequest, "cannot read body", err)
		return nil, false
	}
	return body, true
}

func (h *webhookHandler) dispatch(ctx context.Context, ev Event) error {
	if h.cfg.Observer != nil {
		return h.observeCallback(ctx, ev, func(ctx context.Context) error { return h.callback(ctx, ev) })
	}
	return h.callback(ctx, ev)
}

func (h *webhookHandler) callback(ctx context.Context, ev Event) error {
	switch ev := ev.(type) {
	case *Inbound:
		if h.cfg.OnInbound != nil {
			return h.cfg.OnInbound(ctx, ev)
		}
	case *Status:
		if h.cfg.OnStatus != nil {
			return h.cfg.OnStatus(ctx, ev)
		}
	case *UnknownEvent:
		if h.cfg.OnUnknown != nil {
			return h.cfg.OnUnknown(ctx, ev)
		}
	}
	return nil
}

// logNoSecret says, once, why a handler without a secret refuses every
// request, or that it accepts unverified ones.
func (h *webhookHandler) logNoSecret(r *http.Request) {
	if h.cfg.Logger == nil {
		return
	}
	if h.cfg.InsecureSkipVerify {
		h.cfg.Logger.LogAttrs(r.Context(), slog.LevelWarn,
			"messages: webhook: signatures are not verified (InsecureSkipVerify and no secret): anyone can forge webhooks",
			slog.String("path", r.URL.Path))
		return
	}
	h.cfg.Logger.LogAttrs(r.Context(), slog.LevelError,
		"messages: webhook: no signature secret is set: every request is answered 500 until WebhookConfig.SignatureSecret is set (the API re-delivers for up to 24 hours); set InsecureSkipVerify only for local development",
		slog.String("path", r.URL.Path))
}

func (h *webhookHandler) refuse(w http.ResponseWriter, r *http.Request, code int, msg string, err error) {
	if h.cfg.Logger != nil {
		attrs := []slog.Attr{slog.Int("status", code), slog.String("path", r.URL.Path)}
		if err != nil {
			attrs = append(attrs, slog.String("error", err.Error()))
		}
		h.cfg.Logger.LogAttrs(r.Context(), slog.LevelWarn, "messages: webhook: refused: "+msg, attrs...)
	}
	http.Error(w, msg, code)
}
