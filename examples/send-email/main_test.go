package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestSend(t *testing.T) {
	t.Setenv("FROM_EMAIL", "")
	t.Setenv("TO_EMAIL", "jane@example.com")
	srv := messagestest.NewServer()
	defer srv.Close()
	require.NoError(t, send(context.Background(), srv.Client()))

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, 202, r.Status)
	assert.Equal(t, messages.ChannelEmail, r.Channel)
	assert.Equal(t, "content", r.MessageType)
	assert.Equal(t, "no-reply@yourdomain.com", r.From)
	assert.Equal(t, "jane@example.com", r.To)
	assert.Equal(t, "Your order has shipped", r.Subject())
	assert.Equal(t, "Your order #1234 has shipped. It arrives on Friday.", r.Text)
	assert.Equal(t, "send-email-example", r.ClientRef)

	// The HTML part, the sender's name and the copy went too.
	var body struct {
		Content []struct{ Type, Text, Body string } `json:"content"`
		Email   struct {
			FromName   string `json:"from_name"`
			Importance string `json:"importance"`
			CC         []struct{ Address, Name string }
		} `json:"email"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &body))
	require.Len(t, body.Content, 2)
	assert.Equal(t, "html", body.Content[1].Type)
	assert.Equal(t, "<p>Your order <b>#1234</b> has shipped. It arrives on <b>Friday</b>.</p>", body.Content[1].Body)
	assert.Equal(t, "Acme Orders", body.Email.FromName)
	assert.Equal(t, "Normal", body.Email.Importance)
	assert.Equal(t, []struct{ Address, Name string }{{"orders@example.com", "Acme Orders"}}, body.Email.CC)
}

func TestRunsOnTheFakeWithoutCredentials(t *testing.T) {
	t.Setenv("VONAGE_APPLICATION_ID", "")
	t.Setenv("NEXMO_APPLICATION_ID", "")
	require.NoError(t, run())
}

func TestSendExplainsAValidationError(t *testing.T) {
	t.Setenv("TO_EMAIL", "Jane <jane@example.com>")
	srv := messagestest.NewServer()
	defer srv.Close()
	err := send(context.Background(), srv.Client())
	require.EqualError(t, err, `fix the message: messages: email: to: not an email address: "Jane <jane@example.com>"`)
	assert.Empty(t, srv.Requests(), "nothing is sent")
}

func TestSendExplainsAnAPIError(t *testing.T) {
	srv := messagestest.NewServer()
	defer srv.Close()
	srv.FailNext(401, 0)
	err := send(context.Background(), srv.Client())
	require.Error(t, err)
	assert.Regexp(t, `^the API refused it \(401, request [0-9a-f-]{36}\): `, err.Error())
}
