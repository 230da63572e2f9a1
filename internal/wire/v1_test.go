package wire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnvelopeKeepsItsPlace pins where the embedded envelopes put their
// keys: where the fields they replaced sat, so that every body stays byte
// for byte what it was before the keys moved into Envelope.
func TestEnvelopeKeepsItsPlace(t *testing.T) {
	t.Parallel()
	env := Envelope{ClientRef: "r", WebhookURL: "https://example.com/s", WebhookVersion: "v1"}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"v1", V1Message{
			Channel: "sms", MessageType: "text", To: "1", From: "2", Text: "hi",
			Context: &Context{MessageUUID: "u"}, Envelope: env, TTL: 30, TrustedRecipient: true,
			SMS: &V1SMSOptions{PoolID: "p"},
		}, `{"channel":"sms","message_type":"text","to":"1","from":"2","text":"hi","context":{"message_uuid":"u"},` +
			`"client_ref":"r","webhook_url":"https://example.com/s","webhook_version":"v1","ttl":30,"trusted_recipient":true,"sms":{"pool_id":"p"}}`},
		{"v1 empty envelope", V1Message{Channel: "sms", MessageType: "text", To: "1", From: "2", Text: "hi", TTL: 30},
			`{"channel":"sms","message_type":"text","to":"1","from":"2","text":"hi","ttl":30}`},
		{"v0.1", V01Message{
			From: V01Address{Type: "sms", Number: "2"}, To: V01Address{Type: "sms", Number: "1"},
			Message: V01Body{Content: V01Content{Type: "text", Text: "hi"}}, V01Envelope: env.V01(),
		}, `{"from":{"type":"sms","number":"2"},"to":{"type":"sms","number":"1"},"message":{"content":{"type":"text","text":"hi"}},"client_ref":"r"}`},
		{"dispatch step", DispatchStep{
			V01Message: V01Message{
				From: V01Address{Type: "sms", Number: "2"}, To: V01Address{Type: "sms", Number: "1"},
				Message: V01Body{Content: V01Content{Type: "text", Text: "hi"}}, V01Envelope: env.V01(),
			},
			Failover: &DispatchFailover{ExpiryTime: 600, ConditionStatus: "delivered"},
		}, `{"from":{"type":"sms","number":"2"},"to":{"type":"sms","number":"1"},"message":{"content":{"type":"text","text":"hi"}},"client_ref":"r",` +
			`"failover":{"expiry_time":600,"condition_status":"delivered"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(tt.v)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}
