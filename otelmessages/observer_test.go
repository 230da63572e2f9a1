package otelmessages

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/gomessages/messages"
)

func TestNewRefusesNilOptions(t *testing.T) {
	t.Parallel()
	var nilTP *sdktrace.TracerProvider
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{nil, "otelmessages: invalid option: option 0 is nil"},
		{WithTracerProvider(nil), "otelmessages: invalid option: nil tracer provider"},
		{WithTracerProvider(nilTP), "otelmessages: invalid option: nil tracer provider"},
		{WithMeterProvider(nil), "otelmessages: invalid option: nil meter provider"},
	} {
		obs, err := New(tc.opt)
		require.ErrorIs(t, err, ErrInvalidOption)
		assert.EqualError(t, err, tc.want)
		assert.Nil(t, obs)
	}
}

// TestNewFallsBackToGlobalProviders sets the global tracer provider, so it
// does not run in parallel with the others.
func TestNewFallsBackToGlobalProviders(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	prevTP, prevMP := otel.GetTracerProvider(), otel.GetMeterProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() {
		otel.SetTracerProvider(prevTP)
		otel.SetMeterProvider(prevMP)
		_ = tp.Shutdown(context.Background())
	})

	obs, err := New()
	require.NoError(t, err)
	_, c := newFake(t, obs)
	_, err = c.Send(context.Background(), messages.SMS{From: fromNumber, To: toNumber, Text: "hello"})
	require.NoError(t, err)
	ended := spans.Ended()
	require.Len(t, ended, 2)
	assert.Equal(t, "messages.send.attempt", ended[0].Name())
	assert.Equal(t, "messages.send", ended[1].Name())
	assert.Equal(t, ScopeName, ended[1].InstrumentationScope().Name)
	assert.Equal(t, messages.Version, ended[1].InstrumentationScope().Version)
}

// TestAttemptContextReachesTheTransport checks that the HTTP request of an
// attempt carries the attempt's span, so an instrumented transport (such
// as otelhttp's) nests its spans under it and propagates its trace.
func TestAttemptContextReachesTheTransport(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	srv, _ := newFake(t, tm.obs)
	var seen trace.SpanContext
	c := srv.Client(messages.WithObserver(tm.obs), messages.WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
		seen = trace.SpanContextFromContext(r.Context())
		return http.DefaultClient.Do(r)
	})))
	_, err := c.Send(context.Background(), messages.SMS{From: fromNumber, To: toNumber, Text: "hello"})
	require.NoError(t, err)
	ended := tm.spans.Ended()
	require.Len(t, ended, 2)
	assert.Equal(t, ended[0].SpanContext().SpanID(), seen.SpanID(), "the request carries the attempt's span")
}
