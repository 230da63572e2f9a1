package messages

import (
	"reflect"

	"github.com/gomessages/messages/internal/wire"
)

// Message is a message to send: SMS, Viber, Messenger and the other channel
// types of this package. The interface is sealed: only this package's types
// implement it, so the compiler rejects anything the API cannot carry.
type Message interface {
	// MessageChannel reports the channel the message goes out on.
	MessageChannel() Channel

	encodeV1(chk *checker) wire.V1Message
	encodeV01(chk *checker) wire.V01Message
}

// Response is what the API answers to an accepted message.
type Response struct {
	// MessageUUID identifies the message in status webhooks and updates.
	MessageUUID string
	// WorkflowID is set when the message was sent with failover: the v1
	// workflow_id, or the v0.1 Dispatch API's dispatch_uuid.
	WorkflowID string
	// RequestID is the X-Request-Id header of the answer, for support tickets.
	RequestID string
}

// APIVersion selects the wire version the client speaks.
type APIVersion string

// The wire versions. V1 is the live API and the default; V0_1 is the
// Developer Preview API with nested from/to/message bodies.
const (
	V1   APIVersion = "v1"
	V0_1 APIVersion = "v0.1"
)

// isNil reports whether v is nil or a nil pointer (or map, func, ...) in an
// interface: a nil message, limiter or deduper, which would panic at its
// first use instead of failing with a clear error.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
