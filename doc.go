// Package messages is a client for the Messages API: one typed Go API that
// sends SMS, MMS, WhatsApp, Facebook Messenger, Viber Service Messages, RCS
// and email messages, fails over from one channel to the next, and parses
// and verifies the inbound-message and message-status webhooks that come
// back.
//
// A Client authenticates every request with a short-lived RS256 JWT minted
// from an application ID and its private key:
//
//	c, err := messages.NewClient(appID, privateKeyPEM)
//	if err != nil { ... }
//	res, err := c.Send(ctx, messages.SMS{From: "447700900001", To: "447700900000", Text: "Hello"})
//
// Messages are validated before any I/O; every problem is reported at once in
// a *ValidationError. Errors from the API are *APIError values that keep the
// API's problem details and match sentinel errors such as ErrRateLimited with
// errors.Is.
//
// The v1 API (the live one) is the default; WithAPIVersion(V0_1) speaks the
// v0.1 Developer Preview API with the same Go types.
//
// An Observer, given with WithObserver and WebhookConfig.Observer, is told
// of every call, HTTP attempt and webhook request, without any personal
// data; the otelmessages module turns that into OpenTelemetry spans and
// metrics.
package messages
