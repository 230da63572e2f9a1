package messagestest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

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
			t.Fatalf("timed out waiting for %s", what)
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
		if err != nil {
			t.Fatalf("%s %T: %v", tt.version, tt.msg, err)
		}
		rcv.waitFor(t, "the receipts of "+res.MessageUUID, func() bool { return len(rcv.statusesOf(res.MessageUUID)) == len(tt.want) })
		got := rcv.statusList(res.MessageUUID)
		var seq []messages.MessageStatus
		for _, st := range got {
			seq = append(seq, st.Status)
		}
		if !reflect.DeepEqual(seq, tt.want) {
			t.Errorf("%s %T: statuses %v, want %v", tt.version, tt.msg, seq, tt.want)
		}
		st := got[1]
		if st.Channel != tt.msg.MessageChannel() || st.Usage == nil || *st.Usage != (messages.Usage{Currency: "EUR", Price: "0.0333"}) || st.Timestamp.IsZero() {
			t.Errorf("%s %T: delivered status %+v", tt.version, tt.msg, st)
		}
	}
	reqs := srv.Requests()
	if len(reqs) != len(tests) {
		t.Fatalf("%d requests recorded, want %d", len(reqs), len(tests))
	}
	first := reqs[0]
	if first.To != messagestest.Phone || first.ClientRef != "ref-1" || first.Text != "Hello from Vonage!" || first.Version != "v1" {
		t.Errorf("first request %+v", first)
	}
	if r := reqs[10]; r.Path != "/v0.1/messages" || r.Channel != messages.ChannelSMS || r.ClientRef != "ref-2" {
		t.Errorf("v0.1 request %+v", r)
	}
	if r := reqs[11]; r.Channel != messages.ChannelViber || r.MediaURL != "https://example.com/i.jpg" || r.MessageType != "image" {
		t.Errorf("v0.1 viber request %+v", r)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered} {
		var h hit
		select {
		case h = <-hits:
		case <-time.After(eventWait):
			t.Fatalf("status %d never arrived", i)
		}
		claims, err := messages.VerifySignature(h.auth, h.body, messagestest.Secret)
		if err != nil {
			t.Fatalf("signature: %v", err)
		}
		if claims.APIKey != messagestest.APIKey || claims.ApplicationID != srv.ApplicationID || claims.Issuer != "Vonage" || claims.JTI == "" {
			t.Errorf("claims %+v", claims)
		}
		if _, err := messages.VerifySignature(h.auth, append(h.body, ' '), messagestest.Secret); !errors.Is(err, messages.ErrPayloadMismatch) {
			t.Errorf("a changed body verified: %v", err)
		}
		st, err := messages.ParseStatus(h.body)
		if err != nil {
			t.Fatal(err)
		}
		if st.MessageUUID != res.MessageUUID || st.Status != want || st.Channel != messages.ChannelSMS || st.To != messagestest.Phone || st.From != messagestest.Sender || st.ClientRef != "c-1" {
			t.Errorf("status %+v", st)
		}
		var shape struct {
			To struct{ Type, Number string } `json:"to"`
		}
		if err := json.Unmarshal(h.body, &shape); err != nil || shape.To.Type != "sms" || shape.To.Number != messagestest.Phone {
			t.Errorf("v0.1 body expected (nested to): %s", h.body)
		}
	}
	// The status URL was never used: webhook_url won.
	for _, w := range srv.Webhooks() {
		if w.URL != raw.URL || w.Status != http.StatusOK || w.Err != nil || w.Kind != "status" {
			t.Errorf("webhook %+v", w)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	if len(res.WorkflowID) != 55 || res.MessageUUID == "" {
		t.Fatalf("response %+v", res)
	}
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
	if len(rcv.statuses) != 3 {
		t.Fatalf("%d statuses, want 3", len(rcv.statuses))
	}
	rej, sub, del := rcv.statuses[0], rcv.statuses[1], rcv.statuses[2]
	if rej.MessageUUID != res.MessageUUID || rej.Status != messages.StatusRejected || rej.Channel != messages.ChannelViber {
		t.Errorf("first status %+v", rej)
	}
	if rej.Error == nil || rej.Error.Code != 1300 || rej.Error.Detail != "Not part of the provider network" {
		t.Errorf("rejection error %+v", rej.Error)
	}
	if want := (messages.WorkflowInfo{WorkflowID: res.WorkflowID, ItemNumber: 1, ItemsTotal: 2}); rej.Workflow == nil || *rej.Workflow != want {
		t.Errorf("first workflow %+v", rej.Workflow)
	}
	if sub.MessageUUID == res.MessageUUID || sub.MessageUUID != del.MessageUUID || sub.Status != messages.StatusSubmitted || sub.Channel != messages.ChannelSMS {
		t.Errorf("SMS step statuses %+v %+v", sub, del)
	}
	if want := (messages.WorkflowInfo{WorkflowID: res.WorkflowID, ItemNumber: 2, ItemsTotal: 2}); del.Workflow == nil || *del.Workflow != want {
		t.Errorf("SMS workflow %+v", del.Workflow)
	}
	r := srv.Requests()[0]
	if r.WorkflowID != res.WorkflowID || len(r.Failover) != 1 || r.Failover[0].Channel != messages.ChannelSMS || r.Failover[0].Text != "Your parcel arrives today" {
		t.Errorf("recorded %+v", r)
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
	if err != nil {
		t.Fatal(err)
	}
	rcv.waitFor(t, "undeliverable", func() bool { return len(rcv.statusesOf(res.MessageUUID)) == 2 })
	srv.Close() // the workflow has nothing left to do: Close waits for it
	if n := len(srv.Webhooks()); n != 2 {
		t.Errorf("%d webhooks, want the primary's 2 only", n)
	}
	if st := rcv.statusList(res.MessageUUID)[1]; st.Status != messages.StatusUndeliverable || st.Error == nil || st.Error.Code != 1310 {
		t.Errorf("status %+v", st)
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
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageUUID != "" || len(res.WorkflowID) != 36 {
		t.Fatalf("response %+v", res)
	}
	rcv.waitFor(t, "the final report", func() bool { return len(rcv.unknown) == 1 })
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("failed over after %s, before the scaled expiry of 200ms", d)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	var seq []string
	for _, st := range rcv.statuses {
		seq = append(seq, string(st.Channel)+":"+string(st.Status))
		if st.Workflow == nil || st.Workflow.WorkflowID != res.WorkflowID || st.Workflow.Href != "/workflows/"+res.WorkflowID {
			t.Errorf("status workflow %+v", st.Workflow)
		}
	}
	if want := []string{"messenger:submitted", "messenger:delivered", "sms:submitted", "sms:delivered"}; !reflect.DeepEqual(seq, want) {
		t.Errorf("statuses %v, want %v", seq, want)
	}
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
	if err := json.Unmarshal(rcv.unknown[0].Raw, &report); err != nil {
		t.Fatal(err)
	}
	if report.DispatchUUID != res.WorkflowID || report.Template != "failover" || report.Status != "completed" || report.Usage.Price != "0.0666" {
		t.Errorf("report %s", rcv.unknown[0].Raw)
	}
	if len(report.Links.Messages) != 2 || report.Links.Messages[0].Channel != "messenger" || report.Links.Messages[0].Status != "delivered" ||
		report.Links.Messages[1].Channel != "sms" || report.Links.Messages[1].MessageUUID != rcv.statuses[2].MessageUUID {
		t.Errorf("report messages %+v", report.Links.Messages)
	}
}

func TestDispatchOutcomes(t *testing.T) {
	t.Parallel()
	viber := messages.Viber{From: messagestest.ViberID, To: messagestest.Phone, Content: messages.Text("hi")}
	sms := messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}
	tests := []struct {
		name    string
		outcome messagestest.Outcome
		rule    messages.CallOption
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
			if err != nil {
				t.Fatal(err)
			}
			rcv.waitFor(t, "the final report", func() bool { return len(rcv.unknown) == 1 })
			rcv.mu.Lock()
			defer rcv.mu.Unlock()
			var seq []string
			for _, st := range rcv.statuses {
				seq = append(seq, string(st.Channel)+":"+string(st.Status))
			}
			if !reflect.DeepEqual(seq, tt.want) {
				t.Errorf("statuses %v, want %v", seq, tt.want)
			}
			raw := string(rcv.unknown[0].Raw)
			if !strings.Contains(raw, `"status":"`+tt.final+`"`) || !strings.Contains(raw, res.WorkflowID) {
				t.Errorf("final report %s", raw)
			}
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
	if err != nil {
		t.Fatal(err)
	}
	rcv.waitFor(t, "the final report", func() bool { return len(rcv.unknown) == 1 })
	if raw := string(rcv.unknown[0].Raw); !strings.Contains(raw, `"status":"error"`) || strings.Count(raw, `"status":"rejected"`) != 2 {
		t.Errorf("final report %s", raw)
	}
}

func TestFailNextIsAnAPIError(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := srv.Client()
	srv.FailNext(http.StatusServiceUnavailable, 2*time.Second)
	sms := messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}
	_, err := c.Send(context.Background(), sms)
	var ae *messages.APIError
	if !errors.As(err, &ae) || !errors.Is(err, messages.ErrServer) {
		t.Fatalf("err %v, want a 503 *APIError", err)
	}
	if ae.StatusCode != 503 || ae.RetryAfter != 2*time.Second || ae.Title != "Service Unavailable" || ae.RequestID == "" || len(ae.Instance) != 32 {
		t.Errorf("APIError %+v", ae)
	}
	if _, err := c.Send(context.Background(), sms); err != nil {
		t.Errorf("the next send failed: %v", err)
	}
}

func TestAnInvalidBodyIsAnAPIErrorNamingTheFields(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	// The SDK validates before sending, so a bad body has to be hand-made.
	tok, err := srv.Client().Token()
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/messages", strings.NewReader(`{"channel":"sms","message_type":"text","to":"12","from":"447700900001"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var p struct {
		InvalidParameters []messages.InvalidParameter `json:"invalid_parameters"`
	}
	if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != 422 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	want := []messages.InvalidParameter{
		{Name: "to", Reason: `must be an E.164 number of 7 to 15 digits without a leading + or 00, got "12"`},
		{Name: "text", Reason: "is required"},
	}
	if !reflect.DeepEqual(p.InvalidParameters, want) {
		t.Errorf("invalid parameters %+v", p.InvalidParameters)
	}
	if got := srv.Requests()[0].InvalidParameters; !reflect.DeepEqual(got, want) {
		t.Errorf("recorded %+v", got)
	}
}

func TestRefusesForgedAndExpiredTokens(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	other := newServer(t)
	sms := messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}
	forged, err := messages.NewClient(srv.ApplicationID, other.PrivateKey, messages.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
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
		if !errors.As(err, &ae) || !errors.Is(err, messages.ErrUnauthorized) || ae.Detail != tt.detail {
			t.Errorf("%s: err %v, want 401 %q", name, err, tt.detail)
		}
	}
	for _, r := range srv.Requests() {
		if r.Status != 401 || r.MessageUUID != "" {
			t.Errorf("recorded %+v", r)
		}
	}
}

