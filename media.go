package messages

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// DefaultMediaMaxBytes caps a media download unless WithMediaMaxBytes says
// otherwise: 128 MiB, above the 100 MB WhatsApp allows for a document, the
// largest media any channel sends in.
const DefaultMediaMaxBytes int64 = 128 << 20

// maxMediaRedirects bounds the redirects one download follows, as net/http
// does by default.
const maxMediaRedirects = 10

// MediaFile is media fetched by DownloadMedia. The caller must close Body.
type MediaFile struct {
	// Body streams the media. Reading past the client's cap (see
	// WithMediaMaxBytes) fails with ErrMediaTooLarge: a file is never
	// silently cut short.
	Body io.ReadCloser
	// ContentType is the Content-Type header, such as "image/jpeg", or "".
	ContentType string
	// Size is the Content-Length in bytes, or -1 when the server did not say.
	Size int64
	// Name is the file name of the Content-Disposition header, or "".
	Name string
}

// DownloadMedia fetches the media an inbound message links to, such as
// in.Media.URL.
//
// With the account's "Secure Inbound Media" setting on, the API's media URLs
// need the application's JWT; DownloadMedia sends it, but only to the API's
// own hosts, matched exactly by host name (api.nexmo.com, the regional
// api-eu, api-us and api-ap hosts of nexmo.com and vonage.com, the sandbox,
// and the host of the client's base URL, so that messagestest works), over
// https (plain http only to a loopback base URL), on the default port or
// the base URL's own. Any other URL, such as the CDN links Messenger and
// Viber send, is fetched without a token. Redirects are followed, up to 10,
// and the token never follows one to another host or from https to http.
// A URL with user information (user@host) is refused.
//
// The client's timeout bounds the wait for the answer's headers; reading
// Body is bounded by ctx and by the cap of WithMediaMaxBytes. A 401 is an
// *APIError matching ErrUnauthorized (the token was refused or missing), a
// 404 one matching ErrNotFound (the media has expired or never existed).
// The caller must close Body.
func (c *Client) DownloadMedia(ctx context.Context, mediaURL string) (_ *MediaFile, err error) {
	if c.observer != nil {
		var op *OperationInfo
		ctx, op = c.startOperation(ctx, OperationDownloadMedia, nil, nil)
		defer func() { c.endOperation(ctx, op, nil, err) }()
	}
	if ctx == nil {
		return nil, errors.New("messages: media: nil context")
	}
	u, err := parseMediaURL(mediaURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var timer *time.Timer
	if c.timeout > 0 {
		timer = time.AfterFunc(c.timeout, cancel)
	}
	resp, token, err := c.fetchMedia(ctx, u)
	if timer != nil && !timer.Stop() {
		// The timeout fired: whatever came back is cancelled, so report the
		// timeout now rather than a cancellation, or at the first read.
		if err == nil {
			resp.Body.Close()
		}
		err = fmt.Errorf("messages: media: GET %s: no answer within %s: %w", u.Host, c.timeout, context.DeadlineExceeded)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	return c.mediaFile(resp, u, token, cancel)
}

// mediaFile is the file of a media answer, refusing an error status, an
// unexpected one and a stated size over the cap. cancel ends the request:
// at once when refused, else when Body is closed.
func (c *Client) mediaFile(resp *http.Response, u *url.URL, token string, cancel context.CancelFunc) (*MediaFile, error) {
	if resp.StatusCode >= 400 {
		defer cancel()
		defer resp.Body.Close()
		return nil, c.mediaError(resp, u, token)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("%w: media: unexpected status %d from %s", ErrMalformedResponse, resp.StatusCode, u.Host)
	}
	if resp.ContentLength > c.mediaMax {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("%w: %s says %d bytes, above the cap of %d (see WithMediaMaxBytes)", ErrMediaTooLarge, u.Host, resp.ContentLength, c.mediaMax)
	}
	f := &MediaFile{
		Body:        &cappedBody{body: resp.Body, left: c.mediaMax, max: c.mediaMax, cancel: cancel},
		ContentType: resp.Header.Get("Content-Type"),
		Size:        resp.ContentLength,
	}
	if f.Size < 0 {
		f.Size = -1
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != "" {
		if _, params, err := mime.ParseMediaType(cd); err == nil {
			f.Name = params["filename"]
		}
	}
	return f, nil
}

// parseMediaURL accepts an absolute http or https URL without user
// information: credentials in a URL would go to whatever host it names.
func parseMediaURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrInvalidMediaURL, unwrapURLError(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: must be an absolute http or https URL, got scheme %q", ErrInvalidMediaURL, u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("%w: has no host", ErrInvalidMediaURL)
	case u.User != nil:
		return nil, fmt.Errorf("%w: must not carry user information (user@host)", ErrInvalidMediaURL)
	}
	return u, nil
}

// fetchMedia sends the GET and follows redirects itself, deciding at each
// hop whether the token goes along, so that no HTTP client's own redirect
// policy can carry it elsewhere. token is the JWT sent on the last hop, or
// "", for scrubbing an error body.
func (c *Client) fetchMedia(ctx context.Context, first *url.URL) (resp *http.Response, token string, err error) {
	doer := noRedirects(c.httpClient)
	u := first
	sawHTTPS := false
	for hop := 0; ; hop++ {
		sawHTTPS = sawHTTPS || u.Scheme == "https"
		token = ""
		if c.tokens != nil && c.tokenAllowed(u, first, sawHTTPS) {
			h, terr := c.tokens.header()
			if terr != nil {
				return nil, "", terr
			}
			token = h[0][len("Bearer "):]
		}
		actx, op, at := c.startAttempt(ctx, hop+1, http.MethodGet, u.Scheme+"://"+u.Host, 0)
		req, rerr := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
		if rerr != nil {
			err = fmt.Errorf("messages: media: GET %s: %w", u.Host, unwrapURLError(rerr))
			c.endAttempt(actx, op, at, answer{}, err, 0, false)
			return nil, "", err
		}
		req.Header["User-Agent"] = c.userAgentHeader
		if token != "" {
			req.Header["Authorization"] = []string{"Bearer " + token}
		}
		start := time.Now()
		resp, err = doer.Do(req)
		if err != nil {
			c.log(ctx, http.MethodGet, u.Scheme+"://"+u.Host, 0, start, "", err)
			err = fmt.Errorf("messages: media: GET %s: %w", u.Host, unwrapURLError(err))
			c.endAttempt(actx, op, at, answer{}, err, 0, false)
			return nil, "", err
		}
		c.log(ctx, http.MethodGet, u.Scheme+"://"+u.Host, resp.StatusCode, start, resp.Header.Get("X-Request-Id"), nil)
		// Each hop is one attempt; a refusal's error reaches the operation,
		// which knows it once the body is read.
		c.endAttempt(actx, op, at, answer{status: resp.StatusCode, header: resp.Header}, nil, 0, false)
		if !isRedirect(resp.StatusCode) {
			return resp, token, nil
		}
		loc := resp.Header.Get("Location")
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if hop == maxMediaRedirects {
			return nil, "", fmt.Errorf("%w: media: stopped after %d redirects", ErrMalformedResponse, maxMediaRedirects)
		}
		if loc == "" {
			return nil, "", fmt.Errorf("%w: media: %d redirect from %s without a Location", ErrMalformedResponse, resp.StatusCode, u.Host)
		}
		next, perr := u.Parse(loc)
		if perr != nil {
			return nil, "", fmt.Errorf("%w: media: redirect from %s to a bad Location: %w", ErrMalformedResponse, u.Host, unwrapURLError(perr))
		}
		if next, perr = parseMediaURL(next.String()); perr != nil {
			return nil, "", fmt.Errorf("messages: media: redirect from %s: %w", u.Host, perr)
		}
		u = next
	}
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// noRedirects returns d, or for an *http.Client a copy of it that hands
// every redirect back to fetchMedia. Another HTTPDoer is used as it is:
// DownloadMedia cannot see inside it.
func noRedirects(d HTTPDoer) HTTPDoer {
	hc, ok := d.(*http.Client)
	if !ok {
		return d
	}
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// mediaError reads an error answer into an *APIError, saying what a 401
// or a 404 means for media.
func (c *Client) mediaError(resp *http.Response, u *url.URL, token string) error {
	body, _ := readCapped(resp.Body, resp.ContentLength, maxErrorBody)
	apiErr := newAPIError(resp.StatusCode, resp.Header, redactToken(body, token), c.now())
	switch {
	case resp.StatusCode == http.StatusUnauthorized && token != "":
		return fmt.Errorf("messages: media: %s refused the application's token: %w", u.Host, apiErr)
	case resp.StatusCode == http.StatusUnauthorized && c.tokens == nil:
		return fmt.Errorf("messages: media: %s wants the application's JWT, and a basic-auth client has no application key: %w", u.Host, apiErr)
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("messages: media: %s wants credentials, and it is not an API host the token may go to: %w", u.Host, apiErr)
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("messages: media: %s has no such media: it has expired or never existed: %w", u.Host, apiErr)
	}
	return fmt.Errorf("messages: media: GET %s: %w", u.Host, apiErr)
}

// cappedBody reads at most max bytes and fails, rather than ends, when the
// body holds more.
type cappedBody struct {
	body   io.ReadCloser
	left   int64
	max    int64
	cancel context.CancelFunc
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One more byte tells a body of exactly max bytes from a longer one.
		var one [1]byte
		n, err := b.body.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: more than %d bytes (see WithMediaMaxBytes)", ErrMediaTooLarge, b.max)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error {
	err := b.body.Close()
	b.cancel()
	return err
}
