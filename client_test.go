package messages

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mockClient returns a client whose requests go to a fresh httpmock
// transport, so tests stay parallel (no global activation).
func mockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append(opts, WithHTTPClient(&http.Client{Transport: mt}))
	return newTestClient(t, opts...), mt
}

func TestSendRequestOnEveryVersion(t *testing.T) {
	t.Parallel()
	for _, gc := range goldenCases {
		t.Run(string(gc.version)+"/"+gc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, WithAPIVersion(gc.version), WithUserAgent("test-suite/1"), WithClock(fixedClock))
			var got *http.Request
			var body []byte
			url := "https://api.nexmo.com/" + string(gc.version) + "/messages"
			mt.RegisterResponder(http.MethodPost, url, func(r *http.Request) (*http.Response, error) {
				got = r
				body, _ = io.ReadAll(r.Body)
				resp := httpmock.NewBytesResponse(http.StatusAccepted, acceptedReply)
				resp.Header.Set("X-Request-Id", requestID)
				return resp, nil
			})
			res, err := c.Send(context.Background(), gc.msg)
			require.NoError(t, err)
			assert.Equal(t, Response{MessageUUID: quotedUUID, RequestID: requestID}, *res)
			assert.Equal(t, 1, mt.GetTotalCallCount(), "calls")
			tok := assertRequestHeaders(t, got.Header, "test-suite/1")
			_, claims := parseTestToken(t, tok)
			assert.Equal(t, testAppID, claims["application_id"])
			assert.Equal(t, float64(fixedNow.Unix()), claims["iat"])
			assert.Equal(t, float64(fixedNow.Add(DefaultTokenTTL).Unix()), claims["exp"])
			var compact bytes.Buffer
			require.NoError(t, json.Compact(&compact, readTestdata(t, "golden", string(gc.version), gc.name+".json")))
			assert.Equal(t, compact.String(), string(body), "sent body differs from the golden file")
		})
	}
}

// assertRequestHeaders checks the headers every request carries and
// returns the bearer token.
func assertRequestHeaders(t *testing.T, h http.Header, uaSuffix string) string {
	t.Helper()
	for k, v := range map[string]string{"Content-Type": "application/json", "Accept": "application/json"} {
		assert.Equal(t, v, h.Get(k), k)
	}
	ua := h.Get("User-Agent")
	assert.True(t, strings.HasPrefix(ua, "gomessages/"+Version+" "), "User-Agent %q", ua)
	assert.True(t, strings.HasSuffix(ua, " "+uaSuffix), "User-Agent %q", ua)
	tok, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
	require.True(t, ok, "Authorization %q is not a bearer token", h.Get("Authorization"))
	return tok
}

func TestSendValidatesBeforeIO(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t)
	_, err := c.Send(context.Background(), SMS{From: fromNumber, To: "nope", Text: "hi"})
	require.ErrorIs(t, err, ErrInvalidMessage)
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent for an invalid message")
}

