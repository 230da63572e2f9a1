package messages

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingObserver keeps a copy of every info it is given, in order, and
// checks that each End gets the context its Start returned.
type recordingObserver struct {
	mu     sync.Mutex
	events []string
	ops    []OperationInfo
	tries  []AttemptInfo
	hooks  []WebhookInfo
}

type obsMark struct{ name string }

func (o *recordingObserver) add(ev string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.events = append(o.events, ev)
}

func (o *recordingObserver) mark(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, obsMark{name}, true)
}

func (o *recordingObserver) marked(ctx context.Context, name string) string {
	if ctx.Value(obsMark{name}) == nil {
		return " (context of " + name + " lost)"
	}
	return ""
}

func (o *recordingObserver) StartOperation(ctx context.Context, op *OperationInfo) context.Context {
	o.add("start " + string(op.Operation))
	return o.mark(ctx, "op")
}

func (o *recordingObserver) StartAttempt(ctx context.Context, op *OperationInfo, at *AttemptInfo) context.Context {
	o.add(fmt.Sprintf("start attempt %d%s", at.Number, o.marked(ctx, "op")))
	return o.mark(ctx, "attempt")
}

func (o *recordingObserver) EndAttempt(ctx context.Context, op *OperationInfo, at *AttemptInfo) {
	o.add(fmt.Sprintf("end attempt %d%s", at.Number, o.marked(ctx, "attempt")))
	o.mu.Lock()
	defer o.mu.Unlock()
	o.tries = append(o.tries, *at)
}

func (o *recordingObserver) EndOperation(ctx context.Context, op *OperationInfo) {
	o.add("end " + string(op.Operation) + o.marked(ctx, "op"))
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ops = append(o.ops, *op)
}

func (o *recordingObserver) StartWebhook(ctx context.Context, wh *WebhookInfo) context.Context {
	o.add("start webhook")
	return o.mark(ctx, "webhook")
}

func (o *recordingObserver) StartCallback(ctx context.Context, wh *WebhookInfo) context.Context {
	o.add("start callback" + o.marked(ctx, "webhook"))
	return o.mark(ctx, "callback")
}

func (o *recordingObserver) EndCallback(ctx context.Context, wh *WebhookInfo) {
	o.add("end callback" + o.marked(ctx, "callback"))
}

func (o *recordingObserver) EndWebhook(ctx context.Context, wh *WebhookInfo) {
	o.add("end webhook" + o.marked(ctx, "webhook"))
	o.mu.Lock()
	defer o.mu.Unlock()
	o.hooks = append(o.hooks, *wh)
}

func TestWithObserverRefusesNil(t *testing.T) {
	t.Parallel()
	var typedNil *recordingObserver
	for name, o := range map[string]Observer{"nil": nil, "nil pointer": typedNil} {
		_, err := NewClient(testAppID, testKeyPEM(t), WithObserver(o))
		require.ErrorIs(t, err, ErrInvalidOption, name)
		assert.EqualError(t, err, "messages: invalid option: nil observer", name)
	}
}

