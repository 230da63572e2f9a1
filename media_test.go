package messages

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mediaHit is one request a mediaTransport saw.
type mediaHit struct {
	URL  string
	Auth string
}

// mediaTransport answers every request, to any host, from handler, and
// records each with its Authorization header: the tests can name the API's
// real hosts and lookalikes without any network.
type mediaTransport struct {
	handler http.Handler
	mu      sync.Mutex
	hits    []mediaHit
}

func (m *mediaTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	m.hits = append(m.hits, mediaHit{URL: r.URL.String(), Auth: r.Header.Get("Authorization")})
	m.mu.Unlock()
	rec := httptest.NewRecorder()
	m.handler.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

func (m *mediaTransport) seen() []mediaHit {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mediaHit(nil), m.hits...)
}

func serveBytes(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
}

// mediaClient is a client whose *http.Client (default redirect policy, as
// a user's would have) goes through a mediaTransport.
func mediaClient(t *testing.T, h http.Handler, opts ...Option) (*Client, *mediaTransport) {
	t.Helper()
	tr := &mediaTransport{handler: h}
	c := newTestClient(t, append([]Option{WithHTTPClient(&http.Client{Transport: tr})}, opts...)...)
	return c, tr
}

func download(t *testing.T, c *Client, u string) (string, error) {
	t.Helper()
	f, err := c.DownloadMedia(context.Background(), u)
	if err != nil {
		return "", err
	}
	defer f.Body.Close()
	b, err := io.ReadAll(f.Body)
	return string(b), err
}

func TestDownloadMediaTokenHosts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url   string
		base  Option // nil: the default host
		token bool
	}{
		// The API's own hosts, over https.
		{"https://api.nexmo.com/v3/media/1", nil, true},
		{"https://api-eu.nexmo.com/v3/media/1", nil, true},
		{"https://api-us.nexmo.com/v3/media/1", nil, true},
		{"https://api-ap.nexmo.com/v3/media/1", nil, true},
		{"https://api-eu.vonage.com/v3/media/1", nil, true},
		{"https://api-us.vonage.com/v3/media/1", nil, true},
		{"https://api-ap.vonage.com/v3/media/1", nil, true},
		{"https://messages-sandbox.nexmo.com/v3/media/1", nil, true},
		{"https://API.NEXMO.COM/v3/media/1", nil, true},
		{"https://Api-Eu.Vonage.Com/v3/media/1", nil, true},
		{"https://api.nexmo.com:443/v3/media/1", nil, true},
		// The client's own base URL host: a proxy over https, a fake on loopback.
		{"https://proxy.example.test:8443/v3/media/1", WithBaseURL("https://proxy.example.test:8443/api"), true},
		{"http://127.0.0.1:8080/v3/media/1", WithBaseURL("http://127.0.0.1:8080"), true},
		{"http://[::1]:8080/v3/media/1", WithBaseURL("http://[::1]:8080"), true},
		{"http://localhost:8080/v3/media/1", WithBaseURL("http://localhost:8080"), true},

		// Lookalikes and near misses get no token.
		{"https://api.nexmo.com.evil.test/v3/media/1", nil, false},
		{"https://api-eu.nexmo.com.evil.test/v3/media/1", nil, false},
		{"https://evil-nexmo.com/v3/media/1", nil, false},
		{"https://evilapi.nexmo.com/v3/media/1", nil, false},
		{"https://evil.api.nexmo.com/v3/media/1", nil, false},
		{"https://nexmo.com/v3/media/1", nil, false},
		{"https://vonage.com/v3/media/1", nil, false},
		{"https://api.vonage.com.evil.test/v3/media/1", nil, false},
		{"https://api.nexmo.co/v3/media/1", nil, false},
		{"https://api.nexmo.com./v3/media/1", nil, false},
		{"https://evil.test/api.nexmo.com/v3/media/1", nil, false},
		{"https://evil.test/?u=https://api.nexmo.com", nil, false},
		{"https://evil.test/#api.nexmo.com", nil, false},
		// The right host over plain http or on another port.
		{"http://api.nexmo.com/v3/media/1", nil, false},
		{"https://api.nexmo.com:8443/v3/media/1", nil, false},
		{"http://api.nexmo.com:443/v3/media/1", nil, false},
		// CDNs, as Messenger and Viber send.
		{"https://scontent.xx.fbcdn.net/v/t1/123.jpg", nil, false},
		{"https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0.jpg", nil, false},
		// The base URL host, but not as the base URL names it.
		{"https://proxy.example.test/v3/media/1", WithBaseURL("https://proxy.example.test:8443"), false},
		{"http://proxy.example.test:8443/v3/media/1", WithBaseURL("https://proxy.example.test:8443"), false},
		{"http://proxy.example.test/v3/media/1", WithBaseURL("http://proxy.example.test"), false},
		{"http://127.0.0.1:9090/v3/media/1", WithBaseURL("http://127.0.0.1:8080"), false},
		{"http://127.0.0.2:8080/v3/media/1", WithBaseURL("http://127.0.0.1:8080"), false},
		// A loopback URL is not the client's when the client is pointed elsewhere.
		{"http://127.0.0.1/v3/media/1", nil, false},
		// A region host is not the base URL when the client sends elsewhere... but it is still an API host.
		{"https://api-eu.vonage.com/v3/media/1", WithRegion(RegionUS), true},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			var opts []Option
			if tc.base != nil {
				opts = append(opts, tc.base)
			}
			c, tr := mediaClient(t, serveBytes("media"), opts...)
			got, err := download(t, c, tc.url)
			require.NoError(t, err)
			assert.Equal(t, "media", got)
			hits := tr.seen()
			require.Len(t, hits, 1)
			if tc.token {
				assert.True(t, strings.HasPrefix(hits[0].Auth, "Bearer ey"), "want a JWT, got %q", hits[0].Auth)
			} else {
				assert.Empty(t, hits[0].Auth)
			}
		})
	}
}

