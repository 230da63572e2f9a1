package messages

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyTracker wraps a transport and counts response bodies opened and
// closed, so a test can prove none is left open.
type bodyTracker struct {
	next           http.RoundTripper
	opened, closed atomic.Int64
	roundTrips     atomic.Int64
}

func (b *bodyTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	b.roundTrips.Add(1)
	resp, err := b.next.RoundTrip(r)
	if err == nil {
		b.opened.Add(1)
		resp.Body = &trackedBody{ReadCloser: resp.Body, closed: &b.closed}
	}
	return resp, err
}

type trackedBody struct {
	io.ReadCloser
	closed *atomic.Int64
	once   sync.Once
}

func (t *trackedBody) Close() error {
	t.once.Do(func() { t.closed.Add(1) })
	return t.ReadCloser.Close()
}

// hijackClose reads the request, then drops the connection with no answer
// or with the given bytes written first.
func hijackClose(w http.ResponseWriter, r *http.Request, raw string) {
	io.Copy(io.Discard, r.Body)
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if raw != "" {
		buf.WriteString(raw)
		buf.Flush()
	}
	if tc, ok := conn.(*net.TCPConn); ok && raw == "" {
		tc.SetLinger(0) // a reset, not a clean close
	}
	conn.Close()
}

func TestFaults(t *testing.T) {
	t.Parallel()
	retry := RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 1500 * time.Millisecond}
	retryAll := retry
	retryAll.RetryServerErrors = true
	bigBody := strings.Repeat("E", 10<<20)

	tests := []struct {
		name     string
		policy   RetryPolicy
		timeout  time.Duration
		handler  func(n int64, w http.ResponseWriter, r *http.Request) // n is 1-based
		wantReqs int64
		check    func(t *testing.T, res *Response, err error)
	}{
		{
			name: "429 with Retry-After then success", policy: retry,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.Header().Set("Retry-After", "1")
					w.WriteHeader(429)
					return
				}
				w.WriteHeader(202)
				io.WriteString(w, `{"message_uuid":"after-429"}`)
			},
			wantReqs: 2,
			check: func(t *testing.T, res *Response, err error) {
				if assert.NoError(t, err) {
					assert.Equal(t, "after-429", res.MessageUUID)
				}
			},
		},
		{
			name: "429 without Retry-After backs off until attempts run out", policy: retry,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) },
			wantReqs: 3,
			check:    wantAPIError(429, ErrRateLimited),
		},
		{
			name: "429 with Retry-After past MaxBackoff is returned at once", policy: retry,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "60")
				w.WriteHeader(429)
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				var apiErr *APIError
				if assert.ErrorAs(t, err, &apiErr) {
					assert.Equal(t, time.Minute, apiErr.RetryAfter)
				}
			},
		},
		{
			name: "429 without a policy is not retried", policy: RetryPolicy{},
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) },
			wantReqs: 1, check: wantAPIError(429, ErrRateLimited),
		},
		{name: "500 is not retried by default", policy: retry,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) },
			wantReqs: 1, check: wantAPIError(500, ErrServer)},
		{name: "502 is not retried by default", policy: retry,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) },
			wantReqs: 1, check: wantAPIError(502, ErrServer)},
		{name: "503 is retried when server errors are opted in", policy: retryAll,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) },
			wantReqs: 3, check: wantAPIError(503, ErrServer)},
		{name: "500 then success when opted in", policy: retryAll,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				if n < 3 {
					w.WriteHeader(500)
					return
				}
				w.WriteHeader(202)
				io.WriteString(w, `{"message_uuid":"third"}`)
			},
			wantReqs: 3,
			check: func(t *testing.T, res *Response, err error) {
				if assert.NoError(t, err) {
					assert.Equal(t, "third", res.MessageUUID)
				}
			}},
		{name: "400 is never retried", policy: retryAll,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(400) },
			wantReqs: 1, check: wantAPIError(400, ErrInvalidRequest)},
		{name: "reset connection after the request is not retried by default", policy: retry,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { hijackClose(w, r, "") },
			wantReqs: 1, check: wantTransportError},
		{name: "reset connection is retried when opted in", policy: retryAll,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { hijackClose(w, r, "") },
			wantReqs: 3, check: wantTransportError},
		{name: "hung server ends with the timeout", policy: retry, timeout: 100 * time.Millisecond,
			handler:  func(n int64, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
			}},
		{name: "slow headers end with the timeout", policy: retryAll, timeout: 100 * time.Millisecond,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				// Far longer than any timeout tried below: a client
				// that ignored its timeout would get this 202.
				select {
				case <-time.After(time.Minute):
				case <-r.Context().Done():
				}
				w.WriteHeader(202)
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
			}},
		{name: "202 body cut short is never retried", policy: retryAll,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				hijackClose(w, r, "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"message_uuid\":\"cut")
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				assert.ErrorIs(t, err, ErrMalformedResponse)
				assert.Nil(t, res)
			}},
		{name: "500 body cut short is still an APIError", policy: retry,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				hijackClose(w, r, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\n{\"title\":\"bro")
			},
			wantReqs: 1, check: wantAPIError(500, ErrServer)},
		{name: "10 MB error body", policy: retry,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(500)
				io.WriteString(w, bigBody)
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				var apiErr *APIError
				if assert.ErrorAs(t, err, &apiErr) {
					// Not assert.Len, which would print the 1 MiB body.
					assert.Equal(t, maxErrorBody, len(apiErr.Body), "body length: want the body capped at 1 MiB")
				}
			}},
		{name: "non-JSON success body", policy: retryAll,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(202)
				io.WriteString(w, "<html>accepted</html>")
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				assert.ErrorIs(t, err, ErrMalformedResponse)
			}},
		{name: "non-JSON error body", policy: retry,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(502)
				io.WriteString(w, "Bad Gateway")
			},
			wantReqs: 1, check: wantAPIError(502, ErrServer)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			send := func(timeout time.Duration) int64 {
				var reqs atomic.Int64
				srv, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					// The server notices a client hang-up (and cancels
					// r.Context) only once the request body is read.
					io.Copy(io.Discard, r.Body)
					tt.handler(reqs.Add(1), w, r)
				}))
				defer srv.Close()
				tracker := &bodyTracker{next: newTransport()}
				c := newTestClient(t, WithBaseURL(base), WithRetry(tt.policy), WithTimeout(timeout),
					WithTokenReuse(time.Minute), WithHTTPClient(&http.Client{Transport: tracker}))
				defer c.CloseIdleConnections()
				res, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
				tt.check(t, res, err)
				assert.Equal(t, tracker.opened.Load(), tracker.closed.Load(), "response bodies closed of those opened")
				return reqs.Load()
			}
			if tt.timeout == 0 {
				// No case here waits on purpose beyond a 1 s Retry-After:
				// a minute only bounds a machine that is very slow.
				assert.Equal(t, tt.wantReqs, send(time.Minute), "requests the server saw")
				return
			}
			// A timeout case is about a request the server holds. On a
			// loaded machine the timeout can fire while the client still
			// mints its token or dials, before the server sees anything:
			// that try says nothing about a held request, so it is made
			// again with twice the timeout. Every try must still end with
			// the deadline, and none may send more than wantReqs.
			for timeout := tt.timeout; ; timeout *= 2 {
				got := send(timeout)
				if got == tt.wantReqs {
					return
				}
				require.LessOrEqual(t, got, tt.wantReqs, "requests the server saw")
				require.Less(t, timeout, 10*time.Second, "the request never reached the server before a timeout of up to %s", timeout)
				t.Logf("timeout %s fired before the server saw the request; trying %s", timeout, 2*timeout)
			}
		})
	}
}

