package messagestest

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// authLeeway is the clock skew allowed on a JWT's exp, nbf and iat.
const authLeeway = 30 * time.Second

// authenticate checks the request's credentials as the API does and
// returns the problem to answer 401 with, or nil.
func (s *Server) authenticate(r *http.Request) *problem {
	h := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(h, " ")
	switch {
	case h == "":
		return unauthorized("no Authorization header: send a Bearer JWT or, if enabled, basic auth")
	case strings.EqualFold(scheme, "Bearer"):
		if reason := s.checkJWT(strings.TrimSpace(cred)); reason != "" {
			return unauthorized(reason)
		}
		return nil
	case strings.EqualFold(scheme, "Basic"):
		key, secret, ok := r.BasicAuth()
		switch {
		case !ok:
			return unauthorized("malformed basic auth")
		case s.cfg.basicKey == "":
			return unauthorized("basic auth is not enabled on this server (see WithBasicAuth)")
		case subtle.ConstantTimeCompare([]byte(key), []byte(s.cfg.basicKey)) != 1 ||
			subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.basicSecret)) != 1:
			return unauthorized("wrong API key or secret")
		}
		return nil
	}
	return unauthorized("unknown Authorization scheme " + scheme)
}

// checkJWT returns why the token is refused, or "".
func (s *Server) checkJWT(token string) string {
	unverified, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
	if err != nil {
		return "the JWT is malformed"
	}
	if alg := unverified.Method.Alg(); alg != "RS256" {
		return "the JWT is signed with " + alg + ", not RS256"
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return s.key, nil },
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(authLeeway),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "the JWT has expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "the JWT is not valid yet"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "the JWT has no exp claim"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "the JWT is not signed with the application's private key"
	case err != nil:
		return "the JWT is malformed"
	}
	if app, _ := claims["application_id"].(string); app != s.ApplicationID {
		return "the JWT's application_id is not this application's"
	}
	if jti, _ := claims["jti"].(string); jti == "" {
		return "the JWT has no jti claim"
	}
	return ""
}

func unauthorized(detail string) *problem {
	return &problem{
		Type:   "https://developer.vonage.com/api-errors/#unathorized", // sic: the API's own spelling
		Title:  "You did not provide correct credentials.",
		Detail: detail,
	}
}
