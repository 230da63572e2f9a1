package otelmessages

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// The overhead of tracing and metrics, each beside the same call with no
// observer, in one run:
//
//	cd otelmessages
//	for i in $(seq 8); do go test -run='^$' -bench=. -benchmem -count=1 .; done
//
// NoObserver is the client or handler as it is without this package;
// NoopProviders has an Observer on OpenTelemetry's no-op providers (what a
// service pays when the global providers are never set); Recording has the
// SDK's providers sampling every span (into a processor that drops it once
// ended, so no exporter's cost counts) and aggregating every metric.

// discardProcessor takes ended spans and drops them.
type discardProcessor struct{}

func (discardProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discardProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discardProcessor) Shutdown(context.Context) error                  { return nil }
func (discardProcessor) ForceFlush(context.Context) error                { return nil }

// benchObserver returns the Observer of kind, nil for "none".
func benchObserver(b *testing.B, kind string) *Observer {
	b.Helper()
	var opts []Option
	switch kind {
	case "none":
		return nil
	case "noop":
		opts = []Option{WithTracerProvider(tracenoop.NewTracerProvider()), WithMeterProvider(noop.NewMeterProvider())}
	case "recording":
		tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithSpanProcessor(discardProcessor{}))
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		b.Cleanup(func() {
			_ = tp.Shutdown(context.Background())
			_ = mp.Shutdown(context.Background())
		})
		opts = []Option{WithTracerProvider(tp), WithMeterProvider(mp)}
	}
	obs, err := New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	return obs
}

func benchSend(b *testing.B, kind string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`)
	}))
	b.Cleanup(srv.Close)
	opts := []messages.Option{messages.WithBaseURL(srv.URL), messages.WithBasicAuth("abcd1234", "s3cretValue")}
	if obs := benchObserver(b, kind); obs != nil {
		opts = append(opts, messages.WithObserver(obs))
	}
	c, err := messages.NewClient("", nil, opts...)
	if err != nil {
		b.Fatal(err)
	}
	msg := messages.SMS{From: fromNumber, To: toNumber, Text: "Hello from Vonage!"}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSendNoObserver(b *testing.B)       { benchSend(b, "none") }
func BenchmarkSendNoopProviders(b *testing.B)    { benchSend(b, "noop") }
func BenchmarkSendRecording(b *testing.B)        { benchSend(b, "recording") }
func BenchmarkWebhookNoObserver(b *testing.B)    { benchWebhook(b, "none") }
func BenchmarkWebhookNoopProviders(b *testing.B) { benchWebhook(b, "noop") }
func BenchmarkWebhookRecording(b *testing.B)     { benchWebhook(b, "recording") }

// benchWebhook hands a signed status webhook to a handler that verifies
// it and runs a callback; no dedupe, so every delivery runs the same path.
func benchWebhook(b *testing.B, kind string) {
	cfg := messages.WebhookConfig{
		SignatureSecret: webhookSecret,
		OnStatus:        func(context.Context, *messages.Status) error { return nil },
	}
	if obs := benchObserver(b, kind); obs != nil {
		cfg.Observer = obs
	}
	h := messages.NewWebhookHandler(cfg)
	auth, err := messagestest.SignWebhook([]byte(statusBody), webhookSecret)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(statusBody))
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
