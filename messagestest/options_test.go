package messagestest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// TestWithAPIKeyNamesTheSigningKey checks the api_key claim of signed
// webhooks: DefaultAPIKey, else the basic-auth key, else WithAPIKey's.
func TestWithAPIKeyNamesTheSigningKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []messagestest.ServerOption
		want string
	}{
		{"default", nil, messagestest.DefaultAPIKey},
		{"basic auth key", []messagestest.ServerOption{messagestest.WithBasicAuth(messagestest.APIKey, messagestest.APISecret)}, messagestest.APIKey},
		{"WithAPIKey wins", []messagestest.ServerOption{messagestest.WithBasicAuth(messagestest.APIKey, messagestest.APISecret), messagestest.WithAPIKey("key7")}, "key7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			auths := make(chan string, 1)
			receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auths <- r.Header.Get("Authorization")
			}))
			defer receiver.Close()
			opts := append([]messagestest.ServerOption{messagestest.WithInboundURL(receiver.URL), messagestest.WithSignatureSecret(messagestest.Secret)}, tt.opts...)
			srv := messagestest.NewServer(opts...)
			defer srv.Close()

			_, err := srv.Inbound(context.Background(), messagestest.InboundMessage{
				Channel: messages.ChannelSMS, From: messagestest.Phone, To: messagestest.Sender, Text: "hi",
			})
			require.NoError(t, err)
			claims, err := messages.VerifySignature(<-auths, srv.Webhooks()[0].Body, messagestest.Secret)
			require.NoError(t, err)
			assert.Equal(t, tt.want, claims.APIKey)
		})
	}
}

// TestNewServerRefusesNilAndBadOptions: a nil or bad option stops the test
// with its reason rather than running a server configured otherwise.
func TestNewServerRefusesNilAndBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		opt  messagestest.ServerOption
		want string
	}{
		{nil, "messagestest: NewServer: option 0 is nil"},
		{messagestest.WithTimeScale(0), "messagestest: NewServer: WithTimeScale needs a finite factor above 0, got 0"},
		{messagestest.WithTimeScale(-1), "messagestest: NewServer: WithTimeScale needs a finite factor above 0, got -1"},
		{messagestest.WithLatency(-time.Second), "messagestest: NewServer: WithLatency needs a duration of 0 or more, got -1s"},
		{messagestest.WithDefaultOutcome(messagestest.Outcome(99)), "messagestest: NewServer: WithDefaultOutcome: unknown outcome Outcome(99)"},
		{messagestest.WithListener(nil), "messagestest: NewServer: WithListener needs a listener, got nil"},
	}
	for _, tt := range tests {
		assert.PanicsWithValue(t, tt.want, func() { messagestest.NewServer(tt.opt).Close() })
	}
}

// TestSignWebhookRefusesNilAndBadOptions: a nil option, and one that
// returns an error, are an error from SignWebhook, not a skip, and it signs
// nothing.
func TestSignWebhookRefusesNilAndBadOptions(t *testing.T) {
	t.Parallel()
	refused := errors.New("refused by the test")
	apiKey := func(c *messages.SignatureClaims) error { c.APIKey = "k"; return nil }
	bad := func(*messages.SignatureClaims) error { return refused }
	tests := []struct {
		opts []messagestest.SignOption
		want string
	}{
		{[]messagestest.SignOption{nil}, "messagestest: sign webhook: option 0 is nil"},
		{[]messagestest.SignOption{apiKey, nil}, "messagestest: sign webhook: option 1 is nil"},
		{[]messagestest.SignOption{apiKey, bad}, "messagestest: sign webhook: option 1: refused by the test"},
	}
	for _, tt := range tests {
		auth, err := messagestest.SignWebhook([]byte(`{}`), "s3cret", tt.opts...)
		assert.Empty(t, auth)
		assert.EqualError(t, err, tt.want)
	}
	_, err := messagestest.SignWebhook([]byte(`{}`), "s3cret", apiKey, bad)
	assert.ErrorIs(t, err, refused, "the option's own error is wrapped")
}
