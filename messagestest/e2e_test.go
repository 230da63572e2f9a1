package messagestest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// receiver is a webhook endpoint built on the SDK's own handler: it checks
// each signature and parses each body, so whatever it collects was signed
// and shaped as the SDK expects.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []*messages.Status
	inbound  []*messages.Inbound
	unknown  []*messages.UnknownEvent
	changed  chan struct{}
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{changed: make(chan struct{}, 1)}
	note := func() {
		select {
		case r.changed <- struct{}{}:
		default:
		}
	}
	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: messagestest.Secret,
		OnStatus: func(_ context.Context, st *messages.Status) error {
			r.mu.Lock()
			r.statuses = append(r.statuses, st)
			r.mu.Unlock()
			note()
			return nil
		},
		OnInbound: func(_ context.Context, in *messages.Inbound) error {
			r.mu.Lock()
			r.inbound = append(r.inbound, in)
			r.mu.Unlock()
			note()
			return nil
		},
		OnUnknown: func(_ context.Context, ev *messages.UnknownEvent) error {
			r.mu.Lock()
			r.unknown = append(r.unknown, ev)
			r.mu.Unlock()
			note()
			return nil
		},
	})
	r.Server = httptest.NewServer(h)
	t.Cleanup(r.Close)
	return r
}

// eventWait bounds how long a test waits for a webhook. Webhooks arrive in
// milliseconds; the bound only ends a test whose webhook never comes, so it
// is generous enough for a loaded machine (a test that waits on purpose,
// such as a day-long expiry, waits far longer).
const eventWait = time.Minute

// waitFor waits until cond holds over the receiver's events, or fails.
func (r *receiver) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(eventWait)
	for {
		r.mu.Lock()
		ok := cond()
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			require.Fail(t, "timed out waiting for "+what)
		}
	}
}

// statusesOf returns the statuses received for uuid, in order. The caller
// holds r.mu.
func (r *receiver) statusesOf(uuid string) []messages.MessageStatus {
	var out []messages.MessageStatus
	for _, st := range r.statuses {
		if st.MessageUUID == uuid {
			out = append(out, st.Status)
		}
	}
	return out
}

func (r *receiver) statusList(uuid string) []*messages.Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*messages.Status
	for _, st := range r.statuses {
		if st.MessageUUID == uuid {
			out = append(out, st)
		}
	}
	return out
}

// newServer starts a tracked server that the test closes.
func newServer(t *testing.T, opts ...messagestest.ServerOption) *messagestest.Server {
	t.Helper()
	s := messagestest.Track(messagestest.NewServer(opts...))
	t.Cleanup(s.Close)
	return s
}

