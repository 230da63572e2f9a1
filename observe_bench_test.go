package messages

import (
	"context"
	"testing"
	"time"
)

// nopObserver is an Observer that does nothing: what the hook itself costs.
type nopObserver struct{}

func (nopObserver) StartOperation(ctx context.Context, _ *OperationInfo) context.Context { return ctx }
func (nopObserver) StartAttempt(ctx context.Context, _ *OperationInfo, _ *AttemptInfo) context.Context {
	return ctx
}
func (nopObserver) EndAttempt(context.Context, *OperationInfo, *AttemptInfo)          {}
func (nopObserver) EndOperation(context.Context, *OperationInfo)                      {}
func (nopObserver) StartWebhook(ctx context.Context, _ *WebhookInfo) context.Context  { return ctx }
func (nopObserver) StartCallback(ctx context.Context, _ *WebhookInfo) context.Context { return ctx }
func (nopObserver) EndCallback(context.Context, *WebhookInfo)                         {}
func (nopObserver) EndWebhook(context.Context, *WebhookInfo)                          {}

// BenchmarkSendTokenReuseObserved is (b) of bench_test.go with an Observer
// that does nothing: beside (b), it is what the hook costs a Send; (b)
// itself, beside (a), shows that a client without one pays nothing for it.
// otelmessages measures its spans and metrics on top.
func BenchmarkSendTokenReuseObserved(b *testing.B) {
	benchSend(b, WithTokenReuse(time.Minute), WithObserver(nopObserver{}))
}
