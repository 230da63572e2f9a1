// Command failover sends a Viber message that falls back to SMS when Viber
// rejects it.
//
//	VIBER_SERVICE_ID=654321 FROM_NUMBER=447700900001 TO_NUMBER=447700900000 go run ./examples/failover
//
// On v1 (the default) the API tries the SMS only when the Viber message is
// rejected; with WithAPIVersion(messages.V0_1) the Dispatch API also fails
// over when the Viber message is not delivered in time.
//
// With VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH set it uses
// messages.NewClientFromEnv: the live API, or the host VONAGE_BASE_URL names,
// such as the fake `messages fake` runs and exports the variables of; without
// them, messagestest, a fake of the API in this process.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	client, done, err := newClient()
	if err != nil {
		return err
	}
	defer done()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return send(ctx, client)
}

func send(ctx context.Context, client *messages.Client) error {
	to := getenv("TO_NUMBER", "447700900000")
	res, err := client.SendWithFailover(ctx,
		messages.Viber{From: getenv("VIBER_SERVICE_ID", "654321"), To: to, Content: messages.Text("Your code is 1234")},
		messages.SMS{From: getenv("FROM_NUMBER", "447700900001"), To: to, Text: "Your code is 1234"},
	)
	if err != nil {
		return err
	}
	fmt.Printf("sent, message UUID %s, workflow %s\n", res.MessageUUID, res.WorkflowID)
	return nil
}

// newClient talks to the live API when the environment names an
// application, and otherwise to messagestest, a fake of the API on this
// machine, so that the example runs anywhere. done releases the fake.
func newClient() (client *messages.Client, done func(), err error) {
	if os.Getenv("VONAGE_APPLICATION_ID") != "" || os.Getenv("NEXMO_APPLICATION_ID") != "" {
		client, err = messages.NewClientFromEnv()
		return client, func() {}, err
	}
	srv := messagestest.NewServer()
	fmt.Fprintf(os.Stderr, "no credentials set: sending to the fake Messages API at %s\n", srv.URL)
	return srv.Client(), srv.Close, nil
}

// getenv returns the variable's value, or def when it is unset.
func getenv(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
