package messages

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"time"
	"unicode/utf8"

	"github.com/gomessages/messages/internal/wire"
)

// jsonContentType is shared by every request; net/http only reads it.
var jsonContentType = []string{"application/json"}

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.2.0"

// Client sends messages through the Messages API. It is safe for concurrent
// use; build one and share it.
type Client struct {
	version    APIVersion
	baseURL    string
	httpClient HTTPDoer
	timeout    time.Duration
	userAgent  string
	// userAgentHeader is userAgent as a header value, built once.
	userAgentHeader []string
	logger          *slog.Logger
	now             func() time.Time
	tokens          *tokenSource // nil with basic auth
	basicAuth       string       // "Basic ..." header value, or ""
	sendURL         string
	retry           RetryPolicy
	limiter         Limiter // nil without WithRateLimit or WithLimiter
	redact          redactions
	mediaMax        int64    // DownloadMedia's cap, in bytes
	observer        Observer // nil without WithObserver
	region          Region   // the base URL's region, for the observer
}

// NewClient builds a client for an application from its ID and the PEM of
// its private key (PKCS#1 or PKCS#8, unencrypted). The key is parsed once
// here: a missing, malformed, encrypted or non-RSA key is an error now, not
// at the first send.
func NewClient(applicationID string, privateKeyPEM []byte, opts ...Option) (*Client, error) {
	s := settings{version: V1, tokenTTL: DefaultTokenTTL, clock: time.Now}
	if err := applyOptions(&s, "option", opts); err != nil {
		return nil, err
	}
	base, err := s.resolveBaseURL()
	if err != nil {
		return nil, err
	}
	lim, err := s.resolveLimiter()
	if err != nil {
		return nil, err
	}
	c := &Client{
		version:    s.version,
		baseURL:    base,
		httpClient: s.httpClient,
		timeout:    DefaultTimeout,
		userAgent:  "gomessages/" + Version + " " + runtime.Version(),
		logger:     s.logger,
		now:        s.clock,
		retry:      s.retry,
		limiter:    lim,
		redact:     newRedactions(base, s.basicKey, s.basicSec),
		observer:   s.observer,
		region:     regionOf(base),
		mediaMax:   DefaultMediaMaxBytes,
	}
	s.overrideDefaults(c)
	if s.reuse != nil && *s.reuse >= s.tokenTTL {
		return nil, optionError("token reuse margin %s must be shorter than the token ttl %s", *s.reuse, s.tokenTTL)
	}
	if s.basicKey != "" {
		c.basicAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(s.basicKey+":"+s.basicSec))
		if applicationID == "" && len(privateKeyPEM) == 0 {
			warnCleartext(s.logger, base, c.redact.shownBase)
			return c, nil
		}
	}
	if err := checkApplicationID(applicationID); err != nil {
		return nil, err
	}
	key, err := parsePrivateKey(privateKeyPEM)
	if err != nil {
		return nil, err
	}
	c.tokens = &tokenSource{signer: signer{appID: applicationID, key: key}, ttl: s.tokenTTL, now: s.clock}
	if s.reuse != nil {
		c.tokens.reuse, c.tokens.margin = true, *s.reuse
	}
	warnCleartext(s.logger, base, c.redact.shownBase)
	return c, nil
}

// overrideDefaults sets what the options chose over c's defaults, and the
// fields derived from them.
func (s *settings) overrideDefaults(c *Client) {
	if s.mediaMax != nil {
		c.mediaMax = *s.mediaMax
	}
	c.sendURL = c.baseURL + "/" + string(c.version) + "/messages"
	if s.timeout != nil {
		c.timeout = *s.timeout
	}
	if s.userAgent != "" {
		c.userAgent += " " + s.userAgent
	}
	c.userAgentHeader = []string{c.userAgent}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Transport: newTransport(), CheckRedirect: refuseRedirect}
	}
}

// newTransport is http.DefaultTransport with enough idle connections per
// host for a busy service: Go's default of 2 makes 64 goroutines open new
// TCP connections all the time.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 128
	return t
}

// APIVersion reports the wire version the client speaks.
func (c *Client) APIVersion() APIVersion { return c.version }

// Token mints a JWT for the client's application, as `vonage jwt` does, for
// calling other Vonage APIs by hand.
func (c *Client) Token(opts ...TokenOption) (string, error) {
	if c.tokens == nil {
		return "", optionError("client uses basic auth and has no application key")
	}
	return c.tokens.signer.mint(c.now(), c.tokens.ttl, opts)
}

