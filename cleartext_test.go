package messages

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCleartextBaseURLWarnsOnce: an http:// base to a host that is not
// loopback sends the JWT in clear; building the client logs one warning,
// with any password in the URL masked.
func TestCleartextBaseURLWarnsOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base string
		warn string // "" for none
	}{
		{"http://api.example.com", `level=WARN msg="messages: the base URL is http:// to a host that is not loopback: every request's credentials go in clear; use https://" base_url=http://api.example.com` + "\n"},
		{"http://user:pw@10.0.0.1:8080/api", `level=WARN msg="messages: the base URL is http:// to a host that is not loopback: every request's credentials go in clear; use https://" base_url=http://user:xxxxx@10.0.0.1:8080/api` + "\n"},
		{"https://api.example.com", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://[::1]:8080", ""},
		{"http://localhost:8080", ""},
		{"http://fake.localhost", ""},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
				ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
					if a.Key == slog.TimeKey {
						return slog.Attr{}
					}
					return a
				},
			}))
			_, err := NewClient(testAppID, testKeyPEM(t), WithBaseURL(tt.base), WithLogger(logger))
			require.NoError(t, err)
			assert.Equal(t, tt.warn, logs.String())
		})
	}
}
