package messagestest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// waitCtx bounds a wait that must succeed: generous, so that a loaded
// machine never fails the test, and a broken wait still ends it.
func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestWaitStatusNeedsNoStatusURL(t *testing.T) {
	t.Parallel()
	srv := newServer(t) // no status URL: nothing is posted
	res, err := srv.Client().Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi", ClientRef: "ref-7"})
	require.NoError(t, err)

	st, err := srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusDelivered)
	require.NoError(t, err)
	assert.Equal(t, res.MessageUUID, st.MessageUUID)
	assert.Equal(t, messages.StatusDelivered, st.Status)
	assert.Equal(t, messages.ChannelSMS, st.Channel)
	assert.Equal(t, "ref-7", st.ClientRef)
	require.NotNil(t, st.Usage)
	assert.Equal(t, "0.0333", st.Usage.Price)

	// An SMS is never read: the wait says so at once, whatever ctx allows.
	_, err = srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusRead)
	require.EqualError(t, err, "messagestest: message "+res.MessageUUID+" will never be read: its statuses ended with submitted, delivered")
	assert.Empty(t, srv.Webhooks())
}

func TestWaitStatusReturnsOnceTheReceiverHasAnswered(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	res, err := srv.Client().Send(context.Background(), messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")})
	require.NoError(t, err)

	st, err := srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusRead)
	require.NoError(t, err)
	assert.Equal(t, messages.StatusRead, st.Status)
	assert.Equal(t, messages.ChannelViber, st.Channel)
	// No waiting on the receiver: its handler ran before WaitStatus returned.
	rcv.mu.Lock()
	got := rcv.statusesOf(res.MessageUUID)
	rcv.mu.Unlock()
	assert.Equal(t, []messages.MessageStatus{"submitted", "delivered", "read"}, got)
}

func TestWaitStatusParsesV01Statuses(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetOutcome(messagestest.UserPSID, messages.ChannelMessenger, messagestest.Rejected)
	c := srv.Client(messages.WithAPIVersion(messages.V0_1))
	res, err := c.Send(context.Background(), messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Text("hi")})
	require.NoError(t, err)

	st, err := srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusRejected)
	require.NoError(t, err)
	assert.Equal(t, messages.ChannelMessenger, st.Channel)
	assert.Equal(t, messagestest.UserPSID, st.To)
	require.NotNil(t, st.Error)
	assert.Equal(t, 1300, st.Error.Code)
}

func TestWaitStatusEndsWithItsContext(t *testing.T) {
	t.Parallel()
	srv := newServer(t)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := srv.WaitStatus(ctx, messagestest.MessageUUID, messages.StatusDelivered)
	require.EqualError(t, err, "messagestest: waiting for message "+messagestest.MessageUUID+" to be delivered: nothing played yet: context canceled")
	assert.ErrorIs(t, err, context.Canceled)

	// A deadline that passes while waiting: nothing is ever played for an
	// unknown message, however slow the machine.
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = srv.WaitStatus(ctx, messagestest.MessageUUID, messages.StatusDelivered)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// A message stuck at submitted names what it played.
	srv.SetOutcome(messagestest.Phone, messages.ChannelViber, messagestest.NeverDelivered)
	res, err := srv.Client().Send(context.Background(), messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")})
	require.NoError(t, err)
	_, err = srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusSubmitted)
	require.NoError(t, err)
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	_, err = srv.WaitStatus(ctx, res.MessageUUID, messages.StatusDelivered)
	// NeverDelivered ends at submitted, so the wait knows it is over.
	require.EqualError(t, err, "messagestest: message "+res.MessageUUID+" will never be delivered: its statuses ended with submitted")

	// A nil context is refused, not a panic.
	//lint:ignore SA1012 the refusal of a nil context is what is tested
	_, err = srv.WaitStatus(nil, messagestest.MessageUUID, messages.StatusDelivered)
	require.EqualError(t, err, "messagestest: waiting for message "+messagestest.MessageUUID+" to be delivered: nothing played yet: nil context")
}

func TestWaitStatusWakesWhenTheStatusIsPlayed(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	blocking := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer blocking.Close()
	srv := newServer(t, messagestest.WithStatusURL(blocking.URL))
	defer close(release) // before srv.Close, which waits for the delivery in flight
	res, err := srv.Client().Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"})
	require.NoError(t, err)

	// The receiver holds the first status: nothing is played yet.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = srv.WaitStatus(ctx, res.MessageUUID, messages.StatusSubmitted)
	require.EqualError(t, err, "messagestest: waiting for message "+res.MessageUUID+" to be submitted: nothing played yet: context deadline exceeded")

	done := make(chan error, 1)
	go func() {
		_, err := srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusDelivered)
		done <- err
	}()
	release <- struct{}{} // submitted
	release <- struct{}{} // delivered
	require.NoError(t, <-done)
}

