package messages

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/gomessages/messages/internal/wire"
)

// webhookError is a webhook body the parsers refuse, naming the field at
// fault. It matches ErrInvalidWebhook, and the decoder's own error when
// there is one.
type webhookError struct{ wire.DecodeError }

func (e *webhookError) Error() string { return "messages: webhook: " + e.DecodeError.Error() }

func (e *webhookError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidWebhook}
	}
	return []error{ErrInvalidWebhook, e.Err}
}

// invalidWebhook wraps the wire package's decode errors as webhookErrors.
func invalidWebhook(err error) error {
	var de *wire.DecodeError
	if errors.As(err, &de) {
		return &webhookError{*de}
	}
	return err
}

// refuse is the error for a body that decodes but is not the kind asked for.
func refuse(field, reason string) error {
	return &webhookError{wire.DecodeError{Field: field, Reason: reason}}
}

// ParseWebhook parses the body of an inbound-message or message-status
// webhook, v1 or v0.1, into an *Inbound, a *Status or, for any other JSON
// object, an *UnknownEvent. The kind is decided by shape: a body with a
// message_uuid and a status is a Status; one with a message_uuid and a
// message_type, message.content or text is an Inbound; anything else, {}
// included, is an UnknownEvent. Unknown channels, types, statuses and
// fields parse; Raw keeps the whole body. ParseWebhook gives an *Inbound
// exactly when ParseInbound accepts the body, and a *Status exactly when
// ParseStatus does.
//
// ParseWebhook does not check a signature; call VerifySignature first, or
// use NewWebhookHandler, which does both.
func ParseWebhook(body []byte) (Event, error) {
	w, err := wire.DecodeWebhook(body)
	if err != nil {
		return nil, invalidWebhook(err)
	}
	raw := json.RawMessage(bytes.Clone(body))
	// Typed nils must not escape as non-nil Events, hence the err checks.
	switch w.Kind() {
	case wire.KindInbound:
		in, err := inboundOf(w, raw)
		if err != nil {
			return nil, invalidWebhook(err)
		}
		return in, nil
	case wire.KindStatus:
		st, err := statusOf(w, raw)
		if err != nil {
			return nil, invalidWebhook(err)
		}
		return st, nil
	}
	return &UnknownEvent{Raw: raw}, nil
}

// ParseInbound parses the body of an inbound-message webhook, v1 or v0.1.
// It refuses, with an error naming the field, a body that is not an
// inbound message: one without a message_uuid ({} included), one shaped as
// a message status, and one with none of message_type, text and
// message.content.
func ParseInbound(body []byte) (*Inbound, error) {
	return parseOnly(body, wire.KindInbound, inboundOf,
		refusal{"status", "the body is a message status, not an inbound message"},
		refusal{"message_type", "missing, and so are text and message.content: the body is not an inbound message"})
}

// ParseStatus parses the body of a message-status webhook, v1 or v0.1. It
// refuses, with an error naming the field, a body that is not a message
// status: one without a message_uuid ({} included), one shaped as an
// inbound message, and one without a status.
func ParseStatus(body []byte) (*Status, error) {
	return parseOnly(body, wire.KindStatus, statusOf,
		refusal{"message_type", "the body is an inbound message, not a message status"},
		refusal{"status", "missing"})
}

// refusal is the field and reason of an error refuse will make.
type refusal struct{ field, reason string }

// parseOnly decodes body and maps it with mapOf when it is of kind want.
// It refuses any other body: one without a message_uuid as missing it, one
// of the other kind with other, one of neither kind with neither.
func parseOnly[T any](body []byte, want wire.Kind, mapOf func(*wire.WebhookBody, json.RawMessage) (T, error), other, neither refusal) (T, error) {
	var zero T
	w, err := wire.DecodeWebhook(body)
	if err != nil {
		return zero, invalidWebhook(err)
	}
	switch k := w.Kind(); {
	case k == want:
		v, err := mapOf(w, json.RawMessage(bytes.Clone(body)))
		if err != nil {
			return zero, invalidWebhook(err)
		}
		return v, nil
	case w.MessageUUID.V == "":
		return zero, refuse("message_uuid", "missing")
	case k != wire.KindUnknown:
		return zero, refuse(other.field, other.reason)
	}
	return zero, refuse(neither.field, neither.reason)
}
