package otelmessages

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// webhookSecret signs the tests' webhooks.
const webhookSecret = "otel-test-secret-0123456789"

// telemetry is an Observer on real OpenTelemetry SDK parts: an in-memory
// span recorder and a manual metric reader.
type telemetry struct {
	obs    *Observer
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newTelemetry(t testing.TB) *telemetry {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	obs, err := New(WithTracerProvider(tp), WithMeterProvider(mp))
	require.NoError(t, err)
	return &telemetry{obs: obs, spans: spans, reader: reader}
}

// volatile are the attributes whose values change from run to run; the
// span trees print a placeholder for them.
var volatile = map[attribute.Key]string{
	attrMessageID:   "<uuid>",
	attrWorkflowID:  "<workflow>",
	attrServerPort:  "<port>",
	attrRetryWait:   "<wait>",
	attrLimiterWait: "<wait>",
	attrRequestID:   "<request-id>",
}

// tree prints the ended spans as the in-memory exporter holds them, one
// per line, each child indented under its parent, in start order:
// name, kind, status and every attribute.
func (tm *telemetry) tree() string {
	stubs := tracetest.SpanStubsFromReadOnlySpans(tm.spans.Ended())
	sort.SliceStable(stubs, func(i, j int) bool { return stubs[i].StartTime.Before(stubs[j].StartTime) })
	var b strings.Builder
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, s := range stubs {
			p := ""
			if s.Parent.IsValid() {
				p = s.Parent.SpanID().String()
			}
			if p != parent {
				continue
			}
			fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), formatSpan(s))
			walk(s.SpanContext.SpanID().String(), depth+1)
		}
	}
	walk("", 0)
	return b.String()
}

func formatSpan(s tracetest.SpanStub) string {
	status := ""
	if s.Status.Code != 0 {
		status = " " + s.Status.Code.String()
		if s.Status.Description != "" {
			status += "(" + s.Status.Description + ")"
		}
	}
	attrs := make([]string, 0, len(s.Attributes))
	for _, kv := range s.Attributes {
		v := kv.Value.String()
		if ph, ok := volatile[kv.Key]; ok {
			v = ph
		}
		attrs = append(attrs, string(kv.Key)+"="+v)
	}
	sort.Strings(attrs)
	return fmt.Sprintf("%s [%s]%s\n    %s\n", s.Name, s.SpanKind, status, strings.Join(attrs, " "))
}

// points collects every metric point: a counter's sum or a histogram's
// count, under "name{attr=value,...}".
func (tm *telemetry) points(t testing.TB) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					out[m.Name+setString(p.Attributes)] += p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out[m.Name+setString(p.Attributes)] += int64(p.Count)
				}
			default:
				t.Fatalf("metric %s has an unexpected type %T", m.Name, m.Data)
			}
		}
	}
	return out
}

func setString(s attribute.Set) string {
	parts := make([]string, 0, s.Len())
	for _, kv := range s.ToSlice() {
		v := kv.Value.String()
		if ph, ok := volatile[kv.Key]; ok {
			v = ph
		}
		parts = append(parts, string(kv.Key)+"="+v)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// everything is every string the telemetry holds: span names, status
// descriptions, event names, every attribute of spans, events, links and
// metric points, and the resource's.
func (tm *telemetry) everything(t testing.TB) []string {
	t.Helper()
	var out []string
	add := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			out = append(out, string(kv.Key)+"="+kv.Value.String())
		}
	}
	for _, s := range tm.spans.Ended() {
		out = append(out, s.Name(), s.Status().Description)
		add(s.Attributes())
		for _, e := range s.Events() {
			out = append(out, e.Name)
			add(e.Attributes)
		}
	}
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out = append(out, m.Name, m.Description)
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					add(p.Attributes.ToSlice())
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					add(p.Attributes.ToSlice())
				}
			}
		}
	}
	return slices.Compact(out)
}

// newFake starts messagestest and returns it with a client that observes
// through obs and retries a 429 once, after a millisecond.
func newFake(t testing.TB, obs messages.Observer, opts ...messagestest.ServerOption) (*messagestest.Server, *messages.Client) {
	t.Helper()
	srv := messagestest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c := srv.Client(messages.WithObserver(obs), messages.WithRetry(messages.RetryPolicy{
		MaxAttempts: 2, MinBackoff: 1e6, MaxBackoff: 1e6,
	}))
	return srv, c
}

// postWebhook hands body, signed with secret ("" for unsigned), to h.
func postWebhook(t testing.TB, h http.Handler, body, secret string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/status", strings.NewReader(body))
	if secret != "" {
		auth, err := messagestest.SignWebhook([]byte(body), secret)
		require.NoError(t, err)
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// statusBody is a v1 status webhook, as the API posts it.
const statusBody = `{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900002","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","status":"delivered","channel":"sms"}`

// doerFunc is a messages.HTTPDoer made of a function.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
