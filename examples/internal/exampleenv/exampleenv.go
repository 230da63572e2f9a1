// Package exampleenv gives the example programs a client: the live API when
// the environment holds credentials, else messagestest, the fake API, so
// every example runs on a fresh machine.
package exampleenv

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// Client returns a client and a function that releases it. With
// VONAGE_APPLICATION_ID (or NEXMO_APPLICATION_ID) set it talks to the live
// API; otherwise it starts the fake and says so on standard error.
func Client(opts ...messages.Option) (*messages.Client, func(), error) {
	if os.Getenv("VONAGE_APPLICATION_ID") != "" || os.Getenv("NEXMO_APPLICATION_ID") != "" {
		c, err := messages.NewClientFromEnv(opts...)
		return c, func() {}, err
	}
	srv := messagestest.NewServer()
	fmt.Fprintf(os.Stderr, "no credentials set: sending to the fake Messages API at %s\n", srv.URL)
	return srv.Client(opts...), srv.Close, nil
}

// Run gives send a client and a context that ends after 30 seconds, then
// exits non-zero with the error, if send returns one.
func Run(send func(ctx context.Context, client *messages.Client) error) {
	client, done, err := Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	err = send(ctx, client)
	cancel()
	done()
	if err != nil {
		log.Fatal(err)
	}
}

// Getenv returns the variable's value, or def when it is unset.
func Getenv(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