func TestSendsEveryChannelAndGetsItsReceipts(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	tests := []struct {
		version messages.APIVersion
		msg     messages.Message
		want    []messages.MessageStatus
	}{
		{messages.V1, messages.SMS{From: messagestest.Sender, To: "+44 7700 900000", Text: "Hello from Vonage!", ClientRef: "ref-1", TTL: 600 * time.Second}, []messages.MessageStatus{"submitted", "delivered"}},
		{messages.V1, messages.SMS{From: "Vonage", To: messagestest.Phone, Text: "Your code is 1234", Encoding: messages.SMSEncodingText}, []messages.MessageStatus{"submitted", "delivered"}},
		{messages.V1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi"), Category: messages.ViberPromotion, TTL: time.Hour, Action: &messages.ViberAction{URL: "https://example.com", Text: "Go"}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Image{URL: "https://example.com/i.jpg", Caption: "look"}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Video{URL: "https://example.com/v.mp4", ThumbURL: "https://example.com/t.jpg", Duration: 30 * time.Second, FileSize: 5}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.File{URL: "https://example.com/f", Name: "f.pdf"}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Text("hi"), Category: messages.MessengerMessageTag, Tag: "ACCOUNT_UPDATE"}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Audio{URL: "https://example.com/a.mp3"}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Video{URL: "https://example.com/v.mp4"}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V1, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.File{URL: "https://example.com/f.zip"}}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V0_1, messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi", ClientRef: "ref-2"}, []messages.MessageStatus{"submitted", "delivered"}},
		{messages.V0_1, messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Image{URL: "https://example.com/i.jpg"}, TTL: time.Hour}, []messages.MessageStatus{"submitted", "delivered", "read"}},
		{messages.V0_1, messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Image{URL: "https://example.com/i.jpg"}, Category: messages.MessengerUpdate}, []messages.MessageStatus{"submitted", "delivered", "read"}},
	}
	for _, tt := range tests {
		res, err := srv.Client(messages.WithAPIVersion(tt.version)).Send(context.Background(), tt.msg)
		require.NoError(t, err, "%s %T", tt.version, tt.msg)
		rcv.waitFor(t, "the receipts of "+res.MessageUUID, func() bool { return len(rcv.statusesOf(res.MessageUUID)) == len(tt.want) })
		got := rcv.statusList(res.MessageUUID)
		var seq []messages.MessageStatus
		for _, st := range got {
			seq = append(seq, st.Status)
		}
		assert.Equal(t, tt.want, seq, "%s %T: statuses", tt.version, tt.msg)
		st := got[1]
		assert.Equal(t, tt.msg.MessageChannel(), st.Channel, "%s %T: delivered status", tt.version, tt.msg)
		assert.Equal(t, &messages.Usage{Currency: "EUR", Price: "0.0333"}, st.Usage, "%s %T: delivered status", tt.version, tt.msg)
		assert.False(t, st.Timestamp.IsZero(), "%s %T: the delivered status has no timestamp", tt.version, tt.msg)
	}
	reqs := srv.Requests()
	require.Len(t, reqs, len(tests), "requests recorded")
	first := reqs[0]
	assert.Equal(t, messagestest.Phone, first.To, "first request")
	assert.Equal(t, "ref-1", first.ClientRef, "first request")
	assert.Equal(t, "Hello from Vonage!", first.Text, "first request")
	assert.Equal(t, "v1", first.Version, "first request")
	r := reqs[10]
	assert.Equal(t, "/v0.1/messages", r.Path, "v0.1 request")
	assert.Equal(t, messages.ChannelSMS, r.Channel, "v0.1 request")
	assert.Equal(t, "ref-2", r.ClientRef, "v0.1 request")
	r = reqs[11]
	assert.Equal(t, messages.ChannelViber, r.Channel, "v0.1 viber request")
	assert.Equal(t, "https://example.com/i.jpg", r.MediaURL, "v0.1 viber request")
	assert.Equal(t, "image", r.MessageType, "v0.1 viber request")
}

func TestWebhooksAreSignedAndShapedPerVersion(t *testing.T) {
	t.Parallel()
	type hit struct {
		auth string
		body []byte
	}
	hits := make(chan hit, 16)
	raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hits <- hit{r.Header.Get("Authorization"), b}
	}))
	defer raw.Close()
	srv := newServer(t, messagestest.WithStatusURL("http://127.0.0.1:1/unused"), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithBasicAuth(messagestest.APIKey, messagestest.APISecret))
	res, err := srv.Client().Send(context.Background(), messages.SMS{
		From: messagestest.Sender, To: messagestest.Phone, Text: "hi", ClientRef: "c-1", WebhookURL: raw.URL, WebhookVersion: "v0.1",
	})
	require.NoError(t, err)
	for i, want := range []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered} {
		var h hit
		select {
		case h = <-hits:
		case <-time.After(eventWait):
			require.Failf(t, "timed out", "status %d never arrived", i)
		}
		claims, err := messages.VerifySignature(h.auth, h.body, messagestest.Secret)
		require.NoError(t, err, "signature")
		assert.Equal(t, messagestest.APIKey, claims.APIKey, "claims")
		assert.Equal(t, srv.ApplicationID, claims.ApplicationID, "claims")
		assert.Equal(t, "Vonage", claims.Issuer, "claims")
		assert.NotEmpty(t, claims.JTI, "claims")
		_, err = messages.VerifySignature(h.auth, append(h.body, ' '), messagestest.Secret)
		assert.ErrorIs(t, err, messages.ErrPayloadMismatch, "a changed body verified")
		st, err := messages.ParseStatus(h.body)
		require.NoError(t, err)
		assert.Equal(t, res.MessageUUID, st.MessageUUID, "status")
		assert.Equal(t, want, st.Status, "status")
		assert.Equal(t, messages.ChannelSMS, st.Channel, "status")
		assert.Equal(t, messagestest.Phone, st.To, "status")
		assert.Equal(t, messagestest.Sender, st.From, "status")
		assert.Equal(t, "c-1", st.ClientRef, "status")
		var shape struct {
			To struct{ Type, Number string } `json:"to"`
		}
		assert.NoError(t, json.Unmarshal(h.body, &shape), "v0.1 body expected (nested to): %s", h.body)
		assert.Equal(t, "sms", shape.To.Type, "v0.1 body expected (nested to): %s", h.body)
		assert.Equal(t, messagestest.Phone, shape.To.Number, "v0.1 body expected (nested to): %s", h.body)
	}
	// The status URL was never used: webhook_url won.
	for _, w := range srv.Webhooks() {
		assert.Equal(t, raw.URL, w.URL, "webhook")
		assert.Equal(t, http.StatusOK, w.Status, "webhook")
		assert.NoError(t, w.Err, "webhook")
		assert.Equal(t, "status", w.Kind, "webhook")
	}
}

