package messages

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
				if err != nil || res.MessageUUID != "after-429" {
					t.Errorf("got %+v, %v", res, err)
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
				if !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Minute {
					t.Errorf("got %v, want a 429 with RetryAfter 1m", err)
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
				if err != nil || res.MessageUUID != "third" {
					t.Errorf("got %+v, %v", res, err)
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
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("got %v, want DeadlineExceeded", err)
				}
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
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("got %v, want DeadlineExceeded", err)
				}
			}},
		{name: "202 body cut short is never retried", policy: retryAll,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				hijackClose(w, r, "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"message_uuid\":\"cut")
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				if !errors.Is(err, ErrMalformedResponse) || res != nil {
					t.Errorf("got %+v, %v; want ErrMalformedResponse", res, err)
				}
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
				if !errors.As(err, &apiErr) || len(apiErr.Body) != maxErrorBody {
					t.Errorf("got %v, want a 500 with the body capped at 1 MiB", err)
				}
			}},
		{name: "non-JSON success body", policy: retryAll,
			handler: func(n int64, w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(202)
				io.WriteString(w, "<html>accepted</html>")
			},
			wantReqs: 1,
			check: func(t *testing.T, res *Response, err error) {
				if !errors.Is(err, ErrMalformedResponse) {
					t.Errorf("got %v, want ErrMalformedResponse", err)
				}
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
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					// The server notices a client hang-up (and cancels
					// r.Context) only once the request body is read.
					io.Copy(io.Discard, r.Body)
					tt.handler(reqs.Add(1), w, r)
				}))
				defer srv.Close()
				tracker := &bodyTracker{next: newTransport()}
				c := newTestClient(t, WithBaseURL(srv.URL), WithRetry(tt.policy), WithTimeout(timeout),
					WithTokenReuse(time.Minute), WithHTTPClient(&http.Client{Transport: tracker}))
				defer c.CloseIdleConnections()
				res, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
				tt.check(t, res, err)
				if tracker.opened.Load() != tracker.closed.Load() {
					t.Errorf("%d response bodies opened, %d closed", tracker.opened.Load(), tracker.closed.Load())
				}
				return reqs.Load()
			}
			if tt.timeout == 0 {
				// No case here waits on purpose beyond a 1 s Retry-After:
				// a minute only bounds a machine that is very slow.
				if got := send(time.Minute); got != tt.wantReqs {
					t.Errorf("server saw %d requests, want %d", got, tt.wantReqs)
				}
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
				if got > tt.wantReqs {
					t.Fatalf("server saw %d requests, want %d", got, tt.wantReqs)
				}
				if timeout >= 10*time.Second {
					t.Fatalf("the request never reached the server before a timeout of up to %s", timeout)
				}
				t.Logf("timeout %s fired before the server saw the request; trying %s", timeout, 2*timeout)
			}
		})
	}
}

func wantAPIError(status int, sentinel error) func(*testing.T, *Response, error) {
	return func(t *testing.T, res *Response, err error) {
		t.Helper()
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || !errors.Is(err, sentinel) || res != nil {
			t.Errorf("got %+v, %v; want a %d APIError matching %v", res, err, status, sentinel)
		}
	}
}

func wantTransportError(t *testing.T, res *Response, err error) {
	t.Helper()
	var apiErr *APIError
	if err == nil || errors.As(err, &apiErr) || res != nil {
		t.Errorf("got %+v, %v; want a transport error", res, err)
	}
}

// TestDialErrorsAreRetried: a connection that was never made cannot have
// sent anything, so it is retried even without RetryServerErrors.
func TestDialErrorsAreRetried(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	tracker := &bodyTracker{next: newTransport()}
	c := newTestClient(t, WithBaseURL("http://"+addr), WithHTTPClient(&http.Client{Transport: tracker}),
		WithRetry(RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
	_, err = c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	if !neverSent(err) {
		t.Fatalf("got %v, want a dial error", err)
	}
	if n := tracker.roundTrips.Load(); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
}

// TestRetryWaitEndsWithContext: a long backoff does not outlive the caller.
// The test cancels the context once the client has logged that it waits
// out the 429's Retry-After, so the outcome does not hang on how fast a
// loaded machine mints a token and gets its first answer.
func TestRetryWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	var reqs atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqs.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	retrying := make(chan struct{}, 1)
	c := newTestClient(t, WithBaseURL(srv.URL), WithRetry(RetryPolicy{MaxAttempts: 5, MaxBackoff: time.Minute}),
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
		t.Fatalf("the call ended without waiting to retry: %v", err)
	}
	cancel()
	// A wait that ignored the context would end 30 s on, and the next
	// attempt would fail on the cancelled context alone, without the 429.
	if err := <-done; !errors.Is(err, context.Canceled) || !errors.Is(err, ErrRateLimited) {
		t.Errorf("got %v, want both the cancellation and the 429", err)
	}
	if reqs.Load() != 1 {
		t.Errorf("%d requests, want 1", reqs.Load())
	}
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
			if d := p.backoff(i + 1); d < b.lo || d > b.hi {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", i+1, d, b.lo, b.hi)
			}
		}
	}
	if _, err := NewClient(testAppID, testKeyPEM(t), WithRetry(RetryPolicy{MaxAttempts: -1})); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("negative attempts: %v", err)
	}
	if _, err := NewClient(testAppID, testKeyPEM(t), WithRetry(RetryPolicy{MinBackoff: time.Minute, MaxBackoff: time.Second})); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("min above max: %v", err)
	}
}
