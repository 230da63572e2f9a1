package messages

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	rcsMediaURL = "https://api-eu.nexmo.com/v3/media/6882bbe2-fe14-4e2f-910f-652beee058d4"
	selfURL     = "https://api-eu.vonage.com/v1/messages/aaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
)

var (
	time1          = time.Date(2025, 2, 3, 12, 14, 25, 0, time.UTC)
	time0          = time.Date(2020, 1, 1, 14, 0, 0, 0, time.UTC)
	priceEUR       = &Usage{Currency: "EUR", Price: "0.0333"}
	whatsAppSender = &WebhookWhatsAppUser{UserID: waBSUID, ParentUserID: "US.ENT.11815799212886844830", WAID: toNumber}
	v1Error        = &StatusError{
		Type:     "https://developer.vonage.com/api-errors/messages#1000",
		Title:    "1000",
		Detail:   "Throttled - You have exceeded the submission capacity allowed on this account. Please wait and retry",
		Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf",
		Code:     1000,
	}
)

// v1Inbound is a v1 inbound with the spec's common fields; edit changes the rest.
func v1Inbound(ch Channel, to, from, typ string, edit func(*Inbound)) *Inbound {
	in := &Inbound{MessageUUID: quotedUUID, Channel: ch, To: to, From: from, Timestamp: time1, Type: typ}
	if edit != nil {
		edit(in)
	}
	return in
}

// v1WhatsAppInbound is a v1 inbound WhatsApp message as the test files build them.
func v1WhatsAppInbound(typ string, edit func(*Inbound)) *Inbound {
	return v1Inbound(ChannelWhatsApp, toNumber, fromNumber, typ, func(in *Inbound) {
		in.Profile = &Profile{Name: "Jane Smith"}
		in.ContextStatus = "none"
		in.SelfURL = selfURL
		in.WhatsApp = &InboundWhatsApp{WABAID: "00000000000", Sender: whatsAppSender}
		if edit != nil {
			edit(in)
		}
	})
}

func v01Inbound(ch Channel, to, from, typ string, edit func(*Inbound)) *Inbound {
	in := &Inbound{MessageUUID: v01UUID, Channel: ch, To: to, From: from, Timestamp: time0, Type: typ}
	if edit != nil {
		edit(in)
	}
	return in
}

func v1Status(ch Channel, to, from string, status MessageStatus, edit func(*Status)) *Status {
	st := &Status{MessageUUID: quotedUUID, Channel: ch, To: to, From: from, Timestamp: time1, Status: status}
	if edit != nil {
		edit(st)
	}
	return st
}

func v01Status(ch Channel, to, from string, status MessageStatus, edit func(*Status)) *Status {
	st := &Status{MessageUUID: v01UUID, Channel: ch, To: to, From: from, Timestamp: time0, Status: status}
	if edit != nil {
		edit(st)
	}
	return st
}

func ctxAvailable(in *Inbound) {
	in.ContextStatus = "available"
	in.ReplyTo = &ReplyTo{MessageUUID: quotedUUID, MessageFrom: toNumber}
}