func TestSendWithBasicAuth(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	c, err := NewClient("", nil, WithBasicAuth(basicAuthKey, basicAuthSecret), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	var auth string
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		auth = r.Header.Get("Authorization")
		return httpmock.NewStringResponse(202, `{"message_uuid":"u1"}`), nil
	})
	_, err = c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "Basic YWJjZDEyMzQ6czNjcmV0VmFsdWU=", auth)
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	problem422 := string(readTestdata(t, "errors", "422-invalid-params.json"))
	tests := []struct {
		name    string
		status  int
		body    string
		header  map[string]string
		is      error
		want    APIError
		wantMsg string
	}{
		{
			name: "422 with invalid parameters", status: 422, body: problem422,
			header: map[string]string{"X-Request-Id": requestID},
			is:     ErrInvalidRequest,
			want: APIError{StatusCode: 422, Type: "https://developer.vonage.com/api-errors/messages#1150", Title: "Invalid params",
				Detail: "The value of one or more parameters is invalid.", Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf",
				InvalidParameters: []InvalidParameter{{"image.url", "is required."}}, RequestID: requestID},
			wantMsg: "messages: 422 Unprocessable Entity: Invalid params: The value of one or more parameters is invalid (image.url is required) [instance bf0ca0bf927b3b52e3cb03217e1a1ddf]",
		},
		{
			name: "401", status: 401, body: string(readTestdata(t, "errors", "401-missing-credentials.json")), is: ErrUnauthorized,
			want: APIError{StatusCode: 401, Type: "https://developer.vonage.com/api-errors/#unathorized", Title: "You did not provide correct credentials.",
				Detail: "Check that you're using the correct credentials, and that your account has this feature enabled", Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf"},
			// The title's full stop goes: no ".:" where title and detail meet.
			wantMsg: "messages: 401 Unauthorized: You did not provide correct credentials: Check that you're using the correct credentials, and that your account has this feature enabled [instance bf0ca0bf927b3b52e3cb03217e1a1ddf]",
		},
		{
			name: "401 title repeats the status text", status: 401, body: `{"type":"t","title":"Unauthorized","detail":"Invalid Token."}`, is: ErrUnauthorized,
			want:    APIError{StatusCode: 401, Type: "t", Title: "Unauthorized", Detail: "Invalid Token."},
			wantMsg: "messages: 401 Unauthorized: Invalid Token",
		},
		{name: "402", status: 402, body: `{"type":"t","title":"Low balance","detail":"This request could not be performed due to your account balance being low.","instance":"i"}`, is: ErrPaymentRequired,
			want: APIError{StatusCode: 402, Type: "t", Title: "Low balance", Detail: "This request could not be performed due to your account balance being low.", Instance: "i"}},
		{name: "403 empty body", status: 403, body: "", is: ErrForbidden, want: APIError{StatusCode: 403},
			wantMsg: "messages: 403 Forbidden"},
		{name: "404 html", status: 404, body: "<html><body>Not Found</body></html>", is: ErrNotFound, want: APIError{StatusCode: 404},
			wantMsg: "messages: 404 Not Found: 35-byte body without problem details"},
		{name: "400 truncated json", status: 400, body: `{"type":"https://x","title":"Bad`, is: ErrInvalidRequest, want: APIError{StatusCode: 400}},
		{name: "429 retry after seconds", status: 429, body: string(readTestdata(t, "errors", "429-rate-limit.json")),
			header: map[string]string{"Retry-After": "7"}, is: ErrRateLimited,
			want: APIError{StatusCode: 429, Type: "https://developer.nexmo.com/api-errors/messages-olympus#1010", Title: "Rate Limit Hit",
				Detail: "Please wait, then retry your request", Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf", RetryAfter: 7 * time.Second},
			wantMsg: "messages: 429 Too Many Requests: Rate Limit Hit: Please wait, then retry your request; retry after 7s [instance bf0ca0bf927b3b52e3cb03217e1a1ddf]"},
		{name: "429 retry after date", status: 429, body: "",
			header: map[string]string{"Retry-After": fixedNow.Add(90 * time.Second).Format(http.TimeFormat)}, is: ErrRateLimited,
			want: APIError{StatusCode: 429, RetryAfter: 90 * time.Second}, wantMsg: "messages: 429 Too Many Requests; retry after 1m30s"},
		{name: "429 retry after garbage", status: 429, header: map[string]string{"Retry-After": "soon"}, is: ErrRateLimited,
			want: APIError{StatusCode: 429}, wantMsg: "messages: 429 Too Many Requests"},
		{name: "500", status: 500, body: `{"type":"t","title":"Internal Error","instance":"i"}`, is: ErrServer,
			want: APIError{StatusCode: 500, Type: "t", Title: "Internal Error", Instance: "i"}},
		{name: "503 plain text", status: 503, body: "upstream unavailable", is: ErrServer, want: APIError{StatusCode: 503}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, WithClock(fixedClock))
			mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tt.status, tt.body)
				for k, v := range tt.header {
					resp.Header.Set(k, v)
				}
				return resp, nil
			})
			_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, tt.is)
			for _, other := range []error{ErrUnauthorized, ErrPaymentRequired, ErrForbidden, ErrNotFound, ErrInvalidRequest, ErrRateLimited, ErrServer} {
				if other != tt.is {
					assert.NotErrorIs(t, err, other)
				}
			}
			got := *apiErr
			assert.Equal(t, tt.body, string(got.Body))
			got.Body = nil
			assert.Equal(t, tt.want, got)
			if tt.wantMsg != "" {
				assert.EqualError(t, err, tt.wantMsg)
			}
			assert.Equal(t, 1, mt.GetTotalCallCount(), "requests: errors are not retried by default")
		})
	}
}

func TestSendCapsErrorBody(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t)
	huge := strings.Repeat("x", 10<<20)
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", httpmock.NewStringResponder(500, huge))
	_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	// Not assert.Len, which would print the 1 MiB body.
	assert.Equal(t, maxErrorBody, len(apiErr.Body), "body length: want the body capped")
}

