package messagestest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// sent sends msg through a client of srv and returns what srv recorded.
func sent(t *testing.T, srv *messagestest.Server, c *messages.Client, msg messages.Message) messagestest.Request {
	t.Helper()
	_, err := c.Send(context.Background(), msg)
	require.NoError(t, err)
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	r := reqs[len(reqs)-1]
	require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
	return r
}

func TestRequestTemplate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	template := messages.WhatsApp{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Template{
		Name: "verify", Parameters: []string{"Verification", "2526", "5"}, Locale: "en_US", Policy: messages.TemplateDeterministic,
	}}
	for _, version := range []messages.APIVersion{messages.V1, messages.V0_1} {
		t.Run(string(version), func(t *testing.T) {
			r := sent(t, srv, srv.Client(messages.WithAPIVersion(version)), template)
			name, params := r.Template()
			assert.Equal(t, "verify", name)
			assert.Equal(t, []string{"Verification", "2526", "5"}, params)
			assert.Empty(t, r.Media())
		})
	}

	r := sent(t, srv, srv.Client(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"})
	name, params := r.Template()
	assert.Empty(t, name)
	assert.Nil(t, params)

	// The Developer Preview sends each parameter as {"default": "..."}.
	preview := messagestest.Request{Version: "beta", Body: []byte(`{"from":{"type":"whatsapp","number":"447700900001"},"to":{"type":"whatsapp","number":"447700900000"},` +
		`"message":{"content":{"type":"template","template":{"name":"ns:verify","parameters":[{"default":"Daisy"},{"default":"12345"}]}}}}`)}
	name, params = preview.Template()
	assert.Equal(t, "ns:verify", name)
	assert.Equal(t, []string{"Daisy", "12345"}, params)
}

func TestRequestMedia(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	v1, v01 := srv.Client(), srv.Client(messages.WithAPIVersion(messages.V0_1))
	tests := []struct {
		name string
		c    *messages.Client
		msg  messages.Message
		want []messages.Media
	}{
		{"v1 whatsapp image", v1, messages.WhatsApp{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Image{URL: "https://example.com/i.jpg", Caption: "look"}},
			[]messages.Media{{Type: "image", URL: "https://example.com/i.jpg", Caption: "look"}}},
		{"v1 whatsapp file", v1, messages.WhatsApp{From: messagestest.Sender, To: messagestest.Phone, Content: messages.File{URL: "https://example.com/f", Caption: "the invoice", Name: "invoice.pdf"}},
			[]messages.Media{{Type: "file", URL: "https://example.com/f", Caption: "the invoice", Name: "invoice.pdf"}}},
		{"v1 whatsapp sticker", v1, messages.WhatsApp{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Sticker{URL: "https://example.com/s.webp"}},
			[]messages.Media{{Type: "sticker", URL: "https://example.com/s.webp"}}},
		{"v1 whatsapp sticker by id", v1, messages.WhatsApp{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Sticker{ID: "aabb7a31-1d1f-4755-a574-2971d831cd5b"}},
			[]messages.Media{{Type: "sticker"}}},
		{"v1 viber video", v1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Video{URL: "https://example.com/v.mp4", Caption: "trailer", ThumbURL: "https://example.com/t.jpg", Duration: 30 * time.Second, FileSize: 5}},
			[]messages.Media{{Type: "video", URL: "https://example.com/v.mp4", Caption: "trailer"}}},
		{"v1 messenger audio", v1, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Audio{URL: "https://example.com/a.mp3"}},
			[]messages.Media{{Type: "audio", URL: "https://example.com/a.mp3"}}},
		{"v1 mms vcard", v1, messages.MMS{From: messagestest.Sender, To: messagestest.Phone, Content: messages.VCard{URL: "https://example.com/c.vcf", Caption: "my card"}},
			[]messages.Media{{Type: "vcard", URL: "https://example.com/c.vcf", Caption: "my card"}}},
		{"v0.1 mms image", v01, messages.MMS{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Image{URL: "https://example.com/i.jpg", Caption: "look"}},
			[]messages.Media{{Type: "image", URL: "https://example.com/i.jpg", Caption: "look"}}},
		{"v0.1 messenger video", v01, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Video{URL: "https://example.com/v.mp4"}},
			[]messages.Media{{Type: "video", URL: "https://example.com/v.mp4"}}},
		{"text", v1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sent(t, srv, tt.c, tt.msg)
			assert.Equal(t, tt.want, r.Media())
		})
	}
}

