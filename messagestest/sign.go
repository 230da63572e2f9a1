package messagestest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/uuid"
)

// SignOption sets claims of the token SignWebhook makes. It is given the
// claims after SignWebhook has filled the defaults, so it can change or
// clear any of them.
type SignOption func(*messages.SignatureClaims)

// SignWebhook signs body as the Messages API signs webhooks, for tests of
// code that receives them: it returns an Authorization header value,
// "Bearer <JWT>", for an HS256 token signed with secret whose claims are
// iat (now), jti (a random UUID), iss ("Vonage"), payload_hash (hex SHA-256
// of body) and, when set by an option, api_key and application_id:
//
//	auth, err := messagestest.SignWebhook(body, secret, func(c *messages.SignatureClaims) {
//		c.APIKey = "a1b2c3d"
//	})
func SignWebhook(body []byte, secret string, opts ...SignOption) (string, error) {
	if secret == "" {
		return "", errors.New("messagestest: sign webhook: secret: empty")
	}
	jti := uuid.New()
	sum := sha256.Sum256(body)
	c := messages.SignatureClaims{
		JTI:         jti,
		IssuedAt:    time.Now(),
		PayloadHash: hex.EncodeToString(sum[:]),
		Issuer:      "Vonage",
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	claims := jwt.MapClaims{}
	setClaim(claims, "iss", c.Issuer)
	setClaim(claims, "jti", c.JTI)
	setClaim(claims, "api_key", c.APIKey)
	setClaim(claims, "application_id", c.ApplicationID)
	setClaim(claims, "payload_hash", c.PayloadHash)
	if !c.IssuedAt.IsZero() {
		claims["iat"] = c.IssuedAt.Unix()
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		return "", fmt.Errorf("messagestest: sign webhook: %w", err)
	}
	return "Bearer " + token, nil
}

func setClaim(claims jwt.MapClaims, name, value string) {
	if value != "" {
		claims[name] = value
	}
}
