// Command send-whatsapp sends a WhatsApp template, waits for the customer
// to answer, marks the answer read (showing the customer that a reply is
// being written) and replies to it.
//
// Outside the 24-hour customer-care window WhatsApp delivers templates
// only. The customer's answer opens the window, so the reply is free text,
// quoting the answer.
//
//	go run ./examples/send-whatsapp
//
// Without credentials it runs on messagestest, a fake of the Messages API
// on this machine, which also plays the customer. With
// VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH set it uses
// messages.NewClientFromEnv: the live API, or the host VONAGE_BASE_URL
// names, such as the fake `messages fake` runs; then also set:
//   - WHATSAPP_NUMBER, your WhatsApp Business number, and TO_NUMBER;
//   - TEMPLATE_NAME, TEMPLATE_LOCALE and TEMPLATE_PARAMS (comma-separated)
//     for one of your approved templates;
//   - VONAGE_SIGNATURE_SECRET, to verify the inbound webhook, and PORT
//     (8080 by default): point the application's inbound URL at
//     /webhooks/inbound on this port, through a tunnel if need be;
//   - VONAGE_REGION (eu, us or ap) when the application's messages go
//     through a regional host.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// fakeSecret signs the fake's webhooks when no live credentials are set.
const fakeSecret = "send-whatsapp-example-secret"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute) // the customer has this long to answer
	err := run(ctx, os.Stdout, nil)
	cancel()
	stop()
	if err != nil {
		log.Fatal(err)
	}
}

// run sends the template, waits for the answer, marks it read and replies.
// Without live credentials it runs on a fake, which it hands to started (when
// not nil) so that a test can read what the fake recorded.
func run(ctx context.Context, out io.Writer, started func(*messagestest.Server)) error {
	from := getenv("WHATSAPP_NUMBER", "447700900001")
	to := getenv("TO_NUMBER", "447700900000")
	live, secret, addr, err := webhookSettings()
	if err != nil {
		return err
	}

	// The customer's answer arrives as a signed inbound webhook.
	answers := make(chan *messages.Inbound, 1)
	handler := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: secret,
		OnInbound: func(_ context.Context, in *messages.Inbound) error {
			if in.Channel == messages.ChannelWhatsApp {
				select {
				case answers <- in:
				default: // only the first answer is used
				}
			}
			return nil
		},
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/webhooks/", handler) // inbound and status webhooks
	web := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = web.Serve(ln) }()
	defer web.Close()

	client, fake, err := newClient(out, live, "http://"+ln.Addr().String()+"/webhooks/inbound", secret, started)
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
	}

	name := getenv("TEMPLATE_NAME", "verify")
	res, err := client.Send(ctx, messages.WhatsApp{From: from, To: to, Content: messages.Template{
		Name:       name,
		Parameters: strings.Split(getenv("TEMPLATE_PARAMS", "Verification,2526,5"), ","),
		Locale:     getenv("TEMPLATE_LOCALE", "en_US"),
		Policy:     messages.TemplateDeterministic,
	}})
	if err != nil {
		return fmt.Errorf("sending the template: %w", err)
	}
	fmt.Fprintf(out, "Sent template %q: message UUID %s\n", name, res.MessageUUID)

	in, err := awaitAnswer(ctx, out, fake, answers, from, to, ln.Addr())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Answer from %s: %q (message UUID %s)\n", in.From, in.Text, in.MessageUUID)

	// Blue ticks for the customer and, since a reply follows, the
	// "replying" indicator until it arrives. The update goes to the region
	// the message came in through.
	region := messages.Region(os.Getenv("VONAGE_REGION"))
	if err := client.MarkRead(ctx, in.MessageUUID, region, messages.WithReplyingIndicator()); err != nil {
		return fmt.Errorf("marking the answer read: %w", err)
	}
	fmt.Fprintf(out, "Marked %s read, replying indicator shown\n", in.MessageUUID)

	res, err = client.Send(ctx, messages.WhatsApp{
		From:    from,
		To:      in.From,
		Content: messages.Text("Here it is again: your code is 2526."),
		Context: &messages.ReplyTo{MessageUUID: in.MessageUUID}, // quote the answer
	})
	if err != nil {
		return fmt.Errorf("replying: %w", err)
	}
	fmt.Fprintf(out, "Replied to %s: message UUID %s\n", in.MessageUUID, res.MessageUUID)
	return nil
}

// webhookSettings reads whether live credentials are set, and the secret
// and address of the inbound webhook: the fake's, or the live ones, where
// a missing secret is an error.
func webhookSettings() (live bool, secret, addr string, err error) {
	live = os.Getenv("VONAGE_APPLICATION_ID") != "" || os.Getenv("NEXMO_APPLICATION_ID") != ""
	if !live {
		return false, fakeSecret, "127.0.0.1:0", nil
	}
	secret = os.Getenv("VONAGE_SIGNATURE_SECRET")
	if secret == "" {
		return true, "", "", errors.New("set VONAGE_SIGNATURE_SECRET: the inbound webhook is verified with it")
	}
	return true, secret, ":" + getenv("PORT", "8080"), nil
}

// newClient is the client of the live API, or, without credentials, of a
// fake posting inbound messages to inboundURL; the caller closes the fake.
func newClient(out io.Writer, live bool, inboundURL, secret string, started func(*messagestest.Server)) (*messages.Client, *messagestest.Server, error) {
	if live {
		client, err := messages.NewClientFromEnv()
		return client, nil, err
	}
	fake := messagestest.NewServer(
		messagestest.WithInboundURL(inboundURL),
		messagestest.WithSignatureSecret(secret),
	)
	if started != nil {
		started(fake)
	}
	fmt.Fprintf(out, "No credentials set: running on the fake Messages API at %s\n", fake.URL)
	return fake.Client(), fake, nil
}

// awaitAnswer waits for the customer's answer; on the fake, the fake plays
// the customer answering.
func awaitAnswer(ctx context.Context, out io.Writer, fake *messagestest.Server, answers <-chan *messages.Inbound, from, to string, addr net.Addr) (*messages.Inbound, error) {
	if fake != nil {
		msg := messagestest.InboundMessage{Channel: messages.ChannelWhatsApp, From: to, To: from, Text: "Yes, please send it again"}
		if _, err := fake.Inbound(ctx, msg); err != nil {
			return nil, fmt.Errorf("simulating the customer's answer: %w", err)
		}
	} else {
		fmt.Fprintf(out, "Waiting for the customer's answer on %s/webhooks/inbound\n", addr)
	}
	select {
	case in := <-answers:
		return in, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the customer's answer: %w", ctx.Err())
	}
}

// getenv returns the variable's value, or def when it is unset.
func getenv(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
