package messagestest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// TestEmailGetsItsReceipts sends each email content through the SDK: the
// fake accepts it, records its subject, and posts signed submitted,
// delivered and read statuses that the SDK's handler parses as email ones.
func TestEmailGetsItsReceipts(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	contents := []messages.EmailContent{
		messages.Text("Your order has shipped."),
		messages.HTML("<p>Your order has <b>shipped</b>.</p>"),
		messages.EmailParts{Text: "Your order has shipped.", HTML: "<p>Your order has <b>shipped</b>.</p>"},
	}
	for _, content := range contents {
		res, err := srv.Client().Send(context.Background(), messages.Email{
			From: "no-reply@yourdomain.com", To: "user@example.com", Subject: "Shipped", Content: content,
			FromName: "Acme", CC: []messages.EmailAddress{{Address: "orders@example.com"}}, ClientRef: "order-7",
		})
		require.NoError(t, err, "%T", content)
		rcv.waitFor(t, "the receipts of "+res.MessageUUID, func() bool { return len(rcv.statusesOf(res.MessageUUID)) == 3 })
		got := rcv.statusList(res.MessageUUID)
		for i, want := range []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered, messages.StatusRead} {
			st := got[i]
			assert.Equal(t, want, st.Status, "%T", content)
			assert.Equal(t, messages.ChannelEmail, st.Channel)
			assert.Equal(t, "user@example.com", st.To)
			assert.Equal(t, "no-reply@yourdomain.com", st.From)
			assert.Equal(t, "order-7", st.ClientRef)
		}
		assert.Equal(t, &messages.Usage{Currency: "EUR", Price: "0.0333"}, got[1].Usage)
	}
	reqs := srv.Requests()
	require.Len(t, reqs, len(contents))
	for i, typ := range []string{"text", "html", "content"} {
		r := reqs[i]
		assert.Equal(t, 202, r.Status)
		assert.Equal(t, messages.ChannelEmail, r.Channel)
		assert.Equal(t, typ, r.MessageType)
		assert.Equal(t, "Shipped", r.Subject())
	}
	assert.Equal(t, "Your order has shipped.", reqs[0].Text)
	assert.Equal(t, "Your order has shipped.", reqs[2].Text)
}

// TestEmailFailsOverToSMS plays a v1 failover whose email step is
// rejected: the SMS step follows, each status carrying the workflow.
func TestEmailFailsOverToSMS(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	srv.SetOutcome("user@example.com", messages.ChannelEmail, messagestest.Rejected)
	res, err := srv.Client().SendWithFailover(context.Background(),
		messages.Email{From: "no-reply@yourdomain.com", To: "user@example.com", Subject: "Your code", Content: messages.Text("1234")},
		messages.SMS{From: "Acme", To: messagestest.Phone, Text: "Your code is 1234"})
	require.NoError(t, err)
	require.NotEmpty(t, res.WorkflowID)
	rcv.waitFor(t, "the failover's receipts", func() bool { return len(rcv.statuses) == 3 })
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	var seq []string
	for _, st := range rcv.statuses {
		seq = append(seq, string(st.Channel)+":"+string(st.Status))
		require.NotNil(t, st.Workflow)
		assert.Equal(t, res.WorkflowID, st.Workflow.WorkflowID)
	}
	assert.Equal(t, []string{"email:rejected", "sms:submitted", "sms:delivered"}, seq)
	assert.Equal(t, "Your code", srv.Requests()[0].Subject())
	assert.Equal(t, messages.ChannelSMS, srv.Requests()[0].Failover[0].Channel)
}
