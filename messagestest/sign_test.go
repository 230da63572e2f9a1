package messagestest_test

import (
	"errors"
	"testing"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestSignWebhookVerifies(t *testing.T) {
	t.Parallel()
	body := []byte(`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","status":"delivered"}`)
	auth, err := messagestest.SignWebhook(body, "s3cret", func(c *messages.SignatureClaims) { c.APIKey = "a1b2c3d4" })
	if err != nil {
		t.Fatal(err)
	}
	claims, err := messages.VerifySignature(auth, body, "s3cret")
	if err != nil {
		t.Fatalf("the fake's signature does not verify: %v", err)
	}
	if claims.APIKey != "a1b2c3d4" || claims.Issuer != "Vonage" || claims.JTI == "" {
		t.Errorf("claims %+v", claims)
	}
	if _, err := messages.VerifySignature(auth, append(body, ' '), "s3cret"); !errors.Is(err, messages.ErrPayloadMismatch) {
		t.Errorf("changed body: got %v, want ErrPayloadMismatch", err)
	}
	if _, err := messagestest.SignWebhook(body, ""); err == nil {
		t.Error("empty secret: want an error")
	}
}
