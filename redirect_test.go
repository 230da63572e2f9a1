package messages

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sink is a server a redirect points at. It answers every request as the
// API answers a send, and keeps what reached it.
type sink struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string // "METHOD path auth=<Authorization> body=<body>"
}

func newSink(t *testing.T) *sink {
	s := &sink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.hits = append(s.hits, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization")+" body="+string(body))
		s.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"message_uuid":"00000000-0000-4000-8000-000000000666"}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *sink) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hits...)
}

// redirector answers every request with status and a Location, and counts
// them.
func redirector(status int, location string, n *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	})
}

func TestClientNeverFollowsARedirect(t *testing.T) {
	t.Parallel()
	msg := SMS{From: "Acme", To: "447700900000", Text: "secret one-time code 123456"}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, tc := range []struct {
			name string
			tls  bool
			// target is where the redirect points, given the sink's URL
			// (http://127.0.0.1:port).
			target func(sinkURL string) string
		}{
			// Go keeps Authorization when only the port differs.
			{"same host, another port", false, func(u string) string { return u + "/v1/messages" }},
			// ... and from https to http on the same host name.
			{"https to http", true, func(u string) string { return u + "/v1/messages" }},
			// Another host name: Go drops Authorization but re-posts the body.
			{"another host", false, func(u string) string {
				return strings.Replace(u, "127.0.0.1", "localhost", 1) + "/v1/messages"
			}},
		} {
			t.Run(http.StatusText(status)+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				dst := newSink(t)
				location := tc.target(dst.URL)
				var src *httptest.Server
				var asked atomic.Int32
				if tc.tls {
					src = httptest.NewTLSServer(redirector(status, location, &asked))
				} else {
					src = httptest.NewServer(redirector(status, location, &asked))
				}
				defer src.Close()
				c, err := NewClient(testAppID, testKeyPEM(t), WithBaseURL(src.URL), WithRetry(RetryPolicy{MaxAttempts: 3, RetryServerErrors: true}))
				require.NoError(t, err)
				if tc.tls {
					// The client's own default HTTP client, trusting the
					// test server's certificate.
					tr := c.httpClient.(*http.Client).Transport.(*http.Transport)
					tr.TLSClientConfig = src.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
				}

				res, err := c.Send(context.Background(), msg)
				require.ErrorIs(t, err, ErrRedirect)
				assert.Nil(t, res, "a redirect reported as success")
				assert.EqualError(t, err, "messages: redirect refused: POST "+src.URL+"/v1/messages answered "+
					strconv.Itoa(status)+" "+http.StatusText(status)+` to "`+location+`"; set the base URL to where the API is`)
				assert.Empty(t, dst.received(), "the redirect was followed")
				assert.Equal(t, int32(1), asked.Load(), "a redirect is not worth a retry")
			})
		}
	}
}

func TestRedirectErrorNamesTheLocationSafely(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		location, want string
	}{
		{"", "without a Location"},
		{"https://user:hunter2@proxy.example.com/v1/messages", `to "https://user:xxxxx@proxy.example.com/v1/messages"`},
		{`/else"where`, `to "/else%22where"`},
		{"https://example.com/" + strings.Repeat("a", 500), `to "https://example.com/` + strings.Repeat("a", 180) + `..."`},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tc.location != "" {
				w.Header()["Location"] = []string{tc.location}
			}
			w.WriteHeader(http.StatusTemporaryRedirect)
		}))
		c := newTestClient(t, WithBaseURL(srv.URL))
		_, err := c.Send(context.Background(), SMS{From: "Acme", To: "447700900000", Text: "hi"})
		srv.Close()
		require.ErrorIs(t, err, ErrRedirect)
		assert.Contains(t, err.Error(), "answered 307 Temporary Redirect "+tc.want+"; set the base URL", "Location %q", tc.location)
		assert.NotContains(t, err.Error(), "hunter2")
	}
}