func TestV1FailoverIsPlayedWhenAStepIsRejected(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	srv.SetOutcome(messagestest.Phone, messages.ChannelViber, messagestest.Rejected)
	res, err := srv.Client().SendWithFailover(context.Background(),
		messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("Your parcel arrives today")},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "Your parcel arrives today"},
	)
	require.NoError(t, err)
	require.Len(t, res.WorkflowID, 55, "response %+v", res)
	require.NotEmpty(t, res.MessageUUID, "response %+v", res)
	rcv.waitFor(t, "the SMS step's delivery", func() bool {
		n := 0
		for _, st := range rcv.statuses {
			if st.Channel == messages.ChannelSMS && st.Status == messages.StatusDelivered {
				n++
			}
		}
		return n == 1
	})
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	require.Len(t, rcv.statuses, 3, "statuses")
	rej, sub, del := rcv.statuses[0], rcv.statuses[1], rcv.statuses[2]
	assert.Equal(t, res.MessageUUID, rej.MessageUUID, "first status")
	assert.Equal(t, messages.StatusRejected, rej.Status, "first status")
	assert.Equal(t, messages.ChannelViber, rej.Channel, "first status")
	if assert.NotNil(t, rej.Error, "rejection error") {
		assert.Equal(t, 1300, rej.Error.Code, "rejection error")
		assert.Equal(t, "Not part of the provider network", rej.Error.Detail, "rejection error")
	}
	assert.Equal(t, &messages.WorkflowInfo{WorkflowID: res.WorkflowID, ItemNumber: 1, ItemsTotal: 2}, rej.Workflow, "first workflow")
	assert.NotEqual(t, res.MessageUUID, sub.MessageUUID, "the SMS step has a message UUID of its own")
	assert.Equal(t, sub.MessageUUID, del.MessageUUID, "SMS step statuses")
	assert.Equal(t, messages.StatusSubmitted, sub.Status, "SMS step statuses")
	assert.Equal(t, messages.ChannelSMS, sub.Channel, "SMS step statuses")
	assert.Equal(t, &messages.WorkflowInfo{WorkflowID: res.WorkflowID, ItemNumber: 2, ItemsTotal: 2}, del.Workflow, "SMS workflow")
	r := srv.Requests()[0]
	assert.Equal(t, res.WorkflowID, r.WorkflowID, "recorded")
	if assert.Len(t, r.Failover, 1, "recorded") {
		assert.Equal(t, messages.ChannelSMS, r.Failover[0].Channel, "recorded")
		assert.Equal(t, "Your parcel arrives today", r.Failover[0].Text, "recorded")
	}
}