func TestObserverSeesRetriedSend(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	c, mt := mockClient(t, WithObserver(obs), WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	calls := 0
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages", func(r *http.Request) (*http.Response, error) {
		calls++
		if calls == 1 {
			resp := httpmock.NewStringResponse(http.StatusTooManyRequests, "")
			resp.Header.Set("X-Request-Id", "first-try")
			return resp, nil
		}
		resp := httpmock.NewBytesResponse(http.StatusAccepted, acceptedReply)
		resp.Header.Set("X-Request-Id", requestID)
		return resp, nil
	})
	_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.NoError(t, err)

	assert.Equal(t, []string{
		"start send",
		"start attempt 1", "end attempt 1",
		"start attempt 2", "end attempt 2",
		"end send",
	}, obs.events)
	require.Len(t, obs.tries, 2)
	first := obs.tries[0]
	assert.GreaterOrEqual(t, first.RetryWait, 500*time.Microsecond, "jittered backoff")
	assert.LessOrEqual(t, first.RetryWait, time.Millisecond, "jittered backoff")
	first.RetryWait = 0
	require.Error(t, first.Err)
	first.Err = nil
	assert.Equal(t, AttemptInfo{
		Number: 1, Method: "POST", ServerAddress: "api.nexmo.com", ServerPort: 443,
		StatusCode: 429, RequestID: "first-try", ErrorCategory: ErrRateLimited,
		RetryReason: RetryRateLimited,
	}, first)
	assert.Equal(t, AttemptInfo{
		Number: 2, Method: "POST", ServerAddress: "api.nexmo.com", ServerPort: 443,
		StatusCode: 202, RequestID: requestID,
	}, obs.tries[1])
	require.Len(t, obs.ops, 1)
	assert.Equal(t, OperationInfo{
		Operation: OperationSend, Channel: ChannelSMS, MessageType: "text",
		APIVersion: V1, Region: RegionGlobal, MessageUUID: quotedUUID,
		Attempts: 2, StatusCode: 202,
	}, obs.ops[0])
}