func TestSendMalformedSuccess(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", "<html>", `{"message_uuid":`, `{"foo":"bar"}`, `[]`} {
		c, mt := mockClient(t)
		mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", httpmock.NewStringResponder(202, body))
		res, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
		assert.ErrorIs(t, err, ErrMalformedResponse, "body %q", body)
		assert.Nil(t, res, "body %q", body)
		if err != nil {
			assert.Contains(t, err.Error(), "may have been sent", "body %q: the error must warn that the message may have gone", body)
		}
		assert.Equal(t, 1, mt.GetTotalCallCount(), "body %q: requests; a 202 must never be re-sent", body)
	}
}

func TestSendReturnsWorkflowID(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages",
		httpmock.NewStringResponder(202, `{"message_uuid":"m1","workflow_id":"`+workflowID+`"}`))
	res, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "m1", res.MessageUUID)
	assert.Equal(t, workflowID, res.WorkflowID)
}

// hangingServer answers nothing until the client gives up or the test
// ends, and returns its base URL.
func hangingServer(t *testing.T) string {
	t.Helper()
	done := make(chan struct{})
	_, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	// Cleanups run last first: the handlers end before the server closes.
	t.Cleanup(func() { close(done) })
	return base
}

func TestSendHonoursContext(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithBaseURL(hangingServer(t)))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Send(ctx, SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.ErrorIs(t, err, context.DeadlineExceeded)

	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, err = c.Send(canceled, SMS{From: fromNumber, To: toNumber, Text: "hi"})
	assert.ErrorIs(t, err, context.Canceled, "cancelled context")
	var nilCtx context.Context
	_, err = c.Send(nilCtx, SMS{From: fromNumber, To: toNumber, Text: "hi"})
	assert.Error(t, err, "nil context")
}

func TestSendTimeoutOption(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithBaseURL(hangingServer(t)), WithTimeout(30*time.Millisecond))
	_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the client timeout must fire")
}

// TestSecretsNeverLeak sends through every error path with a logger on and
// checks that neither the private key nor any token shows up in an error
// string or a log line, even when the server echoes the token back.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var tokens []string
	srv, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		mu.Lock()
		tokens = append(tokens, strings.TrimPrefix(auth, "Bearer "))
		mu.Unlock()
		switch r.URL.Query().Get("case") {
		case "echo-html":
			w.WriteHeader(401)
			io.WriteString(w, "<html>bad header: "+auth+"</html>")
		case "echo-json":
			w.WriteHeader(422)
			io.WriteString(w, `{"title":"bad","detail":"`+auth+`"}`)
		default:
			w.WriteHeader(202)
			io.WriteString(w, `{"message_uuid":"u"}`)
		}
	}))
	defer srv.Close()
	key := testKeyPEM(t)
	var errs []string
	for _, cs := range []string{"echo-html", "echo-json", "ok"} {
		c := newTestClient(t, WithLogger(logger), WithBaseURL(base))
		c.sendURL += "?case=" + cs
		_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
		if err != nil {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			errs = append(errs, err.Error(), string(apiErr.Body))
		}
	}
	_, err := NewClient(testAppID, key[:len(key)/2])
	require.Error(t, err)
	errs = append(errs, err.Error())
	require.Len(t, tokens, 3)
	require.Len(t, errs, 5)
	keyBody := strings.Join(strings.Split(string(key), "\n")[1:4], "")
	haystack := strings.Join(errs, "\n") + logs.String()
	for _, tok := range tokens {
		parts := strings.Split(tok, ".")
		require.Len(t, parts, 3, "not a compact JWT")
		assert.NotContains(t, haystack, tok, "a token leaked")
		assert.NotContains(t, haystack, parts[2], "a token's signature leaked")
	}
	assert.NotContains(t, haystack, keyBody[:40], "the private key leaked")
	assert.Contains(t, logs.String(), "status=202", "logs lack the requests")
	assert.Contains(t, logs.String(), "status=401", "logs lack the requests")
}

// TestClientIsSafeForConcurrentUse runs under -race in CI.
func TestClientIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	var count atomic.Int64
	srv, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		w.WriteHeader(202)
		io.WriteString(w, `{"message_uuid":"u"}`)
	}))
	defer srv.Close()
	for _, reuse := range []bool{false, true} {
		opts := []Option{WithBaseURL(base)}
		if reuse {
			opts = append(opts, WithTokenReuse(time.Minute))
		}
		c := newTestClient(t, opts...)
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					_, err := c.Send(context.Background(), Viber{From: viberID, To: toNumber, Content: Text("hi")})
					assert.NoError(t, err)
				}
			}()
		}
		wg.Wait()
	}
	assert.Equal(t, int64(160), count.Load(), "requests the server saw")
}
