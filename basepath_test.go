package messages

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryEndpointKeepsTheBasePath sends on every endpoint the client
// calls, v1 and v0.1, through a server that serves only under
// baseURLPath: each request must arrive under it, at its own path.
func TestEveryEndpointKeepsTheBasePath(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	_, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		// RequestURI is the path as sent; URL.Path is what is left once
		// the base path is stripped.
		got = append(got, fmt.Sprintf("%s %s -> %s", r.Method, r.RequestURI, r.URL.Path))
		mu.Unlock()
		switch {
		case r.Method == http.MethodPatch:
			w.WriteHeader(http.StatusNoContent)
		case r.URL.Path == "/v0.1/dispatch":
			w.WriteHeader(http.StatusAccepted)
			_, _ = io.WriteString(w, `{"dispatch_uuid":"`+dispatchUUID+`"}`)
		default:
			w.WriteHeader(http.StatusAccepted)
			_, _ = w.Write(acceptedReply)
		}
	}))
	v1 := newTestClient(t, WithBaseURL(base))
	v01 := newTestClient(t, WithBaseURL(base), WithAPIVersion(V0_1))
	ctx := context.Background()
	sms := SMS{From: fromNumber, To: toNumber, Text: "hi"}
	viber := Viber{From: viberID, To: toNumber, Content: Text("hi")}

	res, err := v1.Send(ctx, sms)
	require.NoError(t, err, "v1 send")
	assert.Equal(t, quotedUUID, res.MessageUUID)
	res, err = v01.Send(ctx, sms)
	require.NoError(t, err, "v0.1 send")
	assert.Equal(t, quotedUUID, res.MessageUUID)
	res, err = v1.SendWithFailover(ctx, viber, sms)
	require.NoError(t, err, "v1 failover")
	assert.Equal(t, quotedUUID, res.MessageUUID)
	res, err = v01.SendWithFailover(ctx, viber, sms)
	require.NoError(t, err, "v0.1 Dispatch")
	assert.Equal(t, dispatchUUID, res.WorkflowID)
	// With a base URL, every region's update goes to it.
	require.NoError(t, v1.MarkRead(ctx, quotedUUID, RegionEU), "PATCH")

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{
		"POST /api-v3/v1/messages -> /v1/messages",
		"POST /api-v3/v0.1/messages -> /v0.1/messages",
		"POST /api-v3/v1/messages -> /v1/messages",
		"POST /api-v3/v0.1/dispatch -> /v0.1/dispatch",
		"PATCH /api-v3/v1/messages/" + quotedUUID + " -> /v1/messages/" + quotedUUID,
	}, got)
}

// TestBasePathServerFailsAMissedPath proves the check above can fail: a
// client whose base URL lacks the path reaches the server outside it, and
// newBasePathServer reports that request on the test, by its path.
func TestBasePathServerFailsAMissedPath(t *testing.T) {
	t.Parallel()
	rec := &errorRecorder{TB: t}
	srv, base := newBasePathServer(rec, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write(acceptedReply)
	}))

	_, err := newTestClient(t, WithBaseURL(base)).Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.NoError(t, err, "under the base path")
	assert.Empty(t, rec.messages(), "a request under the base path was reported")

	_, err = newTestClient(t, WithBaseURL(srv.URL)).Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, []string{"POST /v1/messages missed the base path /api-v3: the client dropped its base URL's path"}, rec.messages())
}

// errorRecorder is a testing.TB whose Errorf records instead of failing,
// so a test can see what a helper reports; everything else is the real
// test's.
type errorRecorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *errorRecorder) Helper() {}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *errorRecorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}
