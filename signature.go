package messages

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DefaultSignatureMaxAge is how far a signed webhook's iat may be from the
// verifier's clock, either way, unless WithMaxAge says otherwise.
const DefaultSignatureMaxAge = 5 * time.Minute

// webhookIssuer is the iss claim of the tokens the API signs webhooks with.
const webhookIssuer = "Vonage"

// SignatureClaims are the claims of a verified webhook signature.
type SignatureClaims struct {
	// APIKey names the account, and so which of its signature secrets
	// signed the token.
	APIKey        string
	ApplicationID string
	// JTI is the token's unique ID.
	JTI      string
	IssuedAt time.Time
	// PayloadHash is the hex SHA-256 of the body, as the token states it.
	PayloadHash string
	Issuer      string
}

// VerifyOption changes how VerifySignature checks a token; VerifySignature
// refuses a nil or bad one with an ErrInvalidOption.
type VerifyOption func(*verifyConfig) error

type verifyConfig struct {
	maxAge  time.Duration
	now     func() time.Time
	secrets []string
}

// WithMaxAge sets how far the token's iat may be from now, in the past or
// the future (clock skew); the default is DefaultSignatureMaxAge. The
// tokens carry no exp, so this is the only replay window. d must be above
// 0.
func WithMaxAge(d time.Duration) VerifyOption {
	return func(c *verifyConfig) error {
		if d <= 0 {
			return optionError("WithMaxAge needs a duration above 0, got %s", d)
		}
		c.maxAge = d
		return nil
	}
}

// WithVerifyClock sets the clock VerifySignature compares iat with; the
// default is time.Now.
func WithVerifyClock(now func() time.Time) VerifyOption {
	return func(c *verifyConfig) error {
		if now == nil {
			return optionError("WithVerifyClock needs a clock, got nil")
		}
		c.now = now
		return nil
	}
}

// WithAdditionalSecrets adds signature secrets to try after the first, so
// webhooks verify while a secret is being rotated. Empty strings are
// ignored.
func WithAdditionalSecrets(secrets ...string) VerifyOption {
	return func(c *verifyConfig) error {
		c.secrets = append(c.secrets, secrets...)
		return nil
	}
}

// tokenClaims is the token's payload on the wire.
type tokenClaims struct {
	jwt.RegisteredClaims
	APIKey        string `json:"api_key"`
	ApplicationID string `json:"application_id"`
	PayloadHash   string `json:"payload_hash"`
}

// VerifySignature checks the signature of a webhook request: the value of
// its Authorization header ("Bearer <JWT>", or the bare token) and the raw
// body. The token must be an HS256 JWT signed with secret (or one of
// WithAdditionalSecrets), with iss "Vonage", an iat within the allowed age
// of now, an exp still to come and an nbf already reached when the token
// carries them, and a payload_hash equal to the hex SHA-256 of body. It returns
// the token's claims, or an error matching exactly one of
// ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch and
// ErrSignatureExpired; a nil or bad option is an ErrInvalidOption instead.
//
// Pass the body exactly as received: any re-encoding changes its hash.
func VerifySignature(authorizationHeader string, body []byte, secret string, opts ...VerifyOption) (*SignatureClaims, error) {
	cfg := verifyConfig{maxAge: DefaultSignatureMaxAge, now: time.Now, secrets: []string{secret}}
	if err := applyOptions(&cfg, "verify option", opts); err != nil {
		return nil, err
	}
	token := strings.TrimSpace(authorizationHeader)
	if len(token) >= 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	} else if strings.EqualFold(token, "bearer") {
		token = ""
	}
	if token == "" {
		return nil, ErrMissingSignature
	}
	keys := make([]jwt.VerificationKey, 0, len(cfg.secrets))
	for _, s := range cfg.secrets {
		if s != "" {
			keys = append(keys, []byte(s))
		}
	}
	if len(keys) == 0 {
		return nil, signatureFailure("no signature secret to verify with", ErrInvalidSignature)
	}

	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithoutClaimsValidation(), // checked below, with clearer errors
	)
	var claims tokenClaims
	_, err := parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) {
		return jwt.VerificationKeySet{Keys: keys}, nil
	})
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenMalformed):
		return nil, signatureFailure("malformed token", ErrInvalidSignature)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		// The parser reports a refused alg as an invalid signature too;
		// tell the two apart for the error text only.
		if t, _, perr := parser.ParseUnverified(token, &tokenClaims{}); perr == nil && t.Method.Alg() != jwt.SigningMethodHS256.Alg() {
			return nil, signatureFailure("signing method is not HS256", ErrInvalidSignature)
		}
		return nil, signatureFailure("not signed with the signature secret", ErrInvalidSignature)
	default:
		return nil, signatureFailure("token refused", ErrInvalidSignature)
	}

	if claims.Issuer != webhookIssuer {
		return nil, signatureFailure("iss: not "+webhookIssuer, ErrInvalidSignature)
	}
	if claims.IssuedAt == nil {
		return nil, signatureFailure("iat: missing", ErrInvalidSignature)
	}
	now := cfg.now()
	iat := claims.IssuedAt.Time
	switch {
	case now.Sub(iat) > cfg.maxAge:
		return nil, signatureFailure("iat: older than "+cfg.maxAge.String(), ErrSignatureExpired)
	case iat.Sub(now) > cfg.maxAge:
		return nil, signatureFailure("iat: more than "+cfg.maxAge.String()+" in the future", ErrSignatureExpired)
	case claims.ExpiresAt != nil && !now.Before(claims.ExpiresAt.Time):
		// RFC 7519 4.1.4: the token must not be accepted on or after exp.
		return nil, signatureFailure("exp: passed", ErrSignatureExpired)
	case claims.NotBefore != nil && now.Before(claims.NotBefore.Time):
		// RFC 7519 4.1.5: nor before nbf.
		return nil, signatureFailure("nbf: not yet reached", ErrSignatureExpired)
	}
	if claims.PayloadHash == "" {
		return nil, signatureFailure("payload_hash: missing", ErrPayloadMismatch)
	}
	sum := sha256.Sum256(body)
	var want [2 * sha256.Size]byte
	hex.Encode(want[:], sum[:])
	if subtle.ConstantTimeCompare(want[:], []byte(strings.ToLower(claims.PayloadHash))) != 1 {
		return nil, ErrPayloadMismatch
	}
	return &SignatureClaims{
		APIKey:        claims.APIKey,
		ApplicationID: claims.ApplicationID,
		JTI:           claims.ID,
		IssuedAt:      iat,
		PayloadHash:   claims.PayloadHash,
		Issuer:        claims.Issuer,
	}, nil
}

// signatureError is a signature error with a detail; it matches its sentinel.
type signatureError struct {
	detail   string
	sentinel error
}

func signatureFailure(detail string, sentinel error) error {
	return &signatureError{detail: detail, sentinel: sentinel}
}

func (e *signatureError) Error() string { return e.sentinel.Error() + ": " + e.detail }
func (e *signatureError) Unwrap() error { return e.sentinel }
