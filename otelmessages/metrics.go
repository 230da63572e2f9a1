package otelmessages

import (
	"errors"

	"go.opentelemetry.io/otel/metric"
)

// instruments are the Observer's metrics.
type instruments struct {
	operations        metric.Int64Counter
	operationDuration metric.Float64Histogram
	attemptDuration   metric.Float64Histogram
	retries           metric.Int64Counter
	limiterWait       metric.Float64Histogram
	webhooks          metric.Int64Counter
	dedupe            metric.Int64Counter
	callbackDuration  metric.Float64Histogram
}

// The metric names.
const (
	MetricOperations        = "messages.client.operations"
	MetricOperationDuration = "messages.client.operation.duration"
	MetricAttemptDuration   = "messages.client.attempt.duration"
	MetricRetries           = "messages.client.retries"
	MetricLimiterWait       = "messages.client.limiter.wait"
	MetricWebhooks          = "messages.webhook.requests"
	MetricDedupe            = "messages.webhook.dedupe"
	MetricCallbackDuration  = "messages.webhook.callback.duration"
)

func newInstruments(m metric.Meter) (instruments, error) {
	var in instruments
	var errs [8]error
	in.operations, errs[0] = m.Int64Counter(MetricOperations, metric.WithUnit("{operation}"),
		metric.WithDescription("Client calls, by operation, channel and outcome (ok or the error category)."))
	in.operationDuration, errs[1] = m.Float64Histogram(MetricOperationDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of client calls, retries and waits included."))
	in.attemptDuration, errs[2] = m.Float64Histogram(MetricAttemptDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of each HTTP attempt of a client call."))
	in.retries, errs[3] = m.Int64Counter(MetricRetries, metric.WithUnit("{retry}"),
		metric.WithDescription("HTTP attempts followed by another, by operation and retry reason."))
	in.limiterWait, errs[4] = m.Float64Histogram(MetricLimiterWait, metric.WithUnit("s"),
		metric.WithDescription("Time HTTP attempts waited on the client's rate limiter, for clients with one."))
	in.webhooks, errs[5] = m.Int64Counter(MetricWebhooks, metric.WithUnit("{request}"),
		metric.WithDescription("Webhook requests, by event kind and outcome."))
	in.dedupe, errs[6] = m.Int64Counter(MetricDedupe, metric.WithUnit("{event}"),
		metric.WithDescription("Webhook events checked for repeats, by dedupe outcome."))
	in.callbackDuration, errs[7] = m.Float64Histogram(MetricCallbackDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of webhook callbacks, by event kind and outcome."))
	return in, errors.Join(errs[:]...)
}
