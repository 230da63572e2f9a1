package otelmessages

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/gomessages/messages"
)

// TestPrometheusScrape serves the metrics through OpenTelemetry's
// Prometheus exporter and scrapes /metrics over HTTP, as Prometheus would.
func TestPrometheusScrape(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutTargetInfo(), otelprom.WithoutScopeInfo())
	require.NoError(t, err)
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	obs, err := New(WithMeterProvider(mp))
	require.NoError(t, err)

	srv, c := newFake(t, obs)
	srv.FailNext(http.StatusTooManyRequests, 0)
	_, err = c.Send(context.Background(), messages.SMS{From: fromNumber, To: toNumber, Text: "hello"})
	require.NoError(t, err)
	h := messages.NewWebhookHandler(messages.WebhookConfig{SignatureSecret: webhookSecret, Dedupe: time.Minute, Observer: obs})
	require.Equal(t, http.StatusOK, postWebhook(t, h, statusBody, webhookSecret))
	require.Equal(t, http.StatusOK, postWebhook(t, h, statusBody, webhookSecret))

	metricsSrv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	t.Cleanup(metricsSrv.Close)
	resp, err := http.Get(metricsSrv.URL + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	text := string(body)

	for _, line := range []string{
		`messages_client_operations_total{messaging_operation_name="send",messaging_vonage_channel="sms",messaging_vonage_outcome="ok"} 1`,
		`messages_client_retries_total{messaging_operation_name="send",messaging_vonage_retry_reason="rate_limited"} 1`,
		`messages_client_operation_duration_seconds_count{messaging_operation_name="send",messaging_vonage_channel="sms",messaging_vonage_outcome="ok"} 1`,
		`messages_client_attempt_duration_seconds_count{error_type="429",http_request_method="POST",http_response_status_code="429",messaging_operation_name="send",server_address="127.0.0.1"} 1`,
		`messages_webhook_requests_total{http_response_status_code="200",messaging_vonage_outcome="ok",messaging_vonage_webhook_event_kind="status"} 1`,
		`messages_webhook_requests_total{http_response_status_code="200",messaging_vonage_outcome="repeat_done",messaging_vonage_webhook_event_kind="status"} 1`,
		`messages_webhook_dedupe_total{messaging_vonage_webhook_dedupe="new"} 1`,
		`messages_webhook_dedupe_total{messaging_vonage_webhook_dedupe="repeat_done"} 1`,
	} {
		assert.Contains(t, text, "\n"+line+"\n")
	}
}
