package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/gomessages/messages"
)

// envelope is what every channel's message takes besides its content.
// subject is an email's alone: send refuses it with any other channel.
type envelope struct {
	from, to, clientRef, webhookURL string
	subject                         string
}

// channel builds a channel's message around a content value. ok is false
// when the channel cannot carry that content: the SDK's content interfaces
// are sealed per channel, so a type assertion answers the question and no
// table of who carries what has to be kept beside them.
type channel struct {
	name  string
	build func(e envelope, content any) (msg messages.Message, ok bool)
}

// channels are the channels send knows, in the order help lists them.
var channels = []channel{
	{"sms", func(e envelope, c any) (messages.Message, bool) {
		t, ok := c.(messages.Text)
		return messages.SMS{From: e.from, To: e.to, Text: string(t), ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
	{"mms", func(e envelope, c any) (messages.Message, bool) {
		mc, ok := c.(messages.MMSContent)
		return messages.MMS{From: e.from, To: e.to, Content: mc, ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
	{"whatsapp", func(e envelope, c any) (messages.Message, bool) {
		wc, ok := c.(messages.WhatsAppContent)
		return messages.WhatsApp{From: e.from, To: e.to, Content: wc, ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
	{"messenger", func(e envelope, c any) (messages.Message, bool) {
		mc, ok := c.(messages.MessengerContent)
		return messages.Messenger{From: e.from, To: e.to, Content: mc, ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
	{"viber", func(e envelope, c any) (messages.Message, bool) {
		vc, ok := c.(messages.ViberContent)
		return messages.Viber{From: e.from, To: e.to, Content: vc, ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
	{"rcs", func(e envelope, c any) (messages.Message, bool) {
		rc, ok := c.(messages.RCSContent)
		return messages.RCS{From: e.from, To: e.to, Content: rc, ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
	{"email", func(e envelope, c any) (messages.Message, bool) {
		ec, ok := c.(messages.EmailContent)
		return messages.Email{From: e.from, To: e.to, Subject: e.subject, Content: ec, ClientRef: e.clientRef, WebhookURL: e.webhookURL}, ok
	}},
}

// findChannel looks a channel up by name; "viber_service", the API's name,
// means viber.
func findChannel(name string) (channel, bool) {
	name = strings.ToLower(name)
	if name == string(messages.ChannelViber) {
		name = "viber"
	}
	for _, c := range channels {
		if c.name == name {
			return c, true
		}
	}
	return channel{}, false
}

func channelNames() string {
	names := make([]string, len(channels))
	for i, c := range channels {
		names[i] = c.name
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// orList renders flag names as "--a, --b or --c".
func orList(names []string) string {
	flags := make([]string, len(names))
	for i, n := range names {
		flags[i] = "--" + n
	}
	if len(flags) == 1 {
		return flags[0]
	}
	return strings.Join(flags[:len(flags)-1], ", ") + " or " + flags[len(flags)-1]
}

// contentFlags are the flags that say what a message carries: exactly one
// kind, and the details that go with it.
type contentFlags struct {
	text, image, audio, video, file, vcard, template string
	html                                             string
	caption, name, thumbURL                          string
	duration                                         time.Duration
	fileSize                                         int
	params                                           stringList
	locale                                           string
}

// kinds lists the content kinds, each the flag that sets it, in the order
// errors list them.
var kinds = []string{"text", "image", "audio", "video", "file", "vcard", "template", "html"}

// partsKind is --text with --html: one content, an email's two parts.
const partsKind = "parts"

// kindFlags names a content kind by the flags that give it.
func kindFlags(kind string) string {
	if kind == partsKind {
		return "--text with --html"
	}
	return "--" + kind
}

func (cf *contentFlags) register(fs *flagSet) {
	fs.StringVar(&cf.text, "text", "", "send this `text`")
	fs.StringVar(&cf.image, "image", "", "send the image at `URL`")
	fs.StringVar(&cf.audio, "audio", "", "send the audio at `URL`")
	fs.StringVar(&cf.video, "video", "", "send the video at `URL`")
	fs.StringVar(&cf.file, "file", "", "send the file at `URL`")
	fs.StringVar(&cf.vcard, "vcard", "", "send the contact card (.vcf) at `URL` (mms)")
	fs.StringVar(&cf.template, "template", "", "send the WhatsApp template `NAME` (on v0.1, \"namespace:name\")")
	fs.StringVar(&cf.html, "html", "", "send this `HTML` body (email); with --text, an email of both parts")
	fs.Var(&cf.params, "param", "a template `parameter`, filling {{1}}, {{2}}... in order; repeat for more")
	fs.StringVar(&cf.locale, "locale", "", "the template's `locale`, such as en_US (required with --template)")
	fs.StringVar(&cf.caption, "caption", "", "a `caption` for --image, --audio, --video, --file or --vcard")
	fs.StringVar(&cf.name, "name", "", "the file's `name` for --file")
	fs.StringVar(&cf.thumbURL, "thumb-url", "", "the thumbnail `URL` for --video (viber)")
	fs.DurationVar(&cf.duration, "duration", 0, "the `length` of --video, such as 30s (viber)")
	fs.IntVar(&cf.fileSize, "file-size", 0, "the size of --video in `MB` (viber)")
}

// content returns the kind given (isSet says which flags or fields were
// given) and its SDK value, or a usage error when
// none or several are given, or a detail flag goes with another kind.
func (cf *contentFlags) content(isSet func(name string) bool) (kind string, value any, err error) {
	var given []string
	for _, k := range kinds {
		if isSet(k) {
			given = append(given, "--"+k)
		}
	}
	switch {
	case len(given) == 0:
		return "", nil, usagef("no content: give %s", orList(kinds))
	case len(given) == 1:
		kind = strings.TrimPrefix(given[0], "--")
	case len(given) == 2 && given[0] == "--text" && given[1] == "--html":
		kind = partsKind
	default:
		return "", nil, usagef("%s: give one content, not %d", strings.Join(given, " and "), len(given))
	}
	belongs := map[string][]string{
		"caption":   {"image", "audio", "video", "file", "vcard"},
		"name":      {"file"},
		"thumb-url": {"video"},
		"duration":  {"video"},
		"file-size": {"video"},
		"param":     {"template"},
		"locale":    {"template"},
	}
	for _, detail := range []string{"caption", "name", "thumb-url", "duration", "file-size", "param", "locale"} {
		if !isSet(detail) {
			continue
		}
		ok := false
		for _, k := range belongs[detail] {
			ok = ok || k == kind
		}
		if !ok {
			return "", nil, usagef("--%s goes with %s, not %s", detail, orList(belongs[detail]), kindFlags(kind))
		}
	}
	return kind, cf.value(kind), nil
}

// value is the SDK content for kind, built from the flags.
func (cf *contentFlags) value(kind string) any {
	switch kind {
	case "text":
		return messages.Text(cf.text)
	case "image":
		return messages.Image{URL: cf.image, Caption: cf.caption}
	case "audio":
		return messages.Audio{URL: cf.audio, Caption: cf.caption}
	case "video":
		return messages.Video{URL: cf.video, Caption: cf.caption, ThumbURL: cf.thumbURL, Duration: cf.duration, FileSize: cf.fileSize}
	case "file":
		return messages.File{URL: cf.file, Caption: cf.caption, Name: cf.name}
	case "vcard":
		return messages.VCard{URL: cf.vcard, Caption: cf.caption}
	case "template":
		return messages.Template{Name: cf.template, Parameters: cf.params, Locale: cf.locale}
	case "html":
		return messages.HTML(cf.html)
	case partsKind:
		return messages.EmailParts{Text: cf.text, HTML: cf.html}
	}
	return nil
}

// carries lists the content flags a channel takes, for its usage error.
func carries(ch channel) string {
	var out []string
	var empty contentFlags
	for _, k := range kinds {
		if _, ok := ch.build(envelope{}, empty.value(k)); ok {
			out = append(out, "--"+k)
		}
	}
	return strings.Join(out, ", ")
}

// sendResult is what send prints: the API's answer.
type sendResult struct {
	MessageUUID string `json:"message_uuid"`
	WorkflowID  string `json:"workflow_id,omitempty"`
	RequestID   string `json:"request_id,omitempty"`
}

func runSend(ctx context.Context, std *stdio, args []string) error {
	if wantsBatch(args) {
		return runBatch(ctx, std, args)
	}
	fs := newFlagSet("send",
		"send CHANNEL --from F --to T (--text S | --image URL | --audio URL | --video URL | --file URL | --vcard URL\n"+
			"       | --template NAME [--param P]... --locale L | --html H) [--caption S] [--subject S] [--api v1|v0.1]\n"+
			"       [--region eu|us|ap | --sandbox | --base-url URL]",
		"Send one message and print the API's answer as one JSON object: {\"message_uuid\": ...}.\n"+
			"CHANNEL is "+channelNames()+". The message is checked before it is\n"+
			"sent; every problem is named at once and nothing is sent (exit 1).",
		"messages send sms --from Acme --to 447700900000 --text 'Your code is 1234'\n"+
			"messages send whatsapp --from 447700900001 --to 447700900000 --template verify --param 1234 --locale en_GB\n"+
			"messages send email --from no-reply@example.com --to user@example.com --subject Hello --text Hi --html '<p>Hi</p>'")
	var creds credentials
	creds.register(fs)
	var h host
	h.register(fs)
	var cf contentFlags
	cf.register(fs)
	var env envelope
	fs.StringVar(&env.from, "from", "", "the sender: a `number` or, where the channel takes one, an ID, name or email address")
	fs.StringVar(&env.to, "to", "", "the recipient: a `number`, an ID on messenger or an address on email")
	fs.StringVar(&env.subject, "subject", "", "the email's `subject` (email, where it is required)")
	fs.StringVar(&env.clientRef, "client-ref", "", "a `reference` that the status webhooks carry back")
	fs.StringVar(&env.webhookURL, "webhook-url", "", "send this message's status webhooks to `URL` (v1)")
	api := fs.String("api", "v1", "the wire `version`: v1 or v0.1")
	timeout := fs.Duration("timeout", messages.DefaultTimeout, "give up after this long")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}

	msg, err := sendMessage(fs, rest, &cf, env)
	if err != nil {
		return err
	}
	version, err := parseVersion(*api)
	if err != nil {
		return err
	}
	if *timeout < 0 {
		return usagef("--timeout: must not be negative, got %s", *timeout)
	}
	opts, err := h.options()
	if err != nil {
		return err
	}
	opts = append(opts, messages.WithAPIVersion(version), messages.WithTimeout(*timeout), messages.WithUserAgent("messages-cli"))

	client, err := newClient(std, &creds, &h, opts)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()
	return sendOne(ctx, std, client, msg)
}

// sendMessage builds the message the CHANNEL argument and the flags
// describe, refusing a missing or unknown channel, content the channel
// cannot carry, and a missing address or subject.
func sendMessage(fs *flagSet, rest []string, cf *contentFlags, env envelope) (messages.Message, error) {
	switch {
	case len(rest) == 0:
		return nil, usagef("no CHANNEL: use %s", channelNames())
	case len(rest) > 1:
		return nil, usagef("one CHANNEL, got %d arguments", len(rest))
	}
	ch, ok := findChannel(rest[0])
	if !ok {
		return nil, usagef("unknown CHANNEL %q: use %s", clip(rest[0], 20), channelNames())
	}
	kind, content, err := cf.content(fs.isSet)
	if err != nil {
		return nil, err
	}
	msg, ok := ch.build(env, content)
	if !ok {
		return nil, usagef("%s cannot carry %s; it takes %s", ch.name, kindFlags(kind), carries(ch))
	}
	isEmail := msg.MessageChannel() == messages.ChannelEmail
	if fs.isSet("subject") && !isEmail {
		return nil, usagef("--subject goes with email, not %s", ch.name)
	}
	for _, f := range []struct {
		name, value string
		needed      bool
	}{{"from", env.from, true}, {"to", env.to, true}, {"subject", env.subject, isEmail}} {
		if f.needed && f.value == "" {
			return nil, usagef("--%s: required", f.name)
		}
	}
	return msg, nil
}

// sendOne sends msg and prints the API's answer.
func sendOne(ctx context.Context, std *stdio, client *messages.Client, msg messages.Message) error {
	res, err := client.Send(ctx, msg)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			return errors.New("interrupted: the message may or may not have been sent")
		}
		return err
	}
	b, err := json.Marshal(sendResult{MessageUUID: res.MessageUUID, WorkflowID: res.WorkflowID, RequestID: res.RequestID})
	if err != nil {
		return err
	}
	_, err = std.out.Write(append(safeJSON(b), '\n'))
	return err
}
