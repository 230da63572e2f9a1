// Command echo-bot answers every message in its thread.
//
// For each inbound message it receives through messages.NewWebhookHandler,
// it marks the message read in the region it came through (WhatsApp and
// RCS), downloads any media to a temporary file, and answers on the same
// channel: on WhatsApp it quotes the message and offers reply buttons, and
// it answers the button the customer taps.
//
// With no credentials in the environment it runs on messagestest, the fake
// Messages API, with secure inbound media on, plays a scripted
// conversation, prints it, and exits 0.
//
// With VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH (or
// VONAGE_PRIVATE_KEY, or the NEXMO_ names) and VONAGE_SIGNATURE_SECRET set,
// it serves the webhooks on ADDR (default 127.0.0.1:8080, path /inbound
// and /status) until interrupted; point the application's inbound and
// status URLs there.
//
//	go run ./examples/echo-bot
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// timeout bounds the scripted conversation, so the example never hangs.
const timeout = time.Minute

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo-bot:", err)
		os.Exit(1)
	}
}

// run serves the live API when the environment has credentials, else
// plays the conversation on the fake.
func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	if getenv("VONAGE_APPLICATION_ID") == "" && getenv("NEXMO_APPLICATION_ID") == "" {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return script(ctx, w)
	}
	secret := getenv("VONAGE_SIGNATURE_SECRET")
	if secret == "" {
		return errors.New("VONAGE_SIGNATURE_SECRET is not set: the bot verifies every webhook")
	}
	client, err := messages.NewClientFromEnv()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "echo-bot-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	addr := getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	b := &bot{client: client, out: w, dir: dir}
	srv := &http.Server{Addr: addr, Handler: b.handler(secret), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	fmt.Fprintf(w, "Listening on http://%s for inbound and status webhooks\n", addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// bot answers inbound messages in their thread.
type bot struct {
	client *messages.Client
	out    io.Writer
	dir    string // where media is saved

	mu sync.Mutex // serializes the output of concurrent webhooks
}

// handler verifies each webhook and hands inbound messages to the bot; it
// answers 200 only once the bot has answered, so the API re-delivers a
// message whose answer failed.
func (b *bot) handler(secret string) http.Handler {
	return messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: secret,
		OnInbound:       b.onInbound,
		OnStatus:        func(context.Context, *messages.Status) error { return nil },
	})
}

func (b *bot) printf(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprintf(b.out, format+"\n", args...)
}

func (b *bot) onInbound(ctx context.Context, in *messages.Inbound) error {
	b.printf("<- %s %s from %s: %s", in.Channel, in.Type, in.From, describe(in))
	// Blue ticks first, in the region the message came through.
	if in.Channel == messages.ChannelWhatsApp || in.Channel == messages.ChannelRCS {
		if err := b.client.MarkRead(ctx, in.MessageUUID, in.Region()); err != nil {
			return fmt.Errorf("marking %s read: %w", in.MessageUUID, err)
		}
		region := string(in.Region())
		if region == "" {
			region = "global"
		}
		b.printf("   marked read in region %s", region)
	}
	msg, err := b.answer(ctx, in)
	if err != nil {
		return err
	}
	res, err := b.client.Send(ctx, msg)
	if err != nil {
		return err
	}
	b.printf("-> %s: %s (message UUID %s)", msg.MessageChannel(), describeOut(msg), res.MessageUUID)
	return nil
}

// answer picks the reply: the saved media acknowledged, a tapped button
// answered, and anything else offered buttons on WhatsApp or echoed.
func (b *bot) answer(ctx context.Context, in *messages.Inbound) (messages.Message, error) {
	switch {
	case in.Media != nil:
		n, f, err := b.save(ctx, in.Media.URL)
		if err != nil {
			return nil, err
		}
		b.printf("   saved %d bytes of %s (%q) to a temporary file", n, f.ContentType, f.Name)
		text := messages.Text(fmt.Sprintf("Thanks for the %s, %d bytes safely received.", in.Type, n))
		if in.Channel == messages.ChannelWhatsApp {
			return in.Quote(text)
		}
		return in.Answer(text)
	case in.Reply != nil:
		switch in.Reply.ID {
		case "photo":
			return in.Answer(messages.Text("Great: send us a photo of what needs fixing."))
		case "human":
			return in.Answer(messages.Text("A colleague will write to you shortly."))
		}
		return in.Answer(messages.Text("Sorry, I did not get that choice."))
	case in.Channel == messages.ChannelWhatsApp:
		return in.Quote(messages.InteractiveButtons{
			Body: "You said: " + in.Text + "\nHow can we help?",
			Buttons: []messages.ReplyButton{
				{ID: "photo", Title: "Send a photo"},
				{ID: "human", Title: "Talk to a person"},
			},
		})
	}
	return in.Answer(messages.Text("You said: " + in.Text))
}

