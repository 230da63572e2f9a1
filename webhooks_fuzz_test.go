package messages

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/whsign"
)

// whtSeedBodies returns every webhook payload in testdata, the fuzz seeds.
func whtSeedBodies(f *testing.F) [][]byte {
	f.Helper()
	paths, err := filepath.Glob("testdata/webhooks/*.json")
	require.NoError(f, err)
	more, err := filepath.Glob("testdata/webhooks/examples/*.json")
	require.NoError(f, err)
	var bodies [][]byte
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		require.NoError(f, err)
		bodies = append(bodies, b)
	}
	return bodies
}

func FuzzParseWebhook(f *testing.F) {
	for _, b := range whtSeedBodies(f) {
		f.Add(b)
	}
	for _, s := range []string{``, `{}`, `{"foo":1}`, `{"message_uuid":"u"}`, `{"message_uuid":"u","status":""}`, `{"message_uuid":"","text":"x"}`, `null`, `[]`, `{"status":1}`, `{"message":{"content":{"location":{"lat":"1e400"}}}}`, `{"text":"\ud800"}`, `{"from":{"number":7}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseWebhook(body)
		if err != nil {
			// Not require.Nil: a nil *Inbound inside a non-nil Event would pass it.
			require.True(t, ev == nil, "event %T with error %v", ev, err)
			require.ErrorIs(t, err, ErrInvalidWebhook)
			msg := err.Error()
			require.True(t, strings.HasPrefix(msg, "messages: webhook: "), "error text %q", msg)
			require.LessOrEqual(t, len(msg), 512, "error text %q", msg)
			return
		}
		switch ev := ev.(type) {
		case *Inbound:
			require.Equal(t, string(body), string(ev.Raw), "Raw differs from the body")
			in, err := ParseInbound(body)
			require.NoError(t, err, "ParseInbound disagrees")
			require.Equal(t, ev, in, "ParseInbound disagrees")
			require.NotEmpty(t, ev.MessageUUID, "an Inbound without a message UUID")
			st, err := ParseStatus(body)
			require.Nil(t, st, "ParseStatus accepted an inbound message")
			require.ErrorIs(t, err, ErrInvalidWebhook, "ParseStatus accepted an inbound message")
		case *Status:
			require.Equal(t, string(body), string(ev.Raw), "Raw differs from the body")
			st, err := ParseStatus(body)
			require.NoError(t, err, "ParseStatus disagrees")
			require.Equal(t, ev, st, "ParseStatus disagrees")
			require.NotEmpty(t, ev.MessageUUID, "a Status without a message UUID")
			require.NotEmpty(t, ev.Status, "a Status without a status")
			in, err := ParseInbound(body)
			require.Nil(t, in, "ParseInbound accepted a message status")
			require.ErrorIs(t, err, ErrInvalidWebhook, "ParseInbound accepted a message status")
		case *UnknownEvent:
			require.Equal(t, string(body), string(ev.Raw), "Raw differs from the body")
			// What is neither kind is refused by both typed parsers.
			in, err := ParseInbound(body)
			require.Nil(t, in, "ParseInbound accepted an unknown event")
			require.ErrorIs(t, err, ErrInvalidWebhook, "ParseInbound accepted an unknown event")
			st, err := ParseStatus(body)
			require.Nil(t, st, "ParseStatus accepted an unknown event")
			require.ErrorIs(t, err, ErrInvalidWebhook, "ParseStatus accepted an unknown event")
		default:
			require.Failf(t, "unexpected event", "event of type %T", ev)
		}
	})
}

func FuzzVerifySignature(f *testing.F) {
	for i, b := range whtSeedBodies(f) {
		auth := signWebhook(f, b, webhookSecret, webhookNow, func(c *whsign.Claims) { c.APIKey = webhookAPIKey })
		f.Add(auth, b)
		if i == 0 {
			f.Add(strings.TrimPrefix(auth, "Bearer "), b)
			f.Add(auth+"x", b)
			f.Add("Bearer "+strings.Repeat("A", 40)+"."+strings.Repeat("B", 40)+".", b)
			f.Add("", b)
		}
	}
	sentinels := []error{ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch, ErrSignatureExpired}
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		claims, err := VerifySignature(header, body, webhookSecret, WithVerifyClock(webhookClock), WithAdditionalSecrets(wrongSecret))
		if err != nil {
			require.Nil(t, claims, "claims with an error")
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			require.Equal(t, 1, n, "error %q matches %d sentinels", err, n)
			msg := err.Error()
			require.NotContains(t, msg, webhookSecret, "error text holds a secret")
			require.NotContains(t, msg, wrongSecret, "error text holds a secret")
			if tok := strings.TrimSpace(header); len(tok) > 12 {
				require.NotContains(t, msg, tok, "error text holds the token")
			}
			return
		}
		require.Equal(t, "Vonage", claims.Issuer, "accepted claims %+v for a body of %d bytes", claims, len(body))
		require.True(t, strings.EqualFold(claims.PayloadHash, whtHash(body)), "accepted claims %+v for a body of %d bytes", claims, len(body))
	})
}
