// Command send-viber sends a Viber Service Message: a text, then an image
// with an action button.
//
//	VIBER_SERVICE_ID=654321 TO_NUMBER=447700900000 go run ./examples/send-viber
package main

import (
	"context"
	"fmt"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/examples/internal/exampleenv"
)

func main() { exampleenv.Run(send) }

func send(ctx context.Context, client *messages.Client) error {
	from := exampleenv.Getenv("VIBER_SERVICE_ID", "654321")
	to := exampleenv.Getenv("TO_NUMBER", "447700900000")
	for _, msg := range []messages.Viber{
		{From: from, To: to, Content: messages.Text("Your order has shipped")},
		{
			From: from, To: to,
			Content:  messages.Image{URL: "https://example.com/sale.jpg", Caption: "Spring sale: 20% off"},
			Category: messages.ViberPromotion,
			TTL:      time.Hour,
			Action:   &messages.ViberAction{URL: "https://example.com/sale", Text: "Shop now"},
		},
	} {
		res, err := client.Send(ctx, msg)
		if err != nil {
			return err
		}
		fmt.Printf("sent %T, message UUID %s\n", msg.Content, res.MessageUUID)
	}
	return nil
}