func TestBasicAuthClient(t *testing.T) {
	t.Parallel()
	srv := newServer(t, messagestest.WithBasicAuth(messagestest.APIKey, messagestest.APISecret))
	c, err := messages.NewClient("", nil, messages.WithBasicAuth(messagestest.APIKey, messagestest.APISecret), messages.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Basic [REDACTED]" {
		t.Errorf("recorded Authorization %q", got)
	}
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
		if err != nil {
			t.Fatal(err)
		}
		uuids = append(uuids, uuid)
	}
	rcv.mu.Lock()
	got := rcv.inbound
	rcv.mu.Unlock()
	if len(got) != 4 {
		t.Fatalf("%d inbound messages received", len(got))
	}
	if in := got[0]; in.MessageUUID != uuids[0] || in.Channel != messages.ChannelSMS || in.From != messagestest.Phone || in.To != messagestest.Sender || in.Text != "STOP" || !in.Timestamp.Equal(stamp) {
		t.Errorf("sms %+v", in)
	}
	if in := got[1]; in.MessageUUID != messagestest.MessageUUID || uuids[1] != in.MessageUUID || in.Channel != messages.ChannelMessenger || in.Type != "image" || in.Media == nil || in.Media.URL != "https://example.com/i.jpg" || in.From != messagestest.UserPSID {
		t.Errorf("messenger %+v", in)
	}
	if in := got[2]; in.Type != "location" || in.Location == nil || in.Location.Lat != 51.5 || in.Location.Long != -0.12 || in.Location.Name != "Vonage" {
		t.Errorf("whatsapp %+v %+v", in, in.Location)
	}
	if in := got[3]; in.Channel != messages.ChannelViber || in.Text != "hi" || in.To != messagestest.ViberID {
		t.Errorf("viber %+v", in)
	}

	bad := []struct {
		msg  messagestest.InboundMessage
		want string
	}{
		{messagestest.InboundMessage{From: messagestest.Phone, To: messagestest.Sender, Text: "x"}, "messagestest: inbound: channel is required"},
		{messagestest.InboundMessage{Channel: "sms", To: messagestest.Sender, Text: "x"}, "messagestest: inbound: from and to are required"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender}, "messagestest: inbound: set exactly one of text, media and location"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender, Text: "x", Media: &messages.Media{URL: "u"}}, "messagestest: inbound: set exactly one of text, media and location"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender, Media: &messages.Media{}}, "messagestest: inbound: media url is required"},
		{messagestest.InboundMessage{Channel: "sms", From: messagestest.Phone, To: messagestest.Sender, Text: "x", WebhookVersion: "v2"}, `messagestest: inbound: webhook version must be v1 or v0.1, got "v2"`},
	}
	for _, tt := range bad {
		if _, err := srv.Inbound(ctx, tt.msg); err == nil || err.Error() != tt.want {
			t.Errorf("err %v, want %q", err, tt.want)
		}
	}
}

