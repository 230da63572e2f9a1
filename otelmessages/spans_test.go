package otelmessages

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

const (
	fromNumber = "447700900001"
	toNumber   = "447700900002"
)

func TestRetriedSendIsOneOperationWithTwoAttempts(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	srv, c := newFake(t, tm.obs)
	srv.FailNext(http.StatusTooManyRequests, 0)

	res, err := c.Send(context.Background(), messages.SMS{From: fromNumber, To: toNumber, Text: "hello"})
	require.NoError(t, err)
	require.NotEmpty(t, res.MessageUUID)

	// The wait is the jittered backoff of a 1 ms policy, so between 0.5
	// and 1 ms; the tree below prints it as <wait>.
	ended := tm.spans.Ended()
	require.Len(t, ended, 3)
	var wait float64
	for _, kv := range ended[0].Attributes() {
		if kv.Key == attrRetryWait {
			wait = kv.Value.AsFloat64()
		}
	}
	assert.InDelta(t, 0.00075, wait, 0.00025, "the first attempt's retry wait, in seconds")

	assert.Equal(t, `messages.send [producer]
    http.response.status_code=202 messaging.message.id=<uuid> messaging.operation.name=send messaging.operation.type=send messaging.system=vonage_messages messaging.vonage.api_version=v1 messaging.vonage.attempts=2 messaging.vonage.channel=sms messaging.vonage.message.type=text messaging.vonage.region=global
  messages.send.attempt [client] Error(429)
    error.type=429 http.request.method=POST http.response.status_code=429 messaging.vonage.request.id=<request-id> messaging.vonage.retry.reason=rate_limited messaging.vonage.retry.wait=<wait> server.address=127.0.0.1 server.port=<port>
  messages.send.attempt [client]
    http.request.method=POST http.request.resend_count=1 http.response.status_code=202 messaging.vonage.request.id=<request-id> server.address=127.0.0.1 server.port=<port>
`, tm.tree())
	assert.Equal(t, map[string]int64{
		"messages.client.operations{messaging.operation.name=send,messaging.vonage.channel=sms,messaging.vonage.outcome=ok}":                                             1,
		"messages.client.operation.duration{messaging.operation.name=send,messaging.vonage.channel=sms,messaging.vonage.outcome=ok}":                                     1,
		"messages.client.attempt.duration{error.type=429,http.request.method=POST,http.response.status_code=429,messaging.operation.name=send,server.address=127.0.0.1}": 1,
		"messages.client.attempt.duration{http.request.method=POST,http.response.status_code=202,messaging.operation.name=send,server.address=127.0.0.1}":                1,
		"messages.client.retries{messaging.operation.name=send,messaging.vonage.retry.reason=rate_limited}":                                                              1,
	}, tm.points(t))
}

func TestFailoverSpans(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	srv, c := newFake(t, tm.obs)
	srv.SetOutcome(toNumber, messages.ChannelWhatsApp, messagestest.Rejected)

	res, err := c.SendWithFailover(context.Background(),
		messages.WhatsApp{From: fromNumber, To: toNumber, Content: messages.Image{URL: "https://example.com/cat.jpg"}},
		messages.SMS{From: fromNumber, To: toNumber, Text: "hello"})
	require.NoError(t, err)
	require.NotEmpty(t, res.WorkflowID)

	assert.Equal(t, `messages.send_with_failover [producer]
    http.response.status_code=202 messaging.message.id=<uuid> messaging.operation.name=send_with_failover messaging.operation.type=send messaging.system=vonage_messages messaging.vonage.api_version=v1 messaging.vonage.attempts=1 messaging.vonage.channel=whatsapp messaging.vonage.failover.channels=["sms"] messaging.vonage.message.type=image messaging.vonage.region=global messaging.vonage.workflow.id=<workflow>
  messages.send_with_failover.attempt [client]
    http.request.method=POST http.response.status_code=202 messaging.vonage.request.id=<request-id> server.address=127.0.0.1 server.port=<port>
`, tm.tree())
	assert.Equal(t, map[string]int64{
		"messages.client.operations{messaging.operation.name=send_with_failover,messaging.vonage.channel=whatsapp,messaging.vonage.outcome=ok}":                         1,
		"messages.client.operation.duration{messaging.operation.name=send_with_failover,messaging.vonage.channel=whatsapp,messaging.vonage.outcome=ok}":                 1,
		"messages.client.attempt.duration{http.request.method=POST,http.response.status_code=202,messaging.operation.name=send_with_failover,server.address=127.0.0.1}": 1,
	}, tm.points(t))
}

