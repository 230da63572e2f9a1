package messages

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Observer is told what a Client and a webhook handler do, so that it can
// trace and measure them: otelmessages turns it into OpenTelemetry spans and
// metrics. Set it with WithObserver on a client and WebhookConfig.Observer on
// a handler; with none set, nothing of this runs.
//
// The calls come in pairs. Each Start returns the context the work goes on
// with (an observer puts its span there, and the HTTP request of an attempt
// carries it); its End gets that context back. For a client call:
// StartOperation, then per HTTP attempt StartAttempt and EndAttempt, then
// EndOperation. For a webhook request: StartWebhook, StartCallback and
// EndCallback when a callback runs, then EndWebhook. The info structs are
// filled in as the work goes and are complete at End; an observer may keep
// what it reads but must not keep the pointers past End.
//
// The infos hold no personal data: no phone numbers, addresses, text or
// media URLs. OperationInfo.Err may quote the message in a validation
// error, so an observer that must stay free of personal data records the
// categories (ErrorCategory), not error texts.
//
// Methods are called from the goroutines of the calls they observe, many at
// once: an Observer must be safe for concurrent use. They should be quick,
// since they run on the request path.
type Observer interface {
	StartOperation(ctx context.Context, op *OperationInfo) context.Context
	StartAttempt(ctx context.Context, op *OperationInfo, at *AttemptInfo) context.Context
	EndAttempt(ctx context.Context, op *OperationInfo, at *AttemptInfo)
	EndOperation(ctx context.Context, op *OperationInfo)

	StartWebhook(ctx context.Context, wh *WebhookInfo) context.Context
	StartCallback(ctx context.Context, wh *WebhookInfo) context.Context
	EndCallback(ctx context.Context, wh *WebhookInfo)
	EndWebhook(ctx context.Context, wh *WebhookInfo)
}

// Operation names what a client call does.
type Operation string

// The client's operations.
const (
	OperationSend             Operation = "send"
	OperationSendWithFailover Operation = "send_with_failover"
	OperationMarkRead         Operation = "mark_read"
	OperationRevoke           Operation = "revoke"
	// OperationDownloadMedia is reported as an operation only: its one
	// GET (no retries) goes around the client's request path, so it has
	// no AttemptInfo yet.
	OperationDownloadMedia Operation = "download_media"
)

// OperationInfo is what an Observer learns of one client call.
type OperationInfo struct {
	// Known at StartOperation:

	Operation Operation
	// Channel is the message's channel (the primary's for a failover);
	// empty for calls that carry no message.
	Channel Channel
	// MessageType is the message's message_type as the v1 API names it
	// ("text", "image", "template", ...); empty for calls with no message.
	MessageType string
	// FailoverChannels are the channels of a failover's fallbacks, in order.
	FailoverChannels []Channel
	APIVersion       APIVersion
	// Region is the region the call goes to: the one given to MarkRead or
	// Revoke, else the client's (RegionGlobal for the global host and for a
	// host set with WithBaseURL or WithSandbox).
	Region Region
	// MessageUUID is the message's UUID: given to MarkRead and Revoke, and
	// set from the API's answer at the end of a send.
	MessageUUID string

	// Filled in as the call goes; complete at EndOperation:

	// Attempts counts the HTTP requests made (0 when the call failed
	// before sending, such as a message that is not valid).
	Attempts int
	// LimiterWait is the time spent waiting on the client's Limiter, all
	// attempts together.
	LimiterWait time.Duration
	// StatusCode is the last answer's HTTP status, 0 when none came.
	StatusCode int
	// WorkflowID is the failover's workflow_id or dispatch_uuid.
	WorkflowID string
	// Err is the call's error, nil on success.
	Err error
	// ErrorCategory is the sentinel Err matches (see ErrorCategory).
	ErrorCategory error
}

// AttemptInfo is what an Observer learns of one HTTP request of a call.
type AttemptInfo struct {
	// Known at StartAttempt:

	// Number counts the call's attempts from 1.
	Number int
	// Method is the HTTP method; ServerAddress and ServerPort are the
	// host name and port the request goes to (no path, no query).
	Method        string
	ServerAddress string
	ServerPort    int
	// LimiterWait is the time this attempt waited on the client's Limiter
	// before it was sent.
	LimiterWait time.Duration

	// Complete at EndAttempt:

	// StatusCode is the answer's HTTP status, 0 when none came.
	StatusCode int
	// RequestID is the answer's X-Request-Id, for support tickets.
	RequestID string
	// Err is the attempt's error and ErrorCategory the sentinel it matches
	// (see ErrorCategory); both nil on success.
	Err           error
	ErrorCategory error
	// RetryReason says why another attempt follows this one, after
	// RetryWait; it is empty for the last attempt.
	RetryReason RetryReason
	RetryWait   time.Duration
}

// RetryReason says why the client tries a request again.
type RetryReason string

// The reasons the client retries, as its RetryPolicy allows.
const (
	// RetryRateLimited: the API answered 429.
	RetryRateLimited RetryReason = "rate_limited"
	// RetryNotSent: the connection was never made, so nothing was sent.
	RetryNotSent RetryReason = "not_sent"
	// RetryServerError: the API answered 5xx (RetryServerErrors).
	RetryServerError RetryReason = "server_error"
	// RetryTransport: the request failed after it may have been sent
	// (RetryServerErrors).
	RetryTransport RetryReason = "transport"
)

