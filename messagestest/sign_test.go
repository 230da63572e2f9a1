package messagestest_test

import (
	"errors"
	"testing"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestSignWebhookVerifies(t *testing.T) {
	t.Parallel()
	body := []byte(`{"message_uuid":"` + messagestest.MessageUUID + `","status":"delivered"}`)
	auth, err := messagestest.SignWebhook(body, messagestest.Secret, func(c *messages.SignatureClaims) { c.APIKey = messagestest.APIKey })
	if err != nil {
		t.Fatal(err)
	}
	claims, err := messages.VerifySignature(auth, body, messagestest.Secret)
	if err != nil {
		t.Fatalf("the fake's signature does not verify: %v", err)
	}
	if claims.APIKey != messagestest.APIKey || claims.Issuer != "Vonage" || claims.JTI == "" {
		t.Errorf("claims %+v", claims)
	}
	if _, err := messages.VerifySignature(auth, append(body, ' '), messagestest.Secret); !errors.Is(err, messages.ErrPayloadMismatch) {
		t.Errorf("changed body: got %v, want ErrPayloadMismatch", err)
	}
	if _, err := messagestest.SignWebhook(body, ""); err == nil {
		t.Error("empty secret: want an error")
	}
}
