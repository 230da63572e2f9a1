package messages

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"sync"
)

// SendOutcome says what became of one message of a SendEach run.
type SendOutcome int

// The outcomes of a SendEach run. Only OutcomeSent, OutcomeRefused and
// OutcomeUnknown reached the API; a message reported OutcomeInvalid or
// OutcomeNotSent never left the process and may be sent again.
const (
	// OutcomeSent: the API accepted the message; Response holds its UUID.
	OutcomeSent SendOutcome = iota + 1
	// OutcomeInvalid: the message failed Send's checks and was not sent;
	// Err is its *ValidationError.
	OutcomeInvalid
	// OutcomeRefused: the API answered with an error; Err is the *APIError.
	OutcomeRefused
	// OutcomeNotSent: the run stopped before this message went out (a 401
	// or 403 earlier in the run, the context ended, a connection that was
	// never made, or the limiter failed); Err names the cause.
	OutcomeNotSent
	// OutcomeUnknown: the request went out and no readable answer came
	// back, so the message may or may not have been sent. SendEach never
	// sends it again, and neither should the caller blindly.
	OutcomeUnknown
)

// String names the outcome as the CLI's results do: "sent", "invalid",
// "refused", "not sent" or "unknown".
func (o SendOutcome) String() string {
	switch o {
	case OutcomeSent:
		return "sent"
	case OutcomeInvalid:
		return "invalid"
	case OutcomeRefused:
		return "refused"
	case OutcomeNotSent:
		return "not sent"
	case OutcomeUnknown:
		return "unknown"
	}
	return fmt.Sprintf("SendOutcome(%d)", int(o))
}

// SendResult is what became of one message of a SendEach run.
type SendResult struct {
	Outcome SendOutcome
	// Response is the API's answer when Outcome is OutcomeSent, else nil.
	Response *Response
	// Err is nil when Outcome is OutcomeSent, else why not.
	Err error
}

// DefaultConcurrency is how many messages SendEach has in flight at once
// unless WithConcurrency says otherwise.
const DefaultConcurrency = 8

// EachOption configures a SendEach run. A nil or bad one is an error from
// SendEach, as for every option family.
type EachOption func(*eachSettings) error

type eachSettings struct {
	concurrency int
}

// WithConcurrency has at most n messages of a SendEach run in flight at
// once (default DefaultConcurrency). It also bounds the run's memory: at
// most n messages and results are held, however long the stream.
func WithConcurrency(n int) EachOption {
	return func(s *eachSettings) error {
		if n < 1 {
			return optionError("concurrency must be at least 1, got %d", n)
		}
		s.concurrency = n
		return nil
	}
}

// SendEach sends every message of msgs, at most WithConcurrency at once,
// and yields one result per message with its index in msgs, in input
// order, each as soon as it and those before it are done. The messages are
// pulled from msgs only as slots free up, so a stream of any length runs in
// memory bounded by the concurrency. The slots are a window over the
// stream: a slow message holds back the results after it and, once the
// window is full, the sends after it too.
//
// Each message is validated first; an invalid one is reported
// (OutcomeInvalid) and never sent. Each send waits for the client's limiter
// (WithRateLimit, WithLimiter), so processes that share a Redis limiter
// share one rate, and a 429 is retried as Send retries it (WithRetry).
// A 401 or 403 stops the run: every message not yet sent is reported
// OutcomeNotSent with that *APIError as its cause. When ctx ends, no new
// message is sent, those in flight finish (each bounded by the client's
// timeout), and the rest are reported OutcomeNotSent with ctx's cause.
// A message whose request went out without a readable answer is reported
// OutcomeUnknown and never sent again, even under a RetryPolicy that
// retries such failures.
//
// Breaking out of the loop early stops new sends and waits for those in
// flight before the loop ends; their results are dropped. Each range over
// the result sends msgs afresh.
//
// The error is for a nil context, a nil msgs or a nil or bad option; no
// message is sent then.
func (c *Client) SendEach(ctx context.Context, msgs iter.Seq[Message], opts ...EachOption) (iter.Seq2[int, SendResult], error) {
	if ctx == nil {
		return nil, errors.New("messages: nil context")
	}
	if msgs == nil {
		return nil, errors.New("messages: send each: nil message stream")
	}
	s := eachSettings{concurrency: DefaultConcurrency}
	if err := applyOptions(&s, "send each option", opts); err != nil {
		return nil, err
	}
	return func(yield func(int, SendResult) bool) {
		r := newEachRun(ctx, c, s.concurrency)
		defer r.finish()
		r.run(msgs, yield)
	}, nil
}

// eachSlot is one message of the window: its result, ready once done is
// closed.
type eachSlot struct {
	index int
	done  chan struct{}
	res   SendResult
}

// eachRun is one range over SendEach's result.
type eachRun struct {
	c    *Client
	conc int
	// stopCtx ends when ctx does or when a 401 or 403 stops the run; its
	// cause is the reason the rest is not sent. Only turns and the check
	// before a send watch it: a request in flight runs on sendCtx, which
	// keeps ctx's values but not its end.
	stopCtx context.Context
	stop    context.CancelCauseFunc
	sendCtx context.Context
	// window is a ring of the slots not yet yielded, in input order:
	// count of them from head on.
	window      []*eachSlot
	head, count int
	wg          sync.WaitGroup
}

func newEachRun(ctx context.Context, c *Client, conc int) *eachRun {
	stopCtx, stop := context.WithCancelCause(ctx)
	return &eachRun{c: c, conc: conc, stopCtx: stopCtx, stop: stop, sendCtx: context.WithoutCancel(ctx), window: make([]*eachSlot, conc)}
}

