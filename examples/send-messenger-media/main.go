// Command send-messenger-media sends an image, an audio clip, a video and a
// file over Facebook Messenger.
//
//	PAGE_ID=1234567890 USER_ID=9876543210 go run ./examples/send-messenger-media
package main

import (
	"context"
	"fmt"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/examples/internal/exampleenv"
)

func main() { exampleenv.Run(send) }

func send(ctx context.Context, client *messages.Client) error {
	page := exampleenv.Getenv("PAGE_ID", "1234567890")
	user := exampleenv.Getenv("USER_ID", "9876543210")
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
