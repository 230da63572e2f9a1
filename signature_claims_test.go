package messages

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifySignatureClaimForms: the hand-rolled HS256 verifier reads the
// claims as golang-jwt's parser did: a fractional iat is cut to the second,
// a string holding a JSON number is a number, anything else is malformed,
// and a null claim is an absent one.
func TestVerifySignatureClaimForms(t *testing.T) {
	t.Parallel()
	body := []byte(`{"status":"delivered"}`)
	tests := []struct {
		name  string
		claim string
		value any
		err   string // "" means accepted
	}{
		{"fractional iat", "iat", float64(webhookNow.Unix()) + 0.7, ""},
		{"iat as a numeric string", "iat", "1587494962", ""},
		{"iat as a hex string", "iat", "0x5e9f3e32", "messages: webhook signature: invalid: malformed token"},
		{"iat as a bool", "iat", true, "messages: webhook signature: invalid: malformed token"},
		{"exp as an object", "exp", map[string]any{}, "messages: webhook signature: invalid: malformed token"},
		{"exp as a numeric string, passed", "exp", "1587494900", "messages: webhook signature: expired: exp: passed"},
		{"null nbf", "nbf", nil, ""},
		{"iss not a string", "iss", 7, "messages: webhook signature: invalid: malformed token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := exampleClaims(body)
			c[tt.claim] = tt.value
			tok := tokenFor(t, jwt.SigningMethodHS256, []byte(webhookSecret), c)
			claims, err := VerifySignature("Bearer "+tok, body, webhookSecret, WithVerifyClock(webhookClock))
			if tt.err != "" {
				assert.Nil(t, claims)
				require.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			if tt.claim == "iat" {
				assert.Equal(t, webhookNow.Unix(), claims.IssuedAt.Unix())
				assert.Zero(t, claims.IssuedAt.Nanosecond())
			}
		})
	}
}
