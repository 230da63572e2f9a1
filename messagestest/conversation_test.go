package messagestest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// bot is a webhook receiver that answers each inbound message in the
// thread through the fake: it marks it read, downloads its media, and
// quotes it with reply buttons, or thanks the customer for a reply.
type bot struct {
	mu     sync.Mutex
	client *messages.Client
	media  [][]byte
	sent   []string // UUIDs of the answers
}

func (b *bot) onInbound(ctx context.Context, in *messages.Inbound) error {
	b.mu.Lock()
	c := b.client
	b.mu.Unlock()
	if err := c.MarkRead(ctx, in.MessageUUID, in.Region()); err != nil {
		return err
	}
	var msg messages.Message
	var err error
	switch {
	case in.Media != nil:
		f, err := c.DownloadMedia(ctx, in.Media.URL)
		if err != nil {
			return err
		}
		defer f.Body.Close()
		data, err := io.ReadAll(f.Body)
		if err != nil {
			return err
		}
		b.mu.Lock()
		b.media = append(b.media, data)
		b.mu.Unlock()
		msg, err = in.Quote(messages.Text("Got your " + f.ContentType + " " + f.Name))
		if err != nil {
			return err
		}
	case in.Reply != nil:
		msg, err = in.Answer(messages.Text("You chose " + in.Reply.Title))
	default:
		msg, err = in.Quote(messages.InteractiveButtons{Body: "Was this helpful?", Buttons: []messages.ReplyButton{{ID: "yes", Title: "Yes"}, {ID: "no", Title: "No"}}})
	}
	if err != nil {
		return err
	}
	res, err := c.Send(ctx, msg)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.sent = append(b.sent, res.MessageUUID)
	b.mu.Unlock()
	return nil
}

func startBot(t *testing.T, opts ...messagestest.ServerOption) (*messagestest.Server, *bot) {
	t.Helper()
	b := &bot{}
	rcv := httptest.NewServer(messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: messagestest.Secret,
		OnInbound:       b.onInbound,
		OnStatus:        func(context.Context, *messages.Status) error { return nil },
	}))
	t.Cleanup(rcv.Close)
	srv := newServer(t, append([]messagestest.ServerOption{messagestest.WithInboundURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret)}, opts...)...)
	b.mu.Lock()
	b.client = srv.Client()
	b.mu.Unlock()
	return srv, b
}

func TestConversationInThread(t *testing.T) {
	t.Parallel()
	srv, b := startBot(t, messagestest.WithStatusURL("http://127.0.0.1:1/unused"))
	ctx := context.Background()
	const customer, business = "447700900001", "447700900000"

	first, err := srv.Inbound(ctx, messagestest.InboundMessage{Channel: messages.ChannelWhatsApp, From: customer, To: business, Text: "Hi"})
	require.NoError(t, err)
	require.Len(t, b.sent, 1)
	buttons := b.sent[0]

	choice, err := srv.Choose(buttons, "yes")
	require.NoError(t, err)
	assert.Equal(t, messagestest.InboundMessage{
		Channel: messages.ChannelWhatsApp, From: customer, To: business,
		Reply:   &messages.InboundReply{ID: "yes", Title: "Yes"},
		Context: &messages.ReplyTo{MessageUUID: buttons, MessageFrom: business},
	}, choice)
	second, err := srv.Inbound(ctx, choice)
	require.NoError(t, err)

	var got []string
	for _, r := range srv.Requests() {
		switch r.Kind {
		case "update":
			got = append(got, "read "+r.MessageUUID)
		case "message":
			got = append(got, r.MessageType+" "+r.From+">"+r.To+" "+string(r.Body))
		}
	}
	assert.Equal(t, []string{
		"read " + first,
		`custom 447700900000>447700900001 {"channel":"whatsapp","message_type":"custom","to":"447700900001","from":"447700900000","custom":{"type":"interactive","interactive":{"type":"button","body":{"text":"Was this helpful?"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}},{"type":"reply","reply":{"id":"no","title":"No"}}]}}},"context":{"message_uuid":"` + first + `"}}`,
		"read " + second,
		`text 447700900000>447700900001 {"channel":"whatsapp","message_type":"text","to":"447700900001","from":"447700900000","text":"You chose Yes"}`,
	}, got)

	// The inbound webhooks carried the reply and its context.
	hook, err := srv.WaitWebhook(ctx, func(w messagestest.Webhook) bool {
		ev, err := w.Event()
		in, ok := ev.(*messages.Inbound)
		return err == nil && ok && in.Type == "reply"
	})
	require.NoError(t, err)
	ev, err := hook.Event()
	require.NoError(t, err)
	in := ev.(*messages.Inbound)
	assert.Equal(t, &messages.ReplyTo{MessageUUID: buttons, MessageFrom: business}, in.ReplyTo)
	assert.Equal(t, srv.URL+"/v1/messages/"+second, in.SelfURL)

	_, err = srv.Choose(buttons, "maybe")
	assert.EqualError(t, err, `messagestest: choose: message `+buttons+` has no reply button, list row or quick-reply button "maybe" (a copy-code button sends no answer)`)
	_, err = srv.Choose(b.sent[1], "yes")
	assert.EqualError(t, err, "messagestest: choose: message "+b.sent[1]+" is not a v1 whatsapp custom message")
	_, err = srv.Choose("nope", "yes")
	assert.EqualError(t, err, "messagestest: choose: no accepted message nope")
}

