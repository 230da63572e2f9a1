// Package messagestest runs a fake of the Messages API on the loopback
// interface, for tests of code that sends messages and receives their
// webhooks, as net/http/httptest does for HTTP servers:
//
//	// The code under test receives webhooks with the SDK's handler.
//	receiver := httptest.NewServer(messages.NewWebhookHandler(messages.WebhookConfig{
//		SignatureSecret: "secret",
//		OnStatus:        app.OnStatus,
//	}))
//	defer receiver.Close()
//
//	srv := messagestest.NewServer(
//		messagestest.WithStatusURL(receiver.URL),
//		messagestest.WithSignatureSecret("secret"),
//	)
//	defer srv.Close()
//	client := srv.Client() // a *messages.Client for the code under test
//	res, err := client.Send(ctx, messages.SMS{From: "Acme", To: "447700900000", Text: "hi"})
//	// Once the delivered webhook has been answered, app.OnStatus has run.
//	st, err := srv.WaitStatus(ctx, res.MessageUUID, messages.StatusDelivered)
//	reqs := srv.Requests() // what was sent: reqs[0].Text, Template(), Media()
//
// The fake checks each request as the API does: a JWT signed with the
// application's key (or basic auth when enabled), and a body valid for its
// wire version, else 401 or 422 (400 on v0.1) with problem details naming
// every bad field. It answers 202 with a fresh UUID, records the request,
// posts signed status webhooks (submitted, delivered, read) to the status
// URL, plays v1 failover and v0.1 Dispatch workflows, simulates inbound
// messages, and injects faults and latency on demand. WaitStatus and
// WaitWebhook wait for what it plays, so a test needs no sleeps and no
// polling.
//
// The body checks are written by hand from the API's OpenAPI files; they
// catch what the specs catch for the channels and fields this SDK sends, and
// answer the same field names.
package messagestest
