package messagestest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestSignWebhookVerifies(t *testing.T) {
	t.Parallel()
	body := []byte(`{"message_uuid":"` + messagestest.MessageUUID + `","status":"delivered"}`)
	auth, err := messagestest.SignWebhook(body, messagestest.Secret, func(c *messages.SignatureClaims) error {
		c.APIKey = messagestest.APIKey
		return nil
	})
	require.NoError(t, err)
	claims, err := messages.VerifySignature(auth, body, messagestest.Secret)
	require.NoError(t, err, "the fake's signature does not verify")
	assert.Equal(t, messagestest.APIKey, claims.APIKey, "claims")
	assert.Equal(t, "Vonage", claims.Issuer, "claims")
	assert.NotEmpty(t, claims.JTI, "claims")
	_, err = messages.VerifySignature(auth, append(body, ' '), messagestest.Secret)
	assert.ErrorIs(t, err, messages.ErrPayloadMismatch, "changed body")
	_, err = messagestest.SignWebhook(body, "")
	assert.Error(t, err, "empty secret: want an error")
}
