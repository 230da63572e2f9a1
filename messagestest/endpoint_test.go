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

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestWithListenerServesOnTheGivenListener(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"127.0.0.1:0", "0.0.0.0:0"} {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		srv := messagestest.Track(messagestest.NewServer(messagestest.WithListener(ln)))
		if want := "http://127.0.0.1:" + strconv.Itoa(port); srv.URL != want {
			t.Errorf("%s: URL %q, want %q", addr, srv.URL, want)
		}
		if _, err := srv.Client().Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}); err != nil {
			t.Errorf("%s: send: %v", addr, err)
		}
		srv.Close()
		// Close closed the listener: the port takes no more connections.
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			c.Close()
			t.Errorf("%s: the listener is still open after Close", addr)
		}
	}
}

// postInbound calls the inbound endpoint and returns the status and body.
func postInbound(t *testing.T, srv *messagestest.Server, method, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+messagestest.InboundPath, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
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
		if status != http.StatusOK || header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &got) != nil || got.MessageUUID == "" {
			t.Fatalf("%s: %d %s", b, status, body)
		}
		uuids = append(uuids, got.MessageUUID)
	}
	if uuids[1] != messagestest.MessageUUID {
		t.Errorf("message_uuid %q, want the one given", uuids[1])
	}
	rcv.mu.Lock()
	got := append([]*messages.Inbound(nil), rcv.inbound...)
	rcv.mu.Unlock()
	if len(got) != 3 {
		t.Fatalf("%d inbound messages received, want 3", len(got))
	}
	if in := got[0]; in.MessageUUID != uuids[0] || in.Channel != messages.ChannelSMS || in.From != messagestest.Phone || in.To != messagestest.Sender || in.Text != "STOP" || !in.Timestamp.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("sms %+v", in)
	}
	if in := got[1]; in.Channel != messages.ChannelMessenger || in.Type != "image" || in.Media == nil || *in.Media != (messages.Media{Type: "image", URL: "https://example.com/i.jpg", Caption: "look"}) {
		t.Errorf("messenger %+v %+v", in, in.Media)
	}
	if in := got[2]; in.Type != "location" || in.Location == nil || *in.Location != (messages.Location{Lat: 51.5, Long: -0.12, Name: "Vonage"}) {
		t.Errorf("whatsapp %+v %+v", in, in.Location)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests recorded: the endpoint is not part of the API", n)
	}
	if w := srv.Webhooks(); len(w) != 3 || w[0].Kind != "inbound" || w[0].Status != http.StatusOK {
		t.Errorf("webhooks %+v", w)
	}
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
		{srv, http.MethodPost, `{"channel":"sms","from":"1","to":"2"}`, http.StatusBadRequest, "messagestest: inbound: set exactly one of text, media and location"},
		{noURL, http.MethodPost, sms, http.StatusConflict, "the server has no inbound URL to post to"},
		{toFailing, http.MethodPost, sms, http.StatusBadGateway, "messagestest: inbound webhook to " + failing.URL + ": receiver answered 418"},
		{disabled, http.MethodPost, sms, http.StatusNotFound, "no POST /_messagestest/inbound in the Messages API"},
	}
	for _, tt := range tests {
		status, header, body := postInbound(t, tt.srv, tt.method, tt.body)
		var p struct{ Detail string }
		if err := json.Unmarshal(body, &p); err != nil || status != tt.status || p.Detail != tt.detail {
			t.Errorf("%s %s: %d %s, want %d %q", tt.method, tt.body, status, body, tt.status, tt.detail)
		}
		if tt.status == http.StatusMethodNotAllowed && header.Get("Allow") != http.MethodPost {
			t.Errorf("405 without Allow: POST: %v", header)
		}
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.inbound) != 0 {
		t.Errorf("%d inbound messages got through", len(rcv.inbound))
	}
}