func TestObserverSeesFailedCalls(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	c, mt := mockClient(t, WithObserver(obs), WithRegion(RegionEU), WithLimiter(sleepLimiter(2*time.Millisecond)))
	mt.RegisterResponder(http.MethodPatch, `=~^https://api-eu\.vonage\.com/v1/messages/`, httpmock.NewStringResponder(http.StatusNotFound, ""))

	// Refused before any I/O: no attempt, the message's facts all the same.
	_, err := c.SendWithFailover(context.Background(), WhatsApp{From: fromNumber, To: "not a number", Content: Text("hi")}, SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.ErrorIs(t, err, ErrInvalidMessage)
	// Refused by the API.
	err = c.Revoke(context.Background(), quotedUUID, RegionEU)
	require.ErrorIs(t, err, ErrNotFound)
	// A wrong UUID is not reported: it could hold anything.
	err = c.MarkRead(context.Background(), "+447700900000", RegionEU)
	require.ErrorIs(t, err, ErrInvalidMessage)
	// A nil context is refused as before, unobserved: an observer could
	// not start a span on it.
	var nilCtx context.Context
	_, err = c.Send(nilCtx, SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.EqualError(t, err, "messages: nil context")

	require.Len(t, obs.ops, 3)
	require.Len(t, obs.tries, 1)
	assert.GreaterOrEqual(t, obs.ops[1].LimiterWait, 2*time.Millisecond, "the limiter slept at least that")
	assert.Equal(t, obs.ops[1].LimiterWait, obs.tries[0].LimiterWait)
	obs.ops[1].LimiterWait = 0
	for i := range obs.ops {
		require.Error(t, obs.ops[i].Err)
		obs.ops[i].Err = nil
	}
	assert.Equal(t, []OperationInfo{
		{
			Operation: OperationSendWithFailover, Channel: ChannelWhatsApp, MessageType: "text",
			FailoverChannels: []Channel{ChannelSMS}, APIVersion: V1, Region: RegionEU,
			ErrorCategory: ErrInvalidMessage,
		},
		{
			Operation: OperationRevoke, APIVersion: V1, Region: RegionEU, MessageUUID: quotedUUID,
			Attempts: 1, StatusCode: 404, ErrorCategory: ErrNotFound,
		},
		{Operation: OperationMarkRead, APIVersion: V1, Region: RegionEU, ErrorCategory: ErrInvalidMessage},
	}, obs.ops)
	assert.Equal(t, "api-eu.vonage.com", obs.tries[0].ServerAddress)
	assert.Equal(t, http.MethodPatch, obs.tries[0].Method)
}

// sleepLimiter is a Limiter that gives every turn after d.
type sleepLimiter time.Duration

func (d sleepLimiter) Wait(ctx context.Context) error { return sleepCtx(ctx, time.Duration(d)) }

func TestErrorCategory(t *testing.T) {
	t.Parallel()
	apiErr := &APIError{StatusCode: 503}
	for _, tc := range []struct {
		err  error
		want error
	}{
		{nil, nil},
		{errors.New("dial tcp: connection refused"), nil},
		{fmt.Errorf("messages: POST x: %w", apiErr), ErrServer},
		{&APIError{StatusCode: 422}, ErrInvalidRequest},
		{fmt.Errorf("messages: gave up: %w", context.DeadlineExceeded), context.DeadlineExceeded},
		{&ValidationError{}, ErrInvalidMessage},
		{fmt.Errorf("%w: bad", ErrSignatureExpired), ErrSignatureExpired},
		{fmt.Errorf("%w: POST x answered 302", ErrRedirect), ErrRedirect},
	} {
		assert.Equal(t, tc.want, ErrorCategory(tc.err), "%v", tc.err)
	}
}

func TestObserverSeesWebhooks(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	rec := &eventRecorder{}
	h := newWebhookHandler(rec.config(WebhookConfig{SignatureSecret: webhookSecret, Dedupe: time.Minute, Observer: obs}), webhookClock)

	assert.Equal(t, 200, postWebhook(h, "/", signedHeader(t, statusBody), statusBody).Code)
	assert.Equal(t, 200, postWebhook(h, "/", signedHeader(t, statusBody), statusBody).Code, "repeat")
	assert.Equal(t, 401, postWebhook(h, "/", signWebhook(t, []byte(statusBody), wrongSecret, webhookNow), statusBody).Code)
	assert.Equal(t, 503, postWebhook(h, "/", "", statusBody).Code)
	rec.fail = errors.New("busy")
	assert.Equal(t, 500, postWebhook(h, "/", signedHeader(t, inboundBody), inboundBody).Code)

	assert.Equal(t, []string{
		"start webhook", "start callback", "end callback", "end webhook",
		"start webhook", "end webhook",
		"start webhook", "end webhook",
		"start webhook", "end webhook",
		"start webhook", "start callback", "end callback", "end webhook",
	}, obs.events)
	require.Len(t, obs.hooks, 5)
	for i := range obs.hooks {
		obs.hooks[i].CallbackDuration = 0
	}
	assert.Equal(t, rec.fail, obs.hooks[4].CallbackErr)
	obs.hooks[4].CallbackErr = nil
	uuid := "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
	assert.Equal(t, []WebhookInfo{
		{Verification: VerificationPassed, EventKind: EventKindStatus, Channel: ChannelSMS, EventStatus: StatusDelivered, MessageUUID: uuid, Dedupe: DedupeNew, StatusCode: 200},
		{Verification: VerificationPassed, EventKind: EventKindStatus, Channel: ChannelSMS, EventStatus: StatusDelivered, MessageUUID: uuid, Dedupe: DedupeRepeatDone, StatusCode: 200},
		{Verification: VerificationRefused, VerificationError: ErrInvalidSignature, StatusCode: 401},
		{Verification: VerificationRefused, VerificationError: ErrMissingSignature, StatusCode: 503},
		{Verification: VerificationPassed, EventKind: EventKindInbound, Channel: ChannelSMS, MessageUUID: uuid, Dedupe: DedupeNew, StatusCode: 500},
	}, obs.hooks)
}

func TestWebhookObserverSkippedAndNilPointer(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	h := newWebhookHandler(WebhookConfig{InsecureSkipVerify: true, Observer: obs}, webhookClock)
	assert.Equal(t, 200, postWebhook(h, "/", "", unknownBody).Code)
	assert.Equal(t, []string{"start webhook", "end webhook"}, obs.events, "no callback set: no callback step")
	assert.Equal(t, []WebhookInfo{{Verification: VerificationSkipped, EventKind: EventKindUnknown, StatusCode: 200}}, obs.hooks)

	var typedNil *recordingObserver
	var logs strings.Builder
	h = newWebhookHandler(WebhookConfig{SignatureSecret: webhookSecret, Observer: typedNil, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, webhookClock)
	res := postWebhook(h, "/", signedHeader(t, statusBody), statusBody)
	assert.Equal(t, 500, res.Code)
	assert.Equal(t, "webhook observer misconfigured\n", res.Body.String())
	assert.Contains(t, logs.String(), "WebhookConfig.Observer is a nil pointer; answered 500")
}

func TestObserverSeesRepeatWhilePendingAndTimeout(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	entered, release := make(chan struct{}), make(chan struct{})
	h := newWebhookHandler(WebhookConfig{
		InsecureSkipVerify: true,
		Dedupe:             time.Minute,
		CallbackTimeout:    time.Minute,
		OnStatus: func(ctx context.Context, _ *Status) error {
			close(entered)
			select {
			case <-release:
			case <-time.After(time.Minute): // hang guard
			}
			return nil
		},
		OnInbound: func(ctx context.Context, _ *Inbound) error {
			<-ctx.Done() // outlives its deadline below
			return ctx.Err()
		},
		Observer: obs,
	}, webhookClock)

	first := make(chan int)
	go func() { first <- postWebhook(h, "/", "", statusBody).Code }()
	<-entered
	assert.Equal(t, 503, postWebhook(h, "/", "", statusBody).Code, "a repeat while the first is in its callback")
	close(release)
	assert.Equal(t, 200, <-first)

	h.cfg.CallbackTimeout = time.Millisecond
	assert.Equal(t, 503, postWebhook(h, "/", "", inboundBody).Code, "a callback past its deadline")

	obs.mu.Lock()
	defer obs.mu.Unlock()
	require.Len(t, obs.hooks, 3)
	assert.Equal(t, DedupeRepeatPending, obs.hooks[0].Dedupe, "the repeat ends first")
	assert.Equal(t, 503, obs.hooks[0].StatusCode)
	assert.Equal(t, DedupeNew, obs.hooks[1].Dedupe)
	assert.Equal(t, 200, obs.hooks[1].StatusCode)
	assert.NoError(t, obs.hooks[1].CallbackErr)
	assert.Equal(t, 503, obs.hooks[2].StatusCode)
	assert.ErrorIs(t, obs.hooks[2].CallbackErr, context.DeadlineExceeded)
	assert.Equal(t, context.DeadlineExceeded, obs.hooks[2].CallbackErrorCategory)
}

func TestObserverSeesDownloadMedia(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	c, _ := mediaClient(t, serveBytes("jpeg"), WithObserver(obs))
	f, err := c.DownloadMedia(context.Background(), "https://cdn.example.test/alice.jpg")
	require.NoError(t, err)
	require.NoError(t, f.Body.Close())
	_, err = c.DownloadMedia(context.Background(), "ftp://cdn.example.test/alice.jpg")
	require.Error(t, err)

	assert.Equal(t, []string{
		"start download_media", "start attempt 1", "end attempt 1", "end download_media",
		"start download_media", "end download_media", // refused before any request
	}, obs.events)
	require.Len(t, obs.tries, 1)
	assert.Equal(t, AttemptInfo{Number: 1, Method: "GET", ServerAddress: "cdn.example.test", ServerPort: 443, StatusCode: 200}, obs.tries[0])
	require.Len(t, obs.ops, 2)
	assert.Equal(t, OperationInfo{Operation: OperationDownloadMedia, APIVersion: V1, Region: RegionGlobal, Attempts: 1, StatusCode: 200}, obs.ops[0])
	assert.Equal(t, OperationDownloadMedia, obs.ops[1].Operation)
	assert.Error(t, obs.ops[1].Err, "the media URL is refused; its text stays out of the info but for Err")
}