// save downloads the media to a file in b.dir and returns its size.
func (b *bot) save(ctx context.Context, url string) (int64, *messages.MediaFile, error) {
	f, err := b.client.DownloadMedia(ctx, url)
	if err != nil {
		return 0, nil, err
	}
	defer f.Body.Close()
	out, err := os.CreateTemp(b.dir, "media-*"+filepath.Ext(f.Name))
	if err != nil {
		return 0, nil, err
	}
	n, err := io.Copy(out, f.Body)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, f, err
}

func describe(in *messages.Inbound) string {
	switch {
	case in.Media != nil:
		return fmt.Sprintf("%s %q", in.Media.Type, in.Media.Name)
	case in.Reply != nil:
		return fmt.Sprintf("tapped %q (%s)", in.Reply.Title, in.Reply.ID)
	}
	return fmt.Sprintf("%q", in.Text)
}

func describeOut(msg messages.Message) string {
	switch m := msg.(type) {
	case *messages.WhatsApp:
		quote := ""
		if m.Context != nil {
			quote = ", quoting " + m.Context.MessageUUID
		}
		switch c := m.Content.(type) {
		case messages.Text:
			return fmt.Sprintf("%q%s", string(c), quote)
		case messages.InteractiveButtons:
			return fmt.Sprintf("%d reply buttons%s", len(c.Buttons), quote)
		}
	case *messages.SMS:
		return fmt.Sprintf("%q", m.Text)
	case *messages.Messenger:
		if t, ok := m.Content.(messages.Text); ok {
			return fmt.Sprintf("%q", string(t))
		}
	}
	return fmt.Sprintf("%T", msg)
}

// script plays a conversation on the fake API: the customer writes on
// WhatsApp, taps a button, sends a photo, then writes by SMS and on
// Messenger.
func script(ctx context.Context, w io.Writer) error {
	const secret = "echo-bot-secret"
	dir, err := os.MkdirTemp("", "echo-bot-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	b := &bot{out: w, dir: dir}
	rcv := httptest.NewServer(b.handler(secret))
	defer rcv.Close()
	srv := messagestest.NewServer(
		messagestest.WithInboundURL(rcv.URL),
		messagestest.WithSignatureSecret(secret),
		messagestest.WithSecureMedia(),
	)
	defer srv.Close()
	b.client = srv.Client()
	fmt.Fprintf(w, "No credentials set: playing a conversation on the fake Messages API at %s\n", srv.URL)

	const customer, business = "447700900001", "447700900000"
	say := func(msg messagestest.InboundMessage) (string, error) {
		if msg.Channel == "" {
			msg.Channel = messages.ChannelWhatsApp
		}
		if msg.From == "" {
			msg.From, msg.To = customer, business
		}
		return srv.Inbound(ctx, msg)
	}
	if _, err := say(messagestest.InboundMessage{Text: "Hi, my bike is broken"}); err != nil {
		return err
	}
	offer := lastSent(srv)
	choice, err := srv.Choose(offer, "photo")
	if err != nil {
		return err
	}
	if _, err := say(choice); err != nil {
		return err
	}
	photo := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 2048)...)
	if _, err := say(messagestest.InboundMessage{Media: &messages.Media{Type: "image", Name: "bike.png"}, MediaBody: photo}); err != nil {
		return err
	}
	if _, err := say(messagestest.InboundMessage{Channel: messages.ChannelSMS, Text: "Is the shop open on Sunday?"}); err != nil {
		return err
	}
	if _, err := say(messagestest.InboundMessage{Channel: messages.ChannelMessenger, From: "9876543210", To: "0123456789", Text: "Thanks!"}); err != nil {
		return err
	}

	counts := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Status >= 300 {
			return fmt.Errorf("the fake refused %s %s with %d", r.Method, r.Path, r.Status)
		}
		counts[r.Kind]++
	}
	fmt.Fprintf(w, "Done: %d answers sent, %d messages marked read, %d media file downloaded with the application's token.\n", counts["message"], counts["update"], counts["media"])
	return nil
}

// lastSent is the UUID of the last message the fake accepted.
func lastSent(srv *messagestest.Server) string {
	reqs := srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Kind == "message" {
			return reqs[i].MessageUUID
		}
	}
	return ""
}
