package otelmessages

import (
	"context"
	"time"

	"github.com/gomessages/messages"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// startKey carries the start time of an operation or attempt from its
// Start to its End.
type startKey struct{ what string }

var (
	opStart      = startKey{"operation"}
	attemptStart = startKey{"attempt"}
)

func withStart(ctx context.Context, k startKey) context.Context {
	return context.WithValue(ctx, k, time.Now())
}

// since is the time since the start ctx holds under k, in seconds; false
// when it holds none (its metric was not enabled at the start).
func since(ctx context.Context, k startKey) (float64, bool) {
	start, ok := ctx.Value(k).(time.Time)
	if !ok {
		return 0, false
	}
	return time.Since(start).Seconds(), true
}

func operationSpanName(op messages.Operation) string { return "messages." + string(op) }

// StartOperation starts the span of a client call. Attributes are built
// only for a span that records, and the start time kept only for enabled
// metrics: with no-op providers, little is spent.
func (o *Observer) StartOperation(ctx context.Context, op *messages.OperationInfo) context.Context {
	kind := trace.SpanKindClient
	if op.Operation == messages.OperationSend || op.Operation == messages.OperationSendWithFailover {
		kind = trace.SpanKindProducer
	}
	ctx, span := o.tracer.Start(ctx, operationSpanName(op.Operation), trace.WithSpanKind(kind))
	if span.IsRecording() {
		span.SetAttributes(operationAttributes(op)...)
	}
	if o.m.operationDuration.Enabled(ctx) {
		ctx = withStart(ctx, opStart)
	}
	return ctx
}

func operationAttributes(op *messages.OperationInfo) []attribute.KeyValue {
	attrs := []attribute.KeyValue{
		attrMessagingSystem.String(messagingSystem),
		attrMessagingOperation.String(string(op.Operation)),
		attrAPIVersion.String(string(op.APIVersion)),
		attrRegion.String(regionName(op.Region)),
	}
	if op.Operation == messages.OperationSend || op.Operation == messages.OperationSendWithFailover {
		attrs = append(attrs, attrMessagingOpType.String("send"))
	}
	if op.Channel != "" {
		attrs = append(attrs, attrChannel.String(string(op.Channel)))
	}
	if op.MessageType != "" {
		attrs = append(attrs, attrMessageType.String(op.MessageType))
	}
	if len(op.FailoverChannels) > 0 {
		chs := make([]string, len(op.FailoverChannels))
		for i, c := range op.FailoverChannels {
			chs[i] = channelName(c)
		}
		attrs = append(attrs, attrFailoverChannels.StringSlice(chs))
	}
	if op.MessageUUID != "" {
		attrs = append(attrs, attrMessageID.String(op.MessageUUID))
	}
	return attrs
}

// EndOperation ends the span of a client call and records its metrics.
func (o *Observer) EndOperation(ctx context.Context, op *messages.OperationInfo) {
	span := trace.SpanFromContext(ctx)
	et := errorType(op.Err, op.ErrorCategory)
	if span.IsRecording() {
		attrs := make([]attribute.KeyValue, 0, 6)
		attrs = append(attrs, attrAttempts.Int(op.Attempts))
		if op.MessageUUID != "" {
			attrs = append(attrs, attrMessageID.String(op.MessageUUID))
		}
		if op.WorkflowID != "" {
			attrs = append(attrs, attrWorkflowID.String(op.WorkflowID))
		}
		if op.LimiterWait > 0 {
			attrs = append(attrs, attrLimiterWait.Float64(op.LimiterWait.Seconds()))
		}
		if op.StatusCode != 0 {
			attrs = append(attrs, attrHTTPStatus.Int(op.StatusCode))
		}
		if et != "" {
			attrs = append(attrs, attrErrorType.String(et))
			span.SetStatus(codes.Error, et)
		}
		span.SetAttributes(attrs...)
	}
	span.End()

	if !o.m.operations.Enabled(ctx) && !o.m.operationDuration.Enabled(ctx) {
		return
	}
	outcome := outcomeOK
	if et != "" {
		outcome = et
	}
	set := metric.WithAttributes(
		attrMessagingOperation.String(string(op.Operation)),
		attrChannel.String(channelName(op.Channel)),
		attrOutcome.String(outcome),
	)
	o.m.operations.Add(ctx, 1, set)
	if d, ok := since(ctx, opStart); ok {
		o.m.operationDuration.Record(ctx, d, set)
	}
}

// StartAttempt starts the span of one HTTP attempt, a child of its call's.
func (o *Observer) StartAttempt(ctx context.Context, op *messages.OperationInfo, at *messages.AttemptInfo) context.Context {
	ctx, span := o.tracer.Start(ctx, operationSpanName(op.Operation)+".attempt", trace.WithSpanKind(trace.SpanKindClient))
	if span.IsRecording() {
		attrs := []attribute.KeyValue{
			attrHTTPMethod.String(at.Method),
			attrServerAddress.String(at.ServerAddress),
			attrServerPort.Int(at.ServerPort),
		}
		if at.Number > 1 {
			attrs = append(attrs, attrResendCount.Int(at.Number-1))
		}
		if at.LimiterWait > 0 {
			attrs = append(attrs, attrLimiterWait.Float64(at.LimiterWait.Seconds()))
		}
		span.SetAttributes(attrs...)
	}
	if at.LimiterWait > 0 && o.m.limiterWait.Enabled(ctx) {
		o.m.limiterWait.Record(ctx, at.LimiterWait.Seconds(), metric.WithAttributes(attrMessagingOperation.String(string(op.Operation))))
	}
	if o.m.attemptDuration.Enabled(ctx) {
		ctx = withStart(ctx, attemptStart)
	}
	return ctx
}

// EndAttempt ends the span of an HTTP attempt and records its metrics.
func (o *Observer) EndAttempt(ctx context.Context, op *messages.OperationInfo, at *messages.AttemptInfo) {
	span := trace.SpanFromContext(ctx)
	et := attemptErrorType(at)
	if span.IsRecording() {
		attrs := make([]attribute.KeyValue, 0, 5)
		if at.StatusCode != 0 {
			attrs = append(attrs, attrHTTPStatus.Int(at.StatusCode))
		}
		if at.RequestID != "" {
			attrs = append(attrs, attrRequestID.String(at.RequestID))
		}
		if et != "" {
			attrs = append(attrs, attrErrorType.String(et))
			span.SetStatus(codes.Error, et)
		}
		if at.RetryReason != "" {
			attrs = append(attrs, attrRetryReason.String(string(at.RetryReason)), attrRetryWait.Float64(at.RetryWait.Seconds()))
		}
		span.SetAttributes(attrs...)
	}
	span.End()

	if d, ok := since(ctx, attemptStart); ok && o.m.attemptDuration.Enabled(ctx) {
		attrs := make([]attribute.KeyValue, 0, 5)
		attrs = append(attrs,
			attrMessagingOperation.String(string(op.Operation)),
			attrHTTPMethod.String(at.Method),
			attrServerAddress.String(at.ServerAddress),
		)
		if at.StatusCode != 0 {
			attrs = append(attrs, attrHTTPStatus.Int(at.StatusCode))
		}
		if et != "" {
			attrs = append(attrs, attrErrorType.String(et))
		}
		o.m.attemptDuration.Record(ctx, d, metric.WithAttributes(attrs...))
	}
	if at.RetryReason != "" && o.m.retries.Enabled(ctx) {
		o.m.retries.Add(ctx, 1, metric.WithAttributes(
			attrMessagingOperation.String(string(op.Operation)),
			attrRetryReason.String(string(at.RetryReason)),
		))
	}
}

// regionName is a region for an attribute: "global" for the default host.
func regionName(r messages.Region) string {
	if r == messages.RegionGlobal {
		return "global"
	}
	return string(r)
}
