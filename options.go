package messages

import (
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// HTTPDoer is what the client sends requests with; *http.Client is one.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// Region is a regional API host. Messages may be sent through any; an update
// (MarkRead, Revoke) must go to the region the message went through.
type Region string

// The API's regions. RegionGlobal is the default host.
const (
	RegionGlobal Region = ""
	RegionEU     Region = "eu"
	RegionUS     Region = "us"
	RegionAP     Region = "ap"
)

// The API's hosts.
const (
	DefaultBaseURL = "https://api.nexmo.com"
	SandboxBaseURL = "https://messages-sandbox.nexmo.com"
)

var regionHosts = map[Region]string{
	RegionGlobal: DefaultBaseURL,
	RegionEU:     "https://api-eu.vonage.com",
	RegionUS:     "https://api-us.vonage.com",
	RegionAP:     "https://api-ap.vonage.com",
}

// DefaultTimeout bounds each call unless WithTimeout says otherwise.
const DefaultTimeout = 30 * time.Second

// Option configures a Client. Options are collected first and resolved
// together, so their order never matters; a nil, bad or conflicting one is
// an error from NewClient.
type Option func(*settings) error

// applyOptions applies opts to s in order, as every option family does: a
// nil option is an ErrInvalidOption naming the family and its position, a
// bad one is its own error, and either stops the call that received them.
func applyOptions[S any, O ~func(*S) error](s *S, family string, opts []O) error {
	for i, o := range opts {
		if o == nil {
			return optionError("%s %d is nil", family, i)
		}
		if err := o(s); err != nil {
			return err
		}
	}
	return nil
}

// settings is what the options collect before NewClient resolves them.
type settings struct {
	baseURL    string
	region     *Region
	sandbox    bool
	version    APIVersion
	httpClient HTTPDoer
	timeout    *time.Duration
	userAgent  string
	logger     *slog.Logger
	tokenTTL   time.Duration
	reuse      *time.Duration
	basicKey   string
	basicSec   string
	clock      func() time.Time
	retry      RetryPolicy
	rateLimit  *limiter
	limiter    Limiter
	mediaMax   *int64
	observer   Observer
}

// WithBaseURL sends every request to base instead of the API's host, for a
// proxy or a fake such as messagestest. A path in base is kept:
// "http://localhost:8080/api" sends to "http://localhost:8080/api/v1/messages".
// An http:// base to a host that is not loopback sends every token in
// clear: NewClient logs a warning saying so, once, to the WithLogger
// logger or else slog.Default().
func WithBaseURL(base string) Option {
	return func(s *settings) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return optionError("base URL must be an absolute http or https URL, got %q", base)
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return optionError("base URL must not have a query or fragment, got %q", base)
		}
		s.baseURL = strings.TrimRight(base, "/")
		return nil
	}
}

// WithRegion sends requests to a regional host.
func WithRegion(r Region) Option {
	return func(s *settings) error {
		if _, ok := regionHosts[r]; !ok {
			return optionError("unknown region %q: use RegionEU, RegionUS, RegionAP or RegionGlobal", r)
		}
		s.region = &r
		return nil
	}
}

// WithSandbox sends requests to the Messages Sandbox, which delivers to
// allow-listed WhatsApp, Viber and Messenger accounts without a business
// profile.
func WithSandbox() Option {
	return func(s *settings) error { s.sandbox = true; return nil }
}

// WithAPIVersion selects the wire version: V1 (default) or V0_1.
func WithAPIVersion(v APIVersion) Option {
	return func(s *settings) error {
		if v != V1 && v != V0_1 {
			return optionError("unknown API version %q: use V1 or V0_1", v)
		}
		s.version = v
		return nil
	}
}

// WithHTTPClient sends requests with c instead of the client's own
// *http.Client. The client's own never follows a redirect, and c should
// refuse them too: set its CheckRedirect to return http.ErrUseLastResponse,
// and the client then reports a 3xx as ErrRedirect. An *http.Client left
// with Go's default follows up to 10 redirects, re-posting the message to
// another host and, on a 307 or 308 to another port or from https to http
// on the same host name, its Authorization header with it.
func WithHTTPClient(c HTTPDoer) Option {
	return func(s *settings) error {
		if c == nil {
			return optionError("nil HTTP client")
		}
		s.httpClient = c
		return nil
	}
}

// WithTimeout bounds each call, retries included (default 30 s); zero means
// no bound but the context's.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			return optionError("timeout must not be negative, got %s", d)
		}
		s.timeout = &d
		return nil
	}
}

// WithUserAgent appends ua to the SDK's User-Agent header.
func WithUserAgent(ua string) Option {
	return func(s *settings) error {
		// A control character (a line break, a NUL) is not allowed in a
		// header value (RFC 9110, section 5.5): Go refuses the request,
		// and every send would fail.
		if i := strings.IndexFunc(ua, unicode.IsControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(ua[i:])
			return optionError("user agent must not contain control characters such as line breaks, got %U at byte %d", r, i)
		}
		s.userAgent = strings.TrimSpace(ua)
		return nil
	}
}

// WithLogger logs each request at debug level: method, URL, status,
// duration and request ID. Keys, tokens and bodies are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return optionError("nil logger")
		}
		s.logger = l
		return nil
	}
}

