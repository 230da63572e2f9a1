package messages_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// inboundImage is an inbound WhatsApp image as the API posts it.
const inboundImage = `{
  "channel": "whatsapp",
  "message_uuid": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab",
  "to": "447700900000",
  "from": "447700900001",
  "timestamp": "2025-02-03T12:14:25Z",
  "message_type": "image",
  "image": {"url": "https://api-eu.nexmo.com/v3/media/6882bbe2-fe14-4e2f-910f-652beee058d4", "name": "receipt.jpg"},
  "_self": {"href": "https://api-eu.vonage.com/v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}
}`

func ExampleClient_DownloadMedia() {
	// The fake serves the media of the inbound messages it sends, as the
	// API does; with WithSecureMedia only to the application's JWT.
	srv := messagestest.NewServer(messagestest.WithSecureMedia())
	defer srv.Close()
	client := srv.Client()
	mediaURL := srv.AddMedia("receipt.txt", "text/plain", []byte("1 x coffee, 2.50"))

	ctx := context.Background()
	f, err := client.DownloadMedia(ctx, mediaURL) // in real code: in.Media.URL
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Body.Close()
	fmt.Println(f.Name, f.ContentType, f.Size)
	if _, err := io.Copy(os.Stdout, f.Body); err != nil { // or to a file
		fmt.Println(err)
	}
	fmt.Println()

	_, err = client.DownloadMedia(ctx, srv.URL+messagestest.MediaPath+"expired")
	fmt.Println(errors.Is(err, messages.ErrNotFound)) // expired, or never there
	// Output:
	// receipt.txt text/plain 16
	// 1 x coffee, 2.50
	// true
}

func ExampleInbound_Answer() {
	in, err := messages.ParseInbound([]byte(inboundImage))
	if err != nil {
		fmt.Println(err)
		return
	}
	msg, err := in.Answer(messages.Text("Thanks, we got your receipt"))
	if err != nil {
		fmt.Println(err)
		return
	}
	wa := msg.(*messages.WhatsApp)
	fmt.Println(wa.MessageChannel(), "from", wa.From, "to", wa.To)
	fmt.Println("mark read in region", in.Region()) // client.MarkRead(ctx, in.MessageUUID, in.Region())

	_, err = in.Answer(messages.Card{Title: "RCS only"})
	fmt.Println(err)
	// Output:
	// whatsapp from 447700900000 to 447700900001
	// mark read in region eu
	// messages: invalid message: answer: whatsapp cannot carry messages.Card
}

func ExampleInbound_Quote() {
	in, err := messages.ParseInbound([]byte(inboundImage))
	if err != nil {
		fmt.Println(err)
		return
	}
	msg, err := in.Quote(messages.Text("Is this the right receipt?"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("quoting", msg.(*messages.WhatsApp).Context.MessageUUID)

	sms := &messages.Inbound{Channel: messages.ChannelSMS, From: "447700900001", To: "447700900000"}
	_, err = sms.Quote(messages.Text("SMS has no quotes"))
	fmt.Println(err)
	// Output:
	// quoting aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab
	// messages: invalid message: quote: only whatsapp can quote a message, not sms
}

// sendAndShow sends content on WhatsApp through the fake and prints the
// custom payload it went out with.
func sendAndShow(content messages.WhatsAppContent) {
	srv := messagestest.NewServer()
	defer srv.Close()
	_, err := srv.Client().Send(context.Background(), messages.WhatsApp{From: "447700900000", To: "447700900001", Content: content})
	if err != nil {
		fmt.Println(err)
		return
	}
	body := string(srv.Requests()[0].Body)
	start := len(`{"channel":"whatsapp","message_type":"custom","to":"447700900001","from":"447700900000","custom":`)
	fmt.Println(body[start : len(body)-1])
}

func ExampleInteractiveButtons() {
	sendAndShow(messages.InteractiveButtons{
		Body: "Shall we deliver tomorrow?",
		Buttons: []messages.ReplyButton{
			{ID: "yes", Title: "Yes, please"},
			{ID: "no", Title: "Another day"},
		},
	})
	// The customer's tap comes back as an inbound message of type "reply"
	// whose Reply.ID is "yes" or "no".
	// Output:
	// {"type":"interactive","interactive":{"type":"button","body":{"text":"Shall we deliver tomorrow?"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes, please"}},{"type":"reply","reply":{"id":"no","title":"Another day"}}]}}}
}

func ExampleInteractiveList() {
	sendAndShow(messages.InteractiveList{
		Body:   "When suits you?",
		Button: "Pick a slot",
		Sections: []messages.ListSection{
			{Title: "Morning", Rows: []messages.ListRow{{ID: "9", Title: "9am"}, {ID: "11", Title: "11am"}}},
			{Title: "Afternoon", Rows: []messages.ListRow{{ID: "15", Title: "3pm", Description: "Last slot"}}},
		},
	})
	// Output:
	// {"type":"interactive","interactive":{"type":"list","body":{"text":"When suits you?"},"action":{"button":"Pick a slot","sections":[{"title":"Morning","rows":[{"id":"9","title":"9am"},{"id":"11","title":"11am"}]},{"title":"Afternoon","rows":[{"id":"15","title":"3pm","description":"Last slot"}]}]}}}
}

func ExampleAuthTemplate() {
	sendAndShow(messages.AuthTemplate{Name: "verify_code", Locale: "en_GB", Code: "482913"})
	// Output:
	// {"type":"template","template":{"name":"verify_code","language":{"policy":"deterministic","code":"en_GB"},"components":[{"type":"body","parameters":[{"type":"text","text":"482913"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"482913"}]}]}}
}
