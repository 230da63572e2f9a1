package messages

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// tokenRecorder answers every send as the API does and keeps each
// request's bearer token, in arrival order.
type tokenRecorder struct {
	mu     sync.Mutex
	tokens []string
}

func (r *tokenRecorder) respond(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.tokens = append(r.tokens, strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
	r.mu.Unlock()
	return httpmock.NewBytesResponse(http.StatusAccepted, acceptedReply), nil
}

func (r *tokenRecorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tokens[len(r.tokens)-1]
}

func recordingClient(t *testing.T, opts ...Option) (*Client, *tokenRecorder) {
	t.Helper()
	c, mt := mockClient(t, opts...)
	rec := &tokenRecorder{}
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", rec.respond)
	return c, rec
}

// waitMintedAhead waits for the token being minted ahead, if any, to be
// ready: an event, with a one-minute hang guard.
func waitMintedAhead(t *testing.T, c *Client) {
	t.Helper()
	done := make(chan struct{})
	go func() { c.tokens.ahead.inFlight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the token minted ahead never became ready")
	}
}

// assertKeyClaims checks a client token carries exactly the claims a
// token minted on the spot does, and returns its iat.
func assertKeyClaims(t *testing.T, tok string, ttl time.Duration) int64 {
	t.Helper()
	_, claims := parseTestToken(t, tok)
	keys := make([]string, 0, len(claims))
	for k := range claims {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"application_id", "iat", "exp", "jti"}, keys)
	assert.Equal(t, testAppID, claims["application_id"])
	iat, exp := claims["iat"].(float64), claims["exp"].(float64)
	assert.Equal(t, ttl.Seconds(), exp-iat, "exp - iat")
	return int64(iat)
}

// TestFreshTokensAreUsedOnce: with tokens minted ahead, every request of
// many concurrent senders still carries its own token and jti.
func TestFreshTokensAreUsedOnce(t *testing.T) {
	t.Parallel()
	c, rec := recordingClient(t)
	const senders, each = 16, 25
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				_, err := c.Send(context.Background(), benchMessage)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	waitMintedAhead(t, c)

	require.Len(t, rec.tokens, senders*each)
	seen := map[string]bool{}
	jtis := map[any]bool{}
	for _, tok := range rec.tokens {
		assert.False(t, seen[tok], "a token was sent twice")
		seen[tok] = true
		_, claims := parseTestToken(t, tok)
		assert.False(t, jtis[claims["jti"]], "a jti was sent twice")
		jtis[claims["jti"]] = true
		assertKeyClaims(t, tok, DefaultTokenTTL)
	}
}

// TestTokenMintedAheadIsBounded: a request takes the token minted while
// the one before it was on the wire, unless that token is older than
// prefetchMaxAge (or half the TTL); then it mints its own.
func TestTokenMintedAheadIsBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		ttl   time.Duration
		bound time.Duration
	}{
		{"default ttl", DefaultTokenTTL, prefetchMaxAge},
		{"ttl under twice the bound", 8 * time.Second, 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			now := fixedNow
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
			c, rec := recordingClient(t, WithClock(clock), WithTokenTTL(tt.ttl))
			send := func() int64 {
				t.Helper()
				_, err := c.Send(context.Background(), benchMessage)
				require.NoError(t, err)
				iat := assertKeyClaims(t, rec.last(), tt.ttl)
				waitMintedAhead(t, c)
				return iat
			}

			assert.Equal(t, fixedNow.Unix(), send(), "first send: minted on the spot")
			advance(tt.bound) // the token minted ahead at fixedNow is now exactly the bound old
			assert.Equal(t, fixedNow.Unix(), send(), "second send: want the token minted ahead, at the bound")
			advance(tt.bound + time.Second) // the one minted ahead during the second send is past the bound
			assert.Equal(t, fixedNow.Add(2*tt.bound+time.Second).Unix(), send(), "third send: a token past the bound must be dropped")
		})
	}
}

// TestIdleClientKeepsNoGoroutine: the goroutine that mints a token ahead
// ends once the token is ready; an idle client runs nothing.
func TestIdleClientKeepsNoGoroutine(t *testing.T) {
	// Not parallel: goleak looks at every goroutine of the process.
	ignore := goleak.IgnoreCurrent()
	c, rec := recordingClient(t)
	for range 3 {
		_, err := c.Send(context.Background(), benchMessage)
		require.NoError(t, err)
	}
	waitMintedAhead(t, c)
	require.Len(t, rec.tokens, 3)
	goleak.VerifyNone(t, ignore)
}
