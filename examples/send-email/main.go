// Command send-email sends one email with a plain-text and an HTML part.
//
//	FROM_EMAIL=no-reply@yourdomain.com TO_EMAIL=user@example.com go run ./examples/send-email
//
// FROM_EMAIL must be on a domain Vonage has verified for the account. With
// VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH set it uses
// messages.NewClientFromEnv: the live API, or the host VONAGE_BASE_URL names,
// such as the fake `messages fake` runs and exports the variables of; without
// them, messagestest, a fake of the API in this process.
package main

import (
	"context"
	"errors"
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
	res, err := client.Send(ctx, messages.Email{
		// From and To are bare addresses; the names people see go in
		// FromName and ToName.
		From:     getenv("FROM_EMAIL", "no-reply@yourdomain.com"),
		FromName: "Acme Orders",
		To:       getenv("TO_EMAIL", "user@example.com"),
		Subject:  "Your order has shipped",
		// Both parts: a mail client that shows no HTML shows the text.
		Content: messages.EmailParts{
			Text: "Your order #1234 has shipped. It arrives on Friday.",
			HTML: "<p>Your order <b>#1234</b> has shipped. It arrives on <b>Friday</b>.</p>",
		},
		CC:         []messages.EmailAddress{{Address: "orders@example.com", Name: "Acme Orders"}},
		Importance: messages.EmailImportanceNormal,
		ClientRef:  "send-email-example",
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