func TestRequestMediaOfAnMMSWithSeveralAttachments(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tok, err := srv.Client().Token()
	require.NoError(t, err)
	body := `{"channel":"mms","message_type":"content","to":"447700900000","from":"447700900001","content":[` +
		`{"type":"image","url":"https://example.com/i.jpg","caption":"front"},{"type":"vcard","url":"https://example.com/c.vcf"}]}`
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/messages", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusAccepted, resp.StatusCode)

	assert.Equal(t, []messages.Media{
		{Type: "image", URL: "https://example.com/i.jpg", Caption: "front"},
		{Type: "vcard", URL: "https://example.com/c.vcf"},
	}, srv.Requests()[0].Media())
}

func TestRequestAccessorsReadFailoverSteps(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	_, err := srv.Client().SendWithFailover(context.Background(),
		messages.WhatsApp{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Template{Name: "parcel", Parameters: []string{"today"}, Locale: "en_GB"}},
		messages.MMS{From: messagestest.Sender, To: messagestest.Phone, Content: messages.Image{URL: "https://example.com/p.jpg", Caption: "your parcel"}},
	)
	require.NoError(t, err)
	r := srv.Requests()[0]
	name, params := r.Template()
	assert.Equal(t, "parcel", name)
	assert.Equal(t, []string{"today"}, params)
	require.Len(t, r.Failover, 1)
	assert.Equal(t, []messages.Media{{Type: "image", URL: "https://example.com/p.jpg", Caption: "your parcel"}}, r.Failover[0].Media())

	_, err = srv.Client(messages.WithAPIVersion(messages.V0_1)).SendWithFailover(context.Background(),
		messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Image{URL: "https://example.com/m.jpg"}},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	)
	require.NoError(t, err)
	d := srv.Requests()[1]
	require.Equal(t, "dispatch", d.Kind)
	require.Len(t, d.Failover, 1)
	assert.Equal(t, "hi", d.Failover[0].Text)
	assert.Empty(t, d.Failover[0].Media())
	// A Dispatch request reads as its first step, workflow[0].
	assert.Equal(t, []messages.Media{{Type: "image", URL: "https://example.com/m.jpg"}}, d.Media())
}

func TestRequestSubject(t *testing.T) {
	t.Parallel()
	email := messagestest.Request{Version: "v1", Body: []byte(`{"channel":"email","message_type":"content","to":"jane@example.com","from":"shop@example.com",` +
		`"content":[{"type":"text","text":"Your order has shipped"},{"type":"html","body":"<p>Your order has shipped</p>"}],` +
		`"email":{"subject":"Order 1234","to_name":"Jane"}}`)}
	assert.Equal(t, "Order 1234", email.Subject())
	assert.Empty(t, email.Media(), "an email's text and HTML parts are not attachments")

	srv := newServer(t)
	r := sent(t, srv, srv.Client(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"})
	assert.Empty(t, r.Subject())
}

func TestRequestAccessorsOnBrokenBodies(t *testing.T) {
	t.Parallel()
	for _, body := range []string{``, `not json`, `[1,2]`, `{"message":"text"}`, `{"message_type":"image","image":"https://example.com/i.jpg"}`} {
		r := messagestest.Request{Version: "v1", Body: []byte(body)}
		name, params := r.Template()
		assert.Empty(t, name, body)
		assert.Nil(t, params, body)
		assert.Nil(t, r.Media(), body)
		assert.Empty(t, r.Subject(), body)
	}
	// A field of the wrong type leaves the others readable.
	r := messagestest.Request{Version: "v1", Body: []byte(`{"message_type":"image","image":{"url":"https://example.com/i.jpg","caption":7},"email":{"subject":"s"}}`)}
	assert.Equal(t, []messages.Media{{Type: "image", URL: "https://example.com/i.jpg"}}, r.Media())
	assert.Equal(t, "s", r.Subject())
}
