package messagestest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/httpbound"
	"github.com/gomessages/messages/internal/trickle"
)

// withLimits sets the server's bounds (zero fields keep their defaults),
// so a test sees one hold without waiting for the default.
func withLimits(l serverLimits) ServerOption {
	return func(c *config) error { c.limits = l; return nil }
}

func TestTricklingClientIsCutOff(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withLimits(serverLimits{Limits: httpbound.Limits{Read: 200 * time.Millisecond}}))
	answer, err := trickle.Post(strings.TrimPrefix(s.URL, "http://"), "/v1/messages", time.Minute)
	require.NoError(t, err)
	// The handler's read fails, so it answers before the connection closes.
	assert.Contains(t, string(answer), "400 Bad Request")
}

func TestDefaultLimitsBoundEveryConnection(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	assert.Equal(t, 10*time.Second, s.srv.ReadHeaderTimeout)
	assert.Equal(t, 30*time.Second, s.srv.ReadTimeout)
	assert.Equal(t, 30*time.Second, s.srv.WriteTimeout)
	assert.Equal(t, 2*time.Minute, s.srv.IdleTimeout)
	assert.Equal(t, 64<<10, s.srv.MaxHeaderBytes)

	slow := newTestServer(t, WithLatency(time.Minute))
	assert.Equal(t, 90*time.Second, slow.srv.WriteTimeout, "the write timeout outlasts the latency asked for")
}

func TestUnauthenticatedRequestsAreRecordedWithoutBodies(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	big := `{"text":"` + strings.Repeat("x", 100<<10) + `"}`
	status, _, _ := call(t, s, http.MethodPost, "/v1/messages", "", big)
	require.Equal(t, http.StatusUnauthorized, status)
	status, _, _ = call(t, s, http.MethodPost, "/v1/nowhere", bearer(t, s), big)
	require.Equal(t, http.StatusNotFound, status)
	status, _, _ = call(t, s, http.MethodPost, "/v1/messages", bearer(t, s), strings.Repeat("x", maxBody+1))
	require.Equal(t, http.StatusRequestEntityTooLarge, status)
	status, _, _ = call(t, s, http.MethodPost, "/v1/messages", bearer(t, s), smsBody)
	require.Equal(t, http.StatusAccepted, status)

	reqs := s.Requests()
	require.Len(t, reqs, 4)
	for i, want := range []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusRequestEntityTooLarge} {
		assert.Equal(t, want, reqs[i].Status, "request %d", i)
		assert.Nil(t, reqs[i].Body, "request %d: refused before authentication, kept its body", i)
	}
	assert.Equal(t, smsBody, string(reqs[3].Body), "an authenticated request keeps its body")
}

func TestRecordIsCapped(t *testing.T) {
	t.Parallel()
	send := func(c *messages.Client, n int) {
		for i := range n {
			_, err := c.Send(context.Background(), messages.SMS{From: "447700900001", To: "447700900000", Text: fmt.Sprintf("%d %s", i, strings.Repeat("x", 1000))})
			require.NoError(t, err)
		}
	}
	texts := func(reqs []Request) []string {
		out := make([]string, len(reqs))
		for i, r := range reqs {
			out[i], _, _ = strings.Cut(r.Text, " ")
		}
		return out
	}

	byCount := newTestServer(t, withLimits(serverLimits{recordCount: 3}))
	send(byCount.Client(), 5)
	assert.Equal(t, []string{"2", "3", "4"}, texts(byCount.Requests()), "the latest 3 are kept")

	// Each request holds its 1 KB text twice (Text and Body) and a header:
	// 8 KB keeps fewer than 5, and always the latest.
	byBytes := newTestServer(t, withLimits(serverLimits{recordBytes: 8 << 10}))
	send(byBytes.Client(), 5)
	reqs := byBytes.Requests()
	require.NotEmpty(t, reqs)
	require.Less(t, len(reqs), 5)
	total := 0
	for _, r := range reqs {
		total += r.size()
	}
	assert.LessOrEqual(t, total, 8<<10)
	assert.Equal(t, "4", texts(reqs)[len(reqs)-1], "the latest is kept")

	byBytes.Reset()
	assert.Empty(t, byBytes.Requests())
}

// TestWaitWebhookSeesPastDrops: a waiter counts webhooks from the start,
// so the oldest being dropped while it waits neither hides a new one nor
// shows one twice.
func TestWaitWebhookSeesPastDrops(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, withLimits(serverLimits{recordCount: 2}))
	post := func(urls ...string) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, u := range urls {
			s.webhooks.add(Webhook{Kind: "status", URL: u}, 1)
		}
		s.notifyLocked()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	post("a", "b")
	first, resume := make(chan struct{}), make(chan struct{})
	var urls []string
	found := make(chan error, 1)
	go func() {
		_, err := s.WaitWebhook(ctx, func(w Webhook) bool {
			urls = append(urls, w.URL)
			if w.URL == "a" {
				// The waiter has read a and b; three more arrive, and a,
				// b and c are dropped, before it looks again.
				close(first)
				<-resume
			}
			return w.URL == "e"
		})
		found <- err
	}()
	<-first
	post("c", "d", "e")
	close(resume)
	require.NoError(t, <-found)
	assert.Equal(t, []string{"a", "b", "d", "e"}, urls, "c was dropped before the waiter looked; d and e were seen once")
	assert.Equal(t, []string{"d", "e"}, []string{s.Webhooks()[0].URL, s.Webhooks()[1].URL})
}
