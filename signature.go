package messages

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"hash"
	"math"
	"strconv"
	"strings"
	"sync"
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

// VerifyOption changes how VerifySignature checks a token; VerifySignature
// refuses a nil or bad one with an ErrInvalidOption.
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
	err := applyOptions(&cfg, "verify option", opts)
	return cfg, err
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
// with crypto/hmac and a small claims struct, takes about half the time
// and a fifth of the allocations of golang-jwt's general parser, and keeps
// every check.
type hs256 struct {
	signingInput string // "<header>.<claims>", what the MAC covers
	signature    [sha256.Size]byte
	claims       tokenClaims
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
	IssuedAt      numericDate `json:"iat"`
	ExpiresAt     numericDate `json:"exp"`
	NotBefore     numericDate `json:"nbf"`
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
	alg := "HS256"
	if head != hs256Header {
		var err error
		if alg, err = headerAlg(head); err != nil {
			return errMalformedToken
		}
	}
	t.signingInput = token[:len(head)+1+len(payload)]
	if decodeClaims(payload, &t.claims) != nil {
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
	if alg != "HS256" {
		return signatureFailure("signing method is not HS256", ErrInvalidSignature)
	}
	if !macSized {
		// Well formed, but no HMAC-SHA256 has this length.
		return signatureFailure("not signed with the signature secret", ErrInvalidSignature)
	}
	return nil
}

// scratch is a buffer for what a verification decodes or hashes and
// then drops: encoding/json copies out every string it keeps.
type scratch [1024]byte

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// decodeClaims decodes the base64url claims segment into c, through a
// pooled buffer when it fits one.
func decodeClaims(seg string, c *tokenClaims) error {
	buf := scratches.Get().(*scratch)
	defer scratches.Put(buf)
	b := buf[:0]
	if base64.RawURLEncoding.DecodedLen(len(seg)) > len(buf) {
		b = nil
	}
	b, err := base64.RawURLEncoding.AppendDecode(b, []byte(seg))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, c)
}

// headerAlg decodes a JOSE header other than the usual one and returns
// its alg.
func headerAlg(head string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return "", err
	}
	var hdr tokenHeader
	err = json.Unmarshal(b, &hdr)
	return hdr.Alg, err
}

// numericDate is a NumericDate claim (RFC 7519 2): seconds since the
// epoch, perhaps with a fraction, which is dropped as golang-jwt drops it.
// Absent or null, it is unset.
type numericDate struct {
	time.Time
	set bool
}

// UnmarshalJSON reads a JSON number, or a string holding one as golang-jwt
// accepts it; anything else makes the token malformed.
func (d *numericDate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if b[0] == '"' {
		// Rare: let json.Number judge the string, as golang-jwt does.
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		b = []byte(n)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	whole, frac := math.Modf(f)
	d.Time, d.set = time.Unix(int64(whole), int64(frac*1e9)).Truncate(time.Second), true
	return nil
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
	m := getMAC(secret)
	defer macs.Put(m)
	// Hash the signing input through the MAC's own buffer: converting
	// the string would copy all of it to the heap first.
	for in := t.signingInput; in != ""; {
		n := copy(m.buf[:], in)
		m.mac.Write(m.buf[:n])
		in = in[n:]
	}
	return hmac.Equal(t.signature[:], m.mac.Sum(m.sum[:0]))
}

// keyedMAC is an HMAC-SHA256 keyed with one secret, kept for the next
// token signed with it: Reset is cheaper than hmac.New, which hashes the
// key's pads again each time.
type keyedMAC struct {
	key []byte
	mac hash.Hash
	sum [sha256.Size]byte
	buf [256]byte
}

// macs holds keyed MACs between calls. Like any sync.Pool it is emptied by
// the garbage collector, so a secret no longer in use does not stay.
var macs sync.Pool

// getMAC returns a reset HMAC keyed with secret, from macs when the one
// there has that key.
func getMAC(secret string) *keyedMAC {
	if m, ok := macs.Get().(*keyedMAC); ok && subtle.ConstantTimeCompare(m.key, []byte(secret)) == 1 {
		m.mac.Reset()
		return m
	}
	m := &keyedMAC{key: []byte(secret)}
	m.mac = hmac.New(sha256.New, m.key)
	return m
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
	iat, exp, nbf := t.claims.IssuedAt, t.claims.ExpiresAt, t.claims.NotBefore
	if !iat.set {
		return signatureFailure("iat: missing", ErrInvalidSignature)
	}
	switch {
	case now.Sub(iat.Time) > maxAge:
		return signatureFailure("iat: older than "+maxAge.String(), ErrSignatureExpired)
	case iat.Sub(now) > maxAge:
		return signatureFailure("iat: more than "+maxAge.String()+" in the future", ErrSignatureExpired)
	case exp.set && !now.Before(exp.Time):
		// RFC 7519 4.1.4: the token must not be accepted on or after exp.
		return signatureFailure("exp: passed", ErrSignatureExpired)
	case nbf.set && now.Before(nbf.Time):
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
		IssuedAt:      t.claims.IssuedAt.Time,
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
