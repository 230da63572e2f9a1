package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parseInboundFile(t *testing.T, name string) *Inbound {
	t.Helper()
	in, err := ParseInbound(readTestdata(t, "webhooks", name))
	require.NoError(t, err)
	return in
}

func TestInboundAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file    string
		content Content
		want    Message
	}{
		{"v1-inbound-sms-text.json", Text("hi"), &SMS{From: "447700900000", To: "447700900001", Text: "hi"}},
		{"v0.1-inbound-sms-text.json", Text("hi"), &SMS{From: "447700900000", To: "447700900001", Text: "hi"}},
		{"v1-inbound-mms-text.json", Image{URL: "https://example.com/a.jpg"}, &MMS{From: "447700900000", To: "447700900001", Content: Image{URL: "https://example.com/a.jpg"}}},
		{"v1-inbound-viber-text.json", Text("hi"), &Viber{From: "0123456789", To: "447700900001", Content: Text("hi")}},
		{"v1-inbound-messenger-text.json", File{URL: "https://example.com/a.pdf"}, &Messenger{From: "0123456789", To: "9876543210", Content: File{URL: "https://example.com/a.pdf"}}},
		{"v1-inbound-rcs-text.json", Card{Title: "T", Text: "x", MediaURL: "https://example.com/a.jpg", MediaHeight: MediaShort, Orientation: CardVertical}, &RCS{From: "Vonage", To: "447700900001", Content: Card{Title: "T", Text: "x", MediaURL: "https://example.com/a.jpg", MediaHeight: MediaShort, Orientation: CardVertical}}},
		{"v1-inbound-whatsapp-image.json", Text("nice"), &WhatsApp{From: "447700900000", To: "447700900001", Content: Text("nice")}},
		// A pointer to content is its value.
		{"v1-inbound-whatsapp-image.json", &Image{URL: "https://example.com/b.jpg"}, &WhatsApp{From: "447700900000", To: "447700900001", Content: Image{URL: "https://example.com/b.jpg"}}},
	}
	c := newTestClient(t)
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			in := parseInboundFile(t, tc.file)
			got, err := in.Answer(tc.content)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			_, err = c.encode(got)
			assert.NoError(t, err, "the answer must be a valid message")
		})
	}
}

func TestInboundAnswerBSUID(t *testing.T) {
	t.Parallel()
	in := &Inbound{Channel: ChannelWhatsApp, MessageUUID: quotedUUID, From: waBSUID, To: fromNumber}
	got, err := in.Answer(Text("hi"))
	require.NoError(t, err)
	assert.Equal(t, &WhatsApp{From: fromNumber, To: waBSUID, Content: Text("hi")}, got)
}