// errorCategories are the sentinels ErrorCategory reports, most specific
// first.
var errorCategories = []error{
	ErrInvalidMessage, ErrInvalidOption, ErrInvalidKey,
	ErrUnauthorized, ErrPaymentRequired, ErrForbidden, ErrNotFound,
	ErrInvalidRequest, ErrRateLimited, ErrServer, ErrMalformedResponse, ErrRedirect, ErrMediaTooLarge,
	ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch, ErrSignatureExpired,
	ErrInvalidWebhook,
	context.DeadlineExceeded, context.Canceled,
}

// ErrorCategory returns the sentinel err matches: one of this package's
// Err... values, or context.DeadlineExceeded or context.Canceled. It is nil
// for a nil err and for an error that matches none, such as a refused
// connection. Unlike the error's text, the category never holds anything
// the caller sent, so it is what telemetry should record.
func ErrorCategory(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range errorCategories {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

// retryReason says why err is retried; it is called only once the policy
// has decided it is.
func retryReason(err error) RetryReason {
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests:
		return RetryRateLimited
	case apiErr != nil:
		return RetryServerError
	case neverSent(err):
		return RetryNotSent
	}
	return RetryTransport
}

// opKey carries a call's *OperationInfo from its public method to do.
type opKey struct{}

// startOperation reports the start of a call when the client has an
// observer. It returns the context the call goes on with, and nil for a nil
// ctx, which the call refuses unobserved.
func (c *Client) startOperation(ctx context.Context, op Operation, msg Message, fallbacks []Message) (context.Context, *OperationInfo) {
	if ctx == nil {
		return ctx, nil
	}
	info := &OperationInfo{Operation: op, APIVersion: c.version, Region: c.region}
	if !isNil(msg) {
		if st, ok := msg.(failoverStep); ok {
			msg = st.msg
		}
		if !isNil(msg) {
			info.Channel = msg.MessageChannel()
			// Encoding again costs a little, and only with an observer:
			// the type is then always what the request says.
			info.MessageType = msg.encodeV1(&checker{version: V1}).MessageType
		}
	}
	for _, f := range fallbacks {
		info.FailoverChannels = append(info.FailoverChannels, channelOf(f))
	}
	ctx = orContext(c.observer.StartOperation(ctx, info), ctx)
	return context.WithValue(ctx, opKey{}, info), info
}

// startUpdate is startOperation for MarkRead and Revoke. The UUID and the
// region are reported only when they are valid: a wrong argument may hold
// anything, even a phone number.
func (c *Client) startUpdate(ctx context.Context, op Operation, messageUUID string, region Region) (context.Context, *OperationInfo) {
	if ctx == nil {
		return ctx, nil
	}
	info := &OperationInfo{Operation: op, APIVersion: c.version}
	if uuidRE.MatchString(messageUUID) {
		info.MessageUUID = messageUUID
	}
	if _, known := regionHosts[region]; known {
		info.Region = region
	}
	ctx = orContext(c.observer.StartOperation(ctx, info), ctx)
	return context.WithValue(ctx, opKey{}, info), info
}

// endOperation reports the end of a call started with startOperation.
func (c *Client) endOperation(ctx context.Context, info *OperationInfo, res *Response, err error) {
	if info == nil {
		return
	}
	if res != nil {
		info.MessageUUID, info.WorkflowID = res.MessageUUID, res.WorkflowID
	}
	info.Err, info.ErrorCategory = err, ErrorCategory(err)
	c.observer.EndOperation(ctx, info)
}

// startAttempt reports an HTTP attempt of the call in ctx, if it is
// observed; at is nil when it is not.
func (c *Client) startAttempt(ctx context.Context, n int, method, endpoint string, limiterWait time.Duration) (context.Context, *OperationInfo, *AttemptInfo) {
	op, _ := ctx.Value(opKey{}).(*OperationInfo)
	if op == nil {
		return ctx, nil, nil
	}
	op.Attempts = n
	op.LimiterWait += limiterWait
	at := &AttemptInfo{Number: n, Method: method, LimiterWait: limiterWait}
	if u, err := url.Parse(endpoint); err == nil {
		at.ServerAddress = u.Hostname()
		at.ServerPort = serverPort(u)
	}
	return orContext(c.observer.StartAttempt(ctx, op, at), ctx), op, at
}

// orContext is what an Observer's Start returned, or ctx should it have
// returned nil: a faulty observer must not break the call.
func orContext(got, ctx context.Context) context.Context {
	if got == nil {
		return ctx
	}
	return got
}

func serverPort(u *url.URL) int {
	p := u.Port()
	if p == "" {
		if u.Scheme == "http" {
			return 80
		}
		return 443
	}
	n, _ := strconv.Atoi(p) // url.Parse accepts only digits here
	return n
}

// endAttempt reports how an attempt ended and whether it is retried.
func (c *Client) endAttempt(ctx context.Context, op *OperationInfo, at *AttemptInfo, ans answer, err error, wait time.Duration, again bool) {
	if at == nil {
		return
	}
	at.StatusCode = ans.status
	if ans.header != nil {
		at.RequestID = ans.header.Get("X-Request-Id")
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		at.StatusCode, at.RequestID = apiErr.StatusCode, apiErr.RequestID
	}
	at.Err, at.ErrorCategory = err, ErrorCategory(err)
	if again {
		at.RetryReason, at.RetryWait = retryReason(err), wait
	}
	op.StatusCode = at.StatusCode
	c.observer.EndAttempt(ctx, op, at)
}

// regionOf names the region of a base URL: RegionGlobal for any host that
// is not a regional one.
func regionOf(base string) Region {
	for r, h := range regionHosts {
		if h == base {
			return r
		}
	}
	return RegionGlobal
}