// finish stops what is left and waits for the sends in flight.
func (r *eachRun) finish() {
	r.stop(context.Canceled)
	r.wg.Wait()
}

// run pulls messages into the window while it has room, yielding the
// window's head each time it is done.
func (r *eachRun) run(msgs iter.Seq[Message], yield func(int, SendResult) bool) {
	next, release := iter.Pull(msgs)
	defer release()
	for i := 0; ; i++ {
		// Results already done go out before the next message is pulled, so
		// a slow stream does not hold them back.
		if !r.yieldDone(false, yield) {
			return
		}
		if r.count == r.conc && !r.yieldDone(true, yield) {
			return
		}
		msg, ok := next()
		if !ok {
			break
		}
		r.window[(r.head+r.count)%r.conc] = r.start(i, msg)
		r.count++
	}
	for r.count > 0 {
		if !r.yieldDone(true, yield) {
			return
		}
	}
}

// yieldDone yields the window's head while it is done; with wait, it first
// waits for the head. It reports false once the caller stopped the loop.
func (r *eachRun) yieldDone(wait bool, yield func(int, SendResult) bool) bool {
	for r.count > 0 {
		head := r.window[r.head]
		if wait {
			<-head.done
			wait = false
		} else {
			select {
			case <-head.done:
			default:
				return true
			}
		}
		r.window[r.head] = nil
		r.head = (r.head + 1) % r.conc
		r.count--
		if !yield(head.index, head.res) {
			return false
		}
	}
	return true
}

// start validates msg and, unless the run has stopped, sends it on its own
// goroutine.
func (r *eachRun) start(i int, msg Message) *eachSlot {
	slot := &eachSlot{index: i, done: make(chan struct{})}
	body, err := r.c.encode(msg)
	switch {
	case err != nil:
		slot.res = SendResult{Outcome: OutcomeInvalid, Err: err}
	case r.stopCtx.Err() != nil:
		slot.res = r.notSent(nil)
	default:
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer close(slot.done)
			slot.res = r.send(body)
		}()
		return slot
	}
	close(slot.done)
	return slot
}

// notSent is the result of a message the run did not send: err when it is
// the reason, else the run's stop cause.
func (r *eachRun) notSent(err error) SendResult {
	if err == nil {
		err = context.Cause(r.stopCtx)
	}
	return SendResult{Outcome: OutcomeNotSent, Err: &notSentError{err}}
}

// notSentError says a message was not sent, and why; it unwraps to the
// cause, such as the run's 401 *APIError or context.Canceled.
type notSentError struct{ cause error }

func (e *notSentError) Error() string {
	return "messages: not sent: " + strings.TrimPrefix(e.cause.Error(), "messages: ")
}

func (e *notSentError) Unwrap() error { return e.cause }

// send takes a turn from the limiter while the run may still stop, then
// sends body on sendCtx so that a stop lets it finish.
func (r *eachRun) send(body []byte) SendResult {
	p := &sendProbe{}
	if r.c.limiter != nil {
		if err := waitTurn(r.stopCtx, r.c.limiter); err != nil {
			if r.stopCtx.Err() != nil {
				return r.notSent(nil)
			}
			return r.notSent(err)
		}
		p.turnTaken = true
	}
	if r.stopCtx.Err() != nil {
		return r.notSent(nil)
	}
	res, err := r.c.post(context.WithValue(r.sendCtx, sendProbeKey{}, p), r.c.sendURL, body)
	out := classify(res, err, p)
	if out.Outcome == OutcomeRefused && stopsRun(err) {
		r.stop(err)
	}
	return out
}

// classify turns what post returned into a result.
func classify(res *Response, err error, p *sendProbe) SendResult {
	var apiErr *APIError
	switch {
	case err == nil:
		return SendResult{Outcome: OutcomeSent, Response: res}
	case p.lost || errors.Is(err, ErrMalformedResponse):
		return SendResult{Outcome: OutcomeUnknown, Err: err}
	case errors.As(err, &apiErr):
		return SendResult{Outcome: OutcomeRefused, Err: err}
	}
	return SendResult{Outcome: OutcomeNotSent, Err: &notSentError{err}}
}

// stopsRun reports the answers that would refuse every message after
// them: bad credentials or an application not allowed to send.
func stopsRun(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden)
}

// sendProbe rides in a SendEach send's context to Client.do: the run took
// the first turn from the limiter itself, and do notes an attempt that went
// out without an answer, after which it sends the message no more.
type sendProbe struct {
	turnTaken bool
	lost      bool
}

type sendProbeKey struct{}

// probeOf is the context's sendProbe, or nil outside SendEach.
func probeOf(ctx context.Context) *sendProbe {
	p, _ := ctx.Value(sendProbeKey{}).(*sendProbe)
	return p
}

// needsTurn reports whether attempt n waits for the limiter: all do but a
// SendEach send's first, whose turn the run already took.
func (p *sendProbe) needsTurn(n int) bool {
	return p == nil || n > 1 || !p.turnTaken
}

// noteFailure records an attempt whose request failed after it may have
// gone out: anything but a connection that was never made.
func (p *sendProbe) noteFailure(err error) {
	if p != nil && !neverSent(err) {
		p.lost = true
	}
}

// mayRetry reports whether do may try again: not after an attempt that may
// have sent the message, within a SendEach run.
func (p *sendProbe) mayRetry() bool {
	return p == nil || !p.lost
}
