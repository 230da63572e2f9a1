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

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/examples/internal/exampleenv"
)

func main() { exampleenv.Run(send) }

func send(ctx context.Context, client *messages.Client) error {
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
		return fmt.Errorf("fix the message: %v", ve)
	case errors.As(err, &apiErr):
		return fmt.Errorf("the API refused it (%d, request %s): %v", apiErr.StatusCode, apiErr.RequestID, apiErr)
	case err != nil:
		return err
	}
	fmt.Println("sent, message UUID", res.MessageUUID)
	return nil
}
