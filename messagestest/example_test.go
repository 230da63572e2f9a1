package messagestest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// A test of code that sends a message: start the fake, hand its client to
// the code, then look at what the fake received.
func Example() {
	srv := messagestest.NewServer()
	defer srv.Close()

	client := srv.Client() // a *messages.Client signed with the fake's application key
	res, err := client.Send(context.Background(), messages.SMS{From: "Acme", To: "+44 7700 900000", Text: "Your code is 1234"})
	if err != nil {
		fmt.Println("send:", err)
		return
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
		fmt.Println(r.Channel, r.From, r.To, r.Text)
		fmt.Println("same UUID:", r.MessageUUID == res.MessageUUID)
	}
	// Output:
	// POST /v1/messages 202
	// sms Acme 447700900000 Your code is 1234
	// same UUID: true
}

// Script a recipient's outcome to see failover play out in the status
// webhooks, received here by the SDK's own webhook handler.
func ExampleServer_SetOutcome() {
	statuses := make(chan *messages.Status, 8)
	receiver := httptest.NewServer(messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: "shh",
		OnStatus: func(_ context.Context, st *messages.Status) error {
			statuses <- st
			return nil
		},
	}))
	defer receiver.Close()
	srv := messagestest.NewServer(messagestest.WithStatusURL(receiver.URL), messagestest.WithSignatureSecret("shh"))
	defer srv.Close()

	srv.SetOutcome("447700900000", messages.ChannelViber, messagestest.Rejected)
	_, err := srv.Client().SendWithFailover(context.Background(),
		messages.Viber{From: "654321", To: "447700900000", Content: messages.Text("Your parcel arrives today")},
		messages.SMS{From: "Acme", To: "447700900000", Text: "Your parcel arrives today"},
	)
	if err != nil {
		fmt.Println("send:", err)
		return
	}
	for range 3 {
		select {
		case st := <-statuses:
			fmt.Println(st.Channel, st.Status, st.Workflow.ItemNumber, "of", st.Workflow.ItemsTotal)
		case <-time.After(time.Minute): // generous: a loaded machine can be slow
			fmt.Println("timed out")
			return
		}
	}
	// Output:
	// viber_service rejected 1 of 2
	// sms submitted 2 of 2
	// sms delivered 2 of 2
}

// Wait for a message's receipt instead of polling. The fake knows what it
// played, so WaitStatus works without a status URL too.
func ExampleServer_WaitStatus() {
	srv := messagestest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	res, err := srv.Client().Send(ctx, messages.SMS{From: "Acme", To: "447700900000", Text: "Your code is 1234"})
	if err != nil {
		fmt.Println("send:", err)
		return
	}
	st, err := srv.WaitStatus(ctx, res.MessageUUID, messages.StatusDelivered)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Channel, st.Status, st.Usage.Price, st.Usage.Currency)

	// An SMS has no read receipts: the wait fails at once.
	_, err = srv.WaitStatus(ctx, res.MessageUUID, messages.StatusRead)
	fmt.Println(err != nil)
	// Output:
	// sms delivered 0.0333 EUR
	// true
}

// Wait for a webhook the server posted, such as an inbound message a test
// simulated, and parse it with Event.
func ExampleServer_WaitWebhook() {
	receiver := httptest.NewServer(messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: "shh",
		OnInbound:       func(context.Context, *messages.Inbound) error { return nil },
	}))
	defer receiver.Close()
	srv := messagestest.NewServer(messagestest.WithInboundURL(receiver.URL), messagestest.WithSignatureSecret("shh"))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	for _, text := range []string{"Hello", "STOP"} {
		if _, err := srv.Inbound(ctx, messagestest.InboundMessage{Channel: messages.ChannelSMS, From: "447700900000", To: "447700900001", Text: text}); err != nil {
			fmt.Println(err)
			return
		}
	}
	w, err := srv.WaitWebhook(ctx, func(w messagestest.Webhook) bool {
		ev, _ := w.Event()
		in, ok := ev.(*messages.Inbound)
		return ok && in.Text == "STOP"
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, _ := w.Event()
	fmt.Println(w.Kind, w.Status, ev.(*messages.Inbound).From)
	// Output: inbound 200 447700900000
}

// Check what was sent without decoding the body by hand.
func ExampleRequest_Template() {
	srv := messagestest.NewServer()
	defer srv.Close()

	_, err := srv.Client().Send(context.Background(), messages.WhatsApp{
		From: "447700900001",
		To:   "447700900000",
		Content: messages.Template{
			Name:       "verify",
			Parameters: []string{"Verification", "2526", "5"},
			Locale:     "en_US",
			Policy:     messages.TemplateDeterministic,
		},
	})
	if err != nil {
		fmt.Println("send:", err)
		return
	}
	name, params := srv.Requests()[0].Template()
	fmt.Println(name, params)
	// Output: verify [Verification 2526 5]
}

func ExampleRequest_Media() {
	srv := messagestest.NewServer()
	defer srv.Close()

	_, err := srv.Client().Send(context.Background(), messages.MMS{
		From:    "12015550123",
		To:      "12015550100",
		Content: messages.Image{URL: "https://example.com/parcel.jpg", Caption: "Your parcel"},
	})
	if err != nil {
		fmt.Println("send:", err)
		return
	}
	for _, m := range srv.Requests()[0].Media() {
		fmt.Println(m.Type, m.URL, m.Caption)
	}
	// Output: image https://example.com/parcel.jpg Your parcel
}
