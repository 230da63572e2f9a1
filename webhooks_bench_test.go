package messages

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gomessages/messages/internal/whsign"
)

// whtBenchBody is a v1 WhatsApp inbound text with profile, context, sender and
// referral: about 1 KB.
func whtBenchBody(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile("testdata/webhooks/v1-inbound-whatsapp-text.json")
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func BenchmarkParseInbound1KB(b *testing.B) {
	body := whtBenchBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseInbound(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineUnmarshalMap1KB is the floor ParseInbound is measured
// against: the same body into a map, with no mapping at all.
func BenchmarkBaselineUnmarshalMap1KB(b *testing.B) {
	body := whtBenchBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifySignature(b *testing.B) {
	body := whtBenchBody(b)
	auth := signWebhook(b, body, webhookSecret, webhookNow, func(c *whsign.Claims) { c.APIKey = webhookAPIKey })
	clock := WithVerifyClock(webhookClock)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := VerifySignature(auth, body, webhookSecret, clock); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineHMAC is the cryptographic floor of VerifySignature: one
// HMAC-SHA256 over the token's signing input and one SHA-256 of the body,
// with no parsing.
func BenchmarkBaselineHMAC(b *testing.B) {
	body := whtBenchBody(b)
	auth := signWebhook(b, body, webhookSecret, webhookNow, func(c *whsign.Claims) { c.APIKey = webhookAPIKey })
	token := strings.TrimPrefix(auth, "Bearer ")
	signingInput := []byte(token[:strings.LastIndexByte(token, '.')])
	key := []byte(webhookSecret)
	b.ReportAllocs()
	for b.Loop() {
		mac := hmac.New(sha256.New, key)
		mac.Write(signingInput)
		_ = mac.Sum(nil)
		_ = sha256.Sum256(body)
	}
}
