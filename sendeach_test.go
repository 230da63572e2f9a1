package messages

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hangGuard bounds a wait that only a bug makes long.
const hangGuard = time.Minute

// eachMessages is n SMS whose To numbers carry their index: 4470090000i.
func eachMessages(n int) []Message {
	out := make([]Message, n)
	for i := range out {
		out[i] = SMS{From: "Acme", To: eachNumber(i), Text: "hi"}
	}
	return out
}

func eachNumber(i int) string { return "4477009" + strconv.Itoa(100000+i) }

// indexOf reads the message index back from a request's to field.
func indexOf(t *testing.T, r *http.Request) int {
	t.Helper()
	var body struct {
		To string `json:"to"`
	}
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &body))
	n, err := strconv.Atoi(strings.TrimPrefix(body.To, "4477009"))
	require.NoError(t, err)
	return n - 100000
}

func accepted(i int) (*http.Response, error) {
	return httpmock.NewStringResponse(http.StatusAccepted, `{"message_uuid":"u`+strconv.Itoa(i)+`"}`), nil
}

// collect ranges over a SendEach result and keeps every result in order.
func collect(t *testing.T, seq iter.Seq2[int, SendResult]) ([]int, []SendResult) {
	t.Helper()
	var idx []int
	var res []SendResult
	for i, r := range seq {
		idx = append(idx, i)
		res = append(res, r)
	}
	return idx, res
}

func waitOrFail(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(hangGuard):
		t.Fatalf("gave up waiting for %s", what)
	}
}

func TestSendEachYieldsInInputOrderWithBoundedMemory(t *testing.T) {
	t.Parallel()
	const n, conc = 40, 4
	c, mt := mockClient(t, WithTokenReuse(time.Minute))
	// Each even message is answered only after the odd one after it, so
	// answers come out of order.
	var mu sync.Mutex
	answered := map[int]chan struct{}{}
	gate := func(i int) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if answered[i] == nil {
			answered[i] = make(chan struct{})
		}
		return answered[i]
	}
	var inFlight, maxInFlight atomic.Int32
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		now := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if now <= m || maxInFlight.CompareAndSwap(m, now) {
				break
			}
		}
		i := indexOf(t, r)
		if i%2 == 0 && i+1 < n {
			waitOrFail(t, gate(i+1), "the next odd message")
		}
		defer close(gate(i))
		return accepted(i)
	})
	var pulled, yielded atomic.Int32
	msgs := func(yield func(Message) bool) {
		for _, m := range eachMessages(n) {
			// The window holds at most conc messages: the stream is never
			// read ahead of what the results let go.
			assert.LessOrEqual(t, pulled.Load()-yielded.Load(), int32(conc), "messages held")
			pulled.Add(1)
			if !yield(m) {
				return
			}
		}
	}
	seq, err := c.SendEach(context.Background(), msgs, WithConcurrency(conc))
	require.NoError(t, err)
	var idx []int
	for i, r := range seq {
		yielded.Add(1)
		idx = append(idx, i)
		require.Equal(t, OutcomeSent, r.Outcome, "message %d: %v", i, r.Err)
		assert.Equal(t, "u"+strconv.Itoa(i), r.Response.MessageUUID)
	}
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, idx)
	assert.Equal(t, n, mt.GetTotalCallCount())
	assert.LessOrEqual(t, maxInFlight.Load(), int32(conc), "requests in flight at once")
}

func TestSendEachStopsOnBadCredentials(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			const n, conc = 10, 3
			c, mt := mockClient(t, WithTokenReuse(time.Minute))
			// Message 0 is refused; 1 and 2 are in flight with it and are
			// answered only once the caller has seen 0's result.
			release := make(chan struct{})
			arrived := make(chan struct{}, conc)
			mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
				i := indexOf(t, r)
				if i == 0 {
					waitArrivals(t, arrived, conc-1)
					return httpmock.NewStringResponse(status, `{"title":"Invalid credentials"}`), nil
				}
				arrived <- struct{}{}
				waitOrFail(t, release, "the caller to see the refusal")
				return accepted(i)
			})
			seq, err := c.SendEach(context.Background(), slicesValues(eachMessages(n)), WithConcurrency(conc))
			require.NoError(t, err)
			var notSent []int
			for i, r := range seq {
				switch i {
				case 0:
					assert.Equal(t, OutcomeRefused, r.Outcome)
					assert.True(t, stopsRun(r.Err))
					close(release)
				case 1, 2:
					assert.Equal(t, OutcomeSent, r.Outcome, "in flight before the refusal: %v", r.Err)
				default:
					assert.Equal(t, OutcomeNotSent, r.Outcome)
					var apiErr *APIError
					require.ErrorAs(t, r.Err, &apiErr)
					assert.Equal(t, status, apiErr.StatusCode)
					assert.Equal(t, "messages: not sent: "+strings.TrimPrefix(apiErr.Error(), "messages: "), r.Err.Error())
					notSent = append(notSent, i)
				}
			}
			assert.Equal(t, []int{3, 4, 5, 6, 7, 8, 9}, notSent)
			assert.Equal(t, 3, mt.GetTotalCallCount())
		})
	}
}

