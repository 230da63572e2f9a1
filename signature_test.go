package messages

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/whsign"
)

const whtSecret = "sig-secret-0123456789abcdef"

var whtNow = time.Unix(1587494962, 0) // iat of the signed-webhook example

func whtClock() time.Time { return whtNow }

// whtToken signs claims with method and key, as a test fixture.
func whtToken(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return tok
}

func whtHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// whtExampleClaims are the claims of the signed-webhook example, with the
// payload hash of body.
func whtExampleClaims(body []byte) jwt.MapClaims {
	return jwt.MapClaims{
		"iat":            1587494962,
		"jti":            "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5",
		"iss":            "Vonage",
		"payload_hash":   whtHash(body),
		"api_key":        "a1b2c3d",
		"application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
	}
}

func TestVerifySignatureAccepts(t *testing.T) {
	t.Parallel()
	body := []byte(`{"status":"delivered"}`)
	tok := whtToken(t, jwt.SigningMethodHS256, []byte(whtSecret), whtExampleClaims(body))
	want := &SignatureClaims{
		APIKey:        "a1b2c3d",
		ApplicationID: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
		JTI:           "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5",
		IssuedAt:      time.Unix(1587494962, 0),
		PayloadHash:   whtHash(body),
		Issuer:        "Vonage",
	}
	upperHash := whtExampleClaims(body)
	upperHash["payload_hash"] = strings.ToUpper(whtHash(body))
	upperTok := whtToken(t, jwt.SigningMethodHS256, []byte(whtSecret), upperHash)

	tests := []struct {
		name, header, secret string
		opts                 []VerifyOption
	}{
		{"bearer", "Bearer " + tok, whtSecret, nil},
		{"lower-case bearer and spaces", "  bearer   " + tok + " ", whtSecret, nil},
		{"bare token", tok, whtSecret, nil},
		{"second secret", "Bearer " + tok, "old-secret", []VerifyOption{WithAdditionalSecrets("", whtSecret)}},
		{"iat 5 min old", "Bearer " + tok, whtSecret, []VerifyOption{WithVerifyClock(func() time.Time { return whtNow.Add(5 * time.Minute) })}},
		{"iat 5 min ahead", "Bearer " + tok, whtSecret, []VerifyOption{WithVerifyClock(func() time.Time { return whtNow.Add(-5 * time.Minute) })}},
		{"max age widened", "Bearer " + tok, whtSecret, []VerifyOption{WithMaxAge(time.Hour), WithVerifyClock(func() time.Time { return whtNow.Add(59 * time.Minute) })}},
		{"nil options ignored", "Bearer " + tok, whtSecret, []VerifyOption{nil, WithVerifyClock(nil), WithMaxAge(-1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]VerifyOption{WithVerifyClock(whtClock)}, tt.opts...)
			got, err := VerifySignature(tt.header, body, tt.secret, opts...)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	t.Run("upper-case hash", func(t *testing.T) {
		t.Parallel()
		got, err := VerifySignature(upperTok, body, whtSecret, WithVerifyClock(whtClock))
		require.NoError(t, err)
		assert.Equal(t, strings.ToUpper(whtHash(body)), got.PayloadHash)
	})
}

func TestVerifySignatureRefuses(t *testing.T) {
	t.Parallel()
	body := []byte(`{"status":"delivered"}`)
	hs := func(c jwt.MapClaims) string { return whtToken(t, jwt.SigningMethodHS256, []byte(whtSecret), c) }
	with := func(k string, v any) jwt.MapClaims {
		c := whtExampleClaims(body)
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	good := hs(whtExampleClaims(body))

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	noneTok := whtToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, whtExampleClaims(body))
	parts := strings.Split(good, ".")

	tests := []struct {
		name, header, secret string
		body                 []byte
		opts                 []VerifyOption
		sentinel             error
		msg                  string
	}{
		{"no header", "", whtSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"blank header", "   ", whtSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"bearer alone", "Bearer", whtSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"bearer and space", "Bearer  ", whtSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"no secret", "Bearer " + good, "", body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: no signature secret to verify with"},
		{"garbage", "Bearer not-a-jwt", whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: malformed token"},
		{"basic auth", "Basic dXNlcjpwYXNz", whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: malformed token"},
		{"wrong secret", "Bearer " + good, "another-secret", body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: not signed with the signature secret"},
		{"tampered claims", "Bearer " + parts[0] + "." + strings.Split(hs(with("api_key", "zzz")), ".")[1] + "." + parts[2], whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: not signed with the signature secret"},
		{"alg none", "Bearer " + noneTok, whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: signing method is not HS256"},
		{"HS384", "Bearer " + whtToken(t, jwt.SigningMethodHS384, []byte(whtSecret), whtExampleClaims(body)), whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: signing method is not HS256"},
		{"RS256", "Bearer " + whtToken(t, jwt.SigningMethodRS256, rsaKey, whtExampleClaims(body)), whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: signing method is not HS256"},
		{"no iss", "Bearer " + hs(with("iss", nil)), whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: iss: not Vonage"},
		{"other iss", "Bearer " + hs(with("iss", "Nexmo")), whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: iss: not Vonage"},
		{"no iat", "Bearer " + hs(with("iat", nil)), whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: iat: missing"},
		{"string iat", "Bearer " + hs(with("iat", "yesterday")), whtSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: malformed token"},
		{"iat too old", "Bearer " + good, whtSecret, body, []VerifyOption{WithVerifyClock(func() time.Time { return whtNow.Add(5*time.Minute + time.Second) })}, ErrSignatureExpired, "messages: webhook signature: expired: iat: older than 5m0s"},
		{"iat in the future", "Bearer " + good, whtSecret, body, []VerifyOption{WithVerifyClock(func() time.Time { return whtNow.Add(-5*time.Minute - time.Second) })}, ErrSignatureExpired, "messages: webhook signature: expired: iat: more than 5m0s in the future"},
		{"short max age", "Bearer " + good, whtSecret, body, []VerifyOption{WithMaxAge(time.Second), WithVerifyClock(func() time.Time { return whtNow.Add(2 * time.Second) })}, ErrSignatureExpired, "messages: webhook signature: expired: iat: older than 1s"},
		{"exp passed", "Bearer " + hs(with("exp", whtNow.Add(-10*time.Minute).Unix())), whtSecret, body, nil, ErrSignatureExpired, "messages: webhook signature: expired: exp: passed"},
		{"no payload_hash", "Bearer " + hs(with("payload_hash", nil)), whtSecret, body, nil, ErrPayloadMismatch, "messages: webhook signature: payload hash does not match the body: payload_hash: missing"},
		{"other body", "Bearer " + good, whtSecret, []byte(`{"status":"delivered" }`), nil, ErrPayloadMismatch, "messages: webhook signature: payload hash does not match the body"},
		{"short hash", "Bearer " + hs(with("payload_hash", whtHash(body)[:10])), whtSecret, body, nil, ErrPayloadMismatch, "messages: webhook signature: payload hash does not match the body"},
	}
	sentinels := []error{ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch, ErrSignatureExpired}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]VerifyOption{WithVerifyClock(whtClock)}, tt.opts...)
			claims, err := VerifySignature(tt.header, tt.body, tt.secret, opts...)
			require.Error(t, err)
			assert.Nil(t, claims)
			assert.Equal(t, tt.msg, err.Error())
			for _, s := range sentinels {
				if s == tt.sentinel {
					assert.ErrorIs(t, err, s)
				} else {
					assert.NotErrorIs(t, err, s)
				}
			}
			assert.NotContains(t, err.Error(), whtSecret)
			if tok := strings.TrimPrefix(tt.header, "Bearer "); len(tok) > 8 {
				assert.NotContains(t, err.Error(), tok)
			}
		})
	}
}

// TestVerifySignatureExpNbf holds exp and nbf to the second, with no leeway:
// the API's tokens carry neither, so one that does means exactly what it says.
func TestVerifySignatureExpNbf(t *testing.T) {
	t.Parallel()
	body := []byte(`{"status":"delivered"}`)
	tests := []struct {
		name   string
		claims map[string]time.Duration // claim -> offset from the clock
		err    string                   // "" means accepted
	}{
		{"exp one second ahead", map[string]time.Duration{"exp": time.Second}, ""},
		{"exp now", map[string]time.Duration{"exp": 0}, "messages: webhook signature: expired: exp: passed"},
		{"exp one second ago", map[string]time.Duration{"exp": -time.Second}, "messages: webhook signature: expired: exp: passed"},
		{"exp four minutes ago, within max age", map[string]time.Duration{"exp": -4 * time.Minute}, "messages: webhook signature: expired: exp: passed"},
		{"nbf now", map[string]time.Duration{"nbf": 0}, ""},
		{"nbf one second ago", map[string]time.Duration{"nbf": -time.Second}, ""},
		{"nbf one second ahead", map[string]time.Duration{"nbf": time.Second}, "messages: webhook signature: expired: nbf: not yet reached"},
		{"nbf four minutes ahead, within max age", map[string]time.Duration{"nbf": 4 * time.Minute}, "messages: webhook signature: expired: nbf: not yet reached"},
		{"both hold", map[string]time.Duration{"nbf": 0, "exp": time.Second}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := whtExampleClaims(body)
			for name, d := range tt.claims {
				c[name] = whtNow.Add(d).Unix()
			}
			tok := whtToken(t, jwt.SigningMethodHS256, []byte(whtSecret), c)
			claims, err := VerifySignature("Bearer "+tok, body, whtSecret, WithVerifyClock(whtClock))
			if tt.err == "" {
				require.NoError(t, err)
				assert.Equal(t, "a1b2c3d", claims.APIKey)
				return
			}
			assert.Nil(t, claims)
			require.EqualError(t, err, tt.err)
			assert.ErrorIs(t, err, ErrSignatureExpired)
			assert.NotErrorIs(t, err, ErrInvalidSignature)
		})
	}

	// A clock between whole seconds: exp at the next second still holds,
	// nbf at the next second does not yet.
	half := func() time.Time { return whtNow.Add(500 * time.Millisecond) }
	c := whtExampleClaims(body)
	c["exp"] = whtNow.Add(time.Second).Unix()
	_, err := VerifySignature("Bearer "+whtToken(t, jwt.SigningMethodHS256, []byte(whtSecret), c), body, whtSecret, WithVerifyClock(half))
	require.NoError(t, err)
	c = whtExampleClaims(body)
	c["nbf"] = whtNow.Add(time.Second).Unix()
	_, err = VerifySignature("Bearer "+whtToken(t, jwt.SigningMethodHS256, []byte(whtSecret), c), body, whtSecret, WithVerifyClock(half))
	require.ErrorIs(t, err, ErrSignatureExpired)
}

// TestSignWebhookRoundTrip: what the shared signer (internal/whsign, behind
// messagestest.SignWebhook) signs, VerifySignature takes, and what it
// breaks, VerifySignature refuses.
func TestSignWebhookRoundTrip(t *testing.T) {
	t.Parallel()
	body := []byte(`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","status":"read"}`)
	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		before := time.Now().Truncate(time.Second)
		auth := signWebhook(t, body, whtSecret, time.Now())
		require.True(t, strings.HasPrefix(auth, "Bearer "))
		claims, err := VerifySignature(auth, body, whtSecret)
		require.NoError(t, err)
		assert.Equal(t, "Vonage", claims.Issuer)
		assert.Equal(t, whtHash(body), claims.PayloadHash)
		assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, claims.JTI)
		assert.False(t, claims.IssuedAt.Before(before))
		assert.Empty(t, claims.APIKey)
		assert.Empty(t, claims.ApplicationID)

		// The token's header is what the API sends: HS256, JWT.
		tok, _, err := jwt.NewParser().ParseUnverified(strings.TrimPrefix(auth, "Bearer "), jwt.MapClaims{})
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"alg": "HS256", "typ": "JWT"}, tok.Header)
		assert.NotContains(t, tok.Claims, "api_key")
	})
	t.Run("edits", func(t *testing.T) {
		t.Parallel()
		auth := signWebhook(t, body, whtSecret, whtNow, func(c *whsign.Claims) {
			c.APIKey = "a1b2c3d"
			c.ApplicationID = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"
			c.JTI = "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5"
		})
		claims, err := VerifySignature(auth, body, whtSecret, WithVerifyClock(whtClock))
		require.NoError(t, err)
		assert.Equal(t, &SignatureClaims{
			APIKey: "a1b2c3d", ApplicationID: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
			JTI: "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5", IssuedAt: whtNow,
			PayloadHash: whtHash(body), Issuer: "Vonage",
		}, claims)
	})
	t.Run("edits can break it", func(t *testing.T) {
		t.Parallel()
		auth := signWebhook(t, body, whtSecret, whtNow, func(c *whsign.Claims) { c.PayloadHash = whtHash([]byte("other")) })
		_, err := VerifySignature(auth, body, whtSecret, WithVerifyClock(whtClock))
		assert.ErrorIs(t, err, ErrPayloadMismatch)

		auth = signWebhook(t, body, whtSecret, time.Time{})
		_, err = VerifySignature(auth, body, whtSecret)
		assert.ErrorIs(t, err, ErrInvalidSignature)
	})
	t.Run("jti differs per call", func(t *testing.T) {
		t.Parallel()
		a := signWebhook(t, body, whtSecret, time.Now())
		b := signWebhook(t, body, whtSecret, time.Now())
		ca, err := VerifySignature(a, body, whtSecret)
		require.NoError(t, err)
		cb, err := VerifySignature(b, body, whtSecret)
		require.NoError(t, err)
		assert.NotEqual(t, ca.JTI, cb.JTI)
	})
}