func TestV1FailoverStopsWhenTheFirstStepGoesThrough(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := messagestest.Track(messagestest.NewServer(messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret)))
	srv.SetOutcome(messagestest.Phone, messages.ChannelViber, messagestest.Undeliverable) // v1 fails over on rejected only
	res, err := srv.Client().SendWithFailover(context.Background(),
		messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	)
	require.NoError(t, err)
	rcv.waitFor(t, "undeliverable", func() bool { return len(rcv.statusesOf(res.MessageUUID)) == 2 })
	srv.Close() // the workflow has nothing left to do: Close waits for it
	assert.Len(t, srv.Webhooks(), 2, "webhooks: want the primary's 2 only")
	st := rcv.statusList(res.MessageUUID)[1]
	assert.Equal(t, messages.StatusUndeliverable, st.Status, "status")
	if assert.NotNil(t, st.Error, "status") {
		assert.Equal(t, 1310, st.Error.Code, "status")
	}
}

func TestDispatchFailsOverOnExpiryAndReportsTheWorkflow(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithTimeScale(0.001))
	srv.SetOutcome(messagestest.UserPSID, messages.ChannelMessenger, messagestest.Delivered) // delivered, never read
	c := srv.Client(messages.WithAPIVersion(messages.V0_1))
	start := time.Now()
	res, err := c.SendWithFailover(context.Background(),
		messages.Step(messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Text("hi")}, messages.FailoverWhen(messages.FailoverRead, 200*time.Second)),
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	)
	require.NoError(t, err)
	require.Empty(t, res.MessageUUID, "response %+v", res)
	require.Len(t, res.WorkflowID, 36, "response %+v", res)
	rcv.waitFor(t, "the final report", func() bool { return len(rcv.unknown) == 1 })
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond, "failed over before the scaled expiry of 200ms")
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	var seq []string
	for _, st := range rcv.statuses {
		seq = append(seq, string(st.Channel)+":"+string(st.Status))
		if assert.NotNil(t, st.Workflow, "status workflow") {
			assert.Equal(t, res.WorkflowID, st.Workflow.WorkflowID, "status workflow")
			assert.Equal(t, "/workflows/"+res.WorkflowID, st.Workflow.Href, "status workflow")
		}
	}
	assert.Equal(t, []string{"messenger:submitted", "messenger:delivered", "sms:submitted", "sms:delivered"}, seq, "statuses")
	var report struct {
		DispatchUUID string `json:"dispatch_uuid"`
		Template     string `json:"template"`
		Status       string `json:"status"`
		Usage        struct{ Price, Currency string }
		Links        struct {
			Messages []struct {
				MessageUUID string `json:"message_uuid"`
				Channel     string `json:"channel"`
				Status      string `json:"status"`
			} `json:"messages"`
		} `json:"_links"`
	}
	raw := rcv.unknown[0].Raw
	require.NoError(t, json.Unmarshal(raw, &report))
	assert.Equal(t, res.WorkflowID, report.DispatchUUID, "report %s", raw)
	assert.Equal(t, "failover", report.Template, "report %s", raw)
	assert.Equal(t, "completed", report.Status, "report %s", raw)
	assert.Equal(t, "0.0666", report.Usage.Price, "report %s", raw)
	require.Len(t, report.Links.Messages, 2, "report messages")
	assert.Equal(t, "messenger", report.Links.Messages[0].Channel, "report messages")
	assert.Equal(t, "delivered", report.Links.Messages[0].Status, "report messages")
	assert.Equal(t, "sms", report.Links.Messages[1].Channel, "report messages")
	assert.Equal(t, rcv.statuses[2].MessageUUID, report.Links.Messages[1].MessageUUID, "report messages")
}