func TestDownloadMediaRefusesURLs(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"https://api.nexmo.com@evil.test/v3/media/1":     "messages: media: invalid url: must not carry user information (user@host)",
		"https://user:pass@api.nexmo.com/v3/media/1":     "messages: media: invalid url: must not carry user information (user@host)",
		"https://api.nexmo.com:x@evil.test/v3/media/1":   "messages: media: invalid url: must not carry user information (user@host)",
		"ftp://api.nexmo.com/v3/media/1":                 `messages: media: invalid url: must be an absolute http or https URL, got scheme "ftp"`,
		"/v3/media/1":                                    `messages: media: invalid url: must be an absolute http or https URL, got scheme ""`,
		"api.nexmo.com/v3/media/1":                       `messages: media: invalid url: must be an absolute http or https URL, got scheme ""`,
		"https:///v3/media/1":                            "messages: media: invalid url: has no host",
		"https://api.nexmo.com\\@evil.test/v3/media/1":   "messages: media: invalid url: net/url: invalid userinfo",
		"https://api.nexmo.com%2eevil.test/v3/media/1":   `messages: media: invalid url: invalid URL escape "%2e"`,
		"https://api.nexmo.com\x00.evil.test/v3/media/1": "messages: media: invalid url: net/url: invalid control character in URL",
		"": `messages: media: invalid url: must be an absolute http or https URL, got scheme ""`,
	}
	for u, want := range cases {
		t.Run(u, func(t *testing.T) {
			t.Parallel()
			c, tr := mediaClient(t, serveBytes("media"))
			_, err := c.DownloadMedia(context.Background(), u)
			require.ErrorIs(t, err, ErrInvalidMediaURL)
			assert.EqualError(t, err, want)
			assert.Empty(t, tr.seen(), "nothing may be sent")
		})
	}
}

