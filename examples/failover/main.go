// Command failover sends a Viber message that falls back to SMS when Viber
// rejects it.
//
//	VIBER_SERVICE_ID=654321 FROM_NUMBER=447700900001 TO_NUMBER=447700900000 go run ./examples/failover
//
// On v1 (the default) the API tries the SMS only when the Viber message is
// rejected; with WithAPIVersion(messages.V0_1) the Dispatch API also fails
// over when the Viber message is not delivered in time.
package main

import (
	"context"
	"fmt"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/examples/internal/exampleenv"
)

func main() { exampleenv.Run(send) }

func send(ctx context.Context, client *messages.Client) error {
	to := exampleenv.Getenv("TO_NUMBER", "447700900000")
	res, err := client.SendWithFailover(ctx,
		messages.Viber{From: exampleenv.Getenv("VIBER_SERVICE_ID", "654321"), To: to, Content: messages.Text("Your code is 1234")},
		messages.SMS{From: exampleenv.Getenv("FROM_NUMBER", "447700900001"), To: to, Text: "Your code is 1234"},
	)
	if err != nil {
		return err
	}
	fmt.Printf("sent, message UUID %s, workflow %s\n", res.MessageUUID, res.WorkflowID)
	return nil
}