// waitArrivals waits for n requests to signal that they are in flight.
func waitArrivals(t *testing.T, arrived <-chan struct{}, n int) {
	t.Helper()
	for range n {
		select {
		case <-arrived:
		case <-time.After(hangGuard):
			t.Fatalf("gave up waiting for %d requests in flight", n)
		}
	}
}

// slicesValues is slices.Values for []Message as an iter.Seq[Message].
func slicesValues(ms []Message) iter.Seq[Message] {
	return func(yield func(Message) bool) {
		for _, m := range ms {
			if !yield(m) {
				return
			}
		}
	}
}

func TestSendEachCancelLetsInFlightFinish(t *testing.T) {
	t.Parallel()
	const n, conc = 10, 3
	c, mt := mockClient(t, WithTokenReuse(time.Minute))
	release := make(chan struct{})
	arrived := make(chan struct{}, conc)
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		i := indexOf(t, r)
		if i == 0 {
			waitArrivals(t, arrived, conc-1)
		} else {
			arrived <- struct{}{}
			waitOrFail(t, release, "the cancel")
		}
		return accepted(i)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seq, err := c.SendEach(ctx, slicesValues(eachMessages(n)), WithConcurrency(conc))
	require.NoError(t, err)
	outcomes := map[SendOutcome][]int{}
	for i, r := range seq {
		if i == 0 {
			cancel()
			close(release)
		}
		outcomes[r.Outcome] = append(outcomes[r.Outcome], i)
		if r.Outcome == OutcomeNotSent {
			assert.ErrorIs(t, r.Err, context.Canceled)
			assert.EqualError(t, r.Err, "messages: not sent: context canceled")
		}
	}
	assert.Equal(t, map[SendOutcome][]int{OutcomeSent: {0, 1, 2}, OutcomeNotSent: {3, 4, 5, 6, 7, 8, 9}}, outcomes)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestSendEachNeverResendsAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	// A policy that would retry a lost request: SendEach still sends it once.
	c, mt := mockClient(t, WithTokenReuse(time.Minute), WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, RetryServerErrors: true}))
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		switch i := indexOf(t, r); i {
		case 0:
			return nil, errors.New("connection reset by peer")
		case 1:
			return httpmock.NewStringResponse(http.StatusAccepted, `not json`), nil
		default:
			return accepted(i)
		}
	})
	seq, err := c.SendEach(context.Background(), slicesValues(eachMessages(3)), WithConcurrency(2))
	require.NoError(t, err)
	_, res := collect(t, seq)
	require.Len(t, res, 3)
	assert.Equal(t, OutcomeUnknown, res[0].Outcome)
	assert.EqualError(t, res[0].Err, "messages: POST https://api.nexmo.com/v1/messages: connection reset by peer")
	assert.Equal(t, OutcomeUnknown, res[1].Outcome)
	assert.ErrorIs(t, res[1].Err, ErrMalformedResponse)
	assert.Equal(t, OutcomeSent, res[2].Outcome)
	assert.Equal(t, 3, mt.GetTotalCallCount(), "each message once")
}

func TestSendEachReportsInvalidMessagesUnsent(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t, WithTokenReuse(time.Minute))
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		return accepted(indexOf(t, r))
	})
	msgs := eachMessages(3)
	msgs[1] = SMS{From: "Acme", To: "12ab", Text: "hi"}
	seq, err := c.SendEach(context.Background(), slicesValues(msgs))
	require.NoError(t, err)
	idx, res := collect(t, seq)
	assert.Equal(t, []int{0, 1, 2}, idx)
	assert.Equal(t, []SendOutcome{OutcomeSent, OutcomeInvalid, OutcomeSent}, []SendOutcome{res[0].Outcome, res[1].Outcome, res[2].Outcome})
	assert.ErrorIs(t, res[1].Err, ErrInvalidMessage)
	assert.EqualError(t, res[1].Err, `messages: sms: to: not an E.164 number: "12ab"`)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// countingLimiter counts its turns, or refuses them with err.
