package messages

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/spectest"
)

// failoverCase is one workflow rendered on one wire version: v1 bodies live
// in testdata/golden/v1/failover-<name>.json, v0.1 Dispatch bodies in
// testdata/golden/v0.1/dispatch-<name>.json.
type failoverCase struct {
	name    string
	version APIVersion
	steps   []Message
}

func (fc failoverCase) path() string {
	prefix := "failover-"
	if fc.version == V0_1 {
		prefix = "dispatch-"
	}
	return filepath.Join("testdata", "golden", string(fc.version), prefix+fc.name+".json")
}

var failoverCases = []failoverCase{
	{"viber-then-sms", V1, []Message{
		Viber{From: viberID, To: toNumber, Content: Text("Your parcel arrives today"), ClientRef: "parcel-1"},
		SMS{From: fromNumber, To: toNumber, Text: "Your parcel arrives today", ClientRef: "parcel-1"},
	}},
	{"messenger-viber-sms", V1, []Message{
		Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/image.jpg"}},
		Viber{From: viberID, To: toNumber, Content: Image{URL: "https://example.com/image.jpg", Caption: "Your boarding pass"}},
		SMS{From: "Vonage", To: toNumber, Text: "Your boarding pass: https://example.com/image.jpg", WebhookURL: "https://example.com/status", WebhookVersion: "v1"},
	}},
	{"messenger-then-sms", V0_1, []Message{
		Step(Messenger{From: pageID, To: userPSID, Content: Text("This is a Facebook Messenger Message sent from the Dispatch API")}, FailoverWhen(FailoverRead, 600*time.Second)),
		SMS{From: fromNumber, To: toNumber, Text: "This is an SMS sent from the Dispatch API"},
	}},
	{"viber-messenger-sms-defaults", V0_1, []Message{
		Viber{From: viberID, To: toNumber, Content: Text("Hello from Vonage!"), Category: ViberTransaction},
		Step(Messenger{From: pageID, To: userPSID, Content: Text("Hello from Vonage!")}, FailoverWhen(FailoverDelivered, 15*time.Second)),
		SMS{From: fromNumber, To: toNumber, Text: "Hello from Vonage!", ClientRef: "hello-1"},
	}},
}

func encodeFailoverCase(t *testing.T, fc failoverCase) (string, []byte) {
	t.Helper()
	c := newTestClient(t, WithAPIVersion(fc.version))
	endpoint, body, err := c.encodeFailover(fc.steps[0], fc.steps[1:])
	require.NoError(t, err, "encode")
	return endpoint, indentJSON(t, body)
}

func TestFailoverGoldenBodies(t *testing.T) {
	t.Parallel()
	for _, fc := range failoverCases {
		t.Run(string(fc.version)+"/"+fc.name, func(t *testing.T) {
			t.Parallel()
			_, got := encodeFailoverCase(t, fc)
			if *update {
				require.NoError(t, os.WriteFile(fc.path(), got, 0o644))
				return
			}
			want, err := os.ReadFile(fc.path())
			require.NoError(t, err, "run go test -update to create it")
			assert.Equal(t, string(want), string(got), "body differs from %s", fc.path())
		})
	}
}

// TestFailoverBodiesValidateAgainstSpec checks v1 failover bodies against
// POST /messages of messages-v1.yml and v0.1 Dispatch bodies against POST /
// of dispatch-v0.1.yml, whose server is the URL the SDK posts to. The
// Dispatch spec types each step as a oneOf that every step matches, so
// spectest checks each step against the schema the spec's text assigns it.
func TestFailoverBodiesValidateAgainstSpec(t *testing.T) {
	t.Parallel()
	dispatch := spectest.Load(t, spectest.V01Dispatch.File)
	require.NotEmpty(t, dispatch.Servers, "dispatch spec has no server")
	require.Equal(t, "https://api.nexmo.com/v0.1/dispatch", dispatch.Servers[0].URL, "the SDK posts to {base}/v0.1/dispatch")
	targets := map[APIVersion]spectest.Target{V1: spectest.V1Send, V0_1: spectest.V01Dispatch}
	for _, fc := range failoverCases {
		t.Run(string(fc.version)+"/"+fc.name, func(t *testing.T) {
			body, err := os.ReadFile(fc.path())
			require.NoError(t, err)
			spectest.Check(t, targets[fc.version], body)
		})
	}
}

