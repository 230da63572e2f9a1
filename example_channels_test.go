package messages_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/gomessages/messages"
)

// exampleClient starts a stand-in for the API that prints what each request
// asks for and accepts it, and returns a client pointed at it. Real code
// calls messages.NewClientFromEnv() instead.
func exampleClient() (*messages.Client, func()) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Channel     string `json:"channel"`
			MessageType string `json:"message_type"`
			Status      string `json:"status"`
		}
		_ = json.Unmarshal(body, &req)
		if r.Method == http.MethodPatch {
			fmt.Println(r.Method, r.URL.Path, req.Status)
			w.WriteHeader(http.StatusAccepted)
			return
		}
		fmt.Println(r.Method, r.URL.Path, req.Channel, req.MessageType)
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`)
	}))
	key, err := os.ReadFile("testdata/keys/pkcs8.pem")
	if err != nil {
		panic(err)
	}
	c, err := messages.NewClient("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", key, messages.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	return c, srv.Close
}

func ExampleMMS() {
	c, stop := exampleClient()
	defer stop()

	res, err := c.Send(context.Background(), messages.MMS{
		From:    "12015550123",
		To:      "+1 201 555 0100",
		Content: messages.Image{URL: "https://example.com/image.jpg", Caption: "Your order has shipped"},
		TTL:     10 * time.Minute,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.MessageUUID)
	// Output:
	// POST /v1/messages mms image
	// aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab
}

func ExampleWhatsApp() {
	c, stop := exampleClient()
	defer stop()

	// Outside the 24-hour customer-care window, only templates are delivered.
	res, err := c.Send(context.Background(), messages.WhatsApp{
		From: "447700900001",
		To:   "447700900000",
		Content: messages.Template{
			Name:       "verify",
			Parameters: []string{"Verification", "2526", "5"},
			Locale:     "en_US",
			Policy:     messages.TemplateDeterministic,
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.MessageUUID)
	// Output:
	// POST /v1/messages whatsapp template
	// aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab
}

func ExampleWhatsApp_reaction() {
	c, stop := exampleClient()
	defer stop()

	// A reaction names the message it reacts to in Context.
	_, err := c.Send(context.Background(), messages.WhatsApp{
		From:    "447700900001",
		To:      "447700900000",
		Content: messages.Reaction{Emoji: "👍"},
		Context: &messages.ReplyTo{MessageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"},
	})
	fmt.Println(err)
	// Output:
	// POST /v1/messages whatsapp reaction
	// <nil>
}

func ExampleRCS() {
	c, stop := exampleClient()
	defer stop()

	res, err := c.Send(context.Background(), messages.RCS{
		From:    "Vonage",
		To:      "447700900000",
		Content: messages.Text("Your table is booked for 7pm. Need to change it?"),
		Suggestions: []messages.RCSSuggestion{
			messages.RCSSuggestedReply{Text: "Keep it", PostbackData: "booking_keep"},
			messages.RCSSuggestedDial{Text: "Call us", PostbackData: "booking_call", PhoneNumber: "+14155550100"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.MessageUUID)
	// Output:
	// POST /v1/messages rcs text
	// aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab
}

func ExampleRCS_card() {
	c, stop := exampleClient()
	defer stop()

	_, err := c.Send(context.Background(), messages.RCS{
		From: "Vonage",
		To:   "447700900000",
		Content: messages.Card{
			Title:       "Spring menu",
			Text:        "Five new dishes, available from today.",
			MediaURL:    "https://example.com/menu.jpg",
			MediaHeight: messages.MediaMedium,
			Orientation: messages.CardVertical,
			Suggestions: []messages.RCSSuggestion{
				messages.RCSSuggestedOpenURL{Text: "See menu", PostbackData: "menu", URL: "https://example.com/menu", Description: "Our spring menu"},
			},
		},
	})
	fmt.Println(err)
	// Output:
	// POST /v1/messages rcs card
	// <nil>
}

func ExampleClient_MarkRead() {
	c, stop := exampleClient()
	defer stop()

	// Updates go to the region the message came in through; a client with
	// WithBaseURL, as here, sends them to its own base.
	err := c.MarkRead(context.Background(), "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", messages.RegionEU)
	fmt.Println(err)
	// Output:
	// PATCH /v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab read
	// <nil>
}

func ExampleClient_Revoke() {
	c, stop := exampleClient()
	defer stop()

	err := c.Revoke(context.Background(), "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", messages.RegionGlobal)
	fmt.Println(err)

	// The UUID is checked before any request is made.
	fmt.Println(c.Revoke(context.Background(), "not-a-uuid", messages.RegionGlobal))
	// Output:
	// PATCH /v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab revoked
	// <nil>
	// messages: message_uuid: not a UUID: "not-a-uuid"
}