func wantAPIError(status int, sentinel error) func(*testing.T, *Response, error) {
	return func(t *testing.T, res *Response, err error) {
		t.Helper()
		var apiErr *APIError
		if assert.ErrorAs(t, err, &apiErr) {
			assert.Equal(t, status, apiErr.StatusCode)
		}
		assert.ErrorIs(t, err, sentinel)
		assert.Nil(t, res)
	}
}

func wantTransportError(t *testing.T, res *Response, err error) {
	t.Helper()
	var apiErr *APIError
	assert.Error(t, err, "want a transport error")
	assert.NotErrorAs(t, err, &apiErr, "want a transport error, not an answer")
	assert.Nil(t, res)
}

// TestDialErrorsAreRetried: a connection that was never made cannot have
// sent anything, so it is retried even without RetryServerErrors.
func TestDialErrorsAreRetried(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	tracker := &bodyTracker{next: newTransport()}
	c := newTestClient(t, WithBaseURL("http://"+addr), WithHTTPClient(&http.Client{Transport: tracker}),
		WithRetry(RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
	_, err = c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.True(t, neverSent(err), "got %v, want a dial error", err)
	assert.Equal(t, int64(4), tracker.roundTrips.Load(), "attempts")
}

// TestRetryWaitEndsWithContext: a long backoff does not outlive the caller.
// The test cancels the context once the client has logged that it waits
// out the 429's Retry-After, so the outcome does not hang on how fast a
// loaded machine mints a token and gets its first answer.
func TestRetryWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	var reqs atomic.Int64
	srv, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqs.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	retrying := make(chan struct{}, 1)
	c := newTestClient(t, WithBaseURL(base), WithRetry(RetryPolicy{MaxAttempts: 5, MaxBackoff: time.Minute}),
		WithLogger(slog.New(retryLogHandler{retrying})))
	defer c.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.Send(ctx, SMS{From: fromNumber, To: toNumber, Text: "hi"})
		done <- err
	}()
	select {
	case <-retrying:
	case err := <-done:
		require.Fail(t, "the call ended without waiting to retry", "%v", err)
	}
	cancel()
	// A wait that ignored the context would end 30 s on, and the next
	// attempt would fail on the cancelled context alone, without the 429.
	err := <-done
	assert.ErrorIs(t, err, context.Canceled, "want both the cancellation and the 429")
	assert.ErrorIs(t, err, ErrRateLimited, "want both the cancellation and the 429")
	assert.Equal(t, int64(1), reqs.Load(), "requests")
}

