package messagestest

import (
	"fmt"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/whsign"
)

// SignOption sets claims of the token SignWebhook makes. It is given the
// claims after SignWebhook has filled the defaults, so it can change or
// clear any of them. SignWebhook returns the error of a nil option, or of
// one that returns an error, and signs nothing.
type SignOption func(*messages.SignatureClaims) error

// SignWebhook signs body as the Messages API signs webhooks, for tests of
// code that receives them: it returns an Authorization header value,
// "Bearer <JWT>", for an HS256 token signed with secret whose claims are
// iat (now), jti (a random UUID), iss ("Vonage"), payload_hash (hex SHA-256
// of body) and, when set by an option, api_key and application_id:
//
//	auth, err := messagestest.SignWebhook(body, secret, func(c *messages.SignatureClaims) error {
//		c.APIKey = "a1b2c3d"
//		return nil
//	})
func SignWebhook(body []byte, secret string, opts ...SignOption) (string, error) {
	// The signing is internal/whsign's, which the root package's own tests
	// share: options see and change the public claims type.
	d := whsign.Defaults(body, time.Now())
	c := messages.SignatureClaims{JTI: d.JTI, IssuedAt: d.IssuedAt, PayloadHash: d.PayloadHash, Issuer: d.Issuer}
	for i, o := range opts {
		if o == nil {
			return "", fmt.Errorf("messagestest: sign webhook: option %d is nil", i)
		}
		if err := o(&c); err != nil {
			return "", fmt.Errorf("messagestest: sign webhook: option %d: %w", i, err)
		}
	}
	auth, err := whsign.Sign(whsign.Claims{
		Issuer: c.Issuer, JTI: c.JTI, APIKey: c.APIKey, ApplicationID: c.ApplicationID,
		PayloadHash: c.PayloadHash, IssuedAt: c.IssuedAt,
	}, secret)
	if err != nil {
		return "", fmt.Errorf("messagestest: sign webhook: %w", err)
	}
	return auth, nil
}
