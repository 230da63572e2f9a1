// Package messagestest runs a fake of the Messages API on the loopback
// interface, for tests of code that sends messages and receives their
// webhooks, as net/http/httptest does for HTTP servers:
//
//	srv := messagestest.NewServer(messagestest.WithStatusURL(receiver.URL))
//	defer srv.Close()
//	res, err := srv.Client().Send(ctx, messages.SMS{From: "Acme", To: "447700900000", Text: "hi"})
//	reqs := srv.Requests()
//
// The fake checks each request as the API does: a JWT signed with the
// application's key (or basic auth when enabled), and a body valid for its
// wire version, else 401 or 422 (400 on v0.1) with problem details naming
// every bad field. It answers 202 with a fresh UUID, records the request,
// posts signed status webhooks (submitted, delivered, read) to the status
// URL, plays v1 failover and v0.1 Dispatch workflows, simulates inbound
// messages, and injects faults and latency on demand.
//
// The body checks are written by hand from the API's OpenAPI files; they
// catch what the specs catch for the channels and fields this SDK sends, and
// answer the same field names.
package messagestest