func TestCloseEndsAPendingWait(t *testing.T) {
	t.Parallel()
	srv := messagestest.NewServer()
	done := make(chan error, 1)
	go func() {
		_, err := srv.WaitStatus(context.Background(), messagestest.MessageUUID, messages.StatusDelivered)
		done <- err
	}()
	srv.Close()
	require.EqualError(t, <-done, "messagestest: waiting for message "+messagestest.MessageUUID+" to be delivered: nothing played yet: the server closed")

	_, err := srv.WaitWebhook(context.Background(), nil)
	require.EqualError(t, err, "messagestest: waiting for a webhook: 0 posted, none matched: the server closed")
}

// inboundText matches inbound webhooks whose text is text.
func inboundText(text string) func(messagestest.Webhook) bool {
	return func(w messagestest.Webhook) bool {
		ev, err := w.Event()
		in, ok := ev.(*messages.Inbound)
		return err == nil && ok && in.Text == text
	}
}

func TestWaitWebhook(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithInboundURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	ctx := context.Background()
	inbound := func(text string) string {
		t.Helper()
		uuid, err := srv.Inbound(ctx, messagestest.InboundMessage{Channel: messages.ChannelSMS, From: messagestest.Phone, To: messagestest.Sender, Text: text})
		require.NoError(t, err)
		return uuid
	}

	// A wait that starts first is woken by the webhook it waits for, and
	// passes over the others.
	got := make(chan messagestest.Webhook, 1)
	go func() {
		w, err := srv.WaitWebhook(waitCtx(t), inboundText("STOP"))
		assert.NoError(t, err)
		got <- w
	}()
	inbound("hi")
	stop := inbound("STOP")
	w := <-got
	assert.Equal(t, "inbound", w.Kind)
	assert.Equal(t, http.StatusOK, w.Status)
	ev, err := w.Event()
	require.NoError(t, err)
	assert.Equal(t, stop, ev.(*messages.Inbound).MessageUUID)

	// Webhooks posted before the wait count too; nil takes the first.
	w, err = srv.WaitWebhook(waitCtx(t), nil)
	require.NoError(t, err)
	ev, err = w.Event()
	require.NoError(t, err)
	assert.Equal(t, "hi", ev.(*messages.Inbound).Text)

	// The returned body is a copy.
	w.Body[0] = 'X'
	assert.Equal(t, byte('{'), srv.Webhooks()[0].Body[0])

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = srv.WaitWebhook(short, inboundText("never"))
	require.EqualError(t, err, "messagestest: waiting for a webhook: 2 posted, none matched: context deadline exceeded")
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// After Reset, the webhooks before it are gone for new waits too.
	srv.Reset()
	cancelled, cancel2 := context.WithCancel(ctx)
	cancel2()
	_, err = srv.WaitWebhook(cancelled, nil)
	require.EqualError(t, err, "messagestest: waiting for a webhook: 0 posted, none matched: context canceled")
	inbound("again")
	w, err = srv.WaitWebhook(waitCtx(t), nil)
	require.NoError(t, err)
	ev, err = w.Event()
	require.NoError(t, err)
	assert.Equal(t, "again", ev.(*messages.Inbound).Text)
}

func TestWaitWebhookFindsAFailoverStep(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	srv.SetOutcome(messagestest.Phone, messages.ChannelViber, messagestest.Rejected)
	res, err := srv.Client().SendWithFailover(context.Background(),
		messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	)
	require.NoError(t, err)

	// The SMS step's UUID is not in the reply: find its receipt by workflow.
	w, err := srv.WaitWebhook(waitCtx(t), func(w messagestest.Webhook) bool {
		ev, _ := w.Event()
		st, ok := ev.(*messages.Status)
		return ok && st.Workflow != nil && st.Workflow.WorkflowID == res.WorkflowID &&
			st.Workflow.ItemNumber == 2 && st.Status == messages.StatusDelivered
	})
	require.NoError(t, err)
	ev, err := w.Event()
	require.NoError(t, err)
	st := ev.(*messages.Status)
	assert.Equal(t, messages.ChannelSMS, st.Channel)
	assert.NotEqual(t, res.MessageUUID, st.MessageUUID)

	// And WaitStatus knows the step by that UUID.
	again, err := srv.WaitStatus(waitCtx(t), st.MessageUUID, messages.StatusDelivered)
	require.NoError(t, err)
	assert.Equal(t, st.MessageUUID, again.MessageUUID)
	first, err := srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusRejected)
	require.NoError(t, err)
	require.NotNil(t, first.Error)
	assert.Equal(t, 1300, first.Error.Code)
}
