package messages

import (
	"errors"
	"testing"
)

// TestNilMessages checks that a nil message, or a nil pointer to any
// message type, is refused before its methods can dereference it.
func TestNilMessages(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	for _, msg := range []Message{nil, (*SMS)(nil), (*Viber)(nil), (*Messenger)(nil), (*MMS)(nil), (*WhatsApp)(nil), (*RCS)(nil)} {
		if _, err := c.encode(msg); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%T: got %v, want ErrInvalidMessage", msg, err)
		}
	}
}
