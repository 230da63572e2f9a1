// Command send-messenger-media sends an image, an audio clip, a video and a
// file over Facebook Messenger.
//
//	PAGE_ID=1234567890 USER_ID=9876543210 go run ./examples/send-messenger-media
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
	page := getenv("PAGE_ID", "1234567890")
	user := getenv("USER_ID", "9876543210")
	// Messenger attachments are a URL only: no caption, no file name.
	for _, content := range []messages.MessengerContent{
		messages.Image{URL: "https://example.com/parcel.jpg"},
		messages.Audio{URL: "https://example.com/welcome.mp3"},
		messages.Video{URL: "https://example.com/unboxing.mp4"},
		messages.File{URL: "https://example.com/invoice.pdf"},
	} {
		res, err := client.Send(ctx, messages.Messenger{From: page, To: user, Content: content})
		if err != nil {
			return err
		}
		fmt.Printf("sent %T, message UUID %s\n", content, res.MessageUUID)
	}
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
