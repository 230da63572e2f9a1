// Command quickstart shows the SDK end to end.
//
// With no credentials in the environment it runs on messagestest, the fake
// Messages API, with a local webhook receiver: it sends an SMS, Viber and
// Messenger texts and a Messenger image, waits for their delivery receipts,
// receives an inbound message, and plays a failover from Viber to SMS.
//
// With VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH (or
// VONAGE_PRIVATE_KEY, or the NEXMO_ names), FROM_NUMBER and TO_NUMBER set,
// it sends one SMS instead, as messages.NewClientFromEnv would: to the live
// API, or to the host VONAGE_BASE_URL names, such as the fake `messages
// fake` runs, and prints its UUID.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// timeout bounds the whole run, so the quickstart never hangs.
const timeout = 30 * time.Second

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	err := run(ctx, os.Stdout, os.Getenv)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run picks the live API when the environment has credentials and numbers,
// else the fake.
func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	if getenv("VONAGE_APPLICATION_ID") == "" && getenv("NEXMO_APPLICATION_ID") == "" {
		return story(ctx, w)
	}
	from, to := getenv("FROM_NUMBER"), getenv("TO_NUMBER")
	if from == "" || to == "" {
		return errors.New("an application ID is set: also set FROM_NUMBER and TO_NUMBER to send a real SMS, or unset it to run on the fake API")
	}
	return sendReal(ctx, w, getenv, from, to)
}

