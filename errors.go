package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gomessages/messages/internal/wire"
)

// Sentinel errors that an *APIError matches with errors.Is, by status code.
var (
	ErrUnauthorized    = errors.New("messages: unauthorized")     // 401
	ErrPaymentRequired = errors.New("messages: payment required") // 402
	ErrForbidden       = errors.New("messages: forbidden")        // 403
	ErrNotFound        = errors.New("messages: not found")        // 404
	ErrInvalidRequest  = errors.New("messages: invalid request")  // 400, 422
	ErrRateLimited     = errors.New("messages: rate limited")     // 429
	ErrServer          = errors.New("messages: server error")     // 5xx
)

// ErrMalformedResponse is returned when the API accepted a request but its
// answer could not be read. The message may well have been sent: do not
// send it again blindly.
var ErrMalformedResponse = errors.New("messages: malformed response")

// ErrRedirect is matched by the error of a request answered with a
// redirect (3xx). The client never follows one: it would re-send the
// message, and possibly its Authorization header, to wherever the answer
// points. The error names the status and the Location; nothing was sent
// there. A base URL that redirects is a misconfiguration: use the final URL.
var ErrRedirect = errors.New("messages: redirect refused")

// ErrInvalidKey is matched by every error about an application's private key.
var ErrInvalidKey = errors.New("messages: invalid private key")

// ErrInvalidOption is matched by every error about a nil or bad option: an
// Option, TokenOption or VerifyOption.
var ErrInvalidOption = errors.New("messages: invalid option")

// ErrInvalidMessage is matched by every *ValidationError: a message that
// failed the checks Send makes before any I/O.
var ErrInvalidMessage = errors.New("messages: invalid message")

// The errors of VerifySignature, one per kind of failure; match them with
// errors.Is. Their text never holds the secret or the token.
var (
	// ErrMissingSignature means the request has no Authorization header,
	// or no token in it.
	ErrMissingSignature = errors.New("messages: webhook signature: missing")
	// ErrInvalidSignature means the token is malformed, not HS256, not
	// signed with any of the secrets, or its claims are wrong (iss not
	// "Vonage", iat missing), or no secret was given.
	ErrInvalidSignature = errors.New("messages: webhook signature: invalid")
	// ErrPayloadMismatch means the token's payload_hash is missing or is
	// not the SHA-256 of the body received.
	ErrPayloadMismatch = errors.New("messages: webhook signature: payload hash does not match the body")
	// ErrSignatureExpired means the token's iat is further from now than
	// the allowed age, in the past or in the future, or the token carries
	// an exp that has passed (now is at or after it) or an nbf that has not
	// come (now is before it). exp and nbf get no leeway: the API's tokens
	// carry neither, so one that does says exactly when it holds.
	ErrSignatureExpired = errors.New("messages: webhook signature: expired")
)

// ErrInvalidWebhook is matched (with errors.Is) by every error from
// ParseWebhook, ParseInbound and ParseStatus: an empty body, one that is not
// a JSON object, malformed JSON, a field of the wrong JSON type, or a
// malformed timestamp or number; and, from ParseInbound and ParseStatus, a
// body that is not their kind, such as one without a message_uuid. The
// error text names the field.
var ErrInvalidWebhook = errors.New("messages: webhook: invalid body")

// maxErrorBody caps how much of an error body is kept.
const maxErrorBody = 1 << 20

// InvalidParameter names one field the API rejected and why.
type InvalidParameter struct {
	Name   string
	Reason string
}

// APIError is an error answer from the API, with its RFC 7807 problem
// details when the body had them. It matches the sentinel of its status code
// with errors.Is, such as ErrRateLimited for 429.
type APIError struct {
	StatusCode        int
	Type              string
	Title             string
	Detail            string
	Instance          string
	InvalidParameters []InvalidParameter
	// RetryAfter is the wait the Retry-After header asked for, or zero.
	RetryAfter time.Duration
	// RequestID is the X-Request-Id header, for support tickets.
	RequestID string
	// Body is the raw answer, at most 1 MiB, with the request's token
	// redacted should the server have echoed it.
	Body []byte
}

