package messages

import (
	"crypto/rsa"
	"errors"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gomessages/messages/internal/uuid"
)

// DefaultTokenTTL is how long a minted JWT is valid unless WithTokenTTL or
// WithTTL says otherwise.
const DefaultTokenTTL = 15 * time.Minute

// maxTokenTTL bounds a token's life; a leaked long-lived token is a leaked
// account.
const maxTokenTTL = 24 * time.Hour

// TokenOption changes one token minted by GenerateJWT or Client.Token,
// which refuse a nil or bad one with an ErrInvalidOption.
type TokenOption func(*tokenConfig) error

type tokenConfig struct {
	ttl       time.Duration
	issuedAt  time.Time
	notBefore time.Time
	subject   string
	acl       []string
	extra     map[string]any
}

// WithTTL sets how long the token is valid (default 15 minutes, at most 24 hours).
func WithTTL(d time.Duration) TokenOption {
	return func(c *tokenConfig) error {
		if d <= 0 || d > maxTokenTTL {
			return optionError("token ttl must be above 0 and at most %s, got %s", maxTokenTTL, d)
		}
		c.ttl = d
		return nil
	}
}

// WithSubject sets the sub claim, the user the token acts for.
func WithSubject(sub string) TokenOption {
	return func(c *tokenConfig) error { c.subject = sub; return nil }
}

// WithACL limits the token to the given API paths, such as
// "/*/messages/**"; it becomes the acl claim {"paths": {path: {}}}.
func WithACL(paths ...string) TokenOption {
	return func(c *tokenConfig) error {
		if len(paths) == 0 {
			return optionError("acl needs at least one path")
		}
		c.acl = append(c.acl, paths...)
		return nil
	}
}

// WithNotBefore sets the nbf claim: the token is not valid before t.
func WithNotBefore(t time.Time) TokenOption {
	return func(c *tokenConfig) error { c.notBefore = t; return nil }
}

// WithIssuedAt sets the iat claim instead of the current time; exp follows
// from it. Tests use it for reproducible tokens.
func WithIssuedAt(t time.Time) TokenOption {
	return func(c *tokenConfig) error {
		if t.IsZero() {
			return optionError("issued-at time is zero")
		}
		c.issuedAt = t
		return nil
	}
}

// WithClaims adds claims to the token. The claims the SDK sets itself
// (application_id, iat, exp, jti, nbf, sub, acl) cannot be overridden.
func WithClaims(claims map[string]any) TokenOption {
	return func(c *tokenConfig) error {
		for k := range claims {
			switch k {
			case "application_id", "iat", "exp", "jti", "nbf", "sub", "acl":
				return optionError("claim %q is set by the SDK; use its own option", k)
			}
		}
		if c.extra == nil {
			c.extra = make(map[string]any, len(claims))
		}
		for k, v := range claims {
			c.extra[k] = v
		}
		return nil
	}
}

// GenerateJWT mints an application JWT, as `vonage jwt` (formerly
// `nexmo jwt:generate`) does: RS256, with application_id, iat, exp and a
// unique jti. Use it to call the API with another HTTP client; a Client mints
// its own tokens.
func GenerateJWT(applicationID string, privateKeyPEM []byte, opts ...TokenOption) (string, error) {
	if err := checkApplicationID(applicationID); err != nil {
		return "", err
	}
	key, err := parsePrivateKey(privateKeyPEM)
	if err != nil {
		return "", err
	}
	s := signer{appID: applicationID, key: key}
	return s.mint(time.Now(), DefaultTokenTTL, opts)
}

// signer mints tokens for one application.
type signer struct {
	appID string
	key   *rsa.PrivateKey
}

