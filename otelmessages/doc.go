// Package otelmessages traces and measures a messages.Client and webhook
// handler with OpenTelemetry. It is a module of its own, so the core
// module keeps golang-jwt as its only dependency.
//
// Turning it on takes three lines:
//
//	obs, err := otelmessages.New()
//	client, err := messages.NewClientFromEnv(messages.WithObserver(obs))
//	handler := messages.NewWebhookHandler(messages.WebhookConfig{SignatureSecret: secret, OnStatus: onStatus, Observer: obs})
//
// Each client call is one span named by its operation ("messages.send",
// "messages.send_with_failover", "messages.mark_read", "messages.revoke",
// "messages.download_media"), with a child span per HTTP attempt
// ("messages.send.attempt") carrying the HTTP client semantic-convention
// attributes. Each webhook request is a span ("messages.webhook") with the
// callback as its child ("messages.webhook.callback"). Span names never hold
// an ID.
//
// Nothing personal is recorded: no phone numbers, addresses, text or media
// URLs, in spans or metrics; errors are recorded by category (error.type),
// never by their text, which can quote the message. The message UUID is
// recorded on spans as messaging.message.id.
//
// The tracer and meter providers are the global ones unless
// WithTracerProvider and WithMeterProvider give others.
package otelmessages
