package messagestest

import (
	"errors"
	"fmt"
	"math"
	"net"
	"time"
)

// ServerOption configures a Server. NewServer refuses a nil or bad one.
type ServerOption func(*config) error

type config struct {
	basicKey, basicSecret string
	statusURL, inboundURL string
	secret                string
	apiKey                string
	timeScale             float64
	latency               time.Duration
	defaultOutcome        Outcome
	listener              net.Listener
	inboundEndpoint       bool
	secureMedia           bool

	// Bounds on the server (see bounds.go); zero means the default. Only
	// the package's tests change them, to see a bound hold without waiting
	// for the default.
	limits serverLimits
}

// webhookTimeout bounds each webhook delivery, as the API gives up on a
// receiver that does not answer.
const webhookTimeout = 5 * time.Second

// DefaultAPIKey is the api_key claim of signed webhooks unless WithAPIKey
// or WithBasicAuth names another key.
const DefaultAPIKey = "abcd1234"

// WithBasicAuth makes the server accept HTTP basic auth with this API key
// and secret, besides JWTs. Without it, basic auth is refused with 401.
func WithBasicAuth(apiKey, apiSecret string) ServerOption {
	return func(c *config) error { c.basicKey, c.basicSecret = apiKey, apiSecret; return nil }
}

// WithStatusURL sets where status webhooks go: the application's status
// URL. A message's own webhook_url wins over it. Without either, no status
// webhooks are sent.
func WithStatusURL(url string) ServerOption {
	return func(c *config) error { c.statusURL = url; return nil }
}

// WithInboundURL sets where Server.Inbound posts inbound messages: the
// application's inbound URL.
func WithInboundURL(url string) ServerOption {
	return func(c *config) error { c.inboundURL = url; return nil }
}

// WithSignatureSecret makes the server sign every webhook as the API does,
// with an HS256 JWT in the Authorization header (see SignWebhook). Without
// it, webhooks go unsigned.
func WithSignatureSecret(secret string) ServerOption {
	return func(c *config) error { c.secret = secret; return nil }
}

// WithAPIKey sets the api_key claim of signed webhooks, which names the
// account whose secret signed them; the default is DefaultAPIKey, or the
// key given to WithBasicAuth.
func WithAPIKey(key string) ServerOption {
	return func(c *config) error { c.apiKey = key; return nil }
}

// WithTimeScale multiplies the server's waits, such as a v0.1 Dispatch
// step's expiry_time, by f, so that tests run in milliseconds:
// WithTimeScale(0.001) turns a 600 s expiry into 600 ms. f must be above 0;
// the default is 1.
func WithTimeScale(f float64) ServerOption {
	return func(c *config) error {
		if !(f > 0) || math.IsInf(f, 0) {
			return fmt.Errorf("WithTimeScale needs a finite factor above 0, got %v", f)
		}
		c.timeScale = f
		return nil
	}
}

// WithLatency delays every answer by d. A client that gives up first (its
// context is done) gets no answer, and the request is recorded with status
// 0.
func WithLatency(d time.Duration) ServerOption {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("WithLatency needs a duration of 0 or more, got %s", d)
		}
		c.latency = d
		return nil
	}
}

// WithDefaultOutcome sets what happens to messages whose recipient has no
// outcome of its own (see Server.SetOutcome); the default is Read.
func WithDefaultOutcome(o Outcome) ServerOption {
	return func(c *config) error {
		if !o.valid() {
			return fmt.Errorf("WithDefaultOutcome: unknown outcome %v", o)
		}
		c.defaultOutcome = o
		return nil
	}
}

// WithListener makes the server serve on ln instead of a fresh port on
// 127.0.0.1: a fixed port, or every interface for a container, as the
// messages command's fake does. The server owns ln from then on and Close
// closes it. URL names ln's address, with 127.0.0.1 in place of an
// unspecified host such as 0.0.0.0, since a client cannot dial that.
func WithListener(ln net.Listener) ServerOption {
	return func(c *config) error {
		if ln == nil {
			return errors.New("WithListener needs a listener, got nil")
		}
		c.listener = ln
		return nil
	}
}

// WithInboundEndpoint makes the server serve POST InboundPath, so code that
// reaches the fake only over HTTP (tests in another language, a compose
// file) can have it post an inbound-message webhook, as Server.Inbound does
// for Go tests. See InboundPath for the body.
func WithInboundEndpoint() ServerOption {
	return func(c *config) error { c.inboundEndpoint = true; return nil }
}