// retryLogHandler signals on its channel when the client logs that it is
// about to wait before a retry: the one moment a test can know the client
// is waiting, since nothing happens between that line and the wait.
type retryLogHandler struct{ retrying chan<- struct{} }

func (h retryLogHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h retryLogHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "messages: retrying" {
		select {
		case h.retrying <- struct{}{}:
		default:
		}
	}
	return nil
}

func (h retryLogHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h retryLogHandler) WithGroup(string) slog.Handler      { return h }

func TestRetryPolicyBackoff(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 10, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	bounds := []struct{ lo, hi time.Duration }{
		{50 * time.Millisecond, 100 * time.Millisecond},
		{100 * time.Millisecond, 200 * time.Millisecond},
		{200 * time.Millisecond, 400 * time.Millisecond},
		{400 * time.Millisecond, 800 * time.Millisecond},
		{500 * time.Millisecond, time.Second},
		{500 * time.Millisecond, time.Second},
	}
	for i, b := range bounds {
		for range 50 {
			d := p.backoff(i + 1)
			require.GreaterOrEqual(t, d, b.lo, "backoff(%d)", i+1)
			require.LessOrEqual(t, d, b.hi, "backoff(%d)", i+1)
		}
	}
	_, err := NewClient(testAppID, testKeyPEM(t), WithRetry(RetryPolicy{MaxAttempts: -1}))
	assert.ErrorIs(t, err, ErrInvalidOption, "negative attempts")
	_, err = NewClient(testAppID, testKeyPEM(t), WithRetry(RetryPolicy{MinBackoff: time.Minute, MaxBackoff: time.Second}))
	assert.ErrorIs(t, err, ErrInvalidOption, "min above max")
}