// sendReal sends one SMS through the API the environment names: the
// client NewClientFromEnv would build, from the variables getenv reads.
func sendReal(ctx context.Context, w io.Writer, getenv func(string) string, from, to string) error {
	client, err := messages.ReadEnv(getenv).NewClient()
	if err != nil {
		return err
	}
	res, err := client.Send(ctx, messages.SMS{From: from, To: to, Text: "Hello from the Go Messages SDK quickstart"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "SMS sent to %s: message UUID %s\n", to, res.MessageUUID)
	return nil
}

const (
	secret   = "quickstart-signature-secret"
	customer = "447700900000"
	business = "447700900001"
	viberID  = "654321"
	pageID   = "1234567890123456"
	userPSID = "9876543210987654"
)

// story runs the whole tour on the fake API and writes what happens to w.
func story(ctx context.Context, w io.Writer) error {
	rcv := &receiver{}
	web := httptest.NewServer(messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: secret,
		OnStatus:        rcv.status,
		OnInbound:       rcv.inbound,
	}))
	defer web.Close()

	srv := messagestest.NewServer(
		messagestest.WithStatusURL(web.URL+"/webhooks/status"),
		messagestest.WithInboundURL(web.URL+"/webhooks/inbound"),
		messagestest.WithSignatureSecret(secret),
	)
	defer srv.Close() // before web.Close: deferred calls run last first
	client := srv.Client()
	fmt.Fprintf(w, "No credentials set: running on the fake Messages API at %s\n", srv.URL)
	fmt.Fprintf(w, "Webhooks go to %s, signed with the application's signature secret\n", web.URL)

	sends := []struct {
		name string
		msg  messages.Message
		last messages.MessageStatus
	}{
		{"SMS", messages.SMS{From: business, To: customer, Text: "Your order has shipped"}, messages.StatusDelivered},
		{"Viber text", messages.Viber{From: viberID, To: customer, Content: messages.Text("Your order has shipped")}, messages.StatusRead},
		{"Messenger text", messages.Messenger{From: pageID, To: userPSID, Content: messages.Text("Your order has shipped")}, messages.StatusRead},
		{"Messenger image", messages.Messenger{From: pageID, To: userPSID, Content: messages.Image{URL: "https://example.com/parcel.jpg"}}, messages.StatusRead},
	}
	uuids := make([]string, len(sends))
	for i, s := range sends {
		res, err := client.Send(ctx, s.msg)
		if err != nil {
			return fmt.Errorf("sending the %s: %w", s.name, err)
		}
		uuids[i] = res.MessageUUID
		fmt.Fprintf(w, "Sent %s: message UUID %s\n", s.name, res.MessageUUID)
	}
	for i, s := range sends {
		// WaitStatus returns once the receiver has answered the webhook,
		// so the receiver holds every status up to this one.
		if _, err := srv.WaitStatus(ctx, uuids[i], s.last); err != nil {
			return fmt.Errorf("waiting for the receipts of the %s: %w", s.name, err)
		}
		fmt.Fprintf(w, "Receipts for %s %s: %s\n", s.name, uuids[i], joinStatuses(rcv.statusesOf(uuids[i])))
	}

	// Inbound returns once the receiver has answered, so it holds the message.
	uuid, err := srv.Inbound(ctx, messagestest.InboundMessage{Channel: messages.ChannelSMS, From: customer, To: business, Text: "Thanks, see you soon!"})
	if err != nil {
		return fmt.Errorf("simulating an inbound SMS: %w", err)
	}
	in := rcv.inboundOf(uuid)
	if in == nil {
		return fmt.Errorf("the inbound SMS %s did not reach the receiver", uuid)
	}
	fmt.Fprintf(w, "Inbound %s from %s: %q (message UUID %s)\n", strings.ToUpper(string(in.Channel)), in.From, in.Text, in.MessageUUID)

	srv.SetOutcome(customer, messages.ChannelViber, messagestest.Rejected)
	res, err := client.SendWithFailover(ctx,
		messages.Viber{From: viberID, To: customer, Content: messages.Text("Your parcel arrives today")},
		messages.SMS{From: business, To: customer, Text: "Your parcel arrives today"},
	)
	if err != nil {
		return fmt.Errorf("sending with failover: %w", err)
	}
	fmt.Fprintf(w, "Sent Viber with SMS failover: workflow %s, message UUID %s\n", res.WorkflowID, res.MessageUUID)
	// The SMS step has a UUID of its own, which only its webhooks tell.
	hook, err := srv.WaitWebhook(ctx, func(h messagestest.Webhook) bool {
		ev, _ := h.Event()
		st, ok := ev.(*messages.Status)
		return ok && st.Workflow != nil && st.Workflow.WorkflowID == res.WorkflowID &&
			st.Workflow.ItemNumber == 2 && st.Status == messages.StatusDelivered
	})
	if err != nil {
		return fmt.Errorf("waiting for the failover: %w", err)
	}
	ev, err := hook.Event()
	if err != nil {
		return fmt.Errorf("reading the failover's webhook: %w", err)
	}
	sms := ev.(*messages.Status)
	fmt.Fprintf(w, "Failover step 1 of 2, Viber %s: %s\n", res.MessageUUID, joinStatuses(rcv.statusesOf(res.MessageUUID)))
	fmt.Fprintf(w, "Failover step 2 of 2, SMS %s: %s\n", sms.MessageUUID, joinStatuses(rcv.statusesOf(sms.MessageUUID)))
	fmt.Fprintln(w, "Done: every message was accepted and every webhook verified.")
	return nil
}

func joinStatuses(list []*messages.Status) string {
	names := make([]string, len(list))
	for i, st := range list {
		names[i] = string(st.Status)
	}
	return strings.Join(names, " -> ")
}

// receiver keeps the webhooks the handler passes on; every one of them has
// had its signature verified.
type receiver struct {
	mu       sync.Mutex
	statuses []*messages.Status
	inbounds []*messages.Inbound
}

func (r *receiver) status(_ context.Context, st *messages.Status) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.statuses = append(r.statuses, st)
	return nil
}

func (r *receiver) inbound(_ context.Context, in *messages.Inbound) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inbounds = append(r.inbounds, in)
	return nil
}

func (r *receiver) statusesOf(uuid string) []*messages.Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*messages.Status
	for _, st := range r.statuses {
		if st.MessageUUID == uuid {
			out = append(out, st)
		}
	}
	return out
}

func (r *receiver) inboundOf(uuid string) *messages.Inbound {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, in := range r.inbounds {
		if in.MessageUUID == uuid {
			return in
		}
	}
	return nil
}
