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
		"iat":            webhookNow.Unix(),
		"jti":            webhookJTI,
		"iss":            "Vonage",
		"payload_hash":   whtHash(body),
		"api_key":        webhookAPIKey,
		"application_id": testAppID,
	}
}

func TestVerifySignatureAccepts(t *testing.T) {
	t.Parallel()
	body := []byte(`{"status":"delivered"}`)
	tok := whtToken(t, jwt.SigningMethodHS256, []byte(webhookSecret), whtExampleClaims(body))
	want := &SignatureClaims{
		APIKey:        webhookAPIKey,
		ApplicationID: testAppID,
		JTI:           webhookJTI,
		IssuedAt:      webhookNow,
		PayloadHash:   whtHash(body),
		Issuer:        "Vonage",
	}
	upperHash := whtExampleClaims(body)
	upperHash["payload_hash"] = strings.ToUpper(whtHash(body))
	upperTok := whtToken(t, jwt.SigningMethodHS256, []byte(webhookSecret), upperHash)

	tests := []struct {
		name, header, secret string
		opts                 []VerifyOption
	}{
		{"bearer", "Bearer " + tok, webhookSecret, nil},
		{"lower-case bearer and spaces", "  bearer   " + tok + " ", webhookSecret, nil},
		{"bare token", tok, webhookSecret, nil},
		{"second secret", "Bearer " + tok, wrongSecret, []VerifyOption{WithAdditionalSecrets("", webhookSecret)}},
		{"iat 5 min old", "Bearer " + tok, webhookSecret, []VerifyOption{WithVerifyClock(func() time.Time { return webhookNow.Add(5 * time.Minute) })}},
		{"iat 5 min ahead", "Bearer " + tok, webhookSecret, []VerifyOption{WithVerifyClock(func() time.Time { return webhookNow.Add(-5 * time.Minute) })}},
		{"max age widened", "Bearer " + tok, webhookSecret, []VerifyOption{WithMaxAge(time.Hour), WithVerifyClock(func() time.Time { return webhookNow.Add(59 * time.Minute) })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]VerifyOption{WithVerifyClock(webhookClock)}, tt.opts...)
			got, err := VerifySignature(tt.header, body, tt.secret, opts...)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	t.Run("upper-case hash", func(t *testing.T) {
		t.Parallel()
		got, err := VerifySignature(upperTok, body, webhookSecret, WithVerifyClock(webhookClock))
		require.NoError(t, err)
		assert.Equal(t, strings.ToUpper(whtHash(body)), got.PayloadHash)
	})
}

func TestVerifySignatureRefuses(t *testing.T) {
	t.Parallel()
	body := []byte(`{"status":"delivered"}`)
	hs := func(c jwt.MapClaims) string { return whtToken(t, jwt.SigningMethodHS256, []byte(webhookSecret), c) }
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
		{"no header", "", webhookSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"blank header", "   ", webhookSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"bearer alone", "Bearer", webhookSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"bearer and space", "Bearer  ", webhookSecret, body, nil, ErrMissingSignature, "messages: webhook signature: missing"},
		{"no secret", "Bearer " + good, "", body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: no signature secret to verify with"},
		{"garbage", "Bearer not-a-jwt", webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: malformed token"},
		{"basic auth", "Basic dXNlcjpwYXNz", webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: malformed token"},
		{"wrong secret", "Bearer " + good, wrongSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: not signed with the signature secret"},
		{"tampered claims", "Bearer " + parts[0] + "." + strings.Split(hs(with("api_key", "zzz")), ".")[1] + "." + parts[2], webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: not signed with the signature secret"},
		{"alg none", "Bearer " + noneTok, webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: signing method is not HS256"},
		{"HS384", "Bearer " + whtToken(t, jwt.SigningMethodHS384, []byte(webhookSecret), whtExampleClaims(body)), webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: signing method is not HS256"},
		{"RS256", "Bearer " + whtToken(t, jwt.SigningMethodRS256, rsaKey, whtExampleClaims(body)), webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: signing method is not HS256"},
		{"no iss", "Bearer " + hs(with("iss", nil)), webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: iss: not Vonage"},
		{"other iss", "Bearer " + hs(with("iss", "Nexmo")), webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: iss: not Vonage"},
		{"no iat", "Bearer " + hs(with("iat", nil)), webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: iat: missing"},
		{"string iat", "Bearer " + hs(with("iat", "yesterday")), webhookSecret, body, nil, ErrInvalidSignature, "messages: webhook signature: invalid: malformed token"},
		{"iat too old", "Bearer " + good, webhookSecret, body, []VerifyOption{WithVerifyClock(func() time.Time { return webhookNow.Add(5*time.Minute + time.Second) })}, ErrSignatureExpired, "messages: webhook signature: expired: iat: older than 5m0s"},
		{"iat in the future", "Bearer " + good, webhookSecret, body, []VerifyOption{WithVerifyClock(func() time.Time { return webhookNow.Add(-5*time.Minute - time.Second) })}, ErrSignatureExpired, "messages: webhook signature: expired: iat: more than 5m0s in the future"},
		{"short max age", "Bearer " + good, webhookSecret, body, []VerifyOption{WithMaxAge(time.Second), WithVerifyClock(func() time.Time { return webhookNow.Add(2 * time.Second) })}, ErrSignatureExpired, "messages: webhook signature: expired: iat: older than 1s"},
		{"exp passed", "Bearer " + hs(with("exp", webhookNow.Add(-10*time.Minute).Unix())), webhookSecret, body, nil, ErrSignatureExpired, "messages: webhook signature: expired: exp: passed"},
		{"no payload_hash", "Bearer " + hs(with("payload_hash", nil)), webhookSecret, body, nil, ErrPayloadMismatch, "messages: webhook signature: payload hash does not match the body: payload_hash: missing"},
		{"other body", "Bearer " + good, webhookSecret, []byte(`{"status":"delivered" }`), nil, ErrPayloadMismatch, "messages: webhook signature: payload hash does not match the body"},
		{"short hash", "Bearer " + hs(with("payload_hash", whtHash(body)[:10])), webhookSecret, body, nil, ErrPayloadMismatch, "messages: webhook signature: payload hash does not match the body"},
	}
	sentinels := []error{ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch, ErrSignatureExpired}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]VerifyOption{WithVerifyClock(webhookClock)}, tt.opts...)
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
			assert.NotContains(t, err.Error(), webhookSecret)
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
				c[name] = webhookNow.Add(d).Unix()
			}
			tok := whtToken(t, jwt.SigningMethodHS256, []byte(webhookSecret), c)
			claims, err := VerifySignature("Bearer "+tok, body, webhookSecret, WithVerifyClock(webhookClock))
			if tt.err == "" {
				require.NoError(t, err)
				assert.Equal(t, webhookAPIKey, claims.APIKey)
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
	half := func() time.Time { return webhookNow.Add(500 * time.Millisecond) }
	c := whtExampleClaims(body)
	c["exp"] = webhookNow.Add(time.Second).Unix()
	_, err := VerifySignature("Bearer "+whtToken(t, jwt.SigningMethodHS256, []byte(webhookSecret), c), body, webhookSecret, WithVerifyClock(half))
	require.NoError(t, err)
	c = whtExampleClaims(body)
	c["nbf"] = webhookNow.Add(time.Second).Unix()
	_, err = VerifySignature("Bearer "+whtToken(t, jwt.SigningMethodHS256, []byte(webhookSecret), c), body, webhookSecret, WithVerifyClock(half))
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
		auth := signWebhook(t, body, webhookSecret, time.Now())
		require.True(t, strings.HasPrefix(auth, "Bearer "))
		claims, err := VerifySignature(auth, body, webhookSecret)
		require.NoError(t, err)
		assert.Equal(t, "Vonage", claims.Issuer)
		assert.Equal(t, whtHash(body), claims.PayloadHash)
		assert.Regexp(t, uuidV4, claims.JTI)
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
		auth := signWebhook(t, body, webhookSecret, webhookNow, func(c *whsign.Claims) {
			c.APIKey = webhookAPIKey
			c.ApplicationID = testAppID
			c.JTI = webhookJTI
		})
		claims, err := VerifySignature(auth, body, webhookSecret, WithVerifyClock(webhookClock))
		require.NoError(t, err)
		assert.Equal(t, &SignatureClaims{
			APIKey: webhookAPIKey, ApplicationID: testAppID,
			JTI: webhookJTI, IssuedAt: webhookNow,
			PayloadHash: whtHash(body), Issuer: "Vonage",
		}, claims)
	})
	t.Run("edits can break it", func(t *testing.T) {
		t.Parallel()
		auth := signWebhook(t, body, webhookSecret, webhookNow, func(c *whsign.Claims) { c.PayloadHash = whtHash([]byte("other")) })
		_, err := VerifySignature(auth, body, webhookSecret, WithVerifyClock(webhookClock))
		assert.ErrorIs(t, err, ErrPayloadMismatch)

		auth = signWebhook(t, body, webhookSecret, time.Time{})
		_, err = VerifySignature(auth, body, webhookSecret)
		assert.ErrorIs(t, err, ErrInvalidSignature)
	})
	t.Run("jti differs per call", func(t *testing.T) {
		t.Parallel()
		a := signWebhook(t, body, webhookSecret, time.Now())
		b := signWebhook(t, body, webhookSecret, time.Now())
		ca, err := VerifySignature(a, body, webhookSecret)
		require.NoError(t, err)
		cb, err := VerifySignature(b, body, webhookSecret)
		require.NoError(t, err)
		assert.NotEqual(t, ca.JTI, cb.JTI)
	})
}

// TestVerifyOptionsRefuseNilAndBadValues: a nil option, a zero or negative
// age and a nil clock are errors, never skipped.
func TestVerifyOptionsRefuseNilAndBadValues(t *testing.T) {
	t.Parallel()
	body := []byte(whtStatusBody)
	auth := signWebhook(t, body, webhookSecret, webhookNow)
	tests := []struct {
		opt  VerifyOption
		want string
	}{
		{nil, "messages: invalid option: verify option 0 is nil"},
		{WithMaxAge(0), "messages: invalid option: WithMaxAge needs a duration above 0, got 0s"},
		{WithMaxAge(-time.Second), "messages: invalid option: WithMaxAge needs a duration above 0, got -1s"},
		{WithVerifyClock(nil), "messages: invalid option: WithVerifyClock needs a clock, got nil"},
	}
	for _, tt := range tests {
		claims, err := VerifySignature(auth, body, webhookSecret, tt.opt)
		assert.Nil(t, claims)
		require.ErrorIs(t, err, ErrInvalidOption)
		assert.EqualError(t, err, tt.want)
	}
	_, err := VerifySignature(auth, body, webhookSecret, WithMaxAge(time.Minute), WithVerifyClock(webhookClock))
	assert.NoError(t, err, "good options still verify")
}