// WithTokenTTL sets how long the client's JWTs are valid (default 15
// minutes, at most 24 hours).
func WithTokenTTL(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 || d > maxTokenTTL {
			return optionError("token ttl must be above 0 and at most %s, got %s", maxTokenTTL, d)
		}
		s.tokenTTL = d
		return nil
	}
}

// WithTokenReuse makes the client reuse one JWT until `margin` before it
// expires, instead of minting one per request. It saves an RSA signature per
// call; the margin keeps a token from expiring in flight.
func WithTokenReuse(margin time.Duration) Option {
	return func(s *settings) error {
		if margin < 0 {
			return optionError("token reuse margin must not be negative, got %s", margin)
		}
		s.reuse = &margin
		return nil
	}
}

// WithBasicAuth authenticates with the account's API key and secret instead
// of a JWT. The application ID and key may then be empty.
func WithBasicAuth(apiKey, apiSecret string) Option {
	return func(s *settings) error {
		if apiKey == "" || apiSecret == "" {
			return optionError("basic auth needs both an API key and a secret")
		}
		s.basicKey, s.basicSec = apiKey, apiSecret
		return nil
	}
}

// WithClock replaces time.Now for the client's tokens and Retry-After
// dates; tests use it.
func WithClock(now func() time.Time) Option {
	return func(s *settings) error {
		if now == nil {
			return optionError("nil clock")
		}
		s.clock = now
		return nil
	}
}

// WithRetry retries failed calls as the policy says. A Retry-After longer
// than MaxBackoff is not waited out: the 429 is returned with its
// RetryAfter, so a caller is never blocked longer than it allowed.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) error {
		if p.MaxAttempts < 0 || p.MinBackoff < 0 || p.MaxBackoff < 0 {
			return optionError("retry policy must not hold negative values: %+v", p)
		}
		if p.MinBackoff == 0 {
			p.MinBackoff = DefaultMinBackoff
		}
		if p.MaxBackoff == 0 {
			p.MaxBackoff = max(DefaultMaxBackoff, p.MinBackoff)
		}
		if p.MinBackoff > p.MaxBackoff {
			return optionError("retry MinBackoff %s is above MaxBackoff %s", p.MinBackoff, p.MaxBackoff)
		}
		s.retry = p
		return nil
	}
}

// WithLimiter paces the client with l instead of an in-process limit, for
// a rate shared beyond one process. Retries wait for a turn too. It and
// WithRateLimit each pace the client: use one.
func WithLimiter(l Limiter) Option {
	return func(s *settings) error {
		if isNil(l) {
			return optionError("nil limiter")
		}
		s.limiter = l
		return nil
	}
}

// WithRateLimit caps the client at perSecond requests a second, with bursts
// of up to burst, shared by every goroutine using the client. A call waits
// for its turn, or fails at once if its context ends before the turn comes.
// Retries count against the limit too.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) error {
		if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
			return optionError("rate limit needs a positive, finite rate and a burst of at least 1, got %v and %d", perSecond, burst)
		}
		// The wait between turns must fit in a time.Duration, as
		// redisstore's limiter requires: a slower rate overflowed it, and
		// a negative wait let every send through unpaced.
		if float64(time.Second)/perSecond >= math.MaxInt64 {
			return optionError("rate limit %v a second is out of range: the wait between turns must fit in a time.Duration (about 292 years)", perSecond)
		}
		s.rateLimit = &limiter{rate: perSecond, burst: float64(burst), tokens: float64(burst)}
		return nil
	}
}

// WithMediaMaxBytes caps the bytes DownloadMedia reads for one file
// (default DefaultMediaMaxBytes). n must be above 0.
func WithMediaMaxBytes(n int64) Option {
	return func(s *settings) error {
		if n <= 0 {
			return optionError("media max bytes must be above 0, got %d", n)
		}
		s.mediaMax = &n
		return nil
	}
}

// WithObserver reports each of the client's calls and HTTP attempts to o.
func WithObserver(o Observer) Option {
	return func(s *settings) error {
		if isNil(o) {
			return optionError("nil observer")
		}
		s.observer = o
		return nil
	}
}

// resolveBaseURL picks the host from WithBaseURL, WithRegion or WithSandbox,
// at most one of which may be given; none means the global host.
func (s *settings) resolveBaseURL() (string, error) {
	set := 0
	for _, b := range []bool{s.baseURL != "", s.region != nil, s.sandbox} {
		if b {
			set++
		}
	}
	if set > 1 {
		return "", optionError("WithBaseURL, WithRegion and WithSandbox each pick the host: use one")
	}
	switch {
	case s.baseURL != "":
		return s.baseURL, nil
	case s.region != nil:
		return regionHosts[*s.region], nil
	case s.sandbox:
		return SandboxBaseURL, nil
	}
	return DefaultBaseURL, nil
}

// resolveLimiter picks the client's limiter, nil for none.
func (s *settings) resolveLimiter() (Limiter, error) {
	if s.rateLimit != nil && s.limiter != nil {
		return nil, optionError("WithRateLimit and WithLimiter each pace the client: use one")
	}
	if s.rateLimit != nil {
		return s.rateLimit, nil
	}
	return s.limiter, nil
}