// Send validates msg, then sends it. Every problem with the message is
// reported at once as a *ValidationError before any I/O. An error answer
// from the API is an *APIError.
func (c *Client) Send(ctx context.Context, msg Message) (res *Response, err error) {
	if c.observer != nil {
		var op *OperationInfo
		ctx, op = c.startOperation(ctx, OperationSend, msg, nil)
		defer func() { c.endOperation(ctx, op, res, err) }()
	}
	body, err := c.encode(msg)
	if err != nil {
		return nil, err
	}
	return c.post(ctx, c.sendURL, body)
}

// encode validates msg and renders the request body for the client's
// version.
func (c *Client) encode(msg Message) ([]byte, error) {
	if isNil(msg) {
		return nil, fmt.Errorf("%w: message is nil", ErrInvalidMessage)
	}
	chk := checker{version: c.version}
	var payload any
	if c.version == V0_1 {
		payload = msg.encodeV01(&chk)
	} else {
		payload = msg.encodeV1(&chk)
	}
	if err := chk.err(msg.MessageChannel()); err != nil {
		return nil, err
	}
	return json.Marshal(payload)
}

// post sends a JSON body and reads the API's reply to an accepted message.
func (c *Client) post(ctx context.Context, endpoint string, body []byte) (*Response, error) {
	ans, err := c.do(ctx, http.MethodPost, endpoint, body)
	if err != nil {
		return nil, err
	}
	reply, err := wire.ParseSendReply(ans.body)
	if err != nil {
		return nil, fmt.Errorf("%w: %d answer is not JSON (%d bytes); the message may have been sent", ErrMalformedResponse, ans.status, len(ans.body))
	}
	if reply.MessageUUID == "" && reply.DispatchUUID == "" {
		return nil, fmt.Errorf("%w: %d answer has no message_uuid; the message may have been sent", ErrMalformedResponse, ans.status)
	}
	res := &Response{MessageUUID: reply.MessageUUID, WorkflowID: reply.WorkflowID, RequestID: ans.header.Get("X-Request-Id")}
	if reply.DispatchUUID != "" {
		res.WorkflowID = reply.DispatchUUID
	}
	return res, nil
}

// takeTurn waits its turn at the limiter before attempt n, when there is a
// limiter and the attempt needs it. limited is the wait, measured only for
// an observer.
func (c *Client) takeTurn(ctx context.Context, probe *sendProbe, n int) (limited time.Duration, err error) {
	if c.limiter == nil || !probe.needsTurn(n) {
		return 0, nil
	}
	start := time.Time{}
	if c.observer != nil {
		start = time.Now()
	}
	if err := waitTurn(ctx, c.limiter); err != nil {
		return 0, err
	}
	if c.observer != nil {
		limited = time.Since(start)
	}
	return limited, nil
}

// answer is a successful (2xx) answer: its status, headers and body.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do is the one path every request takes: the call's timeout, the rate
// limit, retries as the policy allows, and one attempt at a time.
func (c *Client) do(ctx context.Context, method, endpoint string, body []byte) (answer, error) {
	if ctx == nil {
		return answer{}, errors.New("messages: nil context")
	}
	if c.timeout > 0 {
		// A context that already ends sooner needs no timer of ours.
		if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) > c.timeout {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.timeout)
			defer cancel()
		}
	}
	probe := probeOf(ctx) // non-nil within SendEach
	for n := 1; ; n++ {
		// A call whose context is already over sends nothing: some
		// transports would still race the request out.
		if err := ctx.Err(); err != nil {
			return answer{}, fmt.Errorf("messages: %s %s: %w", method, c.redact.url(endpoint), err)
		}
		limited, err := c.takeTurn(ctx, probe, n)
		if err != nil {
			return answer{}, err
		}
		actx, op, at := ctx, (*OperationInfo)(nil), (*AttemptInfo)(nil)
		if c.observer != nil {
			actx, op, at = c.startAttempt(ctx, n, method, endpoint, limited)
		}
		ans, err := c.attempt(actx, method, endpoint, body)
		wait, again := c.retry.retryWait(n, err)
		again = again && probe.mayRetry()
		if at != nil {
			c.endAttempt(actx, op, at, ans, err, wait, again)
		}
		if !again {
			return ans, err
		}
		if c.logger != nil {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "messages: retrying", slog.Int("attempt", n), slog.Duration("wait", wait), slog.String("error", err.Error()))
		}
		if serr := sleepCtx(ctx, wait); serr != nil {
			return answer{}, fmt.Errorf("messages: gave up waiting to retry: %w", errors.Join(serr, err))
		}
	}
}

