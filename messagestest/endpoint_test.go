package messagestest_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestWithListenerServesOnTheGivenListener(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"127.0.0.1:0", "0.0.0.0:0"} {
		ln, err := net.Listen("tcp", addr)
		require.NoError(t, err)
		port := ln.Addr().(*net.TCPAddr).Port
		srv := messagestest.Track(messagestest.NewServer(messagestest.WithListener(ln)))
		assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(port), srv.URL, "%s: URL", addr)
		_, err = srv.Client().Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"})
		assert.NoError(t, err, "%s: send", addr)
		srv.Close()
		// Close closed the listener: the port takes no more connections.
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			c.Close()
		}
		assert.Error(t, err, "%s: the listener is still open after Close", addr)
	}
}

// postInbound calls the inbound endpoint and returns the status and body.
func postInbound(t *testing.T, srv *messagestest.Server, method, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+messagestest.InboundPath, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

func TestInboundEndpointPostsSignedInboundMessages(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithInboundURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithInboundEndpoint())
	bodies := []string{
		`{"channel":"sms","from":"` + messagestest.Phone + `","to":"` + messagestest.Sender + `","text":"STOP","timestamp":"2026-01-02T03:04:05Z"}`,
		`{"channel":"messenger","from":"` + messagestest.UserPSID + `","to":"` + messagestest.PageID + `","media":{"type":"image","url":"https://example.com/i.jpg","caption":"look"},"webhook_version":"v0.1","message_uuid":"` + messagestest.MessageUUID + `"}`,
		`{"channel":"whatsapp","from":"447700900000","to":"447700900001","location":{"lat":51.5,"long":-0.12,"name":"Vonage"}}`,
	}
	var uuids []string
	for _, b := range bodies {
		status, header, body := postInbound(t, srv, http.MethodPost, b)
		var got struct {
			MessageUUID string `json:"message_uuid"`
		}
		require.Equal(t, http.StatusOK, status, "%s: %s", b, body)
		require.Equal(t, "application/json", header.Get("Content-Type"), "%s: %s", b, body)
		require.NoError(t, json.Unmarshal(body, &got), "%s: %s", b, body)
		require.NotEmpty(t, got.MessageUUID, "%s: %s", b, body)
		uuids = append(uuids, got.MessageUUID)
	}
	assert.Equal(t, messagestest.MessageUUID, uuids[1], "message_uuid: want the one given")
	rcv.mu.Lock()
	got := append([]*messages.Inbound(nil), rcv.inbound...)
	rcv.mu.Unlock()
	require.Len(t, got, 3, "inbound messages received")
	in := got[0]
	assert.Equal(t, uuids[0], in.MessageUUID, "sms")
	assert.Equal(t, messages.ChannelSMS, in.Channel, "sms")
	assert.Equal(t, messagestest.Phone, in.From, "sms")
	assert.Equal(t, messagestest.Sender, in.To, "sms")
	assert.Equal(t, "STOP", in.Text, "sms")
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	assert.True(t, in.Timestamp.Equal(stamp), "sms: timestamp %s, want %s", in.Timestamp, stamp)
	in = got[1]
	assert.Equal(t, messages.ChannelMessenger, in.Channel, "messenger")
	assert.Equal(t, "image", in.Type, "messenger")
	assert.Equal(t, &messages.Media{Type: "image", URL: "https://example.com/i.jpg", Caption: "look"}, in.Media, "messenger")
	in = got[2]
	assert.Equal(t, "location", in.Type, "whatsapp")
	assert.Equal(t, &messages.Location{Lat: 51.5, Long: -0.12, Name: "Vonage"}, in.Location, "whatsapp")
	assert.Empty(t, srv.Requests(), "requests recorded: the endpoint is not part of the API")
	w := srv.Webhooks()
	require.Len(t, w, 3, "webhooks")
	assert.Equal(t, "inbound", w[0].Kind, "webhooks")
	assert.Equal(t, http.StatusOK, w[0].Status, "webhooks")
}

func TestInboundEndpointRefusals(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithInboundURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithInboundEndpoint())
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	defer failing.Close()
	toFailing := newServer(t, messagestest.WithInboundURL(failing.URL), messagestest.WithInboundEndpoint())
	noURL := newServer(t, messagestest.WithInboundEndpoint())
	disabled := newServer(t, messagestest.WithInboundURL(rcv.URL))
	const sms = `{"channel":"sms","from":"447700900000","to":"447700900001","text":"hi"}`
	tests := []struct {
		srv          *messagestest.Server
		method, body string
		status       int
		detail       string
	}{
		{srv, http.MethodGet, "", http.StatusMethodNotAllowed, "use POST"},
		{srv, http.MethodPost, `{"channel":`, http.StatusBadRequest, "the body is not an inbound message: unexpected EOF"},
		{srv, http.MethodPost, `{"channel":"sms","from":"1","to":"2","txt":"hi"}`, http.StatusBadRequest, `the body is not an inbound message: unknown field "txt"`},
		{srv, http.MethodPost, `{"from":"1","to":"2","text":"hi"}`, http.StatusBadRequest, "messagestest: inbound: channel is required"},
		{srv, http.MethodPost, `{"channel":"sms","from":"1","to":"2"}`, http.StatusBadRequest, "messagestest: inbound: set exactly one of text, media, location, reply and button"},
		{noURL, http.MethodPost, sms, http.StatusConflict, "the server has no inbound URL to post to"},
		{toFailing, http.MethodPost, sms, http.StatusBadGateway, "messagestest: inbound webhook to " + failing.URL + ": receiver answered 418"},
		{disabled, http.MethodPost, sms, http.StatusNotFound, "no POST /_messagestest/inbound in the Messages API"},
	}
	for _, tt := range tests {
		status, header, body := postInbound(t, tt.srv, tt.method, tt.body)
		var p struct{ Detail string }
		assert.NoError(t, json.Unmarshal(body, &p), "%s %s: %s", tt.method, tt.body, body)
		assert.Equal(t, tt.status, status, "%s %s: %s", tt.method, tt.body, body)
		assert.Equal(t, tt.detail, p.Detail, "%s %s", tt.method, tt.body)
		if tt.status == http.StatusMethodNotAllowed {
			assert.Equal(t, http.MethodPost, header.Get("Allow"), "405 without Allow: POST")
		}
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	assert.Empty(t, rcv.inbound, "inbound messages got through")
}