func TestDispatchOutcomes(t *testing.T) {
	t.Parallel()
	viber := messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")}
	sms := messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}
	tests := []struct {
		name    string
		outcome messagestest.Outcome
		rule    messages.StepOption
		want    []string
		final   string
	}{
		// A day-long expiry at full time scale: the test only ends if the
		// fake moves on without waiting.
		{"rejected moves on at once", messagestest.Rejected, messages.FailoverWhen(messages.FailoverDelivered, 24*time.Hour), []string{"viber_service:rejected", "sms:submitted", "sms:delivered"}, "completed"},
		{"undeliverable moves on at once", messagestest.Undeliverable, messages.FailoverWhen(messages.FailoverRead, 24*time.Hour), []string{"viber_service:submitted", "viber_service:undeliverable", "sms:submitted", "sms:delivered"}, "completed"},
		{"read meets read", messagestest.Read, messages.FailoverWhen(messages.FailoverRead, 24*time.Hour), []string{"viber_service:submitted", "viber_service:delivered", "viber_service:read"}, "completed"},
		{"delivered meets delivered", messagestest.Delivered, nil, []string{"viber_service:submitted", "viber_service:delivered"}, "completed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rcv := newReceiver(t)
			srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
			srv.SetOutcome(messagestest.Phone, messages.ChannelViber, tt.outcome)
			srv.SetOutcome(messagestest.Phone, messages.ChannelSMS, messagestest.Delivered)
			primary := messages.Step(viber) // the default rule
			if tt.rule != nil {
				primary = messages.Step(viber, tt.rule)
			}
			res, err := srv.Client(messages.WithAPIVersion(messages.V0_1)).SendWithFailover(context.Background(), primary, sms)
			require.NoError(t, err)
			rcv.waitFor(t, "the final report", func() bool { return len(rcv.unknown) == 1 })
			rcv.mu.Lock()
			defer rcv.mu.Unlock()
			var seq []string
			for _, st := range rcv.statuses {
				seq = append(seq, string(st.Channel)+":"+string(st.Status))
			}
			assert.Equal(t, tt.want, seq, "statuses")
			raw := string(rcv.unknown[0].Raw)
			assert.Contains(t, raw, `"status":"`+tt.final+`"`, "final report")
			assert.Contains(t, raw, res.WorkflowID, "final report")
		})
	}
}

func TestDispatchLastStepFailingReportsAnError(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithDefaultOutcome(messagestest.Rejected))
	_, err := srv.Client(messages.WithAPIVersion(messages.V0_1)).SendWithFailover(context.Background(),
		messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	)
	require.NoError(t, err)
	rcv.waitFor(t, "the final report", func() bool { return len(rcv.unknown) == 1 })
	raw := string(rcv.unknown[0].Raw)
	assert.Contains(t, raw, `"status":"error"`, "final report")
	assert.Equal(t, 2, strings.Count(raw, `"status":"rejected"`), "final report %s", raw)
}

func TestFailNextIsAnAPIError(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := srv.Client()
	srv.FailNext(http.StatusServiceUnavailable, 2*time.Second)
	sms := messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}
	_, err := c.Send(context.Background(), sms)
	var ae *messages.APIError
	require.ErrorAs(t, err, &ae)
	require.ErrorIs(t, err, messages.ErrServer)
	assert.Equal(t, 503, ae.StatusCode, "APIError")
	assert.Equal(t, 2*time.Second, ae.RetryAfter, "APIError")
	assert.Equal(t, "Service Unavailable", ae.Title, "APIError")
	assert.NotEmpty(t, ae.RequestID, "APIError")
	assert.Len(t, ae.Instance, 32, "APIError")
	_, err = c.Send(context.Background(), sms)
	assert.NoError(t, err, "the next send failed")
}

func TestAnInvalidBodyIsAnAPIErrorNamingTheFields(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	// The SDK validates before sending, so a bad body has to be hand-made.
	tok, err := srv.Client().Token()
	require.NoError(t, err)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/messages", strings.NewReader(`{"channel":"sms","message_type":"text","to":"12","from":"447700900001"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var p struct {
		InvalidParameters []messages.InvalidParameter `json:"invalid_parameters"`
	}
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%s", body)
	require.NoError(t, json.Unmarshal(body, &p), "%s", body)
	want := []messages.InvalidParameter{
		{Name: "to", Reason: `must be an E.164 number of 7 to 15 digits without a leading + or 00, got "12"`},
		{Name: "text", Reason: "is required"},
	}
	assert.Equal(t, want, p.InvalidParameters, "invalid parameters")
	assert.Equal(t, want, srv.Requests()[0].InvalidParameters, "recorded")
}

