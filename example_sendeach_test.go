package messages_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// Send a reminder to many people, 16 at a time, and handle each result in
// the order of the list. The invalid number is reported, not sent.
func ExampleClient_SendEach() {
	srv := messagestest.NewServer()
	defer srv.Close()
	client := srv.Client()

	var reminders []messages.Message
	for _, to := range []string{"447700900001", "12ab", "447700900003"} {
		reminders = append(reminders, messages.SMS{From: "Acme", To: to, Text: "Your appointment is tomorrow at 10:00"})
	}
	results, err := client.SendEach(context.Background(), slices.Values(reminders), messages.WithConcurrency(16))
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range results {
		switch r.Outcome {
		case messages.OutcomeSent:
			fmt.Println(i, r.Outcome, len(r.Response.MessageUUID) == 36)
		default:
			fmt.Println(i, r.Outcome, r.Err)
		}
	}
	fmt.Println("requests at the API:", len(srv.Requests()))
	// Output:
	// 0 sent true
	// 1 invalid messages: sms: to: not an E.164 number: "12ab"
	// 2 sent true
	// requests at the API: 2
}
