package messages

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// parseTestToken verifies tok with the test key's public half and returns
// its header and claims.
func parseTestToken(t testing.TB, tok string) (map[string]any, jwt.MapClaims) {
	t.Helper()
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return testPublicKey(t), nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	if err != nil {
		t.Fatalf("token does not verify with the app's public key: %v", err)
	}
	return parsed.Header, claims
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestGenerateJWTClaims(t *testing.T) {
	t.Parallel()
	tok, err := GenerateJWT(testAppID, testKeyPEM(t),
		WithIssuedAt(fixedNow), WithTTL(time.Hour), WithSubject("alice"),
		WithNotBefore(fixedNow.Add(time.Minute)), WithACL("/*/messages/**"),
		WithClaims(map[string]any{"tenant": "acme"}))
	if err != nil {
		t.Fatal(err)
	}
	header, claims := parseTestToken(t, tok)
	if header["alg"] != "RS256" || header["typ"] != "JWT" || len(header) != 2 {
		t.Errorf("header %v, want exactly alg RS256 and typ JWT", header)
	}
	want := map[string]any{
		"application_id": testAppID,
		"iat":            float64(fixedNow.Unix()),
		"exp":            float64(fixedNow.Add(time.Hour).Unix()),
		"nbf":            float64(fixedNow.Add(time.Minute).Unix()),
		"sub":            "alice",
		"tenant":         "acme",
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %v, want %v", k, claims[k], v)
		}
	}
	acl, _ := claims["acl"].(map[string]any)
	paths, _ := acl["paths"].(map[string]any)
	if _, ok := paths["/*/messages/**"]; !ok || len(paths) != 1 {
		t.Errorf("acl %v, want paths {/*/messages/**: {}}", claims["acl"])
	}
	if jti, _ := claims["jti"].(string); !uuidV4.MatchString(jti) {
		t.Errorf("jti %q is not a UUID", claims["jti"])
	}
	if len(claims) != len(want)+2 {
		t.Errorf("claims %v: unexpected extra claims", claims)
	}
}

func TestGenerateJWTDefaultsAndErrors(t *testing.T) {
	t.Parallel()
	tok, err := GenerateJWT(testAppID, readTestdata(t, "keys", "pkcs1.pem"))
	if err != nil {
		t.Fatal(err)
	}
	_, claims := parseTestToken(t, tok)
	iat, exp := claims["iat"].(float64), claims["exp"].(float64)
	if exp-iat != DefaultTokenTTL.Seconds() {
		t.Errorf("exp - iat = %v s, want %v", exp-iat, DefaultTokenTTL.Seconds())
	}
	if d := time.Since(time.Unix(int64(iat), 0)); d < -time.Second || d > time.Minute {
		t.Errorf("iat is %s from now", d)
	}
	for _, k := range []string{"nbf", "sub", "acl"} {
		if _, ok := claims[k]; ok {
			t.Errorf("claim %s set without its option", k)
		}
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
		if _, err := GenerateJWT(b.app, b.key, b.opts...); !errors.Is(err, b.is) {
			t.Errorf("%s: got %v, want %v", b.name, err, b.is)
		}
	}
}

func TestClientMintsFreshTokenPerRequest(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithClock(func() time.Time { return fixedNow }), WithTokenTTL(5*time.Minute))
	a, _ := c.tokens.token()
	b, _ := c.tokens.token()
	if a == b {
		t.Fatal("two requests got the same token without WithTokenReuse")
	}
	_, ca := parseTestToken(t, a)
	_, cb := parseTestToken(t, b)
	if ca["jti"] == cb["jti"] {
		t.Error("jti repeated")
	}
	if ca["exp"] != float64(fixedNow.Add(5*time.Minute).Unix()) {
		t.Errorf("exp %v, want iat + 5m", ca["exp"])
	}
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

	first, _ := c.tokens.token()
	advance(8*time.Minute + 59*time.Second)
	if again, _ := c.tokens.token(); again != first {
		t.Error("token renewed before ttl - margin")
	}
	advance(time.Second) // now 9 minutes in: within the one-minute margin
	renewed, _ := c.tokens.token()
	if renewed == first {
		t.Fatal("token reused inside the margin before expiry")
	}
	_, claims := parseTestToken(t, renewed)
	if claims["iat"] != float64(fixedNow.Add(9*time.Minute).Unix()) {
		t.Errorf("renewed iat %v", claims["iat"])
	}
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
			if err != nil {
				t.Error(err)
			}
			tokens[i] = tok
		}()
	}
	wg.Wait()
	for _, tok := range tokens[1:] {
		if tok != tokens[0] {
			t.Fatal("concurrent callers minted different tokens while one was valid")
		}
	}
}

func TestClientToken(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithClock(func() time.Time { return fixedNow }))
	tok, err := c.Token(WithSubject("bob"))
	if err != nil {
		t.Fatal(err)
	}
	_, claims := parseTestToken(t, tok)
	if claims["sub"] != "bob" || claims["application_id"] != testAppID || claims["iat"] != float64(fixedNow.Unix()) {
		t.Errorf("claims %v", claims)
	}
	if strings.Count(tok, ".") != 2 {
		t.Errorf("not a compact JWT: %q", tok)
	}
}
