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
//
// # Options
//
// Every option family is a function of the form func(*settings) error,
// defined with its constructors in one file beside the call that receives
// it:
//
//   - Option (options.go): NewClient, NewClientFromEnv, Env.NewClient
//   - TokenOption (jwt.go): GenerateJWT, Client.Token
//   - VerifyOption (signature.go): VerifySignature
//   - StepOption (failover.go): Step, for SendWithFailover
//   - MarkReadOption (update.go): Client.MarkRead
//   - EachOption (sendeach.go): Client.SendEach
//   - messagestest.ServerOption: messagestest.NewServer
//   - messagestest.SignOption: messagestest.SignWebhook
//   - otelmessages.Option: otelmessages.New
//
// The rule is the same for every family: a nil option is a mistake, never
// skipped, and it and a bad option are an error from the call that
// receives them, naming the family and the option's position, such as
// "messages: invalid option: token option 1 is nil". The root package's
// errors match ErrInvalidOption, otelmessages' its own ErrInvalidOption.
// Two calls have no error to return: Step
// returns a Message, so SendWithFailover reports its options' errors
// before anything is validated or sent; messagestest.NewServer panics with
// the error, as httptest does on a setup mistake.
package messages
