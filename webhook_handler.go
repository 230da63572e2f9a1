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
	// Dedupe, when positive, drops an event seen within that window before
	// it reaches a callback: statuses are keyed by message UUID and status,
	// inbound messages by message UUID, anything else by the token's jti.
	// Only events whose callback succeeded count as seen. Without a
	// Deduper, the keys are kept in this process, in bounded memory.
	Dedupe time.Duration
	// Deduper, when set, holds the keys of Dedupe instead of this process,
	// for a fleet whose replicas share one store (see redisstore). The
	// event is claimed before its callback runs and forgotten if the
	// callback fails, so a re-delivery runs; a claim that errs gets the
	// request answered 503, so the API re-delivers it: nothing is lost and
	// nothing runs twice. With no Dedupe window, claims last an hour.
	Deduper Deduper
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
// cannot), drops repeats if Dedupe or Deduper is set (503 if the Deduper
// fails), and passes the event to its
// callback (500 if that fails, else 200). It is safe for concurrent use and
// may be mounted on any path of an http.ServeMux.
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
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !h.verify {
		h.warnOnce.Do(func() { h.logNoSecret(r) })
		if !h.cfg.InsecureSkipVerify {
			// 500, not 401: the fault is ours, and the API re-delivers a
			// 5xx for up to 24 hours, so the events wait for the secret.
			http.Error(w, "no signature secret configured", http.StatusInternalServerError)
			return
		}
	}
	if r.ContentLength > h.cfg.MaxBodyBytes {
		h.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", nil)
			return
		}
		h.refuse(w, r, http.StatusBadRequest, "cannot read body", err)
		return
	}

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

	var key string
	if h.dedupe != nil {
		key = dedupeKey(ev, claims)
	}
	if key != "" {
		first, err := h.dedupe.Claim(r.Context(), key, h.window)
		if err != nil {
			info.deduped(DedupeFailed)
			if h.cfg.Logger != nil {
				h.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "messages: webhook: dedupe store failed; answered 503 so the API re-delivers",
					slog.String("path", r.URL.Path), slog.String("key", key), slog.String("error", err.Error()))
			}
			http.Error(w, "dedupe store unavailable", http.StatusServiceUnavailable)
			return
		}
		if !first {
			info.deduped(DedupeRepeatDone)
			if h.cfg.Logger != nil {
				h.cfg.Logger.LogAttrs(r.Context(), slog.LevelDebug, "messages: webhook: repeat dropped", slog.String("key", key))
			}
			w.WriteHeader(http.StatusOK)
			return
		}
		info.deduped(DedupeNew)
	}

	if err := h.dispatchClaimed(r, ev, key); err != nil {
		if h.cfg.Logger != nil {
			h.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "messages: webhook: callback failed",
				slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		}
		http.Error(w, "callback failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// dispatchClaimed runs the callback for an event claimed as key ("" for
// none) and forgets the claim unless the callback succeeds, panics
// included, so the API's re-delivery runs instead of being dropped.
func (h *webhookHandler) dispatchClaimed(r *http.Request, ev Event, key string) error {
	if key == "" {
		return h.dispatch(r.Context(), ev)
	}
	ok := false
	defer func() {
		if !ok {
			h.forget(r, key)
		}
	}()
	err := h.dispatch(r.Context(), ev)
	ok = err == nil
	return err
}

// forgetTimeout bounds a Forget. It runs on a context of its own: a sender
// that hung up must not keep the claim, or the re-delivery would be
// dropped as a repeat.
const forgetTimeout = 5 * time.Second

func (h *webhookHandler) forget(r *http.Request, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), forgetTimeout)
	defer cancel()
	if err := h.dedupe.Forget(ctx, key); err != nil && h.cfg.Logger != nil {
		h.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "messages: webhook: dedupe store failed to forget; a re-delivery is dropped until the claim expires",
			slog.String("path", r.URL.Path), slog.String("key", key), slog.String("error", err.Error()))
	}
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

// dedupeKey names an event for Dedupe; "" means it cannot be told apart.
func dedupeKey(ev Event, claims *SignatureClaims) string {
	switch ev := ev.(type) {
	case *Status:
		if ev.MessageUUID != "" {
			return "status\x00" + ev.MessageUUID + "\x00" + string(ev.Status)
		}
	case *Inbound:
		if ev.MessageUUID != "" {
			return "inbound\x00" + ev.MessageUUID
		}
	}
	if claims != nil && claims.JTI != "" {
		return "jti\x00" + claims.JTI
	}
	return ""
}
