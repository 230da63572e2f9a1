package otelmessages

import (
	"context"
	"net/http"

	"github.com/gomessages/messages"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// The span names of the webhook side.
const (
	webhookSpanName  = "messages.webhook"
	callbackSpanName = "messages.webhook.callback"
)

// StartWebhook starts the span of a webhook request. It is a server span:
// a span the request's context already holds (such as otelhttp's) becomes
// its parent.
func (o *Observer) StartWebhook(ctx context.Context, _ *messages.WebhookInfo) context.Context {
	ctx, span := o.tracer.Start(ctx, webhookSpanName, trace.WithSpanKind(trace.SpanKindServer))
	if span.IsRecording() {
		span.SetAttributes(
			attrMessagingSystem.String(messagingSystem),
			attrMessagingOpType.String("receive"),
			attrHTTPMethod.String(http.MethodPost),
		)
	}
	return ctx
}

// StartCallback starts the span of the callback, a child of the request's.
func (o *Observer) StartCallback(ctx context.Context, wh *messages.WebhookInfo) context.Context {
	ctx, span := o.tracer.Start(ctx, callbackSpanName, trace.WithSpanKind(trace.SpanKindInternal))
	if span.IsRecording() {
		span.SetAttributes(
			attrMessagingOpType.String("process"),
			attrEventKind.String(string(wh.EventKind)),
		)
	}
	return ctx
}

// EndCallback ends the callback's span and records its duration, which
// the handler measured.
func (o *Observer) EndCallback(ctx context.Context, wh *messages.WebhookInfo) {
	span := trace.SpanFromContext(ctx)
	outcome := outcomeOK
	if et := errorType(wh.CallbackErr, wh.CallbackErrorCategory); et != "" {
		outcome = et
		if span.IsRecording() {
			span.SetAttributes(attrErrorType.String(et))
			span.SetStatus(codes.Error, et)
		}
	}
	span.End()
	if o.m.callbackDuration.Enabled(ctx) {
		o.m.callbackDuration.Record(ctx, wh.CallbackDuration.Seconds(), metric.WithAttributes(
			attrEventKind.String(string(wh.EventKind)),
			attrOutcome.String(outcome),
		))
	}
}

// EndWebhook ends the request's span and records its metrics.
func (o *Observer) EndWebhook(ctx context.Context, wh *messages.WebhookInfo) {
	span := trace.SpanFromContext(ctx)
	kind := string(wh.EventKind)
	if kind == "" {
		kind = "none"
	}
	outcome := webhookOutcome(wh)
	if span.IsRecording() {
		// A server span is an error only for a 5xx (or no answer at all):
		// a 4xx is the sender's fault, as the HTTP conventions say.
		if wh.StatusCode >= 500 || wh.StatusCode == 0 {
			span.SetStatus(codes.Error, outcome)
		}
		span.SetAttributes(webhookAttributes(wh, outcome)...)
	}
	span.End()

	if o.m.webhooks.Enabled(ctx) {
		o.m.webhooks.Add(ctx, 1, metric.WithAttributes(
			attrEventKind.String(kind),
			attrOutcome.String(outcome),
			attrHTTPStatus.Int(wh.StatusCode),
		))
	}
	if wh.Dedupe != "" && o.m.dedupe.Enabled(ctx) {
		o.m.dedupe.Add(ctx, 1, metric.WithAttributes(attrDedupe.String(string(wh.Dedupe))))
	}
}

// webhookAttributes are the attributes of a webhook request's span.
func webhookAttributes(wh *messages.WebhookInfo, outcome string) []attribute.KeyValue {
	attrs := []attribute.KeyValue{attrHTTPStatus.Int(wh.StatusCode)}
	if wh.Verification != "" {
		attrs = append(attrs, attrVerification.String(string(wh.Verification)))
	}
	if wh.EventKind != "" {
		attrs = append(attrs, attrEventKind.String(string(wh.EventKind)))
	}
	if wh.Channel != "" {
		attrs = append(attrs, attrChannel.String(string(wh.Channel)))
	}
	if wh.EventStatus != "" {
		attrs = append(attrs, attrMessageStatus.String(string(wh.EventStatus)))
	}
	if wh.MessageUUID != "" {
		attrs = append(attrs, attrMessageID.String(wh.MessageUUID))
	}
	if wh.Dedupe != "" {
		attrs = append(attrs, attrDedupe.String(string(wh.Dedupe)))
	}
	attrs = append(attrs, attrOutcome.String(outcome))
	if outcome != outcomeOK && outcome != string(messages.DedupeRepeatDone) {
		attrs = append(attrs, attrErrorType.String(outcome))
	}
	return attrs
}

// webhookOutcome names how a webhook request ended: "ok", "repeat_done"
// for a repeat answered 200 without its callback, or what went wrong.
func webhookOutcome(wh *messages.WebhookInfo) string {
	switch {
	case wh.Verification == messages.VerificationRefused:
		return errorType(wh.VerificationError, wh.VerificationError)
	case wh.Dedupe == messages.DedupeRepeatDone && wh.StatusCode == http.StatusOK:
		return string(messages.DedupeRepeatDone)
	case wh.Dedupe == messages.DedupeRepeatPending:
		return string(messages.DedupeRepeatPending)
	case wh.Dedupe == messages.DedupeFailed:
		return "dedupe_failed"
	case wh.CallbackErr != nil:
		return "callback_failed"
	case wh.StatusCode == 0:
		return "no_answer"
	case wh.StatusCode < 300:
		return outcomeOK
	case wh.StatusCode == http.StatusBadRequest:
		return "invalid_body"
	case wh.StatusCode == http.StatusRequestEntityTooLarge:
		return "body_too_large"
	case wh.StatusCode == http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case wh.StatusCode == http.StatusInternalServerError:
		return "misconfigured" // no secret set: refused before verifying
	}
	return errorOther
}
