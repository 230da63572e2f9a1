package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// DecodeError is a webhook body that cannot be read, naming the field at
// fault. The root package wraps it so that it matches ErrInvalidWebhook.
type DecodeError struct {
	Field  string
	Reason string
	Err    error // the decoder's own error, when there is one
}

func (e *DecodeError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap returns the decoder's own error, if any.
func (e *DecodeError) Unwrap() error { return e.Err }

// quote quotes a value for an error message, cut short so a hostile body
// cannot make the message large.
func quote(s string) string {
	const limit = 64
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}
	return strconv.Quote(s)
}

// Kind is what a webhook body is, told by its shape.
type Kind int

// The kinds of webhook body.
const (
	KindUnknown Kind = iota
	KindInbound
	KindStatus
)

// DecodeWebhook decodes a webhook body of either version. It fails on an
// empty body, one that is not a JSON object, malformed JSON, and a field of
// the wrong JSON type.
func DecodeWebhook(body []byte) (*WebhookBody, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, &DecodeError{Field: "body", Reason: "empty"}
	}
	if trimmed[0] != '{' {
		return nil, &DecodeError{Field: "body", Reason: "not a JSON object"}
	}
	w := new(WebhookBody)
	if err := json.Unmarshal(body, w); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// Drop the embedded struct's Go name from the path.
			field := strings.ReplaceAll(typeErr.Field, "WebhookPayload.", "")
			if field == "" {
				field = "body"
			}
			return nil, &DecodeError{
				Field:  field,
				Reason: "got a JSON " + typeErr.Value + ", want " + wantKind(typeErr),
			}
		}
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return nil, &DecodeError{Field: "body", Reason: "malformed JSON at byte " + strconv.FormatInt(syntaxErr.Offset, 10), Err: err}
		}
		return nil, &DecodeError{Field: "body", Reason: "malformed JSON", Err: err}
	}
	return w, nil
}

// wantKind names the JSON kind the decoder wanted, in JSON's words.
func wantKind(e *json.UnmarshalTypeError) string {
	if e.Type == nil {
		return "another type"
	}
	switch e.Type {
	case scalarType:
		return "a string or number"
	case partyType:
		return "a string or object"
	}
	switch e.Type.Kind() {
	case reflect.Slice:
		return "an array"
	case reflect.String:
		return "a string"
	}
	return "an object"
}

// Kind tells an inbound message from a message status by shape. Both
// always name their message (every schema in the specs requires
// message_uuid), so a body without one is neither: {} and {"foo":1} are not
// empty events, and the final report of a v0.1 Dispatch workflow, which has
// a status (completed or error) but is no message's, stays unknown. The
// v0.1 spec's error examples, an error object alone, are fragments of a
// status, not a status.
func (w *WebhookBody) Kind() Kind {
	if w.MessageUUID.V == "" {
		return KindUnknown
	}
	if w.Status.V != "" {
		return KindStatus
	}
	if w.MessageType.Set || w.Text.Set || (w.Message != nil && w.Message.Content != nil) {
		return KindInbound
	}
	return KindUnknown
}

// ChannelName is the body's channel as the API names it in v1: v0.1's
// viber_service_msg is folded into viber_service, and a v0.1 body, which has
// no channel field, takes its channel from to.type (else from.type).
func (w *WebhookBody) ChannelName() string {
	name := w.Channel.V
	switch {
	case name != "":
	case w.To.Type != "":
		name = w.To.Type
	default:
		name = w.From.Type
	}
	if name == "viber_service_msg" {
		return "viber_service"
	}
	return name
}

// timeLayouts are the forms of ISO 8601 seen in the specifications,
// tried in order: RFC 3339 with or without fractional seconds
// ("2025-02-03T12:14:25Z", "2020-01-01T14:00:00.000Z"), a zone offset
// without a colon, and a time without zone, taken as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// Time reads an ISO 8601 time; an absent value is the zero time. field
// names the value for the error.
func (s Scalar) Time(field string) (time.Time, error) {
	if !s.Set {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s.V); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &DecodeError{Field: field, Reason: "not an ISO 8601 time: " + quote(s.V)}
}

// Int parses a count the API sends as a string ("2") or a number. An
// absent or empty value is 0.
func (s Scalar) Int(field string) (int, error) {
	if s.V == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s.V)
	if err != nil {
		return 0, &DecodeError{Field: field, Reason: "not an integer: " + quote(s.V)}
	}
	return n, nil
}

// Float parses a coordinate sent as a number (v1) or a string (v0.1).
func (s Scalar) Float(field string) (float64, error) {
	if s.V == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s.V), 64)
	if err != nil {
		return 0, &DecodeError{Field: field, Reason: "not a number: " + quote(s.V)}
	}
	return f, nil
}