func TestRefusesForgedAndExpiredTokens(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	other := newServer(t)
	sms := messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}
	forged, err := messages.NewClient(srv.ApplicationID, other.PrivateKey, messages.WithBaseURL(srv.URL))
	require.NoError(t, err)
	expired := srv.Client(messages.WithClock(func() time.Time { return time.Now().Add(-time.Hour) }))
	wrongApp := other.Client(messages.WithBaseURL(srv.URL))
	for name, tt := range map[string]struct {
		c      *messages.Client
		detail string
	}{
		"forged":    {forged, "the JWT is not signed with the application's private key"},
		"expired":   {expired, "the JWT has expired"},
		"other app": {wrongApp, "the JWT is not signed with the application's private key"},
	} {
		_, err := tt.c.Send(context.Background(), sms)
		var ae *messages.APIError
		if assert.ErrorAs(t, err, &ae, name) {
			assert.Equal(t, tt.detail, ae.Detail, name)
		}
		assert.ErrorIs(t, err, messages.ErrUnauthorized, name)
	}
	for _, r := range srv.Requests() {
		assert.Equal(t, http.StatusUnauthorized, r.Status, "recorded %+v", r)
		assert.Empty(t, r.MessageUUID, "recorded %+v", r)
	}
}

func TestBasicAuthClient(t *testing.T) {
	t.Parallel()
	srv := newServer(t, messagestest.WithBasicAuth(messagestest.APIKey, messagestest.APISecret))
	c, err := messages.NewClient("", nil, messages.WithBasicAuth(messagestest.APIKey, messagestest.APISecret), messages.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = c.Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "Basic [REDACTED]", srv.Requests()[0].Header.Get("Authorization"), "recorded Authorization")
}

func TestInbound(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	srv := newServer(t, messagestest.WithInboundURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret))
	ctx := context.Background()
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	inputs := []messagestest.InboundMessage{
		{Channel: messages.ChannelSMS, From: messagestest.Phone, To: messagestest.Sender, Text: "STOP", Timestamp: stamp},
		{Channel: messages.ChannelMessenger, From: messagestest.UserPSID, To: messagestest.PageID, Media: &messages.Media{Type: "image", URL: "https://example.com/i.jpg"}, WebhookVersion: "v0.1", MessageUUID: messagestest.MessageUUID},
		{Channel: messages.ChannelWhatsApp, From: messagestest.Phone, To: messagestest.Sender, Location: &messages.Location{Lat: 51.5, Long: -0.12, Name: "Vonage"}},
		{Channel: messages.ChannelViber, From: messagestest.Phone, To: messagestest.ViberID, Text: "hi", WebhookVersion: "v0.1"},
	}
	var uuids []string
	for _, in := range inputs {
		uuid, err := srv.Inbound(ctx, in)
		require.NoError(t, err)
		uuids = append(uuids, uuid)
	}
	rcv.mu.Lock()
	got := rcv.inbound
	rcv.mu.Unlock()
	require.Len(t, got, 4, "inbound messages received")
	in := got[0]
	assert.Equal(t, uuids[0], in.MessageUUID, "sms")
	assert.Equal(t, messages.ChannelSMS, in.Channel, "sms")
	assert.Equal(t, messagestest.Phone, in.From, "sms")
	assert.Equal(t, messagestest.Sender, in.To, "sms")
	assert.Equal(t, "STOP", in.Text, "sms")
	assert.True(t, in.Timestamp.Equal(stamp), "sms: timestamp %s, want %s", in.Timestamp, stamp)
	in = got[1]
	assert.Equal(t, messagestest.MessageUUID, in.MessageUUID, "messenger")
	assert.Equal(t, in.MessageUUID, uuids[1], "messenger: the UUID Inbound returned")
	assert.Equal(t, messages.ChannelMessenger, in.Channel, "messenger")
	assert.Equal(t, "image", in.Type, "messenger")
	if assert.NotNil(t, in.Media, "messenger") {
		assert.Equal(t, "https://example.com/i.jpg", in.Media.URL, "messenger")
	}
	assert.Equal(t, messagestest.UserPSID, in.From, "messenger")
	in = got[2]
	assert.Equal(t, "location", in.Type, "whatsapp")
	if assert.NotNil(t, in.Location, "whatsapp") {
		assert.Equal(t, 51.5, in.Location.Lat, "whatsapp")
		assert.Equal(t, -0.12, in.Location.Long, "whatsapp")
		assert.Equal(t, "Vonage", in.Location.Name, "whatsapp")
	}
	in = got[3]
	assert.Equal(t, messages.ChannelViber, in.Channel, "viber")
	assert.Equal(t, "hi", in.Text, "viber")
	assert.Equal(t, messagestest.ViberID, in.To, "viber")

	bad := []struct {
		msg  messagestest.InboundMessage
		want string
	}{
		{messagestest.InboundMessage{From: messagestest.Phone, To: messagestest.Sender, Text: "x"}, "messagestest: inbound: channel is required"},
		{messagestest.InboundMessage{Channel: "sms", To: messagestest.Sender, Text: "x"}, "messagestest: inbound: from and to are required"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender}, "messagestest: inbound: set exactly one of text, media, location, reply and button"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender, Text: "x", Media: &messages.Media{URL: "u"}}, "messagestest: inbound: set exactly one of text, media, location, reply and button"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender, Media: &messages.Media{}}, "messagestest: inbound: media url is required"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender, Text: "x", WebhookVersion: "v2"}, `messagestest: inbound: webhook version must be v1 or v0.1, got "v2"`},
	}
	for _, tt := range bad {
		_, err := srv.Inbound(ctx, tt.msg)
		assert.EqualError(t, err, tt.want)
	}
}