// TestDispatchSpecCatchesDrift proves the Dispatch check can fail: each
// step breaks a rule of sendWithFailoverMessage (expiry too short, an
// unknown condition, no failover at all).
func TestDispatchSpecCatchesDrift(t *testing.T) {
	t.Parallel()
	doc := spectest.Load(t, spectest.V01Dispatch.File)
	require.Contains(t, doc.Components.Schemas, "sendWithFailoverMessage")
	s := doc.Components.Schemas["sendWithFailoverMessage"].Value
	for _, bad := range []string{
		`{"from":{"type":"sms","number":"447700900001"},"to":{"type":"sms","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}},"failover":{"expiry_time":5,"condition_status":"delivered"}}`,
		`{"from":{"type":"sms","number":"447700900001"},"to":{"type":"sms","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}},"failover":{"expiry_time":600,"condition_status":"seen"}}`,
		`{"from":{"type":"viber_service","id":"654321"},"to":{"type":"viber_service","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}}}`,
	} {
		var v any
		require.NoError(t, json.Unmarshal([]byte(bad), &v))
		assert.Error(t, s.VisitJSON(v), "spec accepted a bad step: %s", bad)
	}
}

func TestSendWithFailoverPostsWorkflow(t *testing.T) {
	t.Parallel()
	for _, fc := range failoverCases {
		t.Run(string(fc.version)+"/"+fc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, WithAPIVersion(fc.version))
			url, reply, want := "https://api.nexmo.com/v1/messages",
				`{"message_uuid":"`+quotedUUID+`","workflow_id":"`+workflowID+`"}`,
				Response{MessageUUID: quotedUUID, WorkflowID: workflowID, RequestID: requestID}
			if fc.version == V0_1 {
				url, reply, want = "https://api.nexmo.com/v0.1/dispatch",
					`{"dispatch_uuid":"`+dispatchUUID+`"}`,
					Response{WorkflowID: dispatchUUID, RequestID: requestID}
			}
			var body []byte
			mt.RegisterResponder(http.MethodPost, url, func(r *http.Request) (*http.Response, error) {
				body, _ = io.ReadAll(r.Body)
				resp := httpmock.NewStringResponse(http.StatusAccepted, reply)
				resp.Header.Set("X-Request-Id", requestID)
				return resp, nil
			})
			res, err := c.SendWithFailover(context.Background(), fc.steps[0], fc.steps[1:]...)
			require.NoError(t, err)
			assert.Equal(t, want, *res)
			var compact bytes.Buffer
			golden, err := os.ReadFile(fc.path())
			require.NoError(t, err)
			require.NoError(t, json.Compact(&compact, golden))
			assert.Equal(t, compact.String(), string(body), "sent body differs from %s", fc.path())
		})
	}
}

