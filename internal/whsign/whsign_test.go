package whsign

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSignPutsEverySetClaimInAnHS256Token(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	c := Defaults([]byte(`{"a":1}`), now)
	c.APIKey = "a1b2c3d"
	c.ExpiresAt = now.Add(time.Minute)
	auth, err := Sign(c, "secret")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(auth, "Bearer "))

	claims := jwt.MapClaims{}
	_, err = jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation()).
		ParseWithClaims(strings.TrimPrefix(auth, "Bearer "), claims, func(*jwt.Token) (any, error) { return []byte("secret"), nil })
	require.NoError(t, err)
	assert.Equal(t, jwt.MapClaims{
		"iss":          "Vonage",
		"jti":          c.JTI,
		"api_key":      "a1b2c3d",
		"payload_hash": "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862",
		"iat":          float64(1_700_000_000),
		"exp":          float64(1_700_000_060),
	}, claims)
}

func TestSignRefusesAnEmptySecret(t *testing.T) {
	_, err := Sign(Claims{}, "")
	assert.EqualError(t, err, "secret: empty")
}
