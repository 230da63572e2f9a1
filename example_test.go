package messages_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func ExampleNewClient() {
	key, err := os.ReadFile("testdata/keys/pkcs8.pem") // your application's private.key
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := messages.NewClient("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", key,
		messages.WithRegion(messages.RegionEU),
		messages.WithTokenReuse(time.Minute),
		messages.WithRetry(messages.RetryPolicy{MaxAttempts: 3}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.APIVersion())
	// Output: v1
}

func ExampleSMS() {
	// messagestest runs the API on this machine; real code builds its
	// client with messages.NewClientFromEnv() instead.
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	res, err := c.Send(context.Background(), messages.SMS{
		From:      "Vonage", // an alphanumeric sender ID, or a number
		To:        "+44 7700 900000",
		Text:      "Your code is 1234",
		ClientRef: "order-1234",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := srv.Requests()[0] // what the API received
	fmt.Println(r.Status, r.Channel, r.MessageType, r.To, r.Text)
	fmt.Println(r.MessageUUID == res.MessageUUID)
	// Output:
	// 202 sms text 447700900000 Your code is 1234
	// true
}

func ExampleViber() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	_, err := c.Send(context.Background(), messages.Viber{
		From:     "654321", // your Viber Service Message ID
		To:       "447700900000",
		Content:  messages.Image{URL: "https://example.com/sale.jpg", Caption: "Spring sale"},
		Category: messages.ViberPromotion,
		TTL:      10 * time.Minute,
		Action:   &messages.ViberAction{URL: "https://example.com/sale", Text: "Shop now"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType, r.Media()[0].Caption)
	// Output: 202 viber_service image Spring sale
}

func ExampleMessenger() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// Messenger attachments take a URL only: no caption, no file name.
	_, err := c.Send(context.Background(), messages.Messenger{
		From:     "1234567890123456", // your page ID
		To:       "9876543210987654", // the user's page-scoped ID
		Content:  messages.Video{URL: "https://example.com/trailer.mp4"},
		Category: messages.MessengerMessageTag,
		Tag:      "CONFIRMED_EVENT_UPDATE",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType, r.MediaURL)
	// Output: 202 messenger video https://example.com/trailer.mp4
}

func ExampleValidationError() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// Nothing is sent: every problem is reported at once, before any I/O.
	_, err := c.Send(context.Background(), messages.SMS{From: "447700900001", To: "12ab", Text: ""})
	var ve *messages.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			fmt.Printf("%s: %s\n", fe.Field, fe.Reason)
		}
	}
	fmt.Println(errors.Is(err, messages.ErrInvalidMessage), len(srv.Requests()))
	// Output:
	// to: not an E.164 number: "12ab"
	// text: must not be empty
	// true 0
}

func ExampleAPIError() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	srv.FailNext(http.StatusTooManyRequests, 2*time.Second) // the API's answer to the next call
	_, err := c.Send(context.Background(), messages.SMS{From: "Vonage", To: "447700900000", Text: "hi"})
	var apiErr *messages.APIError
	switch {
	case errors.Is(err, messages.ErrRateLimited) && errors.As(err, &apiErr):
		fmt.Println("slow down for", apiErr.RetryAfter)
	case errors.Is(err, messages.ErrUnauthorized):
		fmt.Println("check the application ID and key")
	case err != nil:
		fmt.Println(err)
	}
	// Output: slow down for 2s
}

func ExampleGenerateJWT() {
	key, err := os.ReadFile("testdata/keys/pkcs8.pem")
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := messages.GenerateJWT("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", key,
		messages.WithTTL(5*time.Minute), messages.WithACL("/*/messages/**"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(tok) > 0)
	// Output: true
}