// Error reads as one sentence: status, title, detail, the invalid
// parameters and the wait Retry-After asked for. A title that only repeats
// the status text is left out, and the problem's own full stops are dropped
// so that no ".:" appears where its parts are joined. It never holds the raw
// body.
func (e *APIError) Error() string {
	var b strings.Builder
	status := http.StatusText(e.StatusCode)
	fmt.Fprintf(&b, "messages: %d %s", e.StatusCode, status)
	if title := trimStop(e.Title); title != "" && !strings.EqualFold(title, status) {
		b.WriteString(": ")
		b.WriteString(clipServerText(title, maxErrorTitle))
	}
	if detail := trimStop(e.Detail); detail != "" {
		b.WriteString(": ")
		b.WriteString(clipServerText(detail, maxErrorDetail))
	}
	for i, p := range e.InvalidParameters {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString(", ")
		}
		if i == maxErrorParams {
			fmt.Fprintf(&b, "and %d more)", len(e.InvalidParameters)-i)
			break
		}
		b.WriteString(clipServerText(p.Name, maxErrorParamText))
		if reason := trimStop(p.Reason); reason != "" {
			b.WriteString(" ")
			b.WriteString(clipServerText(reason, maxErrorParamText))
		}
		if i == len(e.InvalidParameters)-1 {
			b.WriteString(")")
		}
	}
	if e.Title == "" && e.Detail == "" && len(e.Body) > 0 {
		fmt.Fprintf(&b, ": %d-byte body without problem details", len(e.Body))
	}
	if e.RetryAfter > 0 {
		wait := e.RetryAfter
		if wait >= time.Second {
			wait = wait.Round(time.Second)
		}
		fmt.Fprintf(&b, "; retry after %s", wait)
	}
	if e.Instance != "" {
		fmt.Fprintf(&b, " [instance %s]", clipServerText(e.Instance, maxErrorParamText))
	}
	return b.String()
}

// What Error quotes of the server's text is capped, so an error stays a
// line a log or terminal can take (a 1 MiB detail was printed whole); the
// fields and Body keep all of it.
const (
	maxErrorTitle     = 200
	maxErrorDetail    = 500
	maxErrorParams    = 10  // invalid parameters named; the rest are counted
	maxErrorParamText = 100 // each parameter's name and reason, and the instance
)

// clipServerText cuts s to at most limit bytes, as clipString does, and
// says how much was left out.
func clipServerText(s string, limit int) string {
	clipped := clipString(s, limit)
	if clipped == s {
		return s
	}
	kept := len(clipped) - len("...")
	return fmt.Sprintf("%s (%d more bytes)", clipped, len(s)-kept)
}

// trimStop drops the spaces and full stops that end s: the API's titles and
// details are sentences of their own, and Error joins them into one.
func trimStop(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), ". ")
}

// Is maps the status code to its sentinel error.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrPaymentRequired:
		return e.StatusCode == http.StatusPaymentRequired
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrInvalidRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// newAPIError reads an error answer. The body may be empty, HTML or cut
// short: whatever it is, the status code and headers still make the error.
func newAPIError(status int, header http.Header, body []byte, now time.Time) *APIError {
	e := &APIError{
		StatusCode: status,
		RetryAfter: parseRetryAfter(header.Get("Retry-After"), now),
		RequestID:  header.Get("X-Request-Id"),
		Body:       body,
	}
	var p wire.Problem
	if json.Unmarshal(bytes.TrimSpace(body), &p) == nil {
		e.Type, e.Title, e.Detail, e.Instance = p.Type, p.Title, p.Detail, p.Instance
		for _, ip := range p.InvalidParameters {
			e.InvalidParameters = append(e.InvalidParameters, InvalidParameter(ip))
		}
	}
	return e
}

// maxRetryAfter caps what a Retry-After header can ask for: a server's
// mistake must not park a caller for years.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads Retry-After as seconds or an HTTP date, capped at
// maxRetryAfter; anything else, or a time in the past, is zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs > 0 {
			d = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
		}
	} else if t, err := http.ParseTime(v); err == nil && t.After(now) {
		d = t.Sub(now)
	}
	return min(d, maxRetryAfter)
}

// ErrInvalidMediaURL is matched by the error DownloadMedia returns, before
// any I/O, for a URL it will not fetch: not absolute http or https, no
// host, or user information in it.
var ErrInvalidMediaURL = errors.New("messages: media: invalid url")

// ErrMediaTooLarge is matched by the error of DownloadMedia, or of reading
// its Body, when the media is larger than the client's cap (see
// WithMediaMaxBytes).
var ErrMediaTooLarge = errors.New("messages: media: too large")

// optionError is an ErrInvalidOption naming the option and the rule it broke.
func optionError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOption, fmt.Sprintf(format, args...))
}
