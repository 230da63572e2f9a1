package otelmessages

import (
	"context"
	"strconv"

	"github.com/gomessages/messages"
	"go.opentelemetry.io/otel/attribute"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/gomessages/messages/otelmessages"

// The attributes this package records. The HTTP ones are OpenTelemetry's
// semantic conventions; the messaging.vonage.* ones follow the messaging
// conventions' pattern for a system's own attributes.
const (
	attrMessagingSystem    = attribute.Key("messaging.system")
	attrMessagingOperation = attribute.Key("messaging.operation.name")
	attrMessagingOpType    = attribute.Key("messaging.operation.type")
	attrMessageID          = attribute.Key("messaging.message.id")

	attrChannel          = attribute.Key("messaging.vonage.channel")
	attrMessageType      = attribute.Key("messaging.vonage.message.type")
	attrFailoverChannels = attribute.Key("messaging.vonage.failover.channels")
	attrAPIVersion       = attribute.Key("messaging.vonage.api_version")
	attrRegion           = attribute.Key("messaging.vonage.region")
	attrWorkflowID       = attribute.Key("messaging.vonage.workflow.id")
	attrAttempts         = attribute.Key("messaging.vonage.attempts")
	attrLimiterWait      = attribute.Key("messaging.vonage.limiter.wait")
	attrRetryReason      = attribute.Key("messaging.vonage.retry.reason")
	attrRetryWait        = attribute.Key("messaging.vonage.retry.wait")
	attrRequestID        = attribute.Key("messaging.vonage.request.id")
	attrOutcome          = attribute.Key("messaging.vonage.outcome")
	attrVerification     = attribute.Key("messaging.vonage.webhook.verification")
	attrEventKind        = attribute.Key("messaging.vonage.webhook.event_kind")
	attrMessageStatus    = attribute.Key("messaging.vonage.message.status")
	attrDedupe           = attribute.Key("messaging.vonage.webhook.dedupe")

	attrHTTPMethod    = attribute.Key("http.request.method")
	attrHTTPStatus    = attribute.Key("http.response.status_code")
	attrResendCount   = attribute.Key("http.request.resend_count")
	attrServerAddress = attribute.Key("server.address")
	attrServerPort    = attribute.Key("server.port")
	attrErrorType     = attribute.Key("error.type")
)

// messagingSystem is messaging.system for the Messages API.
const messagingSystem = "vonage_messages"

// outcomeOK is the outcome of a call or request that succeeded.
const outcomeOK = "ok"

// errorOther is error.type for an error of no known category, as the
// semantic conventions name it.
const errorOther = "_OTHER"

// categoryNames names each error category for error.type and outcomes.
var categoryNames = map[error]string{
	messages.ErrInvalidMessage:    "invalid_message",
	messages.ErrInvalidOption:     "invalid_option",
	messages.ErrInvalidKey:        "invalid_key",
	messages.ErrUnauthorized:      "unauthorized",
	messages.ErrPaymentRequired:   "payment_required",
	messages.ErrForbidden:         "forbidden",
	messages.ErrNotFound:          "not_found",
	messages.ErrInvalidRequest:    "invalid_request",
	messages.ErrRateLimited:       "rate_limited",
	messages.ErrServer:            "server_error",
	messages.ErrMalformedResponse: "malformed_response",
	messages.ErrRedirect:          "redirect_refused",
	messages.ErrMediaTooLarge:     "media_too_large",
	messages.ErrMissingSignature:  "missing_signature",
	messages.ErrInvalidSignature:  "invalid_signature",
	messages.ErrPayloadMismatch:   "payload_mismatch",
	messages.ErrSignatureExpired:  "signature_expired",
	messages.ErrInvalidWebhook:    "invalid_webhook",
	context.DeadlineExceeded:      "timeout",
	context.Canceled:              "canceled",
}

// errorType names an error by its category, never by its text: "" for no
// error, "_OTHER" for one of no known category.
func errorType(err, category error) string {
	if err == nil && category == nil {
		return ""
	}
	if name, ok := categoryNames[category]; ok {
		return name
	}
	return errorOther
}

// attemptErrorType is error.type for an HTTP attempt: the status code for
// an error answer, as the HTTP conventions say, else the error's category.
func attemptErrorType(at *messages.AttemptInfo) string {
	if at.StatusCode >= 400 {
		return strconv.Itoa(at.StatusCode)
	}
	return errorType(at.Err, at.ErrorCategory)
}

// channelName is a channel for an attribute; "none" for a call without one.
func channelName(c messages.Channel) string {
	if c == "" {
		return "none"
	}
	return string(c)
}