func TestInboundReportsAFailingReceiver(t *testing.T) {
	t.Parallel()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer failing.Close()
	srv := newServer(t, messagestest.WithInboundURL(failing.URL))
	msg := messagestest.InboundMessage{Channel: messages.ChannelSMS, From: messagestest.Phone, To: messagestest.Sender, Text: "hi"}
	_, err := srv.Inbound(context.Background(), msg)
	if assert.Error(t, err) {
		assert.Regexp(t, `receiver answered 500$`, err.Error())
	}
	// An unsigned webhook to a handler that wants a signature gets 503.
	rcv := newReceiver(t)
	unsigned := newServer(t, messagestest.WithInboundURL(rcv.URL))
	_, err = unsigned.Inbound(context.Background(), msg)
	if assert.Error(t, err) {
		assert.Regexp(t, `receiver answered 503$`, err.Error())
	}
	none := newServer(t)
	_, err = none.Inbound(context.Background(), msg)
	assert.EqualError(t, err, "messagestest: inbound: no inbound URL: use WithInboundURL")
}

// TestCloseLeavesNoGoroutineBehind is not parallel: it counts the
// goroutines of every server, so none of the other tests may be running.
func TestCloseLeavesNoGoroutineBehind(t *testing.T) {
	rcv := newReceiver(t)
	srv := messagestest.Track(messagestest.NewServer(messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithLatency(5*time.Millisecond)))
	srv.SetOutcome(messagestest.UserPSID, messages.ChannelMessenger, messagestest.NeverDelivered)
	c := srv.Client(messages.WithAPIVersion(messages.V0_1))
	// A workflow waiting on a ten-minute expiry, at full time scale.
	_, err := c.SendWithFailover(context.Background(),
		messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Text("hi")},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	)
	require.NoError(t, err)
	rcv.waitFor(t, "submitted", func() bool { return len(rcv.statuses) == 1 })
	// Close must not wait out the ten-minute expiry. It has a minute,
	// which is generous on a loaded machine and still far short of ten.
	start := time.Now()
	srv.Close()
	srv.Close() // twice is fine
	assert.LessOrEqual(t, time.Since(start), time.Minute, "Close took too long")
	// The goroutines Close stopped may take a moment to be gone from the
	// stacks; a minute is generous, and one waiting on the expiry would
	// still be there.
	deadline := time.Now().Add(time.Minute)
	for {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		leaked := ""
		for _, g := range strings.Split(stacks, "\n\n") {
			if strings.Contains(g, "messages/messagestest.(*Server)") {
				leaked = g
			}
		}
		if leaked == "" {
			break
		}
		require.False(t, time.Now().After(deadline), "a goroutine outlived Close:\n%s", leaked)
		time.Sleep(20 * time.Millisecond)
	}
	_, err = c.Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"})
	assert.Error(t, err, "a closed server answered")
}