func (s signer) mint(now time.Time, ttl time.Duration, opts []TokenOption) (string, error) {
	cfg := tokenConfig{ttl: ttl, issuedAt: now}
	if err := applyOptions(&cfg, "token option", opts); err != nil {
		return "", err
	}
	jti := uuid.New()
	claims := make(jwt.MapClaims, 6+len(cfg.extra))
	for k, v := range cfg.extra {
		claims[k] = v
	}
	claims["application_id"] = s.appID
	claims["iat"] = cfg.issuedAt.Unix()
	claims["exp"] = cfg.issuedAt.Add(cfg.ttl).Unix()
	claims["jti"] = jti
	if !cfg.notBefore.IsZero() {
		claims["nbf"] = cfg.notBefore.Unix()
	}
	if cfg.subject != "" {
		claims["sub"] = cfg.subject
	}
	if len(cfg.acl) > 0 {
		paths := make(map[string]any, len(cfg.acl))
		for _, p := range cfg.acl {
			paths[p] = map[string]any{}
		}
		claims["acl"] = map[string]any{"paths": paths}
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(s.key)
	if err != nil {
		// The error from signing names no key material, but keep ours plain.
		return "", errors.New("messages: jwt: signing failed")
	}
	return tok, nil
}

// prefetchMaxAge bounds how old a token minted ahead may be when a request
// takes it (or half the token's TTL, when that is shorter): an older one is
// dropped and a new one minted in its place.
const prefetchMaxAge = 10 * time.Second

// tokenSource hands a Client its bearer tokens: a fresh one per request, or,
// with reuse on, one cached until `margin` before it expires.
//
// Fresh tokens are minted one ahead: each request takes the token minted
// while the one before it was on the wire, and starts a goroutine that
// mints the next one and exits. A request mints its own only when that
// token is not ready yet or is older than prefetchMaxAge. Every token is
// still used once, and an idle client keeps no goroutine.
type tokenSource struct {
	signer signer
	ttl    time.Duration
	now    func() time.Time
	reuse  bool
	margin time.Duration

	mu      sync.Mutex
	cached  []string // {"Bearer <token>"}, built once per token
	renewAt time.Time

	ahead struct {
		sync.Mutex
		header   string    // "Bearer <token>" minted ahead, or ""
		mintedAt time.Time // the clock when it was minted: its iat
		minting  bool      // a goroutine is minting the next one
		inFlight sync.WaitGroup
	}
}

// header returns the Authorization header's values: {"Bearer <token>"}.
// With reuse on, requests share the slice: net/http only reads it.
func (ts *tokenSource) header() ([]string, error) {
	if !ts.reuse {
		h, err := ts.fresh()
		if err != nil {
			return nil, err
		}
		return []string{h}, nil
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	now := ts.now()
	if ts.cached != nil && now.Before(ts.renewAt) {
		return ts.cached, nil
	}
	tok, err := ts.signer.mint(now, ts.ttl, nil)
	if err != nil {
		return nil, err
	}
	// exp is whole seconds; count from the truncated iat so a zero margin
	// never outlives the token.
	ts.cached, ts.renewAt = []string{"Bearer " + tok}, time.Unix(now.Unix(), 0).Add(ts.ttl-ts.margin)
	return ts.cached, nil
}

// fresh takes the token minted ahead, when there is one young enough, and
// has the next one minted in the background; otherwise it mints one now.
func (ts *tokenSource) fresh() (string, error) {
	a := &ts.ahead
	a.Lock()
	h, mintedAt := a.header, a.mintedAt
	a.header = ""
	start := !a.minting
	if start {
		a.minting = true
		a.inFlight.Add(1)
	}
	a.Unlock()
	if start {
		go ts.mintAhead()
	}
	now := ts.now()
	if age := now.Sub(mintedAt); h != "" && age >= 0 && age <= min(prefetchMaxAge, ts.ttl/2) {
		return h, nil
	}
	tok, err := ts.signer.mint(now, ts.ttl, nil)
	if err != nil {
		return "", err
	}
	return "Bearer " + tok, nil
}

// mintAhead mints the next token and leaves it for the next request. A
// failure leaves nothing: that request mints its own and reports the error.
func (ts *tokenSource) mintAhead() {
	a := &ts.ahead
	defer a.inFlight.Done()
	now := ts.now()
	tok, err := ts.signer.mint(now, ts.ttl, nil)
	a.Lock()
	defer a.Unlock()
	a.minting = false
	if err == nil {
		a.header, a.mintedAt = "Bearer "+tok, now
	}
}
