package messages

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gomessages/messages/internal/whsign"
)

// whtSeedBodies returns every webhook payload in testdata, the fuzz seeds.
func whtSeedBodies(f *testing.F) [][]byte {
	f.Helper()
	paths, err := filepath.Glob("testdata/webhooks/*.json")
	if err != nil {
		f.Fatal(err)
	}
	more, err := filepath.Glob("testdata/webhooks/examples/*.json")
	if err != nil {
		f.Fatal(err)
	}
	var bodies [][]byte
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	return bodies
}

func FuzzParseWebhook(f *testing.F) {
	for _, b := range whtSeedBodies(f) {
		f.Add(b)
	}
	for _, s := range []string{``, `{}`, `{"foo":1}`, `{"message_uuid":"u"}`, `{"message_uuid":"u","status":""}`, `{"message_uuid":"","text":"x"}`, `null`, `[]`, `{"status":1}`, `{"message":{"content":{"location":{"lat":"1e400"}}}}`, `{"text":"\ud800"}`, `{"from":{"number":7}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseWebhook(body)
		if err != nil {
			if ev != nil {
				t.Fatalf("event %T with error %v", ev, err)
			}
			if !errors.Is(err, ErrInvalidWebhook) {
				t.Fatalf("error %v does not match ErrInvalidWebhook", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "messages: webhook: ") || len(msg) > 512 {
				t.Fatalf("error text %q", msg)
			}
			return
		}
		switch ev := ev.(type) {
		case *Inbound:
			if string(ev.Raw) != string(body) {
				t.Fatal("Raw differs from the body")
			}
			in, err := ParseInbound(body)
			if err != nil || !reflect.DeepEqual(in, ev) {
				t.Fatalf("ParseInbound disagrees: %v", err)
			}
			if ev.MessageUUID == "" {
				t.Fatal("an Inbound without a message UUID")
			}
			if st, err := ParseStatus(body); st != nil || !errors.Is(err, ErrInvalidWebhook) {
				t.Fatalf("ParseStatus accepted an inbound message: %v", err)
			}
		case *Status:
			if string(ev.Raw) != string(body) {
				t.Fatal("Raw differs from the body")
			}
			st, err := ParseStatus(body)
			if err != nil || !reflect.DeepEqual(st, ev) {
				t.Fatalf("ParseStatus disagrees: %v", err)
			}
			if ev.MessageUUID == "" || ev.Status == "" {
				t.Fatal("a Status without a message UUID or a status")
			}
			if in, err := ParseInbound(body); in != nil || !errors.Is(err, ErrInvalidWebhook) {
				t.Fatalf("ParseInbound accepted a message status: %v", err)
			}
		case *UnknownEvent:
			if string(ev.Raw) != string(body) {
				t.Fatal("Raw differs from the body")
			}
			// What is neither kind is refused by both typed parsers.
			if in, err := ParseInbound(body); in != nil || !errors.Is(err, ErrInvalidWebhook) {
				t.Fatalf("ParseInbound accepted an unknown event: %v", err)
			}
			if st, err := ParseStatus(body); st != nil || !errors.Is(err, ErrInvalidWebhook) {
				t.Fatalf("ParseStatus accepted an unknown event: %v", err)
			}
		default:
			t.Fatalf("event of type %T", ev)
		}
	})
}

func FuzzVerifySignature(f *testing.F) {
	for i, b := range whtSeedBodies(f) {
		auth := signWebhook(f, b, whtSecret, whtNow, func(c *whsign.Claims) { c.APIKey = "a1b2c3d" })
		f.Add(auth, b)
		if i == 0 {
			f.Add(strings.TrimPrefix(auth, "Bearer "), b)
			f.Add(auth+"x", b)
			f.Add("Bearer "+strings.Repeat("A", 40)+"."+strings.Repeat("B", 40)+".", b)
			f.Add("", b)
		}
	}
	sentinels := []error{ErrMissingSignature, ErrInvalidSignature, ErrPayloadMismatch, ErrSignatureExpired}
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		claims, err := VerifySignature(header, body, whtSecret, WithVerifyClock(whtClock), WithAdditionalSecrets("second-secret-abcdef"))
		if err != nil {
			if claims != nil {
				t.Fatal("claims with an error")
			}
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("error %q matches %d sentinels", err, n)
			}
			msg := err.Error()
			if strings.Contains(msg, whtSecret) || strings.Contains(msg, "second-secret-abcdef") {
				t.Fatalf("error text %q holds a secret", msg)
			}
			if tok := strings.TrimSpace(header); len(tok) > 12 && strings.Contains(msg, tok) {
				t.Fatalf("error text %q holds the token", msg)
			}
			return
		}
		if claims.Issuer != "Vonage" || !strings.EqualFold(claims.PayloadHash, whtHash(body)) {
			t.Fatalf("accepted claims %+v for a body of %d bytes", claims, len(body))
		}
	})
}