type countingLimiter struct {
	turns atomic.Int32
	err   error
}

func (l *countingLimiter) Wait(ctx context.Context) error {
	if l.err != nil {
		return l.err
	}
	l.turns.Add(1)
	return ctx.Err()
}

func TestSendEachPacesThroughTheLimiter(t *testing.T) {
	t.Parallel()
	t.Run("one turn a send, a retry another", func(t *testing.T) {
		t.Parallel()
		lim := &countingLimiter{}
		c, mt := mockClient(t, WithTokenReuse(time.Minute), WithLimiter(lim), WithRetry(RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond}))
		var first atomic.Bool
		mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
			i := indexOf(t, r)
			if i == 2 && first.CompareAndSwap(false, true) {
				return httpmock.NewStringResponse(http.StatusTooManyRequests, ""), nil
			}
			return accepted(i)
		})
		seq, err := c.SendEach(context.Background(), slicesValues(eachMessages(5)), WithConcurrency(2))
		require.NoError(t, err)
		_, res := collect(t, seq)
		for i, r := range res {
			assert.Equal(t, OutcomeSent, r.Outcome, "message %d: %v", i, r.Err)
		}
		assert.Equal(t, 6, mt.GetTotalCallCount(), "five sends and one retry after the 429")
		assert.Equal(t, int32(6), lim.turns.Load(), "a turn per request")
	})
	t.Run("a failing limiter sends nothing", func(t *testing.T) {
		t.Parallel()
		lim := &countingLimiter{err: errors.New("messages: redisstore: connection refused")}
		c, mt := mockClient(t, WithTokenReuse(time.Minute), WithLimiter(lim))
		seq, err := c.SendEach(context.Background(), slicesValues(eachMessages(2)))
		require.NoError(t, err)
		_, res := collect(t, seq)
		for _, r := range res {
			assert.Equal(t, OutcomeNotSent, r.Outcome)
			assert.EqualError(t, r.Err, "messages: not sent: redisstore: connection refused")
		}
		assert.Equal(t, 0, mt.GetTotalCallCount())
	})
}

func TestSendEachEarlyBreakWaitsForInFlight(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t, WithTokenReuse(time.Minute))
	var answered atomic.Int32
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		defer answered.Add(1)
		return accepted(indexOf(t, r))
	})
	seq, err := c.SendEach(context.Background(), slicesValues(eachMessages(100)), WithConcurrency(4))
	require.NoError(t, err)
	for range seq {
		break
	}
	// Every request that went out was answered before the loop ended, and
	// none went out after.
	calls := mt.GetTotalCallCount()
	assert.Equal(t, int32(calls), answered.Load())
	assert.LessOrEqual(t, calls, 4+1)
	assert.Equal(t, calls, mt.GetTotalCallCount())
}

func TestSendEachRefusesBadArguments(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	msgs := slicesValues(nil)
	for name, call := range map[string]func() error{
		"nil context": func() error {
			//lint:ignore SA1012 the nil context is the test
			_, err := c.SendEach(nil, msgs)
			return err
		},
		"nil stream":  func() error { _, err := c.SendEach(context.Background(), nil); return err },
		"nil option":  func() error { _, err := c.SendEach(context.Background(), msgs, nil); return err },
		"concurrency": func() error { _, err := c.SendEach(context.Background(), msgs, WithConcurrency(0)); return err },
	} {
		err := call()
		require.Error(t, err, name)
		switch name {
		case "nil context":
			assert.EqualError(t, err, "messages: nil context")
		case "nil stream":
			assert.EqualError(t, err, "messages: send each: nil message stream")
		case "nil option":
			assert.ErrorIs(t, err, ErrInvalidOption)
			assert.EqualError(t, err, "messages: invalid option: send each option 0 is nil")
		case "concurrency":
			assert.EqualError(t, err, "messages: invalid option: concurrency must be at least 1, got 0")
		}
	}
}

func TestSendOutcomeString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"sent", "invalid", "refused", "not sent", "unknown", "SendOutcome(0)"},
		[]string{OutcomeSent.String(), OutcomeInvalid.String(), OutcomeRefused.String(), OutcomeNotSent.String(), OutcomeUnknown.String(), SendOutcome(0).String()})
}