func TestChooseListRow(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	res, err := srv.Client().Send(context.Background(), messages.WhatsApp{From: "447700900000", To: "447700900001", Content: messages.InteractiveList{
		Body: "Pick a slot", Button: "Slots",
		Sections: []messages.ListSection{{Title: "Morning", Rows: []messages.ListRow{{ID: "9", Title: "9am", Description: "Select 9am"}}}, {Title: "Evening", Rows: []messages.ListRow{{ID: "18", Title: "6pm"}}}},
	}})
	require.NoError(t, err)
	msg, err := srv.Choose(res.MessageUUID, "9")
	require.NoError(t, err)
	assert.Equal(t, &messages.InboundReply{ID: "9", Title: "9am", Description: "Select 9am"}, msg.Reply)
}

func TestInboundMediaServed(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		t.Run(map[bool]string{false: "open", true: "secure"}[secure], func(t *testing.T) {
			t.Parallel()
			var opts []messagestest.ServerOption
			if secure {
				opts = append(opts, messagestest.WithSecureMedia())
			}
			srv, b := startBot(t, opts...)
			ctx := context.Background()
			photo := []byte("\x89PNG\r\n\x1a\nnot really a png")
			_, err := srv.Inbound(ctx, messagestest.InboundMessage{
				Channel: messages.ChannelWhatsApp, From: "447700900001", To: "447700900000",
				Media: &messages.Media{Type: "image", Name: "cat.png"}, MediaBody: photo,
			})
			require.NoError(t, err)
			require.Equal(t, [][]byte{photo}, b.media)

			var mediaURL string
			var gets []string
			for _, r := range srv.Requests() {
				if r.Kind == "media" {
					mediaURL = srv.URL + r.Path
					gets = append(gets, r.Method+" "+r.Header.Get("Authorization"))
				}
			}
			assert.Equal(t, []string{"GET Bearer [REDACTED]"}, gets, "the client sends its JWT to the fake's own host")
			all := srv.Requests()
			last := all[len(all)-1]
			require.Equal(t, "message", last.Kind)
			inbound := all[0].MessageUUID // the mark-read came first
			assert.JSONEq(t, `{"channel":"whatsapp","message_type":"text","to":"447700900001","from":"447700900000","text":"Got your image/png cat.png","context":{"message_uuid":"`+inbound+`"}}`, string(last.Body))

			// Without the app's JWT: 401 when secure, the bytes when open.
			resp, err := http.Get(mediaURL)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if secure {
				assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			} else {
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				assert.Equal(t, photo, body)
			}
			// Another application's JWT is refused as well.
			other := messagestest.NewServer()
			defer other.Close()
			_, err = other.Client(messages.WithBaseURL(srv.URL)).DownloadMedia(ctx, mediaURL)
			if secure {
				require.ErrorIs(t, err, messages.ErrUnauthorized)
			} else {
				require.NoError(t, err)
			}

			_, err = srv.Client().DownloadMedia(ctx, srv.URL+messagestest.MediaPath+"gone")
			require.ErrorIs(t, err, messages.ErrNotFound)
			var apiErr *messages.APIError
			require.True(t, errors.As(err, &apiErr))
			assert.Equal(t, "no media gone: it has expired or never existed", apiErr.Detail)
		})
	}
}

// TestChooseQuickReplyButton presses a template's quick-reply button and
// posts the answer: a "button" message quoting the template.
func TestChooseQuickReplyButton(t *testing.T) {
	t.Parallel()
	bodies := make(chan []byte, 4)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- b
	}))
	t.Cleanup(rcv.Close)
	srv := newServer(t, messagestest.WithInboundURL(rcv.URL))
	ctx := context.Background()
	template := messages.Custom(`{"type":"template","template":{"name":"visit","language":{"code":"en"},"components":[` +
		`{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"payload","payload":"confirm","text":"Not this one"}]},` +
		`{"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"text","payload":"confirm","text":"Nor this"},{"type":"payload","payload":"confirm","text":"Confirm"}]}]}}`)
	res, err := srv.Client().Send(ctx, messages.WhatsApp{From: "447700900000", To: "447700900001", Content: template})
	require.NoError(t, err)

	msg, err := srv.Choose(res.MessageUUID, "confirm")
	require.NoError(t, err)
	assert.Nil(t, msg.Reply)
	assert.Equal(t, &messages.InboundButton{Payload: "confirm", Text: "Confirm", Subtype: "quick_reply"}, msg.Button)

	msg.MessageUUID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	msg.Timestamp = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	_, err = srv.Inbound(ctx, msg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"channel":"whatsapp","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","from":"447700900001","to":"447700900000",`+
		`"timestamp":"2026-12-03T10:00:00.000Z","message_type":"button","button":{"payload":"confirm","text":"Confirm","subtype":"quick_reply"},`+
		`"context":{"message_uuid":"`+res.MessageUUID+`","message_from":"447700900000"},"_self":{"href":"`+srv.URL+`/v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"}}`, string(<-bodies))
}