// attempt sends one request: auth, headers, logging, a capped read of the
// answer, and an *APIError for any status of 400 or more.
func (c *Client) attempt(ctx context.Context, method, endpoint string, body []byte) (answer, error) {
	auth, token, err := c.authorization()
	if err != nil {
		return answer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, method, endpoint, bytes.NewReader(body))
	if err != nil {
		return answer{}, fmt.Errorf("messages: %s %s: %w", method, c.redact.url(endpoint), err)
	}
	// The keys are already canonical: assigning skips Set's rewriting.
	req.Header["Authorization"] = auth
	req.Header["Content-Type"] = jsonContentType
	req.Header["Accept"] = jsonContentType
	req.Header["User-Agent"] = c.userAgentHeader

	start := time.Now()
	resp, err := c.httpClient.Do(req)
	if err != nil {
		probeOf(ctx).noteFailure(err)
		c.log(ctx, method, endpoint, 0, start, "", err)
		return answer{}, fmt.Errorf("messages: %s %s: %w", method, c.redact.url(endpoint), unwrapURLError(err))
	}
	defer resp.Body.Close()
	respBody, readErr := readCapped(resp.Body, resp.ContentLength, maxErrorBody)
	requestID := resp.Header.Get("X-Request-Id")
	c.log(ctx, method, endpoint, resp.StatusCode, start, requestID, readErr)

	if resp.StatusCode >= 400 {
		respBody = c.redact.body(respBody, token)
		return answer{}, newAPIError(resp.StatusCode, resp.Header, respBody, c.now())
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return answer{}, redirectError(method, c.redact.url(endpoint), resp)
	}
	if readErr != nil {
		return answer{}, fmt.Errorf("%w: reading the %d answer: %w; the request may have taken effect", ErrMalformedResponse, resp.StatusCode, readErr)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answer{}, fmt.Errorf("%w: unexpected status %d", ErrMalformedResponse, resp.StatusCode)
	}
	return answer{resp.StatusCode, resp.Header, respBody}, nil
}

// refuseRedirect is the default client's CheckRedirect: following a
// redirect would re-send the message body, and on a 307 or 308 to the same
// host name (another port, or from https to http) the Authorization header
// too. The 3xx answer itself reaches attempt, which turns it into an error.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// redirectError reports a 3xx answer, naming its Location without any
// password it carries, and cut to a readable length.
func redirectError(method, endpoint string, resp *http.Response) error {
	where := "without a Location"
	if loc := resp.Header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			loc = u.Redacted()
		}
		where = fmt.Sprintf("to %q", clipString(loc, 200))
	}
	return fmt.Errorf("%w: %s %s answered %d %s %s; set the base URL to where the API is",
		ErrRedirect, method, endpoint, resp.StatusCode, http.StatusText(resp.StatusCode), where)
}

// clipString cuts s to at most n bytes, on a rune boundary, marking the cut.
func clipString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// readCapped reads at most limit bytes of an answer. A body that states
// its size (within limit) is read into one buffer of that size, plus a byte
// to see that it ends there. When there is more than limit, it drains a
// little so the connection can be reused; past that, closing the
// connection is cheaper than reading an oversized body.
func readCapped(body io.Reader, size, limit int64) ([]byte, error) {
	if size > 0 && size < limit {
		b := make([]byte, size+1)
		n, err := io.ReadFull(body, b)
		switch {
		case err == io.ErrUnexpectedEOF && int64(n) == size:
			return b[:n], nil // ended where it said
		case err != nil:
			return b[:n], err
		}
		// Longer than it said (a custom HTTPDoer): read on, within limit.
		rest, err := readCapped(body, -1, limit-int64(n))
		return append(b, rest...), err
	}
	lr := io.LimitedReader{R: body, N: limit}
	b, err := io.ReadAll(&lr)
	if err == nil && lr.N == 0 {
		_, _ = io.Copy(io.Discard, &io.LimitedReader{R: body, N: 64 << 10})
	}
	return b, err
}

// authorization returns the Authorization header's values and, for a JWT,
// the bare token so it can be scrubbed from error bodies. The slice may be
// shared between requests: net/http only reads it.
func (c *Client) authorization() (header []string, token string, err error) {
	if c.basicAuth != "" {
		return []string{c.basicAuth}, "", nil
	}
	h, err := c.tokens.header()
	if err != nil {
		return nil, "", err
	}
	return h, h[0][len("Bearer "):], nil
}

func (c *Client) log(ctx context.Context, method, endpoint string, status int, start time.Time, requestID string, err error) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("url", c.redact.url(endpoint)),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
	}
	if requestID != "" {
		attrs = append(attrs, slog.String("request_id", requestID))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "messages: request", attrs...)
}

// unwrapURLError drops the *url.Error layer, whose text repeats the method
// and URL that our own message already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// CloseIdleConnections closes the keep-alive connections of the client's
// HTTP client, when it has any to close.
func (c *Client) CloseIdleConnections() {
	if ci, ok := c.httpClient.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