func TestInboundReportsAFailingReceiver(t *testing.T) {
	t.Parallel()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer failing.Close()
	srv := newServer(t, messagestest.WithInboundURL(failing.URL))
	msg := messagestest.InboundMessage{Channel: messages.ChannelSMS, From: messagestest.Phone, To: messagestest.Sender, Text: "hi"}
	if _, err := srv.Inbound(context.Background(), msg); err == nil || !strings.HasSuffix(err.Error(), "receiver answered 500") {
		t.Errorf("err %v", err)
	}
	// An unsigned webhook to a handler that wants a signature gets 503.
	rcv := newReceiver(t)
	unsigned := newServer(t, messagestest.WithInboundURL(rcv.URL))
	if _, err := unsigned.Inbound(context.Background(), msg); err == nil || !strings.HasSuffix(err.Error(), "receiver answered 503") {
		t.Errorf("err %v", err)
	}
	none := newServer(t)
	if _, err := none.Inbound(context.Background(), msg); err == nil || err.Error() != "messagestest: inbound: no inbound URL: use WithInboundURL" {
		t.Errorf("err %v", err)
	}
}

// TestCloseLeavesNoGoroutineBehind is not parallel: it counts the
// goroutines of every server, so none of the other tests may be running.
func TestCloseLeavesNoGoroutineBehind(t *testing.T) {
	rcv := newReceiver(t)
	srv := messagestest.Track(messagestest.NewServer(messagestest.WithStatusURL(rcv.URL), messagestest.WithSignatureSecret(messagestest.Secret), messagestest.WithLatency(5*time.Millisecond)))
	srv.SetOutcome(messagestest.UserPSID, messages.ChannelMessenger, messagestest.NeverDelivered)
	c := srv.Client(messages.WithAPIVersion(messages.V0_1))
	// A workflow waiting on a ten-minute expiry, at full time scale.
	if _, err := c.SendWithFailover(context.Background(),
		messages.Messenger{From: messagestest.PageID, To: messagestest.UserPSID, Content: messages.Text("hi")},
		messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"},
	); err != nil {
		t.Fatal(err)
	}
	rcv.waitFor(t, "submitted", func() bool { return len(rcv.statuses) == 1 })
	// Close must not wait out the ten-minute expiry. It has a minute,
	// which is generous on a loaded machine and still far short of ten.
	start := time.Now()
	srv.Close()
	srv.Close() // twice is fine
	if d := time.Since(start); d > time.Minute {
		t.Errorf("Close took %s", d)
	}
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
		if time.Now().After(deadline) {
			t.Fatalf("a goroutine outlived Close:\n%s", leaked)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := c.Send(context.Background(), messages.SMS{From: messagestest.Sender, To: messagestest.Phone, Text: "hi"}); err == nil {
		t.Error("a closed server answered")
	}
}