func TestSendWithFailoverValidation(t *testing.T) {
	t.Parallel()
	sms := SMS{From: fromNumber, To: toNumber, Text: "hi"}
	viber := Viber{From: viberID, To: toNumber, Content: Text("hi")}
	tests := []struct {
		name      string
		version   APIVersion
		primary   Message
		fallbacks []Message
		channel   Channel
		want      []fieldWant
	}{
		{"no fallback", V1, sms, nil, ChannelSMS, []fieldWant{{"failover", "needs at least one fallback message"}}},
		{"no fallback v0.1", V0_1, sms, nil, ChannelSMS, []fieldWant{{"failover", "needs at least one fallback message"}}},
		{"nil primary", V1, nil, []Message{sms}, "", []fieldWant{{"message", "required"}}},
		{"nil fallback", V1, viber, []Message{sms, (*SMS)(nil)}, ChannelViber, []fieldWant{{"failover[1].message", "required"}}},
		{"bad fields are prefixed", V1, Viber{From: viberID, To: "12ab", Content: Text("hi")},
			[]Message{sms, SMS{From: fromNumber, To: toNumber, Text: "", ClientRef: string(make([]byte, 101))}}, ChannelViber,
			[]fieldWant{
				{"to", `not an E.164 number: "12ab"`},
				{"failover[1].client_ref", "longer than 100 characters: 101"},
				{"failover[1].text", "must not be empty"},
			}},
		{"rule on v1", V1, Step(viber, FailoverWhen(FailoverRead, time.Minute)), []Message{sms}, ChannelViber,
			[]fieldWant{{"failover", "a failover rule is a v0.1 Dispatch setting: v1 fails over when a step is rejected"}}},
		{"nested step", V0_1, Step(Step(viber)), []Message{sms}, ChannelViber,
			[]fieldWant{{"failover", "a failover step cannot hold another failover step"}}},
		{"rule on the last step", V0_1, viber, []Message{Step(sms, FailoverWhen(FailoverDelivered, time.Minute))}, ChannelViber,
			[]fieldWant{{"failover[0].failover", "the last step takes no failover rule: no step follows it"}}},
		{"bad rules", V0_1, Step(viber, FailoverWhen("seen", 10*time.Second)),
			[]Message{Step(sms, FailoverWhen(FailoverRead, 1500*time.Millisecond)), viber}, ChannelViber,
			[]fieldWant{
				{"failover.condition_status", `must be delivered or read, got "seen"`},
				{"failover.expiry_time", "must be whole seconds from 15 to 86400, got 10s"},
				{"failover[0].failover.condition_status", "sms has no read receipts, so read would always fail over"},
				{"failover[0].failover.expiry_time", "must be whole seconds from 15 to 86400, got 1.5s"},
			}},
		{"expiry too long", V0_1, Step(viber, FailoverWhen(FailoverDelivered, 25*time.Hour)), []Message{sms}, ChannelViber,
			[]fieldWant{{"failover.expiry_time", "must be whole seconds from 15 to 86400, got 25h0m0s"}}},
		{"v0.1 step errors prefixed", V0_1, viber, []Message{Messenger{From: pageID, To: "", Content: Text("hi")}}, ChannelViber,
			[]fieldWant{{"failover[0].to", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, WithAPIVersion(tt.version))
			_, err := c.SendWithFailover(context.Background(), tt.primary, tt.fallbacks...)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			require.ErrorIs(t, err, ErrInvalidMessage)
			assert.Equal(t, tt.channel, ve.Channel)
			assert.Equal(t, tt.want, fieldWants(t, ve.Errors))
			assert.Zero(t, mt.GetTotalCallCount(), "requests sent for an invalid workflow")
		})
	}
}

func TestSendRefusesAStep(t *testing.T) {
	t.Parallel()
	for _, v := range []APIVersion{V1, V0_1} {
		c, mt := mockClient(t, WithAPIVersion(v))
		_, err := c.Send(context.Background(), Step(SMS{From: fromNumber, To: toNumber, Text: "hi"}))
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, v)
		want := []fieldWant{{"failover", "a failover step is sent with SendWithFailover, not on its own"}}
		assert.Equal(t, ChannelSMS, ve.Channel, v)
		assert.Equal(t, want, fieldWants(t, ve.Errors), v)
		assert.Zero(t, mt.GetTotalCallCount(), "%s: requests sent", v)
	}
}

func TestSendWithFailoverAPIError(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodPost, "https://api.nexmo.com/v1/messages",
		httpmock.NewBytesResponder(http.StatusUnprocessableEntity, readTestdata(t, "errors", "422-invalid-params.json")))
	_, err := c.SendWithFailover(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"}, SMS{From: fromNumber, To: toNumber, Text: "hi"})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 422, ae.StatusCode)
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.Equal(t, []InvalidParameter{{"image.url", "is required."}}, ae.InvalidParameters)
}