// webhookCases covers every file in testdata/webhooks; TestParseWebhookFiles
// fails if a file has no case.
var webhookCases = map[string]Event{
	// Copies of the API spec's whole example payloads (verbatim and assembled).
	"examples/dp-beta-inbound-messenger-image.json": v01Inbound(ChannelMessenger, "0123456678901234", "0123456789012345", "image", func(in *Inbound) {
		in.Media = &Media{Type: "image", URL: "https://example.com/image.jpg"}
	}),
	"examples/dp-beta-inbound-messenger-location.json": v01Inbound(ChannelMessenger, "0123456678901234", "0123456789012345", "location", func(in *Inbound) {
		in.Location = &Location{Lat: 51.5228349, Long: -0.0854414}
	}),
	"examples/v0.1-inbound-messenger-text.json": v01Inbound(ChannelMessenger, "0000000000000000", "1111111111111111", "text", func(in *Inbound) {
		in.Text = "Hello from Facebook Messenger!"
	}),
	"examples/v0.1-inbound-whatsapp-button-reply.json": &Inbound{
		MessageUUID: "28ee5a1c-c4cc-48ec-922c-01520d4d396b", Channel: ChannelWhatsApp,
		To: "447700000000", From: "447700000001",
		Timestamp: time.Date(2019, 12, 3, 12, 45, 57, 929_000_000, time.UTC),
		Type:      "button",
		Button:    &InboundButton{Payload: "Yes-Button-Payload", Text: "Yes"},
	},
	"examples/v0.1-status-delivered.spec-example-d77c2df.json": v01Status(ChannelSMS, toNumber, toNumber, StatusDelivered, func(st *Status) {
		st.Usage = priceEUR
		st.ClientRef = "my-personal-reference"
	}),
	// The v0.1 spec's error examples are the error object of a status
	// alone, with no message_uuid or status: fragments, not statuses.
	"examples/v0.1-status-no-provider.spec-example-d77c2df.json":       &UnknownEvent{},
	"examples/v0.1-status-unsuitable-device.spec-example-d77c2df.json": &UnknownEvent{},
	"examples/v1-inbound-messenger-image.json": v1Inbound(ChannelMessenger, "0123456789", "9876543210", "image", func(in *Inbound) {
		in.Media = &Media{Type: "image", URL: "https://example.com/image.jpg"}
	}),
	"examples/v1-inbound-sms.json": v1Inbound(ChannelSMS, toNumber, fromNumber, "text", func(in *Inbound) {
		in.Text = "Hello From Vonage!"
		in.SMS = &InboundSMS{NumMessages: 2, Keyword: "HELLO"}
		in.Usage = priceEUR
		in.OriginNetworkCode = "12345"
	}),
	"examples/v1-inbound-whatsapp-location.json": v1Inbound(ChannelWhatsApp, toNumber, fromNumber, "location", func(in *Inbound) {
		in.Profile = &Profile{Name: "Jane Smith"}
		ctxAvailable(in)
		in.Location = &Location{Lat: 40.34772, Long: -74.18847, Name: "Vonage", Address: "23 Main St, Holmdel, NJ 07733, USA", URL: "https://www.vonage.com/"}
		in.SelfURL = selfURL
	}),
	"examples/v1-status-rcs-rejected-failover-workflow.json": v1Status(ChannelRCS, toNumber, rcsAgent, StatusRejected, func(st *Status) {
		st.Workflow = &WorkflowInfo{WorkflowID: workflowID, ItemNumber: 1, ItemsTotal: 2}
	}),
	"examples/v1-status-rejected-with-error.json": v1Status(ChannelSMS, toNumber, fromNumber, StatusRejected, func(st *Status) {
		st.Error = v1Error
		st.ClientRef = "abc123"
	}),
	"examples/v1-status-sms-delivered.json": v1Status(ChannelSMS, toNumber, fromNumber, StatusDelivered, func(st *Status) {
		st.NetworkCode = "12345"
		st.SMS = &StatusSMS{CountTotal: 2}
		st.Usage = priceEUR
		st.ClientRef = "abc123"
	}),
	"examples/v1-status-whatsapp-read.json": v1Status(ChannelWhatsApp, fromNumber, fromNumber, StatusRead, func(st *Status) {
		st.ClientRef = "abc123"
	}),

	// v1 inbound, one per channel and type.
	"v1-inbound-sms-text.json": v1Inbound(ChannelSMS, toNumber, fromNumber, "text", func(in *Inbound) {
		in.Text = "Hello From Vonage!"
		in.SMS = &InboundSMS{NumMessages: 2, Keyword: "HELLO"}
		in.Usage = priceEUR
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-mms-text.json": v1Inbound(ChannelMMS, toNumber, fromNumber, "text", func(in *Inbound) {
		in.Text = "This is sample text."
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-mms-image-multi.json": v1Inbound(ChannelMMS, toNumber, fromNumber, "image", func(in *Inbound) {
		in.Media = &Media{Type: "image", URL: "https://example.com/image.jpg", Name: "image.jpg", Caption: "Additional text to accompany the image."}
		in.Attachments = []Media{{Type: "image", URL: "https://example.com/image.jpg"}, {Type: "vcard", URL: "https://example.com/contact.vcf"}}
		in.MMSParticipants = []string{"447700900002"}
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-mms-vcard.json": v1Inbound(ChannelMMS, toNumber, fromNumber, "vcard", func(in *Inbound) {
		in.Media = &Media{Type: "vcard", URL: "https://example.com/contact.vcf", Name: "conatact.vcf"}
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-mms-audio.json": v1Inbound(ChannelMMS, toNumber, fromNumber, "audio", func(in *Inbound) {
		in.Media = &Media{Type: "audio", URL: "https://example.com/audio.mp3", Name: "audio.mp3"}
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-mms-video.json": v1Inbound(ChannelMMS, toNumber, fromNumber, "video", func(in *Inbound) {
		in.Media = &Media{Type: "video", URL: "https://example.com/video.mp4", Name: "video.mp4"}
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-mms-file.json": v1Inbound(ChannelMMS, toNumber, fromNumber, "file", func(in *Inbound) {
		in.Media = &Media{Type: "file", URL: "https://example.com/file.pdf", Name: "file.pdf", Caption: "Additional text to accompany the file."}
		in.OriginNetworkCode = "12345"
	}),
	"v1-inbound-rcs-text.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "text", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Text = "Inbound message text."
	}),
	"v1-inbound-rcs-image.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "image", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Media = &Media{Type: "image", URL: rcsMediaURL, Name: "image.jpg"}
	}),
	"v1-inbound-rcs-video.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "video", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Media = &Media{Type: "video", URL: rcsMediaURL, Name: "video.webm"}
	}),
	"v1-inbound-rcs-audio.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "audio", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Media = &Media{Type: "audio", URL: rcsMediaURL, Name: "audio.mp3"}
	}),
	"v1-inbound-rcs-file.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "file", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Media = &Media{Type: "file", URL: rcsMediaURL, Name: "example.pdf"}
	}),
	"v1-inbound-rcs-vcard.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "vcard", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Media = &Media{Type: "vcard", URL: rcsMediaURL, Name: "contact.vcf"}
	}),
	"v1-inbound-rcs-location.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "location", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Location = &Location{Lat: 40.34772, Long: -74.18847}
	}),
	"v1-inbound-rcs-reply.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "reply", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Reply = &InboundReply{ID: "reply_option_1", Title: "9am"}
	}),
	"v1-inbound-rcs-button.json": v1Inbound(ChannelRCS, rcsAgent, fromNumber, "button", func(in *Inbound) {
		in.ContextStatus = "none"
		in.Button = &InboundButton{Payload: "button_1", Text: "Agree"}
	}),
	"v1-inbound-whatsapp-text.json": v1WhatsAppInbound("text", func(in *Inbound) {
		ctxAvailable(in)
		in.Text = "Hello from Vonage!"
		in.ProviderMessage = "Message delivered"
		in.WhatsApp = &InboundWhatsApp{Sender: whatsAppSender, Referral: &InboundReferral{
			Body: "Check out our new product offering", Headline: "New Products!", SourceID: "212731241638144",
			SourceType: "post", SourceURL: "https://fb.me/2ZulEu42P", MediaType: "image",
			ImageURL: "https://example.com/image.jpg", VideoURL: "https://example.com/video.mp4",
			ThumbnailURL: "https://example.com/thumbnail.jpg", CtwaClid: "1234567890",
		}}
	}),
	"v1-inbound-whatsapp-image.json": v1WhatsAppInbound("image", func(in *Inbound) {
		in.Media = &Media{Type: "image", URL: "https://example.com/image.jpg", Name: "image.jpg"}
	}),
	"v1-inbound-whatsapp-video.json": v1WhatsAppInbound("video", func(in *Inbound) {
		in.Media = &Media{Type: "video", URL: "https://example.com/video.mp4", Name: "video.mp4"}
	}),
	"v1-inbound-whatsapp-audio.json": v1WhatsAppInbound("audio", func(in *Inbound) {
		in.Media = &Media{Type: "audio", URL: "https://example.com/audio.mp3", Name: "audio.mp3"}
	}),
	"v1-inbound-whatsapp-file.json": v1WhatsAppInbound("file", func(in *Inbound) {
		in.Media = &Media{Type: "file", URL: "https://example.com/file.pdf", Name: "file.pdf"}
	}),
	"v1-inbound-whatsapp-sticker.json": v1WhatsAppInbound("sticker", func(in *Inbound) {
		in.Media = &Media{Type: "sticker", URL: "https://api-us.nexmo.com/v3/media/1b456509-974c-458b-aafa-45fc48a4d976"}
	}),
	"v1-inbound-whatsapp-reaction.json": v1WhatsAppInbound("reaction", func(in *Inbound) {
		ctxAvailable(in)
		in.Reaction = &InboundReaction{Action: "react", Emoji: "😀"}
	}),
	"v1-inbound-whatsapp-unreaction.json": v1WhatsAppInbound("reaction", func(in *Inbound) {
		ctxAvailable(in)
		in.Reaction = &InboundReaction{Action: "unreact"}
	}),
	"v1-inbound-whatsapp-reply.json": v1WhatsAppInbound("reply", func(in *Inbound) {
		in.Reply = &InboundReply{ID: "reply_option_1", Title: "9am", Description: "Select 9am appointment time"}
	}),
	"v1-inbound-whatsapp-button-flow.json": v1WhatsAppInbound("button", func(in *Inbound) {
		in.Button = &InboundButton{
			PayloadJSON: json.RawMessage(`{
      "flow_token": "<FLOW_TOKEN>",
      "optional_param1": "<value1>",
      "optional_param2": "<value2>"
    }`),
			Text: "sent", Subtype: "flow",
		}
	}),
	"v1-inbound-whatsapp-order.json": v1WhatsAppInbound("order", func(in *Inbound) {
		in.Order = &InboundOrder{CatalogID: "2806150799683508", Items: []InboundOrderItem{
			{ProductRetailerID: "pk1v7rudbg", Quantity: "1", ItemPrice: "9.99", Currency: "USD"},
		}}
		in.WhatsApp.ReferredProduct = &InboundReferredProduct{CatalogID: "1267260820787549", ProductRetailerID: "r07qei73l7"}
	}),
	"v1-inbound-whatsapp-contacts.json":    v1WhatsAppInbound("contacts", nil), // Contacts checked in TestParseInboundContacts
	"v1-inbound-whatsapp-unsupported.json": v1WhatsAppInbound("unsupported", nil),
	"v1-inbound-messenger-text.json": v1Inbound(ChannelMessenger, "0123456789", "9876543210", "text", func(in *Inbound) {
		in.Text = "Hello from Vonage!"
	}),
	"v1-inbound-messenger-video.json": v1Inbound(ChannelMessenger, "0123456789", "9876543210", "video", func(in *Inbound) {
		in.Media = &Media{Type: "video", URL: "https://example.com/video.mp4"}
	}),
	"v1-inbound-messenger-audio.json": v1Inbound(ChannelMessenger, "0123456789", "9876543210", "audio", func(in *Inbound) {
		in.Media = &Media{Type: "audio", URL: "https://example.com/audio.mp3"}
	}),
	"v1-inbound-messenger-file.json": v1Inbound(ChannelMessenger, "0123456789", "9876543210", "file", func(in *Inbound) {
		in.Media = &Media{Type: "file", URL: "https://example.com/file.pdf"}
	}),
	"v1-inbound-messenger-unsupported.json": v1Inbound(ChannelMessenger, "0123456789", "9876543210", "unsupported", nil),
	"v1-inbound-viber-text.json": v1Inbound(ChannelViber, "0123456789", fromNumber, "text", func(in *Inbound) {
		in.ReplyTo = &ReplyTo{MessageUUID: "1234567890abcdef"}
		in.Text = "Hello from Vonage!"
	}),
	"v1-inbound-viber-image.json": v1Inbound(ChannelViber, "0123456789", fromNumber, "image", func(in *Inbound) {
		in.ReplyTo = &ReplyTo{MessageUUID: "1234567890abcdef"}
		in.Media = &Media{Type: "image", URL: "https://example.com/image.jpg"}
	}),
	"v1-inbound-viber-video.json": v1Inbound(ChannelViber, "0123456789", fromNumber, "video", func(in *Inbound) {
		in.ReplyTo = &ReplyTo{MessageUUID: "1234567890abcdef"}
		in.Media = &Media{Type: "video", URL: "https://example.com/video.mp4"}
	}),
	"v1-inbound-viber-file.json": v1Inbound(ChannelViber, "0123456789", fromNumber, "file", func(in *Inbound) {
		in.ReplyTo = &ReplyTo{MessageUUID: "1234567890abcdef"}
		in.Media = &Media{Type: "file", URL: "https://example.com/file.pdf"}
	}),

	// v1 statuses.
	"v1-status-sms-submitted-usage.json": v1Status(ChannelSMS, toNumber, fromNumber, StatusSubmitted, func(st *Status) {
		st.ClientRef = "abc123"
		st.Usage = priceEUR
		st.SMS = &StatusSMS{CountTotal: 2, Segments: []StatusSMSSegment{
			{Timestamp: time1, Status: StatusDelivered},
			{Timestamp: time1, Status: StatusRejected, ErrorCode: "1230"},
		}}
	}),
	"v1-status-mms-delivered.json": v1Status(ChannelMMS, toNumber, fromNumber, StatusDelivered, func(st *Status) {
		st.NetworkCode = "12345"
		st.Usage = priceEUR
	}),
	"v1-status-whatsapp-delivered.json": v1Status(ChannelWhatsApp, fromNumber, fromNumber, StatusDelivered, func(st *Status) {
		st.Usage = &Usage{Currency: "EUR", Price: "0"}
		st.Profile = &Profile{Name: "Jane Smith", Username: "janesmith123"}
		st.WhatsApp = &StatusWhatsApp{
			WABAID: "00000000000", Recipient: whatsAppSender,
			PricingType: "regular", PricingModel: "CBP", PricingCategory: "service",
			ConversationID: "1234567890", ConversationOriginType: "marketing",
		}
	}),
	"v1-status-messenger-read.json": v1Status(ChannelMessenger, "0123456789", "9876543210", StatusRead, nil),
	"v1-status-viber-undeliverable.json": v1Status(ChannelViber, toNumber, fromNumber, StatusUndeliverable, func(st *Status) {
		st.Error = v1Error
		st.ClientRef = "abc123"
	}),
	"v1-status-rcs-read.json":   v1Status(ChannelRCS, toNumber, rcsAgent, StatusRead, nil),
	"v1-status-email-read.json": v1Status(ChannelEmail, "user@example.com", "no-reply@yourdomain.com", StatusRead, nil),
	"v1-status-sms-delivered-failover-step2.json": v1Status(ChannelSMS, toNumber, fromNumber, StatusDelivered, func(st *Status) {
		st.Workflow = &WorkflowInfo{WorkflowID: workflowID, ItemNumber: 2, ItemsTotal: 2}
	}),

	// v0.1 and Developer Preview.
	"v0.1-inbound-sms-text.json": v01Inbound(ChannelSMS, toNumber, fromNumber, "text", func(in *Inbound) {
		in.Text = "Hello From Vonage!"
		in.SMS = &InboundSMS{NumMessages: 2}
		in.Usage = priceEUR
	}),
	"v0.1-inbound-whatsapp-text.json": v01Inbound(ChannelWhatsApp, toNumber, fromNumber, "text", func(in *Inbound) {
		in.Text = "Hello From Vonage!"
	}),
	"v0.1-inbound-whatsapp-image.json": v01Inbound(ChannelWhatsApp, toNumber, fromNumber, "image", func(in *Inbound) {
		in.Media = &Media{Type: "image", URL: "https://example.com/cat.jpg", Caption: "My Tabby cat, Oliver."}
	}),
	"v0.1-inbound-whatsapp-location.json": v01Inbound(ChannelWhatsApp, toNumber, fromNumber, "location", func(in *Inbound) {
		in.Location = &Location{Lat: 37.758056, Long: -122.425332, Name: "Facebook HQ", Address: "1 Hacker Way, Menlo Park, CA 94025"}
	}),
	"v0.1-inbound-whatsapp-unsupported.json": v01Inbound(ChannelWhatsApp, toNumber, fromNumber, "unsupported", nil),
	"v0.1-inbound-viber-text.json": v01Inbound(ChannelViber, viberID, toNumber, "text", func(in *Inbound) {
		in.Text = "Hello from Vonage!"
	}),
	"v0.1-inbound-messenger-audio.json": v01Inbound(ChannelMessenger, "123456789987", "0123456789012345", "audio", func(in *Inbound) {
		in.Media = &Media{Type: "audio", URL: "https://example.com/audio.mp3"}
	}),
	"v0.1-inbound-messenger-video.json": v01Inbound(ChannelMessenger, "123456789987", "0123456789012345", "video", func(in *Inbound) {
		in.Media = &Media{Type: "video", URL: "https://example.com/video.mp4"}
	}),
	"v0.1-inbound-messenger-file.json": v01Inbound(ChannelMessenger, "123456789987", "0123456789012345", "file", func(in *Inbound) {
		in.Media = &Media{Type: "file", URL: "https://example.com/file.zip"}
	}),
	"v0.1-status-sms-rejected.json": v01Status(ChannelSMS, toNumber, toNumber, StatusRejected, func(st *Status) {
		st.Error = &StatusError{Code: 1300, Reason: "Not part of the provider network"}
		st.ClientRef = "my-personal-reference"
	}),
	"v0.1-status-viber-read.json":    v01Status(ChannelViber, toNumber, "0123456789012345", StatusRead, nil),
	"v0.1-status-mms-submitted.json": v01Status(ChannelMMS, toNumber, shortCode, StatusSubmitted, func(st *Status) { st.Usage = priceEUR }),
	"v0.1-status-dispatch-failover.json": v01Status(ChannelMessenger, "0123456789012345", "0123456789012345", StatusDelivered, func(st *Status) {
		st.Usage = priceEUR
		st.Workflow = &WorkflowInfo{WorkflowID: v01UUID, Href: "/workflows/" + v01UUID}
	}),
	"dp-beta-status-workflow-failover.json": v01Status(ChannelSMS, toNumber, toNumber, StatusUndeliverable, func(st *Status) {
		st.Error = &StatusError{Code: 1300, Reason: "Not part of the provider network"}
		st.Workflow = &WorkflowInfo{WorkflowID: v01UUID, Href: "/workflows/" + v01UUID}
	}),
	"v0.1-dispatch-final-report.json": &UnknownEvent{},

	// Names the API may add later parse and stay in Raw.
	"synthetic-v1-inbound-unknown-channel-type.json": v1Inbound(Channel("instagram"), "0123456789", "9876543210", "story_mention", nil),
	"synthetic-v1-status-unknown-status-number-price.json": v1Status(ChannelSMS, toNumber, fromNumber, MessageStatus("expired"), func(st *Status) {
		st.Usage = priceEUR // a JSON number keeps its exact text
	}),
}

func TestParseWebhookFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/webhooks/*.json")
	require.NoError(t, err)
	examples, err := filepath.Glob("testdata/webhooks/examples/*.json")
	require.NoError(t, err)
	files = append(files, examples...)
	require.Len(t, files, len(webhookCases), "every file needs a case and every case a file")

	for _, path := range files {
		name := strings.TrimPrefix(filepath.ToSlash(path), "testdata/webhooks/")
		want, ok := webhookCases[name]
		require.True(t, ok, "no case for %s", name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(path)
			require.NoError(t, err)
			got, err := ParseWebhook(body)
			require.NoError(t, err)

			// Raw keeps the body byte for byte, in a copy of its own.
			var raw json.RawMessage
			switch g := got.(type) {
			case *Inbound:
				raw, g.Raw = g.Raw, nil
				if name == "v1-inbound-whatsapp-contacts.json" {
					g.Contacts = nil
				}
			case *Status:
				raw, g.Raw = g.Raw, nil
			case *UnknownEvent:
				raw, g.Raw = g.Raw, nil
			}
			assert.Equal(t, string(body), string(raw))
			assert.Equal(t, want, got)

			// The typed parsers agree with ParseWebhook.
			switch want := want.(type) {
			case *Inbound:
				in, err := ParseInbound(body)
				require.NoError(t, err)
				assert.Equal(t, want.MessageUUID, in.MessageUUID)
				_, err = ParseStatus(body)
				assert.ErrorIs(t, err, ErrInvalidWebhook)
			case *Status:
				st, err := ParseStatus(body)
				require.NoError(t, err)
				assert.Equal(t, want.Status, st.Status)
				_, err = ParseInbound(body)
				assert.ErrorIs(t, err, ErrInvalidWebhook)
			case *UnknownEvent:
				_, err = ParseInbound(body)
				assert.ErrorIs(t, err, ErrInvalidWebhook)
				_, err = ParseStatus(body)
				assert.ErrorIs(t, err, ErrInvalidWebhook)
			}
		})
	}
}

func TestParseInboundContacts(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile("testdata/webhooks/v1-inbound-whatsapp-contacts.json")
	require.NoError(t, err)
	in, err := ParseInbound(body)
	require.NoError(t, err)
	var contacts []struct {
		Name struct {
			FormattedName string `json:"formatted_name"`
		} `json:"name"`
		Phones []struct {
			Phone string `json:"phone"`
		} `json:"phones"`
		Emails []struct {
			Email string `json:"email"`
		} `json:"emails"`
	}
	require.NoError(t, json.Unmarshal(in.Contacts, &contacts))
	require.Len(t, contacts, 1)
	assert.Equal(t, "Bob Smith", contacts[0].Name.FormattedName)
	assert.Equal(t, "1234567890", contacts[0].Phones[0].Phone)
	assert.Equal(t, "bob@example.com", contacts[0].Emails[0].Email)
}

func TestParseWebhookTimestamps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{`"2025-02-03T12:14:25Z"`, time.Date(2025, 2, 3, 12, 14, 25, 0, time.UTC)},
		{`"2020-01-01T14:00:00.000Z"`, time.Date(2020, 1, 1, 14, 0, 0, 0, time.UTC)},
		{`"2019-12-03T12:45:57.929Z"`, time.Date(2019, 12, 3, 12, 45, 57, 929_000_000, time.UTC)},
		{`"2025-02-03T13:14:25.123456+01:00"`, time.Date(2025, 2, 3, 12, 14, 25, 123_456_000, time.UTC)},
		{`"2025-02-03T13:14:25+0100"`, time.Date(2025, 2, 3, 12, 14, 25, 0, time.UTC)},
		{`"2025-02-03T12:14:25"`, time.Date(2025, 2, 3, 12, 14, 25, 0, time.UTC)},
		{`"2025-02-03 12:14:25"`, time.Date(2025, 2, 3, 12, 14, 25, 0, time.UTC)},
		{`null`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			st, err := ParseStatus([]byte(`{"message_uuid":"u","status":"read","timestamp":` + tt.in + `}`))
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(st.Timestamp), "got %v", st.Timestamp)
		})
	}
	st, err := ParseStatus([]byte(`{"message_uuid":"u","status":"read"}`))
	require.NoError(t, err)
	assert.True(t, st.Timestamp.IsZero())
}

func TestParseWebhookErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, want string
	}{
		{"empty", ``, `messages: webhook: body: empty`},
		{"blank", " \n\t", `messages: webhook: body: empty`},
		{"null", `null`, `messages: webhook: body: not a JSON object`},
		{"array", `[{"status":"read"}]`, `messages: webhook: body: not a JSON object`},
		{"string", `"status"`, `messages: webhook: body: not a JSON object`},
		{"number", `42`, `messages: webhook: body: not a JSON object`},
		{"truncated", `{"status":"read"`, `messages: webhook: body: malformed JSON at byte 16`},
		{"trailing", `{"status":"read"} x`, `messages: webhook: body: malformed JSON at byte 19`},
		{"bad timestamp", `{"message_uuid":"u","status":"read","timestamp":"yesterday"}`, `messages: webhook: timestamp: not an ISO 8601 time: "yesterday"`},
		{"empty timestamp", `{"message_uuid":"u","status":"read","timestamp":""}`, `messages: webhook: timestamp: not an ISO 8601 time: ""`},
		{"numeric timestamp", `{"message_uuid":"u","status":"read","timestamp":1580000000}`, `messages: webhook: timestamp: not an ISO 8601 time: "1580000000"`},
		{"bad segment timestamp", `{"message_uuid":"u","status":"read","sms":{"segments":[{"timestamp":"x"}]}}`, `messages: webhook: sms.segments[0].timestamp: not an ISO 8601 time: "x"`},
		{"object status", `{"status":{}}`, `messages: webhook: status: got a JSON object, want a string or number`},
		{"array from", `{"status":"read","from":[]}`, `messages: webhook: from: got a JSON array, want a string or object`},
		{"v0.1 party field", `{"status":"read","from":{"type":"sms","number":{}}}`, `messages: webhook: from.number: got a JSON object, want a string or number`},
		{"v0.1 content field", `{"message":{"content":{"type":"image","image":{"url":[]}}}}`, `messages: webhook: message.content.image.url: got a JSON array, want a string or number`},
		{"v0.1 content not an object", `{"message":{"content":"x"}}`, `messages: webhook: message.content: got a JSON string, want an object`},
		{"bool to", `{"status":"read","to":true}`, `messages: webhook: to: got a JSON bool, want a string or object`},
		{"string image", `{"message_type":"image","image":"x"}`, `messages: webhook: image: got a JSON string, want an object`},
		{"object url", `{"message_type":"image","image":{"url":{}}}`, `messages: webhook: image.url: got a JSON object, want a string or number`},
		{"bad lat", `{"message_uuid":"u","message_type":"location","location":{"lat":"north","long":1}}`, `messages: webhook: location.lat: not a number: "north"`},
		{"bad v0.1 longitude", `{"message_uuid":"u","message":{"content":{"type":"location","location":{"latitude":"1","longitude":"west"}}}}`, `messages: webhook: message.content.location.longitude: not a number: "west"`},
		{"bad count", `{"message_uuid":"u","status":"read","sms":{"count_total":"two"}}`, `messages: webhook: sms.count_total: not an integer: "two"`},
		{"bad num_messages", `{"message_uuid":"u","text":"hi","sms":{"num_messages":"2.5"}}`, `messages: webhook: sms.num_messages: not an integer: "2.5"`},
		{"bad code", `{"message_uuid":"u","status":"rejected","error":{"code":"E1"}}`, `messages: webhook: error.code: not an integer: "E1"`},
		{"bad items", `{"message_uuid":"u","status":"rejected","workflow":{"items_number":"first"}}`, `messages: webhook: workflow.items_number: not an integer: "first"`},
		{"bool payload", `{"message_uuid":"u","message_type":"button","button":{"payload":true}}`, `messages: webhook: button.payload: got a JSON bool, want a string or object`},
		{"long value cut", `{"message_uuid":"u","status":"read","timestamp":"` + strings.Repeat("9", 100) + `"}`, `messages: webhook: timestamp: not an ISO 8601 time: "` + strings.Repeat("9", 64) + `"...`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := ParseWebhook([]byte(tt.body))
			require.Error(t, err)
			// Not assert.Nil: a nil *Inbound inside a non-nil Event would pass it.
			assert.True(t, ev == nil, "got a non-nil Event %#v", ev)
			assert.ErrorIs(t, err, ErrInvalidWebhook)
			assert.Equal(t, tt.want, err.Error())
			in, err := ParseInbound([]byte(tt.body))
			assert.Nil(t, in)
			assert.ErrorIs(t, err, ErrInvalidWebhook)
			st, err := ParseStatus([]byte(tt.body))
			assert.Nil(t, st)
			assert.ErrorIs(t, err, ErrInvalidWebhook)
		})
	}
}

// TestParseKindRefusals: ParseInbound and ParseStatus refuse a body that is
// not their kind, naming the field, where ParseWebhook gives an UnknownEvent.
func TestParseKindRefusals(t *testing.T) {
	t.Parallel()
	const (
		noUUID       = `messages: webhook: message_uuid: missing`
		noStatus     = `messages: webhook: status: missing`
		notInbound   = `messages: webhook: message_type: missing, and so are text and message.content: the body is not an inbound message`
		isStatus     = `messages: webhook: status: the body is a message status, not an inbound message`
		isInbound    = `messages: webhook: message_type: the body is an inbound message, not a message status`
		acceptedHere = ""
	)
	tests := []struct {
		name, body            string
		inboundErr, statusErr string
	}{
		{"empty object", `{}`, noUUID, noUUID},
		{"other object", `{"foo":1}`, noUUID, noUUID},
		{"empty uuid", `{"message_uuid":"","status":"read","text":"hi"}`, noUUID, noUUID},
		{"status without uuid", `{"status":"delivered","to":"447700900000"}`, noUUID, noUUID},
		{"inbound without uuid", `{"channel":"sms","text":"hi"}`, noUUID, noUUID},
		{"final report", `{"dispatch_uuid":"d","template":"failover","status":"completed"}`, noUUID, noUUID},
		{"spec error fragment", `{"error":{"code":"1300","reason":"Not part of the provider network"}}`, noUUID, noUUID},
		{"only uuid", `{"message_uuid":"u"}`, notInbound, noStatus},
		{"send response", `{"message_uuid":"u","workflow_id":"w"}`, notInbound, noStatus},
		{"error without status", `{"message_uuid":"u","error":{"code":1300}}`, notInbound, noStatus},
		{"empty status", `{"message_uuid":"u","status":"","channel":"sms"}`, notInbound, noStatus},
		{"a status", `{"message_uuid":"u","status":"read"}`, isStatus, acceptedHere},
		{"an inbound", `{"message_uuid":"u","message_type":"text","text":"hi"}`, acceptedHere, isInbound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := ParseWebhook([]byte(tt.body))
			require.NoError(t, err)
			if tt.inboundErr != acceptedHere && tt.statusErr != acceptedHere {
				assert.IsType(t, &UnknownEvent{}, ev)
			}

			in, err := ParseInbound([]byte(tt.body))
			if tt.inboundErr == acceptedHere {
				require.NoError(t, err)
				assert.Equal(t, "u", in.MessageUUID)
			} else {
				assert.Nil(t, in)
				assert.ErrorIs(t, err, ErrInvalidWebhook)
				assert.EqualError(t, err, tt.inboundErr)
			}
			st, err := ParseStatus([]byte(tt.body))
			if tt.statusErr == acceptedHere {
				require.NoError(t, err)
				assert.Equal(t, "u", st.MessageUUID)
			} else {
				assert.Nil(t, st)
				assert.ErrorIs(t, err, ErrInvalidWebhook)
				assert.EqualError(t, err, tt.statusErr)
			}
		})
	}
}

func TestParseWebhookSyntaxErrorUnwraps(t *testing.T) {
	t.Parallel()
	_, err := ParseWebhook([]byte(`{"a":}`))
	var syntaxErr *json.SyntaxError
	require.ErrorAs(t, err, &syntaxErr)
	assert.Equal(t, int64(6), syntaxErr.Offset)
}

func TestParseWebhookShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       string // "inbound", "status" or "unknown"
	}{
		{"empty object", `{}`, "unknown"},
		{"other object", `{"foo":1}`, "unknown"},
		{"only uuid", `{"message_uuid":"u"}`, "unknown"},
		{"v1 status", `{"message_uuid":"u","status":"delivered"}`, "status"},
		{"status without uuid", `{"status":"delivered"}`, "unknown"},
		{"status with empty uuid", `{"message_uuid":"","status":"delivered"}`, "unknown"},
		{"status with null uuid", `{"message_uuid":null,"status":"delivered"}`, "unknown"},
		{"status null is absent", `{"message_uuid":"u","status":null,"text":"hi"}`, "inbound"},
		{"status empty is absent", `{"message_uuid":"u","status":"","text":"hi"}`, "inbound"},
		{"v0.1 error only", `{"message_uuid":"u","error":{"code":1300}}`, "unknown"},
		{"v0.1 spec error fragment", `{"error":{"code":1300}}`, "unknown"},
		{"v1 message_type", `{"message_uuid":"u","message_type":"text"}`, "inbound"},
		{"message_type without uuid", `{"message_type":"text"}`, "unknown"},
		{"v1 sms text only", `{"message_uuid":"u","channel":"sms","text":"hi"}`, "inbound"},
		{"text without uuid", `{"channel":"sms","text":"hi"}`, "unknown"},
		{"v0.1 content", `{"message_uuid":"u","message":{"content":{"type":"text"}}}`, "inbound"},
		{"v0.1 message without content", `{"message_uuid":"u","message":{}}`, "unknown"},
		{"final report", `{"workflow_uuid":"w","template":"failover","status":"error"}`, "unknown"},
		{"send response", `{"message_uuid":"u","workflow_id":"w"}`, "unknown"},
		{"problem details", `{"type":"t","title":"x","detail":"d","instance":"i"}`, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := ParseWebhook([]byte(tt.body))
			require.NoError(t, err)
			var got string
			switch ev := ev.(type) {
			case *Inbound:
				got = "inbound"
			case *Status:
				got = "status"
			case *UnknownEvent:
				got = "unknown"
				assert.Equal(t, tt.body, string(ev.Raw))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseWebhookDetails(t *testing.T) {
	t.Parallel()
	t.Run("raw is a copy", func(t *testing.T) {
		t.Parallel()
		body := []byte(`{"message_uuid":"u","status":"read"}`)
		st, err := ParseStatus(body)
		require.NoError(t, err)
		body[2] = 'X'
		assert.Equal(t, `{"message_uuid":"u","status":"read"}`, string(st.Raw))
	})
	t.Run("v1 title that is no number leaves code 0", func(t *testing.T) {
		t.Parallel()
		st, err := ParseStatus([]byte(`{"message_uuid":"u","status":"rejected","error":{"title":"Invalid params"}}`))
		require.NoError(t, err)
		assert.Equal(t, &StatusError{Title: "Invalid params"}, st.Error)
	})
	t.Run("client_ref wins over client-ref", func(t *testing.T) {
		t.Parallel()
		st, err := ParseStatus([]byte(`{"message_uuid":"u","status":"read","client-ref":"dash","client_ref":"under"}`))
		require.NoError(t, err)
		assert.Equal(t, "under", st.ClientRef)
	})
	t.Run("escaped strings decode", func(t *testing.T) {
		t.Parallel()
		in, err := ParseInbound([]byte(`{"message_uuid":"u","text":"caf\u00e9 \"x\"\n","from":"a\/b"}`))
		require.NoError(t, err)
		assert.Equal(t, "café \"x\"\n", in.Text)
		assert.Equal(t, "a/b", in.From)
	})
	t.Run("numbers keep their text", func(t *testing.T) {
		t.Parallel()
		st, err := ParseStatus([]byte(`{"message_uuid":"u","status":"read","to":447700900000,"usage":{"price":1e-7,"currency":"EUR"}}`))
		require.NoError(t, err)
		assert.Equal(t, toNumber, st.To)
		assert.Equal(t, &Usage{Currency: "EUR", Price: "1e-7"}, st.Usage)
	})
	t.Run("v0.1 party prefers number over id", func(t *testing.T) {
		t.Parallel()
		st, err := ParseStatus([]byte(`{"message_uuid":"u","status":"read","to":{"type":"viber_service_msg","id":"i","number":"n"},"from":{"id":"j"}}`))
		require.NoError(t, err)
		assert.Equal(t, ChannelViber, st.Channel)
		assert.Equal(t, "n", st.To)
		assert.Equal(t, "j", st.From)
	})
	t.Run("v1 channel viber_service_msg folds", func(t *testing.T) {
		t.Parallel()
		in, err := ParseInbound([]byte(`{"message_uuid":"u","channel":"viber_service_msg","message_type":"text","text":"x"}`))
		require.NoError(t, err)
		assert.Equal(t, ChannelViber, in.Channel)
	})
	t.Run("unknown type with an attachment", func(t *testing.T) {
		t.Parallel()
		in, err := ParseInbound([]byte(`{"message_uuid":"u","message_type":"gif","video":{"url":"v"},"image":{"url":"i"}}`))
		require.NoError(t, err)
		assert.Equal(t, &Media{Type: "image", URL: "i"}, in.Media)
	})
	t.Run("attachments only", func(t *testing.T) {
		t.Parallel()
		in, err := ParseInbound([]byte(`{"message_uuid":"u","message_type":"content","content":[{"type":"file","url":"f","caption":"c"}]}`))
		require.NoError(t, err)
		assert.Equal(t, &Media{Type: "file", URL: "f", Caption: "c"}, in.Media)
		assert.Equal(t, []Media{{Type: "file", URL: "f", Caption: "c"}}, in.Attachments)
	})
	t.Run("null contacts stay nil", func(t *testing.T) {
		t.Parallel()
		in, err := ParseInbound([]byte(`{"message_uuid":"u","message_type":"contacts","contacts":null}`))
		require.NoError(t, err)
		assert.Nil(t, in.Contacts)
	})
	t.Run("invalid UTF-8 is replaced", func(t *testing.T) {
		t.Parallel()
		in, err := ParseInbound([]byte("{\"message_uuid\":\"u\",\"text\":\"a\xffb\"}"))
		require.NoError(t, err)
		assert.Equal(t, "a\uFFFDb", in.Text)
	})
}
