package messages

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gomessages/messages/internal/uuid"
)

// signWebhook signs body as the API signs webhooks, for this package's
// tests, which cannot import messagestest (it imports this package); users
// call messagestest.SignWebhook.
func signWebhook(body []byte, secret string, opts ...func(*SignatureClaims)) (string, error) {
	if secret == "" {
		return "", errors.New("messages: sign webhook: secret: empty")
	}
	jti := uuid.New()
	sum := sha256.Sum256(body)
	c := SignatureClaims{
		JTI:         jti,
		IssuedAt:    time.Now(),
		PayloadHash: hex.EncodeToString(sum[:]),
		Issuer:      webhookIssuer,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	claims := jwt.MapClaims{}
	whSetClaim(claims, "iss", c.Issuer)
	whSetClaim(claims, "jti", c.JTI)
	whSetClaim(claims, "api_key", c.APIKey)
	whSetClaim(claims, "application_id", c.ApplicationID)
	whSetClaim(claims, "payload_hash", c.PayloadHash)
	if !c.IssuedAt.IsZero() {
		claims["iat"] = c.IssuedAt.Unix()
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		return "", fmt.Errorf("messages: sign webhook: %w", err)
	}
	return "Bearer " + token, nil
}

func whSetClaim(claims jwt.MapClaims, name, value string) {
	if value != "" {
		claims[name] = value
	}
}
