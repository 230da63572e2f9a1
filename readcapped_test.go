package messages

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestReadCapped: a body is read whole when it states its size, when it
// runs past it (a custom HTTPDoer) and when its size is unknown; a body
// shorter than it says is an error; nothing past the limit is kept.
func TestReadCapped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		size    int64
		limit   int64
		want    string
		wantErr error
	}{
		{"stated size", "hello", 5, 10, "hello", nil},
		{"longer than stated", "hello world", 5, 100, "hello world", nil},
		{"longer than stated, capped", "hello world", 5, 8, "hello wo", nil},
		{"shorter than stated", "hel", 5, 10, "hel", io.ErrUnexpectedEOF},
		{"unknown size", "hello", -1, 10, "hello", nil},
		{"unknown size, capped", "hello world", -1, 5, "hello", nil},
		{"stated size at the limit", "hello", 5, 5, "hello", nil},
		{"empty", "", 0, 10, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readCapped(strings.NewReader(tt.body), tt.size, tt.limit)
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.wantErr, err)
		})
	}
}