func TestDownloadMediaRedirects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, from, to string
		tokens         []bool // per hop
	}{
		{"to another host", "https://api.nexmo.com/v3/media/1", "https://evil.test/steal", []bool{true, false}},
		{"to a subdomain", "https://api.nexmo.com/v3/media/1", "https://evil.api.nexmo.com/steal", []bool{true, false}},
		{"to another API host", "https://api.nexmo.com/v3/media/1", "https://api-eu.nexmo.com/v3/media/1", []bool{true, false}},
		{"from https to http", "https://api.nexmo.com/v3/media/1", "http://api.nexmo.com/v3/media/2", []bool{true, false}},
		{"on the same host", "https://api.nexmo.com/v3/media/1", "/v3/media/2", []bool{true, true}},
		{"from a CDN to the API", "https://cdn.example.test/1", "https://api.nexmo.com/v3/media/1", []bool{false, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first := true
			var mu sync.Mutex
			c, tr := mediaClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				if first {
					first = false
					http.Redirect(w, r, tc.to, http.StatusFound)
					return
				}
				_, _ = io.WriteString(w, "media")
			}))
			got, err := download(t, c, tc.from)
			require.NoError(t, err)
			assert.Equal(t, "media", got)
			hits := tr.seen()
			require.Len(t, hits, len(tc.tokens))
			for i, want := range tc.tokens {
				assert.Equal(t, want, hits[i].Auth != "", "hop %d (%s): token sent", i, hits[i].URL)
			}
		})
	}
}

func TestDownloadMediaRedirectLimits(t *testing.T) {
	t.Parallel()
	c, _ := mediaClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/again", http.StatusFound)
	}))
	_, err := c.DownloadMedia(context.Background(), "https://api.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrMalformedResponse)
	assert.EqualError(t, err, "messages: malformed response: media: stopped after 10 redirects")

	c, _ = mediaClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusFound)
	}))
	_, err = c.DownloadMedia(context.Background(), "https://api.nexmo.com/v3/media/1")
	assert.EqualError(t, err, "messages: malformed response: media: 302 redirect from api.nexmo.com without a Location")

	c, _ = mediaClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://u:p@evil.test/", http.StatusFound)
	}))
	_, err = c.DownloadMedia(context.Background(), "https://api.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrInvalidMediaURL)
	assert.EqualError(t, err, "messages: media: redirect from api.nexmo.com: messages: media: invalid url: must not carry user information (user@host)")
}

func TestDownloadMediaFile(t *testing.T) {
	t.Parallel()
	c, _ := mediaClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", "7")
		w.Header().Set("Content-Disposition", `attachment; filename="invoice 7.pdf"`)
		_, _ = io.WriteString(w, "%PDF-1.")
	}))
	f, err := c.DownloadMedia(context.Background(), "https://api-eu.nexmo.com/v3/media/1")
	require.NoError(t, err)
	b, err := io.ReadAll(f.Body)
	require.NoError(t, err)
	require.NoError(t, f.Body.Close())
	assert.Equal(t, "%PDF-1.", string(b))
	assert.Equal(t, "application/pdf", f.ContentType)
	assert.Equal(t, int64(7), f.Size)
	assert.Equal(t, "invoice 7.pdf", f.Name)

	c, _ = mediaClient(t, serveBytes("jpeg"))
	f, err = c.DownloadMedia(context.Background(), "https://cdn.example.test/1.jpg")
	require.NoError(t, err)
	defer f.Body.Close()
	assert.Equal(t, int64(-1), f.Size)
	assert.Equal(t, "", f.Name)
}

func TestDownloadMediaCap(t *testing.T) {
	t.Parallel()
	// No Content-Length: the cap shows while reading.
	c, _ := mediaClient(t, serveBytes("0123456789"), WithMediaMaxBytes(9))
	_, err := download(t, c, "https://api.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrMediaTooLarge)
	assert.EqualError(t, err, "messages: media: too large: more than 9 bytes (see WithMediaMaxBytes)")

	// Exactly the cap is whole.
	c, _ = mediaClient(t, serveBytes("0123456789"), WithMediaMaxBytes(10))
	got, err := download(t, c, "https://api.nexmo.com/v3/media/1")
	require.NoError(t, err)
	assert.Equal(t, "0123456789", got)

	// A Content-Length above the cap fails before any read.
	c, _ = mediaClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		_, _ = io.WriteString(w, "0123456789")
	}), WithMediaMaxBytes(9))
	_, err = c.DownloadMedia(context.Background(), "https://api.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrMediaTooLarge)
	assert.EqualError(t, err, "messages: media: too large: api.nexmo.com says 10 bytes, above the cap of 9 (see WithMediaMaxBytes)")

	_, err = NewClient(testAppID, testKeyPEM(t), WithMediaMaxBytes(0))
	assert.EqualError(t, err, "messages: invalid option: media max bytes must be above 0, got 0")
}

