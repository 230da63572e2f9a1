package messagestest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// TestMMSAttachmentsAreRecordedAndPlayed sends an MMS of several
// attachments through the SDK: the fake records every attachment and posts
// its signed receipts as for any MMS (submitted, delivered, never read).
func TestMMSAttachmentsAreRecordedAndPlayed(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	res, err := srv.Client().Send(context.Background(), messages.MMS{From: "12345", To: "+1 201 555 0100", ClientRef: "mms-7", Content: messages.Attachments{
		messages.Image{URL: "https://example.com/front.jpg", Caption: "front"},
		messages.VCard{URL: "https://example.com/us.vcf"},
		&messages.File{URL: "https://example.com/terms.pdf", Caption: "terms"},
	}})
	require.NoError(t, err)

	r := srv.Requests()[0]
	assert.Equal(t, 202, r.Status)
	assert.Equal(t, messages.ChannelMMS, r.Channel)
	assert.Equal(t, "content", r.MessageType)
	assert.Equal(t, "12015550100", r.To)
	assert.Equal(t, "https://example.com/front.jpg", r.MediaURL)
	assert.Equal(t, []messages.Media{
		{Type: "image", URL: "https://example.com/front.jpg", Caption: "front"},
		{Type: "vcard", URL: "https://example.com/us.vcf"},
		{Type: "file", URL: "https://example.com/terms.pdf", Caption: "terms"},
	}, r.Media())

	st, err := srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusDelivered)
	require.NoError(t, err)
	assert.Equal(t, messages.ChannelMMS, st.Channel)
	assert.Equal(t, "mms-7", st.ClientRef)
	_, err = srv.WaitStatus(waitCtx(t), res.MessageUUID, messages.StatusRead)
	require.EqualError(t, err, "messagestest: message "+res.MessageUUID+" will never be read: its statuses ended with submitted, delivered")
	rcv.mu.Lock()
	got := rcv.statusesOf(res.MessageUUID)
	rcv.mu.Unlock()
	assert.Equal(t, []messages.MessageStatus{"submitted", "delivered"}, got)
}
