package messages_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func ExampleParseWebhook() {
	body := []byte(`{
	  "channel": "whatsapp",
	  "message_uuid": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
	  "to": "447700900000",
	  "from": "447700900001",
	  "timestamp": "2025-02-03T12:14:25Z",
	  "message_type": "location",
	  "location": {"lat": 40.34772, "long": -74.18847, "name": "Vonage"}
	}`)
	ev, err := messages.ParseWebhook(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	switch ev := ev.(type) {
	case *messages.Inbound:
		fmt.Println(ev.Channel, ev.Type, ev.From, ev.Timestamp.Format(time.RFC3339))
		fmt.Println(ev.Location.Name, ev.Location.Lat, ev.Location.Long)
	case *messages.Status:
		fmt.Println("status", ev.Status)
	case *messages.UnknownEvent:
		fmt.Println("unknown", len(ev.Raw))
	}

	// A v0.1 status parses into the same types.
	ev, _ = messages.ParseWebhook([]byte(`{
	  "message_uuid": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
	  "to": {"type": "viber_service_msg", "number": "447700900000"},
	  "from": {"type": "viber_service_msg", "id": "654321"},
	  "timestamp": "2020-01-01T14:00:00.000Z",
	  "status": "rejected",
	  "error": {"code": 1300, "reason": "Not part of the provider network"}
	}`))
	st := ev.(*messages.Status)
	fmt.Println(st.Channel, st.Status == messages.StatusRejected, st.Error.Code, st.Error.Reason)
	// Output:
	// whatsapp location 447700900001 2025-02-03T12:14:25Z
	// Vonage 40.34772 -74.18847
	// viber_service true 1300 Not part of the provider network
}

func ExampleVerifySignature() {
	const secret = "my-signature-secret"
	body := []byte(`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","status":"delivered"}`)
	issued := time.Date(2025, 2, 3, 12, 14, 25, 0, time.UTC)

	// What the API would send; in a test, SignWebhook plays the API.
	auth, err := messagestest.SignWebhook(body, secret, func(c *messages.SignatureClaims) error {
		c.APIKey = "a1b2c3d"
		c.IssuedAt = issued
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	clock := messages.WithVerifyClock(func() time.Time { return issued.Add(time.Minute) })

	claims, err := messages.VerifySignature(auth, body, secret, clock)
	fmt.Println(claims.APIKey, claims.Issuer, err)

	_, err = messages.VerifySignature(auth, []byte(`{"status":"read"}`), secret, clock)
	fmt.Println(errors.Is(err, messages.ErrPayloadMismatch), err)

	_, err = messages.VerifySignature(auth, body, "old-secret", clock)
	fmt.Println(errors.Is(err, messages.ErrInvalidSignature), err)

	_, err = messages.VerifySignature(auth, body, secret,
		messages.WithVerifyClock(func() time.Time { return issued.Add(time.Hour) }))
	fmt.Println(errors.Is(err, messages.ErrSignatureExpired), err)
	// Output:
	// a1b2c3d Vonage <nil>
	// true messages: webhook signature: payload hash does not match the body
	// true messages: webhook signature: invalid: not signed with the signature secret
	// true messages: webhook signature: expired: iat: older than 5m0s
}

func ExampleNewWebhookHandler() {
	const secret = "my-signature-secret"
	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: secret,
		Dedupe:          10 * time.Minute,
		OnInbound: func(ctx context.Context, in *messages.Inbound) error {
			fmt.Printf("inbound %s from %s: %s\n", in.Channel, in.From, in.Text)
			return nil
		},
		OnStatus: func(ctx context.Context, st *messages.Status) error {
			fmt.Printf("message %s is %s\n", st.MessageUUID, st.Status)
			return nil
		},
	})
	mux := http.NewServeMux()
	mux.Handle("/webhooks/inbound", h)
	mux.Handle("/webhooks/status", h)

	// Play the API: sign and post two webhooks, the second one twice.
	post := func(path, body string) {
		auth, _ := messagestest.SignWebhook([]byte(body), secret)
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	post("/webhooks/inbound", `{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hello From Vonage!"}`)
	status := `{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","status":"delivered"}`
	post("/webhooks/status", status)
	post("/webhooks/status", status) // a re-delivery: dropped, still 200

	// Unsigned: 503, so the API retries, signed.
	req := httptest.NewRequest(http.MethodPost, "/webhooks/status", strings.NewReader(status))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// inbound sms from 447700900001: Hello From Vonage!
	// 200
	// message aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab is delivered
	// 200
	// 200
	// 503
}

// A handler whose secret is empty, as os.Getenv gives for an unset
// variable, fails closed: every webhook is answered 500, which the API
// re-delivers, until the secret is set. InsecureSkipVerify opts out, for
// local development only.
func ExampleNewWebhookHandler_noSecret() {
	status := `{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001","timestamp":"2025-02-03T12:14:25Z","status":"delivered"}`
	post := func(h http.Handler) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks/status", strings.NewReader(status)))
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	onStatus := func(_ context.Context, st *messages.Status) error {
		fmt.Println("status", st.Status)
		return nil
	}

	post(messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: "", // VONAGE_SIGNATURE_SECRET unset
		OnStatus:        onStatus,
	}))
	post(messages.NewWebhookHandler(messages.WebhookConfig{
		InsecureSkipVerify: true, // local development only
		OnStatus:           onStatus,
	}))
	// Output:
	// 500 no signature secret configured
	// status delivered
	// 200
}
