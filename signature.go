package messages

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
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

// VerifyOption changes how VerifySignature checks a token.
type VerifyOption func(*verifyConfig) error

type verifyConfig struct {
	maxAge time.Duration
	now    func() time.Time
	secret string
	// secrets are WithAdditionalSecrets', tried after secret.
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
	cfg, err := newVerifyConfig(secret, opts)
	if err != nil {
		return nil, err
	}
	token, err := bearerToken(authorizationHeader)
	if err != nil {
		return nil, err
	}
	if !cfg.hasSecret() {
		return nil, signatureFailure("no signature secret to verify with", ErrInvalidSignature)
	}
	var tok hs256
	if err := tok.parse(token); err != nil {
		return nil, err
	}
	if err := tok.checkMAC(cfg.secret, cfg.secrets); err != nil {
		return nil, err
	}
	if err := tok.checkIssuer(); err != nil {
		return nil, err
	}
	if err := tok.checkTimes(cfg.now(), cfg.maxAge); err != nil {
		return nil, err
	}
	if err := tok.checkPayload(body); err != nil {
		return nil, err
	}
	return tok.public(), nil
}

// newVerifyConfig applies opts over the defaults; a nil or bad option is
// an ErrInvalidOption.
func newVerifyConfig(secret string, opts []VerifyOption) (verifyConfig, error) {
	cfg := verifyConfig{maxAge: DefaultSignatureMaxAge, now: time.Now, secret: secret}
	for i, o := range opts {
		if o == nil {
			return cfg, optionError("verify option %d is nil", i)
		}
		if err := o(&cfg); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// hasSecret reports whether any secret is not empty; empty ones are skipped.
func (c *verifyConfig) hasSecret() bool {
	if c.secret != "" {
		return true
	}
	for _, s := range c.secrets {
		if s != "" {
			return true
		}
	}
	return false
}

// bearerToken takes the token out of an Authorization header value:
// "Bearer <JWT>" (any case, any spacing) or the bare token. No token is
// ErrMissingSignature.
func bearerToken(header string) (string, error) {
	token := strings.TrimSpace(header)
	if len(token) >= 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	} else if strings.EqualFold(token, "bearer") {
		token = ""
	}
	if token == "" {
		return "", ErrMissingSignature
	}
	return token, nil
}

// hs256 is a webhook token split and decoded. Verifying HS256 by hand,
// with crypto/hmac and a small claims struct, costs a third of a general
// JWT parser and keeps every check.
type hs256 struct {
	signingInput []byte // "<header>.<claims>", what the MAC covers
	signature    [sha256.Size]byte
	claims       tokenClaims
	// The NumericDates, read once; a zero time is an absent claim.
	iat, exp, nbf time.Time
}

// tokenHeader is the part of a JOSE header the verifier reads.
type tokenHeader struct {
	Alg string `json:"alg"`
}

// hs256Header is the base64url of {"alg":"HS256","typ":"JWT"}, the header
// the API sends: the verifier knows it without decoding it.
const hs256Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// tokenClaims is the token's payload on the wire.
type tokenClaims struct {
	Issuer        string      `json:"iss"`
	ID            string      `json:"jti"`
	IssuedAt      json.Number `json:"iat"`
	ExpiresAt     json.Number `json:"exp"`
	NotBefore     json.Number `json:"nbf"`
	APIKey        string      `json:"api_key"`
	ApplicationID string      `json:"application_id"`
	PayloadHash   string      `json:"payload_hash"`
}

// errMalformedToken is every way a token can fail to be a JWT.
var errMalformedToken = signatureFailure("malformed token", ErrInvalidSignature)

// parse splits token into its three base64url segments and decodes them:
// anything that is not a well-formed JWT is errMalformedToken. A token
// signed any way but HS256 (none, HS384, RS256, ES256, ...) is refused
// here, before any key is tried.
func (t *hs256) parse(token string) error {
	head, rest, ok := strings.Cut(token, ".")
	payload, sig, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 || strings.Contains(sig, ".") {
		return errMalformedToken
	}
	var hdr tokenHeader
	if head == hs256Header {
		hdr.Alg = "HS256"
	} else if decodeSegment(head, &hdr) != nil {
		return errMalformedToken
	}
	if decodeSegment(payload, &t.claims) != nil || !t.readDates() {
		return errMalformedToken
	}
	macSized := base64.RawURLEncoding.DecodedLen(len(sig)) == len(t.signature)
	if macSized {
		if _, err := base64.RawURLEncoding.Decode(t.signature[:], []byte(sig)); err != nil {
			return errMalformedToken
		}
	} else if _, err := base64.RawURLEncoding.DecodeString(sig); err != nil {
		return errMalformedToken
	}
	if hdr.Alg != "HS256" {
		return signatureFailure("signing method is not HS256", ErrInvalidSignature)
	}
	if !macSized {
		// Well formed, but no HMAC-SHA256 has this length.
		return signatureFailure("not signed with the signature secret", ErrInvalidSignature)
	}
	t.signingInput = []byte(token[:len(head)+1+len(payload)])
	return nil
}

// decodeSegment decodes one base64url JSON segment into v.
func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// readDates reads iat, exp and nbf when present, and reports whether each
// present one is a number.
func (t *hs256) readDates() bool {
	var ok [3]bool
	t.iat, ok[0] = numericDate(t.claims.IssuedAt)
	t.exp, ok[1] = numericDate(t.claims.ExpiresAt)
	t.nbf, ok[2] = numericDate(t.claims.NotBefore)
	return ok == [3]bool{true, true, true}
}

// numericDate reads a NumericDate (RFC 7519 2): seconds since the epoch,
// perhaps with a fraction, which is dropped as golang-jwt drops it. An
// absent one is the zero time, and fine.
func numericDate(n json.Number) (time.Time, bool) {
	if n == "" {
		return time.Time{}, true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return time.Time{}, false
	}
	whole, frac := math.Modf(f)
	return time.Unix(int64(whole), int64(frac*1e9)).Truncate(time.Second), true
}

// checkMAC compares the token's signature with the HMAC-SHA256 of its
// signing input under each non-empty secret, in constant time.
func (t *hs256) checkMAC(first string, more []string) error {
	if t.macBy(first) {
		return nil
	}
	for _, s := range more {
		if t.macBy(s) {
			return nil
		}
	}
	return signatureFailure("not signed with the signature secret", ErrInvalidSignature)
}

// macBy reports whether secret, when not empty, signed the token.
func (t *hs256) macBy(secret string) bool {
	if secret == "" {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(t.signingInput)
	return hmac.Equal(t.signature[:], mac.Sum(nil))
}

// checkIssuer checks that the API issued the token.
func (t *hs256) checkIssuer() error {
	if t.claims.Issuer != webhookIssuer {
		return signatureFailure("iss: not "+webhookIssuer, ErrInvalidSignature)
	}
	return nil
}

// checkTimes checks iat (required, within maxAge of now either way), then
// exp and nbf when the token carries them, to the second.
func (t *hs256) checkTimes(now time.Time, maxAge time.Duration) error {
	if t.claims.IssuedAt == "" {
		return signatureFailure("iat: missing", ErrInvalidSignature)
	}
	switch {
	case now.Sub(t.iat) > maxAge:
		return signatureFailure("iat: older than "+maxAge.String(), ErrSignatureExpired)
	case t.iat.Sub(now) > maxAge:
		return signatureFailure("iat: more than "+maxAge.String()+" in the future", ErrSignatureExpired)
	case t.claims.ExpiresAt != "" && !now.Before(t.exp):
		// RFC 7519 4.1.4: the token must not be accepted on or after exp.
		return signatureFailure("exp: passed", ErrSignatureExpired)
	case t.claims.NotBefore != "" && now.Before(t.nbf):
		// RFC 7519 4.1.5: nor before nbf.
		return signatureFailure("nbf: not yet reached", ErrSignatureExpired)
	}
	return nil
}

// checkPayload compares payload_hash with the hex SHA-256 of body, in
// constant time and in either case.
func (t *hs256) checkPayload(body []byte) error {
	if t.claims.PayloadHash == "" {
		return signatureFailure("payload_hash: missing", ErrPayloadMismatch)
	}
	sum := sha256.Sum256(body)
	var want [2 * sha256.Size]byte
	hex.Encode(want[:], sum[:])
	if subtle.ConstantTimeCompare(want[:], []byte(strings.ToLower(t.claims.PayloadHash))) != 1 {
		return ErrPayloadMismatch
	}
	return nil
}

// public returns the verified claims as the API presents them.
func (t *hs256) public() *SignatureClaims {
	return &SignatureClaims{
		APIKey:        t.claims.APIKey,
		ApplicationID: t.claims.ApplicationID,
		JTI:           t.claims.ID,
		IssuedAt:      t.iat,
		PayloadHash:   t.claims.PayloadHash,
		Issuer:        t.claims.Issuer,
	}
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