func TestInboundAnswerRefuses(t *testing.T) {
	t.Parallel()
	wa := &Inbound{Channel: ChannelWhatsApp, MessageUUID: quotedUUID, From: toNumber, To: fromNumber}
	cases := []struct {
		in      *Inbound
		content Content
		want    string
	}{
		{&Inbound{Channel: ChannelSMS, From: toNumber, To: fromNumber}, Image{URL: "https://example.com/a.jpg"}, "messages: invalid message: answer: sms cannot carry messages.Image"},
		{&Inbound{Channel: ChannelViber, From: toNumber, To: viberID}, Audio{URL: "https://example.com/a.mp3"}, "messages: invalid message: answer: viber_service cannot carry messages.Audio"},
		{&Inbound{Channel: ChannelMessenger, From: userPSID, To: pageID}, Template{Name: "t"}, "messages: invalid message: answer: messenger cannot carry messages.Template"},
		{&Inbound{Channel: ChannelRCS, From: toNumber, To: rcsAgent}, Audio{URL: "https://example.com/a.mp3"}, "messages: invalid message: answer: rcs cannot carry messages.Audio"},
		{&Inbound{Channel: ChannelMMS, From: toNumber, To: fromNumber}, Card{}, "messages: invalid message: answer: mms cannot carry messages.Card"},
		{wa, Card{}, "messages: invalid message: answer: whatsapp cannot carry messages.Card"},
		{wa, HTML("<p>x</p>"), "messages: invalid message: answer: whatsapp cannot carry messages.HTML"},
		{wa, nil, "messages: invalid message: answer: content is required"},
		{wa, (*Text)(nil), "messages: invalid message: answer: content is required"},
		{&Inbound{Channel: ChannelEmail, From: "a@example.com", To: "b@example.com"}, Text("x"), "messages: invalid message: answer: cannot answer on channel email"},
		{&Inbound{Channel: "telegram", From: "a", To: "b"}, Text("x"), "messages: invalid message: answer: cannot answer on channel telegram"},
		{&Inbound{Channel: ChannelSMS, To: fromNumber}, Text("x"), "messages: invalid message: answer: the inbound message has no from to answer to"},
		{&Inbound{Channel: ChannelSMS, From: fromNumber}, Text("x"), "messages: invalid message: answer: the inbound message has no to to answer from"},
		{nil, Text("x"), "messages: invalid message: answer: the inbound message is nil"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			msg, err := tc.in.Answer(tc.content)
			assert.Nil(t, msg)
			require.ErrorIs(t, err, ErrInvalidMessage)
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestInboundQuote(t *testing.T) {
	t.Parallel()
	in := parseInboundFile(t, "v1-inbound-whatsapp-image.json")
	got, err := in.Quote(Text("This one?"))
	require.NoError(t, err)
	assert.Equal(t, &WhatsApp{From: "447700900000", To: "447700900001", Content: Text("This one?"),
		Context: &ReplyTo{MessageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}}, got)
	body, err := newTestClient(t).encode(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"channel":"whatsapp","message_type":"text","from":"447700900000","to":"447700900001","text":"This one?","context":{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}}`, string(body))

	for _, tc := range []struct {
		in   *Inbound
		want string
	}{
		{parseInboundFile(t, "v1-inbound-sms-text.json"), "messages: invalid message: quote: only whatsapp can quote a message, not sms"},
		{parseInboundFile(t, "v1-inbound-rcs-text.json"), "messages: invalid message: quote: only whatsapp can quote a message, not rcs"},
		{&Inbound{Channel: ChannelWhatsApp, From: toNumber, To: fromNumber}, "messages: invalid message: quote: the inbound message has no message_uuid to quote"},
		{nil, "messages: invalid message: quote: the inbound message is nil"},
	} {
		msg, err := tc.in.Quote(Text("x"))
		assert.Nil(t, msg)
		require.ErrorIs(t, err, ErrInvalidMessage)
		assert.EqualError(t, err, tc.want)
	}
	_, err = in.Quote(Card{})
	assert.EqualError(t, err, "messages: invalid message: quote: whatsapp cannot carry messages.Card")
}

func TestInboundRegion(t *testing.T) {
	t.Parallel()
	cases := map[string]Region{
		"https://api-eu.vonage.com/v1/messages/x":    RegionEU,
		"https://api-us.vonage.com/v1/messages/x":    RegionUS,
		"https://api-ap.vonage.com/v1/messages/x":    RegionAP,
		"https://api-eu.nexmo.com/v1/messages/x":     RegionEU,
		"https://API-US.NEXMO.COM/v1/messages/x":     RegionUS,
		"https://api-ap.nexmo.com:443/v1/messages/x": RegionAP,
		"https://api.nexmo.com/v1/messages/x":        RegionGlobal,
		"http://127.0.0.1:8080/v1/messages/x":        RegionGlobal,
		"https://api-eu.vonage.com.evil.test/v1/x":   RegionGlobal,
		"":            RegionGlobal,
		"::not a url": RegionGlobal,
	}
	for href, want := range cases {
		assert.Equal(t, want, (&Inbound{SelfURL: href}).Region(), href)
	}
	assert.Equal(t, RegionGlobal, (*Inbound)(nil).Region())
	// The parser keeps _self.href, so a parsed message knows its region.
	assert.Equal(t, RegionEU, parseInboundFile(t, "v1-inbound-whatsapp-image.json").Region())
}
