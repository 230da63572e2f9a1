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
	t.Setenv("FROM_NUMBER", "")
	t.Setenv("TO_NUMBER", "+44 7700 900000")
	srv := messagestest.NewServer()
	defer srv.Close()
	require.NoError(t, send(context.Background(), srv.Client()))

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, 202, r.Status)
	assert.Equal(t, messages.ChannelSMS, r.Channel)
	assert.Equal(t, "Acme", r.From)
	assert.Equal(t, "447700900000", r.To)
	assert.Equal(t, "Hello from the Go Messages SDK", r.Text)
	assert.Equal(t, "send-sms-example", r.ClientRef)
}

func TestRunsOnTheFakeWithoutCredentials(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	require.NoError(t, run())
}

func TestSendExplainsAnAPIError(t *testing.T) {
	srv := messagestest.NewServer()
	defer srv.Close()
	srv.FailNext(401, 0)
	err := send(context.Background(), srv.Client())
	require.Error(t, err)
	assert.Regexp(t, `^the API refused it \(401, request [0-9a-f-]{36}\): `, err.Error())
}
