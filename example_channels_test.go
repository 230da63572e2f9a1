package messages_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// The examples send to messagestest, the Messages API on this machine,
// and print what it received. Real code builds its client with
// messages.NewClientFromEnv() or messages.NewClient instead of srv.Client().

func ExampleMMS() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	_, err := c.Send(context.Background(), messages.MMS{
		From:    "12015550123",
		To:      "+1 201 555 0100",
		Content: messages.Image{URL: "https://example.com/image.jpg", Caption: "Your order has shipped"},
		TTL:     10 * time.Minute,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType, r.To)
	fmt.Printf("%+v\n", r.Media())
	// Output:
	// 202 mms image 12015550100
	// [{Type:image URL:https://example.com/image.jpg Caption:Your order has shipped Name:}]
}

func ExampleAttachments() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// Several attachments go as one MMS of message type "content".
	_, err := c.Send(context.Background(), messages.MMS{
		From: "12015550123",
		To:   "12015550100",
		Content: messages.Attachments{
			messages.Image{URL: "https://example.com/receipt.jpg", Caption: "Your receipt"},
			messages.VCard{URL: "https://example.com/shop.vcf", Caption: "Save our number"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType)
	for _, m := range r.Media() {
		fmt.Println(m.Type, m.URL, m.Caption)
	}

	// At least one attachment is needed, and only v1 carries them.
	_, err = c.Send(context.Background(), messages.MMS{From: "12015550123", To: "12015550100", Content: messages.Attachments{}})
	fmt.Println(err)
	v01 := srv.Client(messages.WithAPIVersion(messages.V0_1))
	_, err = v01.Send(context.Background(), messages.MMS{From: "12015550123", To: "12015550100",
		Content: messages.Attachments{messages.Image{URL: "https://example.com/receipt.jpg"}}})
	fmt.Println(err)
	// Output:
	// 202 mms content
	// image https://example.com/receipt.jpg Your receipt
	// vcard https://example.com/shop.vcf Save our number
	// messages: mms: content (Attachments): must hold at least 1 attachment
	// messages: mms: content (Attachments): not supported by API version v0.1
}

func ExampleWhatsApp() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// Outside the 24-hour customer-care window, only templates are delivered.
	_, err := c.Send(context.Background(), messages.WhatsApp{
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
	r := srv.Requests()[0]
	name, params := r.Template()
	fmt.Println(r.Status, r.Channel, r.MessageType, name, params)
	// Output: 202 whatsapp template verify [Verification 2526 5]
}

func ExampleWhatsApp_reaction() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// A reaction names the message it reacts to in Context.
	_, err := c.Send(context.Background(), messages.WhatsApp{
		From:    "447700900001",
		To:      "447700900000",
		Content: messages.Reaction{Emoji: "👍"},
		Context: &messages.ReplyTo{MessageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"},
	})
	fmt.Println(err)
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType)
	// Output:
	// <nil>
	// 202 whatsapp reaction
}

func ExampleRCS() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	_, err := c.Send(context.Background(), messages.RCS{
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
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType, r.Text)
	// Output: 202 rcs text Your table is booked for 7pm. Need to change it?
}

func ExampleRCS_card() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

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
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Channel, r.MessageType)
	// Output:
	// <nil>
	// 202 rcs card
}

func ExampleClient_MarkRead() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// Updates go to the region the message came in through; a client with
	// WithBaseURL, as srv.Client() is, sends them to its own base.
	err := c.MarkRead(context.Background(), "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", messages.RegionEU)
	fmt.Println(err)
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Method, r.Path, r.UpdateStatus)
	// Output:
	// <nil>
	// 202 PATCH /v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab read
}

func ExampleClient_MarkRead_replyingIndicator() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// About to answer an inbound WhatsApp message: mark it read and show
	// the user that a reply is being written. WhatsApp hides the indicator
	// when the reply arrives, or after 25 seconds.
	err := c.MarkRead(context.Background(), "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", messages.RegionGlobal, messages.WithReplyingIndicator())
	fmt.Println(err)
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Method, r.UpdateStatus, r.ReplyingIndicator)
	fmt.Println(string(r.Body))
	// Output:
	// <nil>
	// 202 PATCH read true
	// {"status":"read","replying_indicator":{"show":true,"type":"text"}}
}

func ExampleClient_Revoke() {
	srv := messagestest.NewServer()
	defer srv.Close()
	c := srv.Client()

	err := c.Revoke(context.Background(), "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", messages.RegionGlobal)
	fmt.Println(err)
	r := srv.Requests()[0]
	fmt.Println(r.Status, r.Method, r.Path, r.UpdateStatus)

	// The UUID is checked before any request is made.
	fmt.Println(c.Revoke(context.Background(), "not-a-uuid", messages.RegionGlobal))
	fmt.Println(len(srv.Requests()))
	// Output:
	// <nil>
	// 202 PATCH /v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab revoked
	// messages: message_uuid: not a UUID: "not-a-uuid"
	// 1
}