func TestDownloadMediaErrors(t *testing.T) {
	t.Parallel()
	status := func(code int, body string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(code)
			// Echo the token, as a careless server might: it must not reach the error.
			_, _ = io.WriteString(w, strings.Replace(body, "TOKEN", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), 1))
		})
	}
	c, _ := mediaClient(t, status(401, `{"title":"Unauthorized","detail":"bad TOKEN"}`))
	_, err := c.DownloadMedia(context.Background(), "https://api-eu.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.EqualError(t, err, "messages: media: api-eu.nexmo.com refused the application's token: messages: 401 Unauthorized: bad [REDACTED]")
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.NotContains(t, string(apiErr.Body), "ey")

	c, _ = mediaClient(t, status(401, ``))
	_, err = c.DownloadMedia(context.Background(), "https://cdn.example.test/1")
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.EqualError(t, err, "messages: media: cdn.example.test wants credentials, and it is not an API host the token may go to: messages: 401 Unauthorized")

	c, _ = mediaClient(t, status(404, `{"title":"Not Found","detail":"no such media"}`))
	_, err = c.DownloadMedia(context.Background(), "https://api-eu.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrNotFound)
	assert.EqualError(t, err, "messages: media: api-eu.nexmo.com has no such media: it has expired or never existed: messages: 404 Not Found: no such media")

	c, _ = mediaClient(t, status(500, ``))
	_, err = c.DownloadMedia(context.Background(), "https://api-eu.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrServer)
	assert.EqualError(t, err, "messages: media: GET api-eu.nexmo.com: messages: 500 Internal Server Error")

	//lint:ignore SA1012 a nil context is the point
	_, err = c.DownloadMedia(nil, "https://api-eu.nexmo.com/v3/media/1")
	assert.EqualError(t, err, "messages: media: nil context")
}

// FuzzMediaTokenHost holds the token rule for any URL: a token goes only
// over https to one of the API's hosts on the default port, or to the
// base URL's own host and port.
func FuzzMediaTokenHost(f *testing.F) {
	for _, s := range []string{
		"https://api.nexmo.com/v3/media/1", "https://api.nexmo.com.evil.test/", "https://evil-nexmo.com/",
		"https://API-EU.vonage.com:443/x", "http://127.0.0.1:8080/x", "https://api.nexmo.com./x",
		"https://[::1]:8080/x", "https://api.nexmo.com%00/x", "https://xn--api-nexmo-.com/",
	} {
		f.Add(s)
	}
	c, err := NewClient(testAppID, testKeyPEM(f), WithBaseURL("http://127.0.0.1:8080"))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseMediaURL(s)
		if err != nil {
			return
		}
		if !c.tokenAllowed(u, u, u.Scheme == "https") {
			return
		}
		host := u.Hostname()
		api := u.Scheme == "https" && mediaTokenHosts[strings.ToLower(host)] && (u.Port() == "" || u.Port() == "443")
		base := u.Scheme == "http" && host == "127.0.0.1" && u.Port() == "8080"
		if !api && !base {
			t.Fatalf("token allowed for %q (host %q)", s, host)
		}
	})
}

// blockingTransport answers nothing until the request's context ends.
type blockingTransport struct{}

func (blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

func TestDownloadMediaTimeout(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithHTTPClient(&http.Client{Transport: blockingTransport{}}), WithTimeout(time.Millisecond))
	_, err := c.DownloadMedia(context.Background(), "https://api.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.EqualError(t, err, "messages: media: GET api.nexmo.com: no answer within 1ms: context deadline exceeded")
}

func TestDownloadMediaBasicAuthClient(t *testing.T) {
	t.Parallel()
	tr := &mediaTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })}
	c, err := NewClient("", nil, WithBasicAuth("key", "secret"), WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	_, err = c.DownloadMedia(context.Background(), "https://api.nexmo.com/v3/media/1")
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.EqualError(t, err, "messages: media: api.nexmo.com wants the application's JWT, and a basic-auth client has no application key: messages: 401 Unauthorized")
	assert.Equal(t, []mediaHit{{URL: "https://api.nexmo.com/v3/media/1"}}, tr.seen(), "basic auth is not the media's credential: nothing is sent")
}
