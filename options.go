package messages

import (
	"fmt"
	"log/slog"
	"net"
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

// optionError is an ErrInvalidOption naming the option and the rule it broke.
func optionError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOption, fmt.Sprintf(format, args...))
}

// Option configures a Client. Options are collected first and resolved
// together, so their order never matters; a bad or conflicting one is an
// error from NewClient.
type Option func(*settings) error

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

// updateBase picks the host an update goes to: the region's, or the
// client's own base for RegionGlobal. A client pointed elsewhere (WithBaseURL,
// such as a fake server, or WithSandbox) sends every update to its base.
func (c *Client) updateBase(region Region) (string, bool) {
	host, known := regionHosts[region]
	if !known {
		return "", false
	}
	if region == RegionGlobal || !isRegionHost(c.baseURL) {
		return c.baseURL, true
	}
	return host, true
}

func isRegionHost(base string) bool {
	for _, h := range regionHosts {
		if h == base {
			return true
		}
	}
	return false
}

// warnCleartext logs one warning when base is http:// to a host that is
// not loopback: every request then carries its token in clear.
func warnCleartext(logger *slog.Logger, base, shown string) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || isLoopback(u.Hostname()) {
		return
	}
	if logger == nil {
		logger = slog.Default()
	}
	logger.Warn("messages: the base URL is http:// to a host that is not loopback: every request's credentials go in clear; use https://",
		slog.String("base_url", shown))
}

// isLoopback reports whether host names this machine: localhost (RFC 6761
// reserves it and its subdomains) or a loopback IP.
func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
