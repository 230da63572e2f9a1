// Command send-sms sends one SMS.
//
//	FROM_NUMBER=Acme TO_NUMBER=447700900000 go run ./examples/send-sms
//
// With VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH set it uses the live
// API; without them, the fake one.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/examples/internal/exampleenv"
)

func main() {
	client, done, err := exampleenv.Client()
	if err != nil {
		log.Fatal(err)
	}
	defer done()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := client.Send(ctx, messages.SMS{
		From:      exampleenv.Getenv("FROM_NUMBER", "Acme"),
		To:        exampleenv.Getenv("TO_NUMBER", "447700900000"),
		Text:      "Hello from the Go Messages SDK",
		ClientRef: "send-sms-example",
	})
	var ve *messages.ValidationError
	var apiErr *messages.APIError
	switch {
	case errors.As(err, &ve):
		log.Fatalf("fix the message: %v", ve)
	case errors.As(err, &apiErr):
		log.Fatalf("the API refused it (%d, request %s): %v", apiErr.StatusCode, apiErr.RequestID, apiErr)
	case err != nil:
		log.Fatal(err)
	}
	fmt.Println("sent, message UUID", res.MessageUUID)
}
