package messages

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseTestToken verifies tok with the test key's public half and returns
// its header and claims.
func parseTestToken(t testing.TB, tok string) (map[string]any, jwt.MapClaims) {
	t.Helper()
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return testPublicKey(t), nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	require.NoError(t, err, "token does not verify with the app's public key")
	return parsed.Header, claims
}

func TestGenerateJWTClaims(t *testing.T) {
	t.Parallel()
	tok, err := GenerateJWT(testAppID, testKeyPEM(t),
		WithIssuedAt(fixedNow), WithTTL(time.Hour), WithSubject("alice"),
		WithNotBefore(fixedNow.Add(time.Minute)), WithACL("/*/messages/**"),
		WithClaims(map[string]any{"tenant": "acme"}))
	require.NoError(t, err)
	header, claims := parseTestToken(t, tok)
	assert.Equal(t, map[string]any{"alg": "RS256", "typ": "JWT"}, header, "want exactly alg RS256 and typ JWT")
	want := map[string]any{
		"application_id": testAppID,
		"iat":            float64(fixedNow.Unix()),
		"exp":            float64(fixedNow.Add(time.Hour).Unix()),
		"nbf":            float64(fixedNow.Add(time.Minute).Unix()),
		"sub":            "alice",
		"tenant":         "acme",
	}
	for k, v := range want {
		assert.Equal(t, v, claims[k], "claim %s", k)
	}
	acl, _ := claims["acl"].(map[string]any)
	paths, _ := acl["paths"].(map[string]any)
	assert.Contains(t, paths, "/*/messages/**", "acl %v", claims["acl"])
	assert.Len(t, paths, 1, "acl %v", claims["acl"])
	jti, _ := claims["jti"].(string)
	assert.Regexp(t, uuidV4, jti, "jti %v is not a UUID", claims["jti"])
	assert.Len(t, claims, len(want)+2, "unexpected extra claims")
}

func TestGenerateJWTDefaultsAndErrors(t *testing.T) {
	t.Parallel()
	tok, err := GenerateJWT(testAppID, readTestdata(t, "keys", "pkcs1.pem"))
	require.NoError(t, err)
	_, claims := parseTestToken(t, tok)
	require.IsType(t, float64(0), claims["iat"])
	require.IsType(t, float64(0), claims["exp"])
	iat, exp := claims["iat"].(float64), claims["exp"].(float64)
	assert.Equal(t, DefaultTokenTTL.Seconds(), exp-iat, "exp - iat in seconds")
	d := time.Since(time.Unix(int64(iat), 0))
	assert.GreaterOrEqual(t, d, -time.Second, "iat is %s from now", d)
	assert.LessOrEqual(t, d, time.Minute, "iat is %s from now", d)
	for _, k := range []string{"nbf", "sub", "acl"} {
		assert.NotContains(t, claims, k, "claim %s set without its option", k)
	}

	bad := []struct {
		name string
		app  string
		key  []byte
		opts []TokenOption
		is   error
	}{
		{"no app", "", testKeyPEM(t), nil, ErrInvalidOption},
		{"bad key", testAppID, []byte("nope"), nil, ErrInvalidKey},
		{"reserved claim", testAppID, testKeyPEM(t), []TokenOption{WithClaims(map[string]any{"exp": 1})}, ErrInvalidOption},
		{"ttl", testAppID, testKeyPEM(t), []TokenOption{WithTTL(-time.Second)}, ErrInvalidOption},
		{"empty acl", testAppID, testKeyPEM(t), []TokenOption{WithACL()}, ErrInvalidOption},
		{"nil option", testAppID, testKeyPEM(t), []TokenOption{nil}, ErrInvalidOption},
	}
	for _, b := range bad {
		_, err := GenerateJWT(b.app, b.key, b.opts...)
		assert.ErrorIs(t, err, b.is, b.name)
	}
}

func TestClientMintsFreshTokenPerRequest(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithClock(fixedClock), WithTokenTTL(5*time.Minute))
	a, err := c.tokens.token()
	require.NoError(t, err)
	b, err := c.tokens.token()
	require.NoError(t, err)
	require.NotEqual(t, a, b, "two requests got the same token without WithTokenReuse")
	_, ca := parseTestToken(t, a)
	_, cb := parseTestToken(t, b)
	assert.NotEqual(t, ca["jti"], cb["jti"], "jti repeated")
	assert.Equal(t, float64(fixedNow.Add(5*time.Minute).Unix()), ca["exp"], "exp: want iat + 5m")
}

// TestTokenReuseRenewsBeforeExpiry is the long-running-process bug of other
// SDKs: a token reused past its expiry.
func TestTokenReuseRenewsBeforeExpiry(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := fixedNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	c := newTestClient(t, WithClock(clock), WithTokenTTL(10*time.Minute), WithTokenReuse(time.Minute))

	first, err := c.tokens.token()
	require.NoError(t, err)
	advance(8*time.Minute + 59*time.Second)
	again, err := c.tokens.token()
	require.NoError(t, err)
	assert.Equal(t, first, again, "token renewed before ttl - margin")
	advance(time.Second) // now 9 minutes in: within the one-minute margin
	renewed, err := c.tokens.token()
	require.NoError(t, err)
	require.NotEqual(t, first, renewed, "token reused inside the margin before expiry")
	_, claims := parseTestToken(t, renewed)
	assert.Equal(t, float64(fixedNow.Add(9*time.Minute).Unix()), claims["iat"], "renewed iat")
}

func TestTokenReuseIsSafeUnderConcurrency(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithTokenReuse(time.Minute))
	var wg sync.WaitGroup
	tokens := make([]string, 32)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := c.tokens.token()
			assert.NoError(t, err)
			tokens[i] = tok
		}()
	}
	wg.Wait()
	for _, tok := range tokens[1:] {
		require.Equal(t, tokens[0], tok, "concurrent callers minted different tokens while one was valid")
	}
}

func TestClientToken(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithClock(fixedClock))
	tok, err := c.Token(WithSubject("bob"))
	require.NoError(t, err)
	_, claims := parseTestToken(t, tok)
	assert.Equal(t, "bob", claims["sub"])
	assert.Equal(t, testAppID, claims["application_id"])
	assert.Equal(t, float64(fixedNow.Unix()), claims["iat"])
	assert.Equal(t, 2, strings.Count(tok, "."), "not a compact JWT: %q", tok)
}
