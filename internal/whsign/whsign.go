// Package whsign signs webhook bodies as the Messages API does. It serves
// messagestest.SignWebhook and the root package's own tests, which cannot
// import messagestest (it imports the root package).
package whsign

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gomessages/messages/internal/uuid"
)

// Issuer is the iss claim of the tokens the API signs webhooks with.
const Issuer = "Vonage"

// Claims are the claims of a webhook token. An empty string or a zero time
// leaves its claim out of the token.
type Claims struct {
	Issuer        string
	JTI           string
	APIKey        string
	ApplicationID string
	PayloadHash   string
	IssuedAt      time.Time
	ExpiresAt     time.Time
	NotBefore     time.Time
}

// Defaults returns the claims the API puts in a webhook token for body:
// iss, a random jti, iat (now) and payload_hash (hex SHA-256 of body).
func Defaults(body []byte, now time.Time) Claims {
	sum := sha256.Sum256(body)
	return Claims{
		Issuer:      Issuer,
		JTI:         uuid.New(),
		IssuedAt:    now,
		PayloadHash: hex.EncodeToString(sum[:]),
	}
}

// Sign returns "Bearer <JWT>" for an HS256 token with claims c, signed with
// secret.
func Sign(c Claims, secret string) (string, error) {
	if secret == "" {
		return "", errors.New("secret: empty")
	}
	claims := jwt.MapClaims{}
	for name, value := range map[string]string{
		"iss": c.Issuer, "jti": c.JTI, "api_key": c.APIKey,
		"application_id": c.ApplicationID, "payload_hash": c.PayloadHash,
	} {
		if value != "" {
			claims[name] = value
		}
	}
	for name, t := range map[string]time.Time{"iat": c.IssuedAt, "exp": c.ExpiresAt, "nbf": c.NotBefore} {
		if !t.IsZero() {
			claims[name] = t.Unix()
		}
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return "Bearer " + token, nil
}
