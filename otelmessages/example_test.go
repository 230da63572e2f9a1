package otelmessages_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
	"github.com/gomessages/messages/otelmessages"
)

// Example traces a send that the fake API first refuses with a 429, and a
// status webhook delivered twice, the second time dropped as a repeat. A
// service would export the spans (OTLP, ...); here an in-memory recorder
// keeps them and the example prints their tree.
func Example() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer tp.Shutdown(context.Background())

	// Without WithTracerProvider, New uses the global providers.
	obs, err := otelmessages.New(otelmessages.WithTracerProvider(tp))
	if err != nil {
		fmt.Println(err)
		return
	}

	srv := messagestest.NewServer()
	defer srv.Close()
	client := srv.Client(messages.WithObserver(obs),
		messages.WithRetry(messages.RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond}))
	srv.FailNext(http.StatusTooManyRequests, 0)
	if _, err := client.Send(context.Background(), messages.SMS{From: "447700900001", To: "447700900002", Text: "Hello"}); err != nil {
		fmt.Println(err)
		return
	}

	const secret = "example-signature-secret"
	handler := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: secret,
		Dedupe:          10 * time.Minute,
		OnStatus:        func(context.Context, *messages.Status) error { return nil },
		Observer:        obs,
	})
	hooks := httptest.NewServer(handler)
	defer hooks.Close()
	body := `{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900002","from":"447700900001",` +
		`"timestamp":"2025-02-03T12:14:25Z","status":"delivered","channel":"sms"}`
	for range 2 {
		auth, _ := messagestest.SignWebhook([]byte(body), secret)
		req, _ := http.NewRequest(http.MethodPost, hooks.URL, strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}

	printTree(spans.Ended())
	// Output:
	// messages.send status_code=202 channel=sms message.type=text
	//   messages.send.attempt status_code=429 error.type=429 retry.reason=rate_limited
	//   messages.send.attempt status_code=202
	// messages.webhook status_code=200 verification=passed event_kind=status channel=sms dedupe=new outcome=ok
	//   messages.webhook.callback event_kind=status
	// messages.webhook status_code=200 verification=passed event_kind=status channel=sms dedupe=repeat_done outcome=repeat_done
}

// shown are the attributes printTree prints, under short names; the
// others hold IDs, ports and durations, which change from run to run.
var shown = []struct{ key, name string }{
	{"http.response.status_code", "status_code"},
	{"error.type", "error.type"},
	{"messaging.vonage.retry.reason", "retry.reason"},
	{"messaging.vonage.webhook.verification", "verification"},
	{"messaging.vonage.webhook.event_kind", "event_kind"},
	{"messaging.vonage.channel", "channel"},
	{"messaging.vonage.message.type", "message.type"},
	{"messaging.vonage.webhook.dedupe", "dedupe"},
	{"messaging.vonage.outcome", "outcome"},
}

// printTree prints spans as a tree, children indented under their parent,
// in the order they started.
func printTree(ended []sdktrace.ReadOnlySpan) {
	sort.SliceStable(ended, func(i, j int) bool { return ended[i].StartTime().Before(ended[j].StartTime()) })
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, s := range ended {
			p := ""
			if s.Parent().IsValid() {
				p = s.Parent().SpanID().String()
			}
			if p != parent {
				continue
			}
			line := strings.Repeat("  ", depth) + s.Name()
			for _, sh := range shown {
				for _, kv := range s.Attributes() {
					if string(kv.Key) == sh.key {
						line += " " + sh.name + "=" + kv.Value.String()
					}
				}
			}
			fmt.Println(line)
			walk(s.SpanContext().SpanID().String(), depth+1)
		}
	}
	walk("", 0)
}
