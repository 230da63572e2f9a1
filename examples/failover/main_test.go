package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestSendFailsOverWhenViberRejects(t *testing.T) {
	for _, name := range []string{"VIBER_SERVICE_ID", "FROM_NUMBER", "TO_NUMBER"} {
		t.Setenv(name, "")
	}
	srv := messagestest.NewServer()
	defer srv.Close()
	srv.SetOutcome("447700900000", messages.ChannelViber, messagestest.Rejected)
	require.NoError(t, send(context.Background(), srv.Client()))

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, messages.ChannelViber, r.Channel)
	require.Len(t, r.Failover, 1)
	assert.Equal(t, messages.ChannelSMS, r.Failover[0].Channel)
	assert.Equal(t, "447700900001", r.Failover[0].From)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := srv.WaitStatus(ctx, r.MessageUUID, messages.StatusRejected)
	require.NoError(t, err)
}

func TestRunsOnTheFakeWithoutCredentials(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	require.NoError(t, run())
}
