package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestSend(t *testing.T) {
	t.Setenv("VIBER_SERVICE_ID", "")
	t.Setenv("TO_NUMBER", "")
	srv := messagestest.NewServer()
	defer srv.Close()
	require.NoError(t, send(context.Background(), srv.Client()))

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, 202, r.Status)
		assert.Equal(t, messages.ChannelViber, r.Channel)
		assert.Equal(t, "654321", r.From)
		assert.Equal(t, "447700900000", r.To)
	}
	assert.Equal(t, "Your order has shipped", reqs[0].Text)
	assert.Equal(t, []messages.Media{{Type: "image", URL: "https://example.com/sale.jpg", Caption: "Spring sale: 20% off"}}, reqs[1].Media())
}

func TestRunsOnTheFakeWithoutCredentials(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	require.NoError(t, run())
}
