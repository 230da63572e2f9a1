package messages

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gomessages/messages/internal/whsign"
)

func BenchmarkZZClaims(b *testing.B) {
	body := benchInboundBody(b)
	auth := signWebhook(b, body, webhookSecret, webhookNow, func(c *whsign.Claims) { c.APIKey = webhookAPIKey })
	tok := strings.TrimPrefix(auth, "Bearer ")
	parts := strings.Split(tok, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	b.Log(string(raw), parts[0])
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var c tokenClaims
			json.Unmarshal(raw, &c)
		}
	})
	b.Run("hmac", func(b *testing.B) {
		b.ReportAllocs()
		var t hs256
		t.parse(tok)
		for b.Loop() {
			t.macBy(webhookSecret)
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var t hs256
			t.parse(tok)
		}
	})
	b.Run("cfg", func(b *testing.B) {
		b.ReportAllocs()
		clock := WithVerifyClock(webhookClock)
		for b.Loop() {
			newVerifyConfig("x", []VerifyOption{clock})
		}
	})
}
