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