func TestRefusedWebhookSpans(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	called := 0
	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: webhookSecret,
		OnStatus:        func(context.Context, *messages.Status) error { called++; return nil },
		Observer:        tm.obs,
	})
	assert.Equal(t, http.StatusUnauthorized, postWebhook(t, h, statusBody, "another-secret-0123456789"))
	assert.Equal(t, http.StatusServiceUnavailable, postWebhook(t, h, statusBody, ""))
	assert.Zero(t, called)

	assert.Equal(t, `messages.webhook [server]
    error.type=invalid_signature http.request.method=POST http.response.status_code=401 messaging.operation.type=receive messaging.system=vonage_messages messaging.vonage.outcome=invalid_signature messaging.vonage.webhook.verification=refused
messages.webhook [server] Error(missing_signature)
    error.type=missing_signature http.request.method=POST http.response.status_code=503 messaging.operation.type=receive messaging.system=vonage_messages messaging.vonage.outcome=missing_signature messaging.vonage.webhook.verification=refused
`, tm.tree())
	assert.Equal(t, map[string]int64{
		"messages.webhook.requests{http.response.status_code=401,messaging.vonage.outcome=invalid_signature,messaging.vonage.webhook.event_kind=none}": 1,
		"messages.webhook.requests{http.response.status_code=503,messaging.vonage.outcome=missing_signature,messaging.vonage.webhook.event_kind=none}": 1,
	}, tm.points(t))
}

func TestDedupedWebhookSpans(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	called := 0
	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: webhookSecret,
		Dedupe:          time.Minute,
		OnStatus:        func(context.Context, *messages.Status) error { called++; return nil },
		Observer:        tm.obs,
	})
	assert.Equal(t, http.StatusOK, postWebhook(t, h, statusBody, webhookSecret))
	assert.Equal(t, http.StatusOK, postWebhook(t, h, statusBody, webhookSecret), "the repeat")
	assert.Equal(t, 1, called)

	assert.Equal(t, `messages.webhook [server]
    http.request.method=POST http.response.status_code=200 messaging.message.id=<uuid> messaging.operation.type=receive messaging.system=vonage_messages messaging.vonage.channel=sms messaging.vonage.message.status=delivered messaging.vonage.outcome=ok messaging.vonage.webhook.dedupe=new messaging.vonage.webhook.event_kind=status messaging.vonage.webhook.verification=passed
  messages.webhook.callback [internal]
    messaging.operation.type=process messaging.vonage.webhook.event_kind=status
messages.webhook [server]
    http.request.method=POST http.response.status_code=200 messaging.message.id=<uuid> messaging.operation.type=receive messaging.system=vonage_messages messaging.vonage.channel=sms messaging.vonage.message.status=delivered messaging.vonage.outcome=repeat_done messaging.vonage.webhook.dedupe=repeat_done messaging.vonage.webhook.event_kind=status messaging.vonage.webhook.verification=passed
`, tm.tree())
	assert.Equal(t, map[string]int64{
		"messages.webhook.requests{http.response.status_code=200,messaging.vonage.outcome=ok,messaging.vonage.webhook.event_kind=status}":          1,
		"messages.webhook.requests{http.response.status_code=200,messaging.vonage.outcome=repeat_done,messaging.vonage.webhook.event_kind=status}": 1,
		"messages.webhook.dedupe{messaging.vonage.webhook.dedupe=new}":                                                                             1,
		"messages.webhook.dedupe{messaging.vonage.webhook.dedupe=repeat_done}":                                                                     1,
		"messages.webhook.callback.duration{messaging.vonage.outcome=ok,messaging.vonage.webhook.event_kind=status}":                               1,
	}, tm.points(t))
}
