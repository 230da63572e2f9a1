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
	t.Setenv("PAGE_ID", "")
	t.Setenv("USER_ID", "")
	srv := messagestest.NewServer()
	defer srv.Close()
	require.NoError(t, send(context.Background(), srv.Client()))

	var got []messages.Media
	for _, r := range srv.Requests() {
		assert.Equal(t, 202, r.Status)
		assert.Equal(t, messages.ChannelMessenger, r.Channel)
		assert.Equal(t, "1234567890", r.From)
		assert.Equal(t, "9876543210", r.To)
		got = append(got, r.Media()...)
	}
	assert.Equal(t, []messages.Media{
		{Type: "image", URL: "https://example.com/parcel.jpg"},
		{Type: "audio", URL: "https://example.com/welcome.mp3"},
		{Type: "video", URL: "https://example.com/unboxing.mp4"},
		{Type: "file", URL: "https://example.com/invoice.pdf"},
	}, got)
}

func TestRunsOnTheFakeWithoutCredentials(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	require.NoError(t, run())
}
